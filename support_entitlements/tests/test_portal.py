# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import urlsplit

from lxml import html

from odoo.tests import HttpCase, tagged
from odoo.tools.misc import format_datetime

from .common import SupportCase


@tagged("post_install", "-at_install")
class TestPortalCostApproval(HttpCase, SupportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan.cost_approval = "customer"
        cls._subscribe(cls.customer)
        cls._sell(cls.customer, cls.pack_100)
        cls.portal_user.password = "ada-portal-1"
        cls.other_portal_user.password = "otto-portal-1"

    def _ticket_page(self, ticket):
        response = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertEqual(response.status_code, 200)
        return html.fromstring(response.content)

    def _approve(self, ticket, csrf_token):
        return self.url_open(
            f"/my/ticket/{ticket.id}/approve-cost",
            data={"csrf_token": csrf_token},
            allow_redirects=False,
        )

    def test_customer_approves_the_cost_from_the_ticket_page(self):
        ticket = self._ticket(self.cat_fixed)
        self.authenticate("ada", "ada-portal-1")
        page = self._ticket_page(ticket)
        self.assertEqual(
            page.xpath("//span[hasclass('support_points_cost')]/text()"), ["25 points"]
        )
        forms = page.xpath("//form[hasclass('support_approve_cost')]")
        self.assertEqual(len(forms), 1)
        self.assertEqual(forms[0].get("action"), f"/my/ticket/{ticket.id}/approve-cost")
        token = forms[0].xpath(".//input[@name='csrf_token']/@value")[0]
        response = self._approve(ticket, token)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(
            (ticket.points_cost_state, ticket.points_captured), ("captured", 25)
        )
        self.assertEqual(ticket.cost_approved_by_id, self.portal_user)
        self._approve(ticket, token)
        self.assertEqual(
            self._balance()["captured"], 25, "approving twice captures once"
        )
        page = self._ticket_page(ticket)
        self.assertFalse(page.xpath("//form[hasclass('support_approve_cost')]"))

    def test_the_customer_reads_the_promise_on_the_ticket_page(self):
        ticket = self._ticket(self.cat_fixed)
        self.authenticate("ada", "ada-portal-1")
        self.assertFalse(
            self._ticket_page(ticket).xpath(
                "//div[hasclass('o_portal_ticket_promise')]"
            )
        )
        ticket.with_user(self.agent).write(
            {"support_complexity": "complex", "support_estimate_hours": 1}
        )
        self.portal_user.partner_id.tz = "UTC"
        shown = self._ticket_page(ticket).xpath(
            "normalize-space(//span[hasclass('support_promise_date')])"
        )
        self.assertEqual(
            shown,
            format_datetime(
                self.env, ticket.support_promise_date, tz="UTC", dt_format=False
            ),
        )

    def test_another_customer_cannot_approve(self):
        ticket = self._ticket(self.cat_fixed)
        self.authenticate("ada", "ada-portal-1")
        token = self._ticket_page(ticket).xpath("//input[@name='csrf_token']/@value")[0]
        self.authenticate("otto", "otto-portal-1")
        other_token = self._ticket_page(
            self._ticket(self.cat_fixed, contact=self.other_contact)
        ).xpath("//input[@name='csrf_token']/@value")[0]
        response = self._approve(ticket, other_token)
        self.assertEqual(response.status_code, 404)
        self.assertFalse(ticket.cost_approved_date)
        self.assertEqual(self._balance()["captured"], 0)
        self.assertTrue(token)
        # nor does the owner's form token, taken from the owner's page
        response = self._approve(ticket, token)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(ticket.cost_approved_date)
        self.assertFalse(ticket.cost_approved_by_id)
        self.assertEqual(ticket.points_captured, 0)
        self.assertEqual(self._balance()["captured"], 0)

    def test_approval_needs_a_post_with_csrf(self):
        ticket = self._ticket(self.cat_fixed)
        self.authenticate("ada", "ada-portal-1")
        response = self.url_open(
            f"/my/ticket/{ticket.id}/approve-cost", allow_redirects=False
        )
        self.assertEqual(response.status_code, 405)
        response = self._approve(ticket, "forged")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(ticket.cost_approved_date)

    def test_a_price_upon_request_cannot_be_approved_yet(self):
        ticket = self._ticket(self.cat_on_request)
        ticket.points_cost = 0
        self.authenticate("ada", "ada-portal-1")
        ticket.points_cost = 0
        page = self._ticket_page(ticket)
        self.assertFalse(
            page.xpath("//div[@id='support_ticket_points']"), "nothing to approve yet"
        )
        ticket.points_cost = 60
        token = self._ticket_page(ticket).xpath("//input[@name='csrf_token']/@value")[0]
        ticket.points_cost = 0
        response = self._approve(ticket, token)
        self.assertEqual(response.status_code, 303)
        # the refusal travels in the session, not in the URL
        self.assertEqual(
            urlsplit(response.headers["Location"]).path, f"/my/ticket/{ticket.id}"
        )
        self.assertFalse(urlsplit(response.headers["Location"]).query)
        self.assertFalse(ticket.cost_approved_date)
        banner = self._ticket_page(ticket).xpath(
            "//div[hasclass('support_points_error')]"
        )
        self.assertEqual(len(banner), 1)
        self.assertIn("is given upon request: set it first.", banner[0].text_content())
        self.assertFalse(
            self._ticket_page(ticket).xpath("//div[hasclass('support_points_error')]"),
            "shown once",
        )

    def test_the_error_banner_cannot_be_written_into_a_link(self):
        ticket = self._ticket(self.cat_fixed)
        self.authenticate("ada", "ada-portal-1")
        response = self.url_open(
            f"/my/ticket/{ticket.id}?support_error=Your+account+is+blocked&error=x"
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(b"Your account is blocked", response.content)
