# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .support_plan import COST_APPROVAL


class ResCompany(models.Model):
    _inherit = "res.company"

    support_expiry_notice_days = fields.Integer(
        string="Expiry notice (days)",
        default=30,
        help="Customers are told this many days before their points expire.",
    )
    support_cost_approval = fields.Selection(
        COST_APPROVAL,
        string="Who approves ticket costs without a plan",
        default="customer",
        required=True,
    )
    support_unplanned_product_id = fields.Many2one(
        "product.product",
        string="Support time without a plan",
        help="The product that bills support time of customers without a plan.",
    )
    support_min_unplanned_hours = fields.Float(
        string="Minimum charge without a plan (hours)",
        default=2.0,
    )
