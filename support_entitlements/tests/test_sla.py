# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from .sla_common import SlaCase, berlin


class TestSlaVectors(SlaCase):
    """The six vectors of the specification, Europe/Berlin wall-clock times."""

    def assertDue(self, ticket, expected, kind="first_response"):
        self.assertEqual(self.line(ticket, kind).deadline, expected)

    def test_vector_1_critical_during_business_hours(self):
        ticket = self.create_ticket(berlin(2026, 12, 2, 10, 0), self.critical)
        self.assertDue(ticket, berlin(2026, 12, 2, 16, 0))

    def test_vector_2_critical_friday_evening_falls_to_duty(self):
        ticket = self.create_ticket(berlin(2026, 12, 4, 17, 0), self.critical)
        self.assertDue(ticket, berlin(2026, 12, 5, 12, 0))

    def test_vector_3_critical_on_saturday(self):
        ticket = self.create_ticket(berlin(2026, 12, 5, 10, 0), self.critical)
        self.assertDue(ticket, berlin(2026, 12, 5, 22, 0))

    def test_vector_4_critical_before_christmas(self):
        ticket = self.create_ticket(berlin(2026, 12, 24, 15, 0), self.critical)
        self.assertDue(ticket, berlin(2026, 12, 26, 12, 0))

    def test_vector_5_non_critical_friday_evening(self):
        ticket = self.create_ticket(berlin(2026, 12, 4, 17, 0), self.non_critical)
        self.assertDue(ticket, berlin(2026, 12, 8, 11, 0))

    def test_vector_6_critical_waiting_for_customer(self):
        with freeze_time(berlin(2026, 12, 2, 10, 0)):
            ticket = self.create_ticket(berlin(2026, 12, 2, 10, 0), self.critical)
        self.assertDue(ticket, berlin(2026, 12, 2, 16, 0))
        with freeze_time(berlin(2026, 12, 2, 11, 0)):
            ticket.stage_id = self.stage_awaiting
        self.assertTrue(ticket.sla_paused)
        self.assertFalse(self.line(ticket).deadline, "no deadline while waiting")
        self.assertEqual(ticket.sla_status, "paused")
        with freeze_time(berlin(2026, 12, 3, 10, 0)):
            ticket.message_post(
                body="Here is the access you asked for.",
                author_id=self.customer.id,
                message_type="email",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertFalse(ticket.sla_paused)
        self.assertDue(ticket, berlin(2026, 12, 3, 15, 0))
        pause = ticket.sla_pause_ids
        self.assertEqual(pause.date_start, berlin(2026, 12, 2, 11, 0))
        self.assertEqual(pause.date_end, berlin(2026, 12, 3, 10, 0))
        self.assertEqual(pause.resumed_by, "customer_reply")

    def test_batch_matches_plan_hours(self):
        """The batch planner agrees with Odoo's own plan_hours."""
        start = berlin(2026, 12, 23, 16, 30)
        ticket = self.create_ticket(start, self.non_critical)
        expected = self.business.plan_hours(72, start, compute_leaves=True)
        self.assertEqual(self.line(ticket, "resolution").deadline, expected)
