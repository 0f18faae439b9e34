# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from datetime import timedelta

from lxml import html

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools.misc import format_date

from .common import create_team_off_now


@tagged("post_install", "-at_install")
class TestSupportPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.northwind = cls.env.ref("support_chatroom.project_northwind")
        cls.bluefin = cls.env.ref("support_chatroom.project_bluefin")
        cls.portal_mia = cls.env.ref("support_entitlements.user_portal_mia")
        # an internal note in the customer's own company that matches the
        # searches below: only the publication rule keeps it from the portal
        cls.draft_faq = cls.env["support.faq"].create(
            {
                "question": "Shipping zones: internal workaround",
                "answer": "<p>Shipping zone hack, not for customers.</p>",
                "company_id": cls.portal_mia.company_id.id,
                "is_published": False,
            }
        )

    def _page(self, url, status=200):
        """The page's tree, without the column names that only a phone
        shows inside each cell, so that a cell reads as its value."""
        response = self.url_open(url)
        self.assertEqual(response.status_code, status, url)
        page = html.fromstring(response.content)
        for label in page.xpath("//span[hasclass('o_support_label')]"):
            label.drop_tree()
        return page

    def _json(self, url, params):
        response = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def _item(self, project, name):
        return project.item_ids.filtered(lambda i: i.name == name)

    def test_portal_home_has_the_support_room_entry(self):
        self.authenticate("customer", "customer")
        page = self._page("/my")
        entries = page.xpath(
            "//div[@id='portal_common_category']//a[@href='/my/support-rooms']"
        )
        self.assertEqual(len(entries), 1)
        counters = self._json(
            "/my/counters", {"counters": ["support_room_count", "support_faq_count"]}
        )["result"]
        self.assertEqual(counters["support_room_count"], 1)
        self.assertGreaterEqual(counters["support_faq_count"], 1)
        published = (
            self.env["support.faq"]
            .sudo()
            .search_count(
                [
                    ("is_published", "=", True),
                    ("company_id", "in", self.portal_mia.company_ids.ids),
                ]
            )
        )
        self.assertEqual(counters["support_faq_count"], published)

    def test_room_list_shows_only_own_company(self):
        self.authenticate("customer", "customer")
        page = self._page("/my/support-rooms")
        rows = page.xpath("//tr[hasclass('o_support_room_row')]")
        self.assertEqual(
            [row.xpath("normalize-space(td[1])") for row in rows],
            ["Northwind wholesale shop launch"],
        )
        chat_links = page.xpath("//a[hasclass('o_support_open_chat')]/@href")
        self.assertEqual(
            chat_links, [f"/discuss/channel/{self.northwind.channel_id.id}"]
        )

    def test_room_page_shows_phases_and_items(self):
        self.authenticate("customer", "customer")
        page = self._page(f"/my/support-rooms/{self.northwind.id}")
        phases = page.xpath("//section[hasclass('o_support_phase')]/@data-phase")
        self.assertEqual(phases, ["data", "design", "setup", "development", "golive"])
        mockup = self._item(self.northwind, "Design mockup approved by the customer")
        state = page.xpath(f"//li[@data-item-id='{mockup.id}']/@data-state")
        self.assertEqual(state, ["approved"])
        self.assertEqual(
            page.xpath(
                "normalize-space(//li[@data-code='design']"
                "/span[hasclass('o_support_segment_manager')])"
            ),
            "Theo Marsh",
        )
        self.assertEqual(
            page.xpath("normalize-space(//p[hasclass('o_support_duty')]/b)"),
            "Lena Brandt",
            "Northwind bought a plan: its account manager is on duty",
        )

    def test_other_customer_room_ids_and_tokens_are_refused(self):
        self.authenticate("customer", "customer")
        channel = self.bluefin.channel_id
        self._page(f"/my/support-rooms/{self.bluefin.id}", status=404)
        self._page(f"/discuss/channel/{channel.id}", status=404)
        # Bluefin's invitation token does not open Bluefin's room to Northwind
        self._page(f"/chat/{channel.id}/{channel.uuid}", status=404)
        mia = self.env.ref("support_entitlements.partner_northwind_mia")
        self.assertNotIn(mia, channel.channel_member_ids.partner_id)
        messages_before = len(channel.message_ids)
        answer = self._json(
            "/mail/message/post",
            {
                "thread_model": "discuss.channel",
                "thread_id": channel.id,
                "post_data": {"body": "Let me in", "message_type": "comment"},
            },
        )
        self.assertIn("error", answer)
        channel.invalidate_recordset()
        self.assertEqual(len(channel.message_ids), messages_before)
        # own room opens, and posting in it works
        self._page(f"/discuss/channel/{self.northwind.channel_id.id}")
        answer = self._json(
            "/mail/message/post",
            {
                "thread_model": "discuss.channel",
                "thread_id": self.northwind.channel_id.id,
                "post_data": {"body": "Hello team", "message_type": "comment"},
            },
        )
        self.assertNotIn("error", answer)
        # out of the team's hours the room's reply follows it
        posted = self.northwind.channel_id.message_ids.filtered(
            lambda message: message.author_id == mia
        )[:1]
        self.assertIn("Hello team", posted.body)

    def test_the_room_answers_the_customer_out_of_hours_through_discuss(self):
        """Posted through Discuss as the customer, read back as the room
        shows it: the team's reply, once for the pause. The team works on
        one weekday only, three days from now: now is out of its hours."""
        today = fields.Date.today()
        self.northwind.team_id = create_team_off_now(self.env, "One day a week")
        mia = self.env.ref("support_entitlements.partner_northwind_mia")
        mia.tz = "UTC"
        channel = self.northwind.channel_id
        self.authenticate("customer", "customer")
        for body in ("Our shop is down", "Still down"):
            answer = self._json(
                "/mail/message/post",
                {
                    "thread_model": "discuss.channel",
                    "thread_id": channel.id,
                    "post_data": {"body": body, "message_type": "comment"},
                },
            )
            self.assertNotIn("error", answer)
        shown = self._json(
            "/discuss/channel/messages", {"channel_id": channel.id, "limit": 5}
        )["result"]
        bodies = [
            message["body"]
            for message in shown["data"]["mail.message"]
            if message["id"] in shown["messages"]
        ]
        replies = [body for body in bodies if "We continue on" in body]
        self.assertEqual(len(replies), 1, bodies)
        resume = today + timedelta(days=3)
        self.assertIn(
            format_date(self.env, resume, date_format="EEEE d MMMM"), replies[0]
        )
        self.assertIn("after 09:00 (UTC time)", replies[0])

    def test_the_error_banner_cannot_be_written_into_a_link(self):
        self.authenticate("customer", "customer")
        page = self._page(
            f"/my/support-rooms/{self.northwind.id}?error=Send+your+password+to+x"
        )
        self.assertFalse(page.xpath("//div[hasclass('o_support_error')]"))

    def test_customer_approves_mockup_with_a_comment(self):
        self.authenticate("customer2", "customer2")
        mockup = self._item(self.bluefin, "Design mockup approved by the customer")
        page = self._page(f"/my/support-rooms/{self.bluefin.id}")
        form = page.xpath(f"//li[@data-item-id='{mockup.id}']//form")[0]
        csrf = form.xpath(".//input[@name='csrf_token']/@value")[0]
        refused = self.url_open(
            form.get("action"), data={"csrf_token": csrf, "comment": " "}
        )
        self.assertEqual(
            html.fromstring(refused.content).xpath(
                "normalize-space(//div[hasclass('o_support_error')])"
            ),
            "Say a word about what you approve.",
        )
        self.assertEqual(mockup.state, "todo")
        response = self.url_open(
            form.get("action"),
            data={"csrf_token": csrf, "comment": "Approved, keep the blue"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(mockup.state, "approved")
        self.assertEqual(mockup.customer_comment, "Approved, keep the blue")
        page = html.fromstring(response.content)
        self.assertEqual(
            page.xpath(f"//li[@data-item-id='{mockup.id}']/@data-state"), ["approved"]
        )

    def test_customer_cannot_complete_another_customer_item(self):
        self.authenticate("customer2", "customer2")
        csrf = self._page(f"/my/support-rooms/{self.bluefin.id}").xpath(
            "//input[@name='csrf_token']/@value"
        )[0]
        self.authenticate("customer", "customer")
        forms = self._item(self.bluefin, "Fill the welcome forms")
        own_csrf = self._page(f"/my/support-rooms/{self.northwind.id}").xpath(
            "//input[@name='csrf_token']/@value"
        )[0]
        for url in (
            f"/my/support-rooms/{self.bluefin.id}/items/{forms.id}/complete",
            f"/my/support-rooms/{self.northwind.id}/items/{forms.id}/complete",
        ):
            response = self.url_open(url, data={"csrf_token": own_csrf, "comment": "x"})
            self.assertEqual(response.status_code, 404, url)
        self.assertTrue(csrf)
        self.assertEqual(forms.state, "todo")
        # nor does the owner's form token, taken from the owner's page
        messages_before = len(self.bluefin.channel_id.message_ids)
        response = self.url_open(
            f"/my/support-rooms/{self.bluefin.id}/items/{forms.id}/complete",
            data={"csrf_token": csrf, "comment": "x"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(forms.state, "todo")
        self.assertFalse(forms.customer_comment)
        self.bluefin.channel_id.invalidate_recordset()
        self.assertEqual(len(self.bluefin.channel_id.message_ids), messages_before)

    def test_knowledge_board_lists_published_questions(self):
        self.authenticate("customer", "customer")
        page = self._page("/my/support-faq?search=shipping")
        questions = page.xpath("//h5[hasclass('o_support_faq_question')]/text()")
        self.assertEqual(questions, ["How do I add a shipping zone?"])
        self.assertNotIn("Shipping zones: internal workaround", questions)
        self.assertFalse(
            self.env["support.faq"]
            .with_user(self.portal_mia)
            .search([("question", "ilike", "shipping")])
            & self.draft_faq
        )
        self.assertEqual(
            self.env["support.faq"]
            .with_user(self.portal_mia)
            .search([("question", "ilike", "shipping")])
            .mapped("question"),
            ["How do I add a shipping zone?"],
        )
