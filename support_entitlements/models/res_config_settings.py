# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    support_sla_policy_id = fields.Many2one(
        related="company_id.support_sla_policy_id",
        readonly=False,
        domain="[('company_id', '=', company_id)]",
    )
