# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError

from .common import SupportCase


class TestSale(SupportCase):
    def test_confirming_credits_once_with_the_line_as_source(self):
        order = self._sell(
            self.customer, self.pack_100, quantity=2, user=self.salesperson
        )
        line = order.order_line
        lot = line.support_lot_ids
        self.assertEqual(len(lot), 1)
        self.assertEqual(
            (lot.quantity, lot.unit, lot.origin), (200, "point", "purchase")
        )
        self.assertEqual(lot.date_purchase, self.today)
        self.assertEqual(lot.date_expiry, self.today + relativedelta(months=24))
        movement = self.Movement.search([("lot_id", "=", lot.id)])
        self.assertEqual(
            (movement.kind, movement.quantity, movement.sale_line_id),
            ("purchase", 200, line),
        )
        line._support_grant()
        self.assertEqual(len(line.support_lot_ids), 1, "a line credits once")
        self.assertEqual(self._balance()["available"], 200)

    def test_credits_go_to_the_commercial_partner(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.contact.id,
                "order_line": [Command.create({"product_id": self.pack_40.id})],
            }
        )
        order.action_confirm()
        self.assertEqual(order.order_line.support_lot_ids.partner_id, self.customer)
        self.assertEqual(self.contact.support_points_available, 40)
        self.assertEqual(self.customer.support_points_available, 40)

    def test_order_shows_the_balance_in_its_own_company(self):
        self._sell(self.customer, self.pack_40)
        other_company = self.env["res.company"].create({"name": "Other company"})
        self.env["support.lot"]._credit(
            self.customer, "point", 7, "grant", "Elsewhere", company=other_company
        )
        orders = self.env["sale.order"].create(
            [
                {"partner_id": self.contact.id},
                {"partner_id": self.contact.id, "company_id": other_company.id},
            ]
        )
        self.assertEqual(orders.mapped("support_points_available"), [40, 7])

    def test_validity_falls_back_to_the_plan(self):
        self._subscribe(self.customer)
        self.plan.credit_validity_months = 9
        self.pack_100.support_validity_months = 0
        lot = self._sell(self.customer, self.pack_100).order_line.support_lot_ids
        self.assertEqual(lot.date_expiry, self.today + relativedelta(months=9))

    def test_plan_subscription_and_renewal_extends_it(self):
        first = self._sell(self.customer, self.plan_product)
        subscription = first.order_line.support_subscription_ids
        self.assertEqual(subscription.plan_id, self.plan)
        self.assertEqual(subscription.date_start, self.today)
        self.assertEqual(
            subscription.date_end, self.today + relativedelta(months=12, days=-1)
        )
        self.assertEqual(self.customer.support_plan_id, self.plan)
        self._sell(self.customer, self.plan_product)
        subscriptions = self.env["support.subscription"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(
            subscriptions, subscription, "a renewal extends, it does not add a plan"
        )
        self.assertEqual(
            subscription.date_end, self.today + relativedelta(months=24, days=-1)
        )

    def test_one_active_plan_per_customer(self):
        self._subscribe(self.customer)
        with self.assertRaises(ValidationError):
            self.env["support.subscription"].create(
                {
                    "partner_id": self.customer.id,
                    "plan_id": self.plan.id,
                    "date_start": self.today + relativedelta(months=3),
                    "date_end": self.today + relativedelta(months=6),
                }
            )
        with self.assertRaises(ValidationError):
            self.env["support.subscription"].create(
                {
                    "partner_id": self.contact.id,
                    "plan_id": self.plan.id,
                    "date_start": self.today + relativedelta(years=3),
                    "date_end": self.today + relativedelta(years=4),
                }
            )

    def test_plan_of_another_company_is_refused(self):
        other = self.env["res.company"].create({"name": "Other plan company"})
        foreign = self.env["support.plan"].create(
            {"name": "Foreign plan", "company_id": other.id}
        )
        # Odoo's check_company: a UserError naming the plan
        with (
            self.assertRaisesRegex(
                UserError,
                "(?s)Incompatible companies.*Foreign plan of Acme.*Foreign plan",
            ),
            self.env.cr.savepoint(),
        ):
            self.env["support.subscription"].create(
                {
                    "partner_id": self.customer.id,
                    "plan_id": foreign.id,
                    "date_start": self.today,
                    "date_end": self.today + relativedelta(years=1),
                }
            )
        self.assertFalse(
            self.env["support.subscription"].search([("plan_id", "=", foreign.id)])
        )

    def test_free_points_with_the_first_licence_only(self):
        self._sell(self.customer, self.licence)
        self.assertEqual(self._balance()["available"], 30)
        second = self._sell(self.customer, self.licence)
        self.assertFalse(second.order_line.support_lot_ids)
        self.assertEqual(self._balance()["available"], 30)
        lot = self.env["support.lot"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(lot.origin, "licence")
        self.assertEqual(self.Movement.search([("lot_id", "=", lot.id)]).kind, "grant")

    def test_cancelling_reverses_exactly_what_was_granted(self):
        order = self._sell(self.customer, self.pack_100)
        self._sell(self.customer, self.pack_40)
        order._action_cancel()
        reversal = self.Movement.search(
            [("partner_id", "=", self.customer.id), ("kind", "=", "reversal")]
        )
        self.assertEqual(reversal.quantity, -100)
        self.assertEqual(reversal.lot_id, order.order_line.support_lot_ids)
        self.assertEqual(self._balance()["available"], 40)
        order.order_line._support_reverse()
        self.assertEqual(
            self._balance()["available"], 40, "a second cancel reverses nothing more"
        )

    def test_cancelling_a_plan_sale_ends_the_subscription(self):
        order = self._sell(self.customer, self.plan_product)
        subscription = order.order_line.support_subscription_ids
        renewal = self._sell(self.customer, self.plan_product)
        renewal._action_cancel()
        self.assertEqual(
            subscription.date_end, self.today + relativedelta(months=12, days=-1)
        )
        order._action_cancel()
        self.assertTrue(subscription.cancelled)
        self.assertFalse(self.customer.support_plan_id)

    def test_spent_points_of_a_cancelled_order_are_settled_by_the_next_purchase(self):
        self._subscribe(self.customer)
        order = self._sell(self.customer, self.pack_40)
        ticket = self._ticket(self.cat_fixed)
        ticket.with_user(self.agent).action_approve_cost()
        ticket.stage_id = self.stage_done
        order._action_cancel()
        self.assertEqual(self._balance()["available"], -25)
        self._sell(self.customer, self.pack_100)
        self.assertEqual(self._balance()["available"], 75)
        settlements = self.Movement.search(
            [("partner_id", "=", self.customer.id), ("kind", "=", "settlement")]
        )
        self.assertEqual(sorted(settlements.mapped("quantity")), [-25, 25])
        self.assertEqual(ticket.points_deducted, 25, "the ticket stays charged")

    def test_credit_on_paid_invoice(self):
        self.pack_100.support_grant_on = "paid"
        order = self._sell(self.customer, self.pack_100)
        self.assertFalse(
            order.order_line.support_lot_ids, "nothing before the invoice is paid"
        )
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertFalse(order.order_line.support_lot_ids)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(order.order_line.support_lot_ids.quantity, 100)
        self.assertEqual(self._balance()["available"], 100)

    def test_balances_on_partner_and_order(self):
        self._subscribe(self.customer)
        self._sell(self.customer, self.pack_100)
        ticket = self._ticket(self.cat_fixed)
        ticket.with_user(self.agent).action_approve_cost()
        partner = self.customer.with_user(self.salesperson)
        self.assertEqual(
            (
                partner.support_points_available,
                partner.support_points_captured,
                partner.support_plan_id,
            ),
            (75, 25, self.plan),
        )
        quotation = (
            self.env["sale.order"]
            .with_user(self.salesperson)
            .create({"partner_id": self.contact.id})
        )
        self.assertEqual(quotation.support_points_available, 75)
        self.assertEqual(quotation.support_plan_id, self.plan)

    def test_renewal_quotation_in_one_click(self):
        self._sell(self.customer, self.plan_product)
        self._sell(self.customer, self.pack_40)
        action = self.customer.with_user(
            self.salesperson
        ).action_support_renewal_quotation()
        quotation = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(quotation.state, "draft")
        self.assertEqual(quotation.partner_id, self.customer)
        self.assertEqual(
            set(quotation.order_line.product_id.ids),
            {self.plan_product.id, self.pack_40.id},
        )
