# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    support_trial_user_id = fields.Many2one(
        related="company_id.support_trial_user_id", readonly=False
    )
    support_leadership_user_ids = fields.Many2many(
        related="company_id.support_leadership_user_ids", readonly=False
    )
