# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.tests import new_test_user

from .sla_common import SlaCase, berlin


class TestSlaAcknowledgement(SlaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env, login="sla_portal", groups="base.group_portal"
        )
        cls.portal_user.partner_id.email = "sla.portal@example.com"

    def portal_ticket(self, arrival, severity=None):
        with freeze_time(arrival):
            return (
                self.env["helpdesk.ticket"]
                .with_user(self.portal_user)
                .sudo()
                .create(
                    {
                        "name": "Portal ticket",
                        "description": "<p>Help</p>",
                        "team_id": self.team.id,
                        "partner_id": self.portal_user.partner_id.id,
                        "severity_id": (severity or self.question).id,
                    }
                )
            )

    def acknowledgements(self, ticket):
        return ticket.message_ids.filtered(
            lambda message: "outside our working hours" in message.body
        )

    def test_within_working_hours_no_acknowledgement(self):
        ticket = self.portal_ticket(berlin(2026, 12, 2, 10, 0))
        self.assertFalse(ticket.sla_work_resumes_date)
        self.assertFalse(self.acknowledgements(ticket))

    def test_last_half_hour_of_friday_resumes_monday(self):
        ticket = self.portal_ticket(berlin(2026, 12, 4, 17, 45))
        self.assertEqual(ticket.sla_work_resumes_date, berlin(2026, 12, 7, 9, 0))
        message = self.acknowledgements(ticket)
        self.assertEqual(len(message), 1)
        self.assertIn("Monday 7 December 2026, 09:00", message.body)
        self.assertIn("Europe/Berlin", message.body)
        self.assertIn(self.portal_user.partner_id, message.partner_ids)
        self.assertEqual(message.author_id, self.env.company.partner_id)

    def test_end_of_day_margin(self):
        early = self.portal_ticket(berlin(2026, 12, 3, 17, 29))
        self.assertFalse(early.sla_work_resumes_date, "31 minutes before closing")
        late = self.portal_ticket(berlin(2026, 12, 3, 17, 31))
        self.assertEqual(late.sla_work_resumes_date, berlin(2026, 12, 4, 9, 0))

    def test_duty_day_and_holiday(self):
        saturday = self.portal_ticket(berlin(2026, 12, 5, 10, 0), self.critical)
        self.assertEqual(saturday.sla_work_resumes_date, berlin(2026, 12, 7, 9, 0))
        self.assertIn("team on duty", self.acknowledgements(saturday).body)
        christmas_eve = self.portal_ticket(berlin(2026, 12, 24, 17, 45))
        self.assertEqual(
            christmas_eve.sla_work_resumes_date, berlin(2026, 12, 28, 9, 0)
        )
        night = self.portal_ticket(berlin(2026, 12, 8, 6, 0))
        self.assertEqual(night.sla_work_resumes_date, berlin(2026, 12, 8, 9, 0))

    def test_agent_created_ticket_not_acknowledged(self):
        with freeze_time(berlin(2026, 12, 5, 10, 0)):
            ticket = self.create_ticket(berlin(2026, 12, 5, 10, 0), self.question)
        self.assertFalse(ticket.sla_work_resumes_date)
        self.assertFalse(self.acknowledgements(ticket))

    def test_mail_gateway_ticket_acknowledged(self):
        with freeze_time(berlin(2026, 12, 5, 10, 0)):
            ticket = self.env["helpdesk.ticket"].message_new(
                {
                    "subject": "Shop down",
                    "body": "<p>Nothing loads</p>",
                    "author_id": self.customer.id,
                    "email_from": self.customer.email,
                },
                {"team_id": self.team.id, "severity_id": self.critical.id},
            )
        self.assertEqual(ticket.sla_work_resumes_date, berlin(2026, 12, 7, 9, 0))
        self.assertEqual(len(self.acknowledgements(ticket)), 1)
