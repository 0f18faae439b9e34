# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestFeatureRequestTour(HttpCase):
    def test_agent_counts_requests_from_a_room_and_a_ticket(self):
        room = self.env.ref("support_chatroom.project_northwind").channel_id
        mia = self.env.ref("support_entitlements.partner_northwind_mia")
        message = room.message_post(
            body="Could the shop get a dark mode?",
            author_id=mia.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{room.id}",
            "support_feature_request_room",
            login="agent",
        )
        proposal = self.env["support.proposal"].search([("name", "=", "Dark mode")])
        self.assertEqual(len(proposal), 1)
        self.assertEqual(
            (proposal.mention_ids.message_id, proposal.mention_ids.partner_id),
            (message, mia),
        )

        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Dark mode?",
                "description": "<p>Dark mode for the shop, please</p>",
                "partner_id": mia.id,
            }
        )
        self.start_tour(
            f"/odoo/helpdesk.ticket/{ticket.id}",
            "support_feature_request_ticket",
            login="agent",
        )
        self.assertEqual(proposal.frequency, 2)
        self.assertEqual(proposal.mention_ids.ticket_id, ticket)
