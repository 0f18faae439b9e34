# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import new_test_user

from .sla_common import SlaCase, berlin


class TestFirstReply(SlaCase):
    """The agent rates a new question (the playbook's four kinds); a complex
    one is answered at once with a promise: the estimate times the plan's
    factor, in the team's working hours (9-18 Berlin, Christmas off)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            "first_reply_agent",
            "support_entitlements.group_support_agent",
            name="First reply agent",
        )
        cls.customer.write({"tz": "Europe/Berlin", "lang": "en_US"})

    def rate(self, ticket, when, **values):
        with freeze_time(when):
            ticket.with_user(self.agent).write(values)

    def told(self, ticket, text):
        return ticket.message_ids.filtered(
            lambda message: (
                text in (message.body or "") and message.message_type == "comment"
            )
        )

    def test_complex_promises_the_estimate_times_three(self):
        ticket = self.create_ticket(berlin(2026, 12, 3, 15, 0), self.non_critical)
        # Thursday 16:00, 2 hours estimated: 6 working hours, 2 on Thursday
        # and 4 on Friday
        self.rate(
            ticket,
            berlin(2026, 12, 3, 16, 0),
            support_complexity="complex",
            support_estimate_hours=2,
        )
        self.assertEqual(ticket.support_promise_date, berlin(2026, 12, 4, 13, 0))
        self.assertEqual(ticket.support_rated_date, berlin(2026, 12, 3, 16, 0))
        [message] = self.told(ticket, "Expect the result by")
        self.assertIn("Friday 4 December, 13:00 (Berlin time)", message.body)
        self.assertEqual(message.partner_ids, self.customer)
        self.assertFalse(message.is_internal)
        self.assertEqual(ticket.support_promise_state, "pending")
        # the same rating again tells nothing new
        self.rate(ticket, berlin(2026, 12, 3, 16, 30), support_complexity="complex")
        self.assertEqual(len(self.told(ticket, "Expect the result by")), 1)

    def test_the_promise_skips_the_weekend_and_holidays(self):
        ticket = self.create_ticket(berlin(2026, 12, 24, 9, 0), self.non_critical)
        # Thursday 24 December 17:00, 1 hour: 1 on Thursday, Christmas (Friday)
        # and the weekend off, 2 on Monday
        self.rate(
            ticket,
            berlin(2026, 12, 24, 17, 0),
            support_complexity="complex",
            support_estimate_hours=1,
        )
        self.assertEqual(ticket.support_promise_date, berlin(2026, 12, 28, 11, 0))

    def test_the_plan_sets_the_factor(self):
        plan = self.env["support.plan"].create({"name": "Quick", "promise_factor": 1.5})
        self.env["support.subscription"]._subscribe(self.customer, plan)
        ticket = self.create_ticket(berlin(2026, 12, 3, 9, 0), self.non_critical)
        self.rate(
            ticket,
            berlin(2026, 12, 3, 10, 0),
            support_complexity="complex",
            support_estimate_hours=2,
        )
        self.assertEqual(ticket.support_promise_date, berlin(2026, 12, 3, 13, 0))
        with self.assertRaises(UserError):
            plan.promise_factor = 0.5

    def test_a_new_estimate_is_a_new_promise(self):
        ticket = self.create_ticket(berlin(2026, 12, 3, 9, 0), self.non_critical)
        self.rate(
            ticket,
            berlin(2026, 12, 3, 10, 0),
            support_complexity="complex",
            support_estimate_hours=1,
        )
        self.rate(ticket, berlin(2026, 12, 3, 11, 0), support_estimate_hours=3)
        self.assertEqual(ticket.support_promise_date, berlin(2026, 12, 4, 11, 0))
        self.assertEqual(len(self.told(ticket, "Expect the result by")), 2)
        # rated simple after all: no promise stands
        self.rate(ticket, berlin(2026, 12, 3, 12, 0), support_complexity="simple")
        self.assertFalse(ticket.support_promise_date)
        self.assertFalse(ticket.support_promise_state)

    def test_complex_needs_an_estimate_in_range(self):
        ticket = self.create_ticket(berlin(2026, 12, 3, 9, 0), self.non_critical)
        with self.assertRaises(UserError) as caught:
            self.rate(ticket, berlin(2026, 12, 3, 10, 0), support_complexity="complex")
        self.assertIn("Give your estimate in hours", str(caught.exception))
        for estimate in (-1, 100_000, float("nan")):
            with self.assertRaises(UserError):
                self.rate(
                    ticket,
                    berlin(2026, 12, 3, 10, 0),
                    support_complexity="complex",
                    support_estimate_hours=estimate,
                )
        self.assertFalse(ticket.support_complexity)
        self.assertFalse(self.told(ticket, "Expect the result by"))

    def test_the_promise_is_not_typed_in(self):
        ticket = self.create_ticket(berlin(2026, 12, 3, 9, 0), self.non_critical)
        for values in (
            {"support_promise_date": berlin(2027, 1, 1, 9, 0)},
            {"support_rated_date": berlin(2026, 12, 1, 9, 0)},
        ):
            with self.assertRaises(UserError):
                ticket.with_user(self.agent).write(values)
            with self.assertRaises(UserError):
                self.env["helpdesk.ticket"].with_user(self.agent).create(
                    {"name": "Typed", "description": "<p>x</p>", **values}
                )
        self.assertFalse(ticket.support_promise_date)

    def test_the_ticket_is_measured_against_the_promise(self):
        kept = self.create_ticket(berlin(2026, 12, 3, 9, 0), self.non_critical)
        missed = self.create_ticket(berlin(2026, 12, 3, 9, 0), self.non_critical)
        for ticket in kept | missed:
            self.rate(
                ticket,
                berlin(2026, 12, 3, 10, 0),
                support_complexity="complex",
                support_estimate_hours=1,
            )
        # promised Thursday 13:00
        with freeze_time(berlin(2026, 12, 3, 12, 59)):
            kept.stage_id = self.stage_done
        with freeze_time(berlin(2026, 12, 3, 13, 1)):
            missed.stage_id = self.stage_done
        self.assertEqual(kept.support_promise_state, "met")
        self.assertEqual(missed.support_promise_state, "missed")
        self.assertEqual(
            self.env["helpdesk.ticket"].search(
                [
                    ("support_promise_state", "=", "missed"),
                    ("id", "in", (kept | missed).ids),
                ]
            ),
            missed,
        )

    def test_critical_makes_the_ticket_blocking(self):
        ticket = self.create_ticket(berlin(2026, 12, 3, 9, 0), self.non_critical)
        self.rate(ticket, berlin(2026, 12, 3, 9, 30), support_complexity="critical")
        self.assertTrue(ticket.severity_id.is_blocking)
        self.assertEqual(ticket.severity_id, self.critical)
        # its targets are the blocking ones, counted from its arrival
        self.assertEqual(
            self.line(ticket).deadline, berlin(2026, 12, 3, 15, 0), "6 business hours"
        )

    def test_critical_without_a_blocking_severity_is_refused(self):
        self.env["support.severity"].search([("is_blocking", "=", True)]).write(
            {"is_blocking": False}
        )
        ticket = self.create_ticket(berlin(2026, 12, 3, 9, 0), self.non_critical)
        with self.assertRaises(UserError) as caught:
            self.rate(ticket, berlin(2026, 12, 3, 9, 30), support_complexity="critical")
        self.assertIn("No blocking severity", str(caught.exception))
        self.assertFalse(ticket.support_complexity)

    def test_a_proposal_is_thanked_for_once(self):
        ticket = self.create_ticket(berlin(2026, 12, 3, 9, 0), self.non_critical)
        self.rate(ticket, berlin(2026, 12, 3, 9, 30), support_complexity="proposal")
        self.rate(ticket, berlin(2026, 12, 3, 9, 40), support_complexity="proposal")
        [thanks] = self.told(ticket, "we will evaluate it")
        self.assertEqual(thanks.partner_ids, self.customer)
        self.assertFalse(thanks.is_internal)

    def test_told_in_the_customers_language_and_time_zone(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.customer.write({"tz": "Europe/Moscow", "lang": "fr_FR"})
        ticket = self.create_ticket(berlin(2026, 12, 3, 15, 0), self.non_critical)
        self.rate(
            ticket,
            berlin(2026, 12, 3, 16, 0),
            support_complexity="complex",
            support_estimate_hours=2,
        )
        [message] = self.told(ticket, "Expect the result by")
        # Friday 13:00 in Berlin is 15:00 in Moscow
        self.assertIn("vendredi 4 décembre, 15:00 (Moscow time)", message.body)
