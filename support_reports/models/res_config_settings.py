# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    support_digest_low_points = fields.Integer(
        related="company_id.support_digest_low_points", readonly=False
    )
    support_digest_low_minutes = fields.Integer(
        related="company_id.support_digest_low_minutes", readonly=False
    )
