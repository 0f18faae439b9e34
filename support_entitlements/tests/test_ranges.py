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


@tagged("post_install", "-at_install")
class TestInputLimits(SupportCase):
    """Every field of the suite refuses what does not fit it, whoever writes:
    a text too long, a number PostgreSQL cannot hold, a date of the year
    85360, a choice that is not one; with a sentence, and nothing changed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level = cls.env["support.escalation.level"].create(
            {"name": "Limits level", "delay_minutes": 30}
        )
        cls.policy = cls.env["support.sla.policy"].create(
            {
                "name": "Limits policy",
                "calendar_id": cls.company.resource_calendar_id.id,
            }
        )

    def assertRefused(self, records, vals, says):
        before = records.read(list(vals))[0]
        with self.assertRaises(ValidationError) as caught:
            records.with_user(self.manager).write(vals)
        self.assertIn(says, str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(records.read(list(vals))[0], before)

    def test_texts_have_a_length_limit(self):
        self.assertRefused(self.plan, {"name": "x" * 1_000_000}, "at most 256")
        self.assertRefused(self.cat_per_unit, {"points_unit_name": "u" * 300}, "256")
        with self.assertRaises(ValidationError):
            self.env["support.plan"].create({"name": "y" * 257})
        self.assertFalse(self.env["support.plan"].search([("name", "=like", "yyy%")]))
        # a name at the limit is a name
        self.plan.with_user(self.manager).name = "z" * 256
        self.assertEqual(len(self.plan.name), 256)

    def test_the_ledger_reason_is_held_at_the_wizard(self):
        """The wizard holds the ledger's own limit, 500, not a name's 256."""
        Wizard = self.env["support.adjustment.wizard"].with_user(self.manager)
        values = {"partner_id": self.customer.id, "quantity": 5}
        self.assertEqual(len(Wizard.create(dict(values, reason="r" * 500)).reason), 500)
        with self.assertRaises(ValidationError) as caught:
            Wizard.create(dict(values, reason="r" * 501))
        self.assertIn("at most 500 characters", str(caught.exception))

    def test_numbers_have_ranges(self):
        self.assertRefused(self.level, {"delay_minutes": -5}, "must be a number from")
        self.assertRefused(self.level, {"delay_minutes": 10**7}, "0 to 43200")
        self.assertRefused(self.policy, {"at_risk_percent": 500}, "1 to 100")
        self.assertRefused(self.policy, {"end_of_day_minutes": -1}, "0 to 1440")
        self.assertRefused(self.cat_fixed, {"points_price": 10**12}, "from 0 to")
        self.assertRefused(self.plan, {"sequence": 10**12}, "out of range")
        self.assertRefused(self.plan, {"sequence": "ten"}, "whole number")

    def test_references_and_choices_must_fit(self):
        self.assertRefused(self.plan, {"sla_policy_id": 10**12}, "is not a record")
        self.assertRefused(self.plan, {"cost_approval": "nobody"}, "not one of")

    def test_fields_of_the_host_are_left_to_it(self):
        # a long ticket title (a mail subject, say) is helpdesk_mgmt's field
        ticket = self._ticket(self.cat_free, name="t" * 1000)
        self.assertEqual(len(ticket.name), 1000)
