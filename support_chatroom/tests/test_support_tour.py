# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import html

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestSupportRoomTour(HttpCase):
    def test_customer_posts_agent_archives_customer_sees_ticket(self):
        project = self.env.ref("support_chatroom.project_northwind")
        room = project.channel_id
        self.start_tour("/my", "support_room_customer_post", login="customer")
        message = room.message_ids.filtered(
            lambda m: "logo for the header" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        self.assertEqual(
            message.author_id,
            self.env.ref("support_entitlements.partner_northwind_mia"),
        )
        self.assertEqual(message.attachment_ids.mapped("name"), ["logo.txt"])
        self.assertEqual(message.support_segment_id.code, "design")

        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{room.id}",
            "support_room_agent_archive",
            login="agent",
        )
        ticket = message.support_ticket_id
        self.assertEqual(ticket.name, "New header logo")
        self.assertEqual(ticket.support_message_ids, message)
        self.assertEqual(
            self.env["ir.attachment"]
            .search([("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
            .mapped("name"),
            ["logo.txt"],
        )

        self.start_tour("/my", "support_room_customer_ticket", login="customer")
        self.authenticate("customer", "customer")
        page = html.fromstring(self.url_open("/my/tickets").content)
        titles = [a.text_content().strip() for a in page.xpath("//table//a")]
        self.assertIn("New header logo", titles)
