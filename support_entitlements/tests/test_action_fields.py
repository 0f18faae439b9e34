# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import SupportCase


@tagged("post_install", "-at_install")
class TestActionFields(SupportCase):
    """Approval, dispute, product bug and the ledger's figures change only
    through their action: a write or a context key from any client is
    refused, and nothing changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._subscribe(cls.customer)
        cls._sell(cls.customer, cls.pack_100)
        cls._sell(cls.customer, cls.block_6h)

    def _ledger(self):
        Movement = self.env["support.movement"]
        return (
            Movement.search_count([("partner_id", "=", self.customer.id)]),
            Movement._get_balances(self.customer, "point")[self.customer.id],
            Movement._get_balances(self.customer, "minute")[self.customer.id],
        )

    def _as_agent(self, ticket):
        return ticket.with_user(self.agent)

    def _state(self, ticket):
        return ticket.read(
            [
                "points_cost",
                "points_captured",
                "points_deducted",
                "points_cost_state",
                "cost_approved_date",
                "cost_approved_by_id",
                "cost_dispute_date",
                "cost_dispute_reason",
                "is_product_bug",
            ]
        )[0]

    def assertRefusedAndUnchanged(self, ticket, call, exception=UserError):
        before = self._ledger(), self._state(ticket)
        with self.assertRaises(exception):
            call()
        self.env.invalidate_all()
        self.assertEqual((self._ledger(), self._state(ticket)), before)

    def test_approval_is_not_a_field_to_write(self):
        self.plan.cost_approval = "customer"
        ticket = self._ticket(self.cat_fixed)
        self.assertRefusedAndUnchanged(
            ticket,
            lambda: self._as_agent(ticket).write(
                {
                    "cost_approved_date": fields.Datetime.now(),
                    "cost_approved_by_id": self.other_portal_user.id,
                }
            ),
        )
        self.assertFalse(ticket.points_captured)
        with self.assertRaises(UserError):
            self._ticket(self.cat_fixed).with_user(self.agent).copy(
                {"cost_approved_date": fields.Datetime.now()}
            )

    def test_a_context_key_does_not_change_an_approved_cost(self):
        ticket = self._ticket(self.cat_fixed)
        ticket.with_user(self.agent).action_approve_cost()
        self.assertEqual(ticket.points_captured, 25)
        for cost in (1, 0):
            self.assertRefusedAndUnchanged(
                ticket,
                lambda cost=cost: (
                    self._as_agent(ticket)
                    .with_context(support_cost_reason="x")
                    .write({"points_cost": cost})
                ),
            )
        # the wizard's path, with its reason, still does
        self._as_agent(ticket)._support_change_cost(20, "Shorter than planned")
        self.assertEqual(ticket.points_captured, 20)

    def test_a_context_key_does_not_lower_a_from_price(self):
        ticket = self._ticket(self.cat_from)
        with self.assertRaises(ValidationError):
            self._as_agent(ticket).with_context(support_cost_reason="x").write(
                {"points_cost": 50}
            )

    def test_ledger_figures_are_not_fields_to_write(self):
        ticket = self._ticket(self.cat_fixed)
        ticket.with_user(self.agent).action_approve_cost()
        self.assertRefusedAndUnchanged(
            ticket,
            lambda: self._as_agent(ticket).write(
                {"points_captured": 999, "points_deducted": 5}
            ),
        )
        entry = self._log(self._ticket(self.cat_free), 60)
        charged = entry.support_charged_minutes
        self.assertTrue(charged)
        with self.assertRaises(UserError):
            entry.with_user(self.agent).write({"support_charged_minutes": 0})
        self.assertEqual(entry.support_charged_minutes, charged)

    def test_a_context_key_does_not_make_time_free(self):
        ticket = self._ticket(self.cat_free)
        entry = self._log(ticket, 60)
        before = entry.support_charged_minutes
        entry.with_user(self.agent).with_context(support_time_deleted=True).write(
            {"unit_amount": 2}
        )
        self.assertEqual(entry.support_charged_minutes, 2 * before)

    def test_a_dispute_is_the_customers_own(self):
        ticket = self._ticket(self.cat_fixed)
        self.assertRefusedAndUnchanged(
            ticket,
            lambda: self._as_agent(ticket).write(
                {
                    "cost_dispute_date": fields.Datetime.now(),
                    "cost_dispute_reason": "forged",
                }
            ),
        )
        self.assertRefusedAndUnchanged(
            ticket,
            lambda: self._as_agent(ticket).action_dispute_cost("forged"),
            AccessError,
        )
        portal = ticket.with_user(self.portal_user)
        for reason in (12345, None, "  ", "x" * 2001):
            self.assertRefusedAndUnchanged(
                ticket, lambda reason=reason: portal.action_dispute_cost(reason)
            )
        self.assertIs(portal.action_dispute_cost("Too much for a question"), True)
        self.assertEqual(ticket.cost_dispute_reason, "Too much for a question")

    def test_product_bug_is_an_agents_action(self):
        ticket = self._ticket(self.cat_fixed)
        ticket.with_user(self.agent).action_approve_cost()
        self.assertRefusedAndUnchanged(
            ticket, lambda: self._as_agent(ticket).write({"is_product_bug": True})
        )
        self.assertIs(self._as_agent(ticket).action_mark_product_bug(), True)
        self.assertTrue(ticket.is_product_bug)
        self.assertFalse(ticket.points_captured)

    def test_backdating_a_purchase_is_not_a_clients_to_ask(self):
        order = (
            self.env["sale.order"]
            .with_user(self.salesperson)
            .create(
                {
                    "partner_id": self.other_customer.id,
                    "order_line": [(0, 0, {"product_id": self.pack_100.id})],
                }
            )
        )
        order.with_context(support_purchase_date="2020-01-01").action_confirm()
        lot = self.env["support.lot"].search(
            [("partner_id", "=", self.other_customer.id)]
        )
        self.assertEqual(lot.date_purchase, fields.Date.today())
