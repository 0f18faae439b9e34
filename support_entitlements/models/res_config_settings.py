# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _name = "res.config.settings"
    _inherit = ["res.config.settings", "support.input.limits"]

    support_expiry_notice_days = fields.Integer(
        related="company_id.support_expiry_notice_days", readonly=False
    )
    support_cost_approval = fields.Selection(
        related="company_id.support_cost_approval", readonly=False
    )
    support_unplanned_product_id = fields.Many2one(
        related="company_id.support_unplanned_product_id", readonly=False
    )
    support_min_unplanned_hours = fields.Float(
        related="company_id.support_min_unplanned_hours", readonly=False
    )
    support_portal_colleagues = fields.Boolean(
        related="company_id.support_portal_colleagues", readonly=False
    )
    support_sla_policy_id = fields.Many2one(
        related="company_id.support_sla_policy_id",
        readonly=False,
        domain="[('company_id', '=', company_id)]",
    )
