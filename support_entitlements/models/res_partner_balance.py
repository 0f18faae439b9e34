# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_duration

from .action_fields import ensure_one_action


class ResPartnerBalance(models.Model):
    """What a customer has left, and what the suite offers when it runs low:
    balances, the renewal notice, quotations for more."""

    # one concern per file, as the ticket model
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "res.partner"

    support_points_available = fields.Integer(
        string="Points available", compute="_compute_support_balances"
    )
    support_points_captured = fields.Integer(
        string="Points captured", compute="_compute_support_balances"
    )
    support_points_expiring = fields.Integer(
        string="Points expiring within 30 days", compute="_compute_support_balances"
    )
    support_minutes_available = fields.Integer(
        string="Prepaid minutes left", compute="_compute_support_balances"
    )
    support_time_available = fields.Char(
        string="Prepaid time left", compute="_compute_support_balances"
    )

    @api.depends_context("company")
    def _compute_support_balances(self):
        balances = self.env["support.movement"]._get_balances(self)
        minutes = self.env["support.movement"]._get_balances(self, unit="minute")
        subscriptions = self.env["support.subscription"].search(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "=", self.env.company.id),
                ("is_active", "=", True),
            ]
        )
        by_partner = {
            subscription.partner_id.id: subscription for subscription in subscriptions
        }
        for partner in self:
            commercial = partner.commercial_partner_id
            balance = balances.get(commercial.id, {})
            subscription = by_partner.get(commercial.id)
            partner.support_points_available = balance.get("available", 0)
            partner.support_points_captured = balance.get("captured", 0)
            partner.support_points_expiring = balance.get("expiring", 0)
            left = minutes.get(commercial.id, {}).get("available", 0)
            partner.support_minutes_available = left
            partner.support_time_available = format_duration(left / 60)
            partner.support_plan_id = subscription.plan_id if subscription else False
            partner.support_plan_end = subscription.date_end if subscription else False

    def _get_support_balances(self, unit="point", expiring_days=30):
        """This customer's balances: {"available", "captured", "expiring"}."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        return self.env["support.movement"]._get_balances(
            commercial, unit=unit, expiring_days=expiring_days
        )[commercial.id]

    def _support_check_renewal(self):
        """One renewal notice per crossing of the plan's threshold.

        Below the threshold, the customer gets a ready quotation (to sign and
        pay in the portal) and the salesperson an activity, once; a top-up
        that lifts the balance above the threshold arms the next notice.
        """
        movements = self.env["support.movement"]
        for partner in self.commercial_partner_id:
            subscription = partner._get_support_subscription()
            plan = subscription.plan_id
            if not plan or not (
                plan.renewal_threshold_minutes or plan.renewal_threshold_percent
            ):
                continue
            left = movements._get_balances(
                partner, unit="minute", company=subscription.company_id
            )[partner.id]["available"]
            due, last_block = plan._support_renewal_due(
                partner, subscription.company_id, left
            )
            if not due:
                subscription.renewal_order_id = False
                continue
            if subscription.renewal_order_id:
                continue  # already told for this crossing
            product = (
                last_block.product_id
                or plan.pack_product_ids.filtered(
                    lambda product: product.support_grant_type == "hours"
                )[:1]
            )
            if not product:
                continue
            subscription.renewal_order_id = subscription._support_send_renewal(
                product, left
            )

    def _support_retry_waiting_tickets(self):
        """Capture points for approved tickets that waited for them."""
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "in", self.commercial_partner_id.ids),
                    ("points_cost_state", "=", "waiting_points"),
                ],
                order="cost_approved_date, id",
            )
        )
        # The customer approved these costs; buying points lets them start.
        for ticket in tickets:
            ticket._support_sync_charge(raise_if_short=False)

    def _support_request_quotation(self, product):
        """A quotation of ``product`` for this contact, to sign in the portal.

        An open quotation (draft or sent) of the same product for the same
        customer is returned instead of a new one: asking twice is one request.
        """
        self.ensure_one()
        # The customer may ask for a quotation, not write sale orders.
        orders = self.env["sale.order"].sudo()
        order = orders.search(
            [
                ("partner_id", "child_of", self.commercial_partner_id.id),
                ("company_id", "=", self.env.company.id),
                ("state", "in", ("draft", "sent")),
                ("order_line.product_id", "=", product.id),
            ],
            order="id desc",
            limit=1,
        )
        if not order:
            order = orders.create(
                {
                    "partner_id": self.id,
                    "company_id": self.env.company.id,
                    "user_id": self.commercial_partner_id.user_id.id,
                    "order_line": [(0, 0, {"product_id": product.id})],
                }
            )
        return order.sudo(self.env.su)

    def action_view_support_movements(self):
        ensure_one_action(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "support_entitlements.support_movement_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action

    def action_support_renewal_quotation(self):
        """Draft a quotation renewing the plan and the last pack bought."""
        ensure_one_action(self)
        commercial = self.commercial_partner_id
        plan = (
            commercial._get_support_plan()
            or commercial.support_subscription_ids[:1].plan_id
        )
        products = plan.subscription_product_id
        last_lot = self.env["support.lot"].search(
            [
                ("partner_id", "=", commercial.id),
                ("product_id", "!=", False),
                ("origin", "=", "purchase"),
            ],
            order="date_purchase desc, id desc",
            limit=1,
        )
        products |= last_lot.product_id or plan.pack_product_ids[:1]
        if not products:
            raise UserError(
                self.env._(
                    "%(customer)s has no plan or earlier purchase to renew: add "
                    "the products to a quotation yourself.",
                    customer=commercial.display_name,
                )
            )
        order = self.env["sale.order"].create(
            {
                "partner_id": commercial.id,
                "order_line": [
                    (0, 0, {"product_id": product.id}) for product in products
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
        }
