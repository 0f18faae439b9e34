# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from lxml import html

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import SupportRoomCase


@tagged("post_install", "-at_install")
class TestTrainingCall(HttpCase, SupportRoomCase):
    """A customer sends a list of software questions from their project page
    and asks for a call: a training ticket with a proposed Discuss call."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_ann.password = "room-ann"
        cls.portal_olga.password = "room-olga"
        cls.contact_ann.tz = "Europe/Moscow"
        # a week ahead of the server's clock, at 14:00 in Moscow (11:00 UTC)
        cls.day = (fields.Datetime.now() + timedelta(days=7)).date()
        cls.url = f"/my/support-rooms/{cls.project.id}/training-call"

    def _tickets(self):
        return self.env["helpdesk.ticket"].search(
            [
                ("partner_id", "=", self.contact_ann.id),
                ("support_billing", "=", "training"),
            ]
        )

    def _post(self, login, project=None, **data):
        """Post the training call form of ``project``'s page (Ann's project
        by default) to Ann's project, as ``login``."""
        self.authenticate(login, login)
        page = html.fromstring(
            self.url_open(f"/my/support-rooms/{(project or self.project).id}").content
        )
        (form,) = page.xpath(
            "//section[contains(@class, 'o_support_training_call')]//form"
        )
        csrf = form.xpath(".//input[@name='csrf_token']/@value")[0]
        return self.url_open(self.url, data=dict(data, csrf_token=csrf))

    def test_the_questions_become_a_ticket_with_a_call(self):
        response = self._post(
            "room-ann",
            questions="How do I refund an order?\n- How do I print labels?\n\n",
            start=f"{self.day}T14:00",
        )
        self.assertEqual(response.status_code, 200)
        ticket = self._tickets()
        self.assertEqual(len(ticket), 1)
        self.assertIn(f"/my/ticket/{ticket.id}", response.url)
        items = html.fromstring(str(ticket.description)).xpath("//li")
        self.assertEqual(
            [item.text_content() for item in items],
            ["How do I refund an order?", "How do I print labels?"],
        )
        self.assertEqual(ticket.commercial_partner_id, self.customer)
        event = self.env["calendar.event"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(
            (event.start, event.stop),
            (
                datetime.combine(self.day, datetime.min.time()) + timedelta(hours=11),
                datetime.combine(self.day, datetime.min.time()) + timedelta(hours=12),
            ),
        )
        self.assertEqual(
            set(event.partner_ids.ids),
            {self.contact_ann.id, self.account_manager.partner_id.id},
        )
        self.assertIn("/calendar/join_videocall/", event.videocall_location)
        day = self.day.strftime("%A %-d %B %Y")
        self.assertIn(
            f"Training call proposed: {day}, 14:00–15:00 (Moscow time).",
            ticket.message_ids[0].body,
        )

    def test_a_room_id_the_database_cannot_hold_is_not_found(self):
        self.authenticate("room-ann", "room-ann")
        for url in ("/my/support-rooms/99999999999", "/my/support-rooms/0"):
            self.assertEqual(self.url_open(url).status_code, 404, url)

    def test_the_form_has_its_fields(self):
        self.authenticate("room-ann", "room-ann")
        page = html.fromstring(
            self.url_open(f"/my/support-rooms/{self.project.id}").content
        )
        (form,) = page.xpath("//section[hasclass('o_support_training_call')]//form")
        self.assertEqual(form.get("action"), self.url)
        self.assertEqual(form.xpath(".//textarea/@name"), ["questions"])
        self.assertEqual(
            form.xpath(".//input[@type='datetime-local']/@name"), ["start"]
        )

    def test_a_flood_of_calls_is_refused(self):
        start = datetime.now() + timedelta(days=2)
        for _number in range(5):
            self.project._support_request_training_call(self.contact_ann, "Hi", start)
        with self.assertRaises(UserError) as refused:
            self.project._support_request_training_call(self.contact_ann, "Hi", start)
        self.assertIn("5 training calls waiting", str(refused.exception))

    def test_bad_input_is_told_and_creates_nothing(self):
        for questions, start, sentence in (
            ("", f"{self.day}T14:00", "Write the questions"),
            ("\x00 ", f"{self.day}T14:00", "Write the questions"),
            ("x" * 5001, f"{self.day}T14:00", "under 5000 characters"),
            ("Labels?", "tomorrow", "date and time"),
            ("Labels?", "2020-01-01T10:00", "a time to come"),
            ("Labels?", "2100-01-01T10:00", "within the next 366 days"),
            ("Labels?", "9999-12-31T23:59", "date and time"),
            ("Labels?", "0001-01-01T00:00", "date and time"),
        ):
            with self.subTest(questions=questions[:10], start=start):
                response = self._post("room-ann", questions=questions, start=start)
                self.assertEqual(response.status_code, 200)
                page = html.fromstring(response.content)
                (error,) = page.xpath("//*[contains(@class, 'o_support_error')]")
                self.assertIn(sentence, error.text_content())
        self.assertFalse(self._tickets())

    def test_another_customer_cannot_ask_on_this_project(self):
        olga_project = self.env["support.project"].create(
            {"name": "Other launch", "partner_id": self.other_customer.id}
        )
        response = self._post(
            "room-olga", olga_project, questions="Hi", start=f"{self.day}T14:00"
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(
            self.env["helpdesk.ticket"].search(
                [("partner_id", "=", self.other_contact.id)]
            )
        )
        with self.assertRaises(UserError):
            self.project._support_request_training_call(
                self.other_contact, "Hi", datetime.now() + timedelta(days=2)
            )
