# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .support_plan import COST_APPROVAL


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "support.input.limits"]
    _support_ranges = {
        "support_expiry_notice_days": (0, 366),
        "support_min_unplanned_hours": (0, 1_000),
    }

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
    support_portal_colleagues = fields.Boolean(
        string="Colleagues share support in the portal",
        default=True,
        help="Every portal contact of a customer sees the customer's balances, "
        "statements and tickets. When off, a contact sees the tickets they opened "
        "or follow, and the balances only if they are the customer's own account "
        "or its invoicing contact.",
    )
    support_sla_policy_id = fields.Many2one(
        comodel_name="support.sla.policy",
        string="Default SLA policy",
        check_company=True,
        help="Applies to tickets whose team and customer plan have no policy.",
    )

    @api.constrains("support_sla_policy_id")
    def _check_support_sla_policy_company(self):
        # Odoo's check, asked for this field only: _check_company_auto on
        # res.company would also check every field other modules declare
        # with check_company there
        self._check_company(["support_sla_policy_id"])

    def write(self, vals):
        res = super().write(vals)
        if "support_portal_colleagues" in vals:
            # portal record rules read the setting; their domains are cached
            self.env.registry.clear_cache()
        if "support_sla_policy_id" in vals:
            self.env["helpdesk.ticket"].search(
                [("company_id", "in", self.ids), ("closed", "=", False)]
            )._sla_recompute()
        return res
