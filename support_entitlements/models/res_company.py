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
