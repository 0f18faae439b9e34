# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .action_fields import check_action_fields

# The order that collects a customer's support time without a plan is
# opened by the suite itself (_support_unplanned_order), not by a client.
ACTION_FIELDS = {"support_unplanned"}


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "support.input.limits"]
    # its lines' values are checked as the lines' own
    _support_host_fields = ("order_line",)

    support_points_available = fields.Integer(
        string="Points available", compute="_compute_support_balances"
    )
    support_points_captured = fields.Integer(
        string="Points captured", compute="_compute_support_balances"
    )
    support_plan_id = fields.Many2one(
        "support.plan", string="Support plan", compute="_compute_support_balances"
    )
    support_unplanned = fields.Boolean(
        string="Support time without a plan", readonly=True, copy=False
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_action_fields(self, vals, ACTION_FIELDS, create=True)
        return super().create(vals_list)

    def write(self, vals):
        check_action_fields(self, vals, ACTION_FIELDS)
        return super().write(vals)

    @api.depends("partner_id", "company_id")
    def _compute_support_balances(self):
        # the customer's balances in the order's company, one query per company
        balances = {}
        for company, orders in self.grouped("company_id").items():
            by_partner = self.env["support.movement"]._get_balances(
                orders.partner_id, company=company
            )
            balances.update(
                {
                    order.id: by_partner.get(order.partner_id.commercial_partner_id.id)
                    for order in orders
                }
            )
        for order in self:
            commercial = order.partner_id.commercial_partner_id
            balance = balances.get(order.id) or {}
            order.support_points_available = balance.get("available", 0)
            order.support_points_captured = balance.get("captured", 0)
            order.support_plan_id = commercial._get_support_plan(order.company_id)

    @api.model
    def _support_unplanned_order(self, partner, company):
        """The draft order collecting a customer's support time without a plan."""
        order = self.search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", company.id),
                ("state", "in", ("draft", "sent")),
                ("support_unplanned", "=", True),
            ],
            limit=1,
        )
        if order:
            return order
        order = self.create(
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "user_id": partner.user_id.id or False,
                "support_unplanned": True,
            }
        )
        order.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=partner.user_id.id or self.env.uid,
            summary=self.env._("Bill support time"),
            note=self.env._(
                "%(customer)s has no support plan: the time logged on their tickets "
                "is collected on this quotation.",
                customer=partner.display_name,
            ),
        )
        return order

    def _action_confirm(self):
        result = super()._action_confirm()
        self.order_line.filtered(
            lambda line: line.product_id.support_grant_on != "paid"
        )._support_grant()
        return result

    def _action_cancel(self):
        result = super()._action_cancel()
        self.order_line._support_reverse()
        return result
