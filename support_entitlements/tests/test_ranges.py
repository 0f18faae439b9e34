# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import SupportCase


@tagged("post_install", "-at_install")
class TestRanges(SupportCase):
    """Numbers out of their sane range get a sentence before the database
    sees them, and nothing changes."""

    def assertOutOfRange(self, records, vals):
        before = records.read(list(vals))[0]
        with self.assertRaises(ValidationError) as caught:
            records.write(vals)
        self.assertIn("must be a number from", str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(records.read(list(vals))[0], before)

    def test_plan_terms(self):
        for vals in (
            {"technical_cap_minutes": -30},
            {"renewal_threshold_percent": 500},
            {"duration_months": 10**6},
            {"credit_validity_months": 10**6},
            {"billable_share": "50"},
        ):
            with self.subTest(vals=vals):
                self.assertOutOfRange(self.plan, vals)
        with self.assertRaises(ValidationError):
            self.env["support.plan"].create({"name": "Huge", "duration_months": 10**6})

    def test_product_quantity(self):
        self.assertOutOfRange(self.pack_100.product_tmpl_id, {"support_quantity": 2e9})

    def test_sla_clause_hours(self):
        calendar = self.company.resource_calendar_id
        severity = self.env["support.severity"].create({"name": "Range severity"})
        policy = self.env["support.sla.policy"].create(
            {
                "name": "Range policy",
                "calendar_id": calendar.id,
                "target_ids": [
                    (
                        0,
                        0,
                        {
                            "severity_id": severity.id,
                            "clause_ids": [
                                (0, 0, {"hours": 8, "calendar_id": calendar.id})
                            ],
                        },
                    )
                ],
            }
        )
        clause = policy.target_ids.clause_ids
        for hours in (float("nan"), float("inf"), 1e9):
            with self.subTest(hours=hours):
                self.assertOutOfRange(clause, {"hours": hours})

    def test_time_entry_hours(self):
        ticket = self._ticket(self.cat_free)
        entry = self._log(ticket, 30)
        self.assertOutOfRange(entry, {"unit_amount": 1e8})
        with self.assertRaises(ValidationError):
            self._log(ticket, 60 * 1e8)

    def test_a_ledger_reason_has_a_length_limit(self):
        Movement = self.env["support.movement"]
        count = Movement.search_count([])
        with self.assertRaises(UserError):
            Movement._post(
                [
                    {
                        "company_id": self.company.id,
                        "partner_id": self.customer.id,
                        "unit": "point",
                        "kind": "grant",
                        "quantity": 1,
                        "reason": "x" * 1_000_000,
                    }
                ]
            )
        self.assertEqual(Movement.search_count([]), count)

    def _points(self):
        Movement = self.env["support.movement"]
        return Movement._get_balances(self.customer, "point")[self.customer.id][
            "available"
        ]

    def test_support_is_sold_in_whole_units(self):
        for quantity in (0.35, 0):
            with self.subTest(quantity=quantity), self.assertRaises(UserError):
                self._sell(self.customer, self.pack_100, quantity=quantity)
        self.assertEqual(self._points(), 0)

    def test_credited_quantities_follow_the_order(self):
        order = self._sell(self.customer, self.pack_100, quantity=2)
        self.assertEqual(self._points(), 200)
        line = order.order_line
        for quantity in (0, 3):
            with self.subTest(quantity=quantity), self.assertRaises(UserError):
                line.with_user(self.salesperson).write({"product_uom_qty": quantity})
        self.assertEqual(line.product_uom_qty, 2)
        self.assertEqual(self._points(), 200)
        order._action_cancel()
        self.assertEqual(self._points(), 0)
        order.action_draft()
        order.action_confirm()
        self.assertEqual(self._points(), 200, "confirmed again: credited again")
        order._action_cancel()
        self.assertEqual(self._points(), 0, "and reversed again")
