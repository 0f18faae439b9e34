# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo.exceptions import UserError

from .common import SupportRoomCase


class TestArchiveTicket(SupportRoomCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.room._add_members(users=cls.agent, post_joined_message=False)
        # like the /mail/message/post route, which posts as sudo for members
        room = cls.room.with_user(cls.portal_ann).sudo()
        cls.message = room.message_post(
            body="The import stops at line 200, here is the file.",
            message_type="comment",
            attachments=[("products.csv", b"sku;name\nA1;Shirt\n")],
        )

    def _wizard(self, **values):
        return (
            self.env["support.archive.ticket.wizard"]
            .with_user(self.agent)
            .create({"message_id": self.message.id, **values})
        )

    def _room_notices(self):
        return self.room.message_ids.filtered(
            lambda m: "Archived into ticket" in (m.body or "")
        )

    def test_archive_into_new_ticket_copies_once(self):
        self.assertEqual(len(self.message.attachment_ids), 1)
        first = self._wizard().action_archive()
        second = self._wizard().action_archive()  # clicked twice
        ticket = self.env["helpdesk.ticket"].browse(first["res_id"])
        self.assertEqual(second["res_id"], ticket.id)
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count(
                [("support_project_id", "=", self.project.id)]
            ),
            1,
        )
        self.assertIn("line 200", ticket.description)
        self.assertEqual(ticket.name, "The import stops at line 200, here is the file.")
        self.assertEqual(ticket.partner_id, self.contact_ann)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(attachments.mapped("name"), ["products.csv"])
        self.assertEqual(base64.b64decode(attachments.datas), b"sku;name\nA1;Shirt\n")
        self.assertEqual(self.message.support_ticket_id, ticket)
        self.assertEqual(ticket.support_message_ids, self.message)
        notices = self._room_notices()
        self.assertEqual(len(notices), 1)
        self.assertIn(ticket.number, notices.body)
        self.assertEqual(notices.parent_id, self.message)

    def test_append_to_existing_ticket_once(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Import problems",
                "description": "<p>Earlier report</p>",
                "partner_id": self.contact_ann.id,
            }
        )
        messages_before = len(ticket.message_ids)
        for _click in range(2):
            self._wizard(mode="existing", ticket_id=ticket.id).action_archive()
        appended = ticket.message_ids[: len(ticket.message_ids) - messages_before]
        self.assertEqual(len(appended), 1)
        self.assertIn("line 200", appended.body)
        self.assertEqual(appended.attachment_ids.mapped("name"), ["products.csv"])
        self.assertEqual(self.message.support_ticket_id, ticket)
        self.assertEqual(len(self._room_notices()), 1)

    def test_a_message_stays_with_its_customer(self):
        other = self.env["helpdesk.ticket"].create(
            {
                "name": "Another customer's ticket",
                "description": "<p>x</p>",
                "partner_id": self.other_contact.id,
            }
        )
        messages_before = other.message_ids
        notices_before = self._room_notices()
        with self.assertRaises(UserError):
            self._wizard(mode="existing", ticket_id=other.id).action_archive()
        self.assertEqual(other.message_ids, messages_before)
        self.assertEqual(self._room_notices(), notices_before)
        self.assertFalse(self.message.support_ticket_id)

    def test_items_and_phases_stay_with_their_project(self):
        other_project = self.env["support.project"].create(
            {
                "name": "Other onboarding",
                "partner_id": self.other_customer.id,
                "template_id": self.template.id,
            }
        )
        item = self.project.item_ids[:1]
        with self.assertRaises(UserError):
            item.with_user(self.agent).write(
                {"phase_id": other_project.phase_ids[0].id}
            )
        self.assertEqual(item.project_id, self.project)
        phase = self.project.phase_ids[:1]
        with self.assertRaises(UserError):
            phase.with_user(self.agent).write({"project_id": other_project.id})
        self.assertEqual(phase.project_id, self.project)

    def test_states_change_only_through_their_buttons(self):
        phase = self.project.phase_ids.filtered(
            lambda p: p.item_ids.filtered(lambda i: i.mandatory)
        )[:1]
        with self.assertRaises(UserError):
            phase.with_user(self.agent).write({"state": "done"})
        self.assertEqual(phase.state, "open")
        item = phase.item_ids[:1]
        with self.assertRaises(UserError):
            item.with_user(self.agent).write({"state": "done"})
        self.assertEqual(item.state, "todo")
        self.assertIs(item.with_user(self.agent).action_done(), True)
        self.assertEqual(item.state, "done")
        self.assertIs(item.with_user(self.agent).action_reset(), True)
        self.assertEqual(item.state, "todo")

    def test_only_room_messages_are_archived(self):
        chatter = self.customer.message_post(body="Not in a room")
        wizard = (
            self.env["support.archive.ticket.wizard"]
            .with_user(self.agent)
            .create({"message_id": chatter.id})
        )
        tickets_before = self.env["helpdesk.ticket"].search_count([])
        with self.assertRefused(UserError, "support room"):
            wizard.action_archive()
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), tickets_before)

    def test_faq_from_a_room_question(self):
        answer = (
            self.room.with_user(self.agent)
            .sudo()
            .message_post(
                body="Split the file in blocks of 200 lines.",
                message_type="comment",
                parent_id=self.message.id,
            )
        )
        faq = (
            self.env["support.faq"]
            .with_user(self.agent)
            .with_context(default_source_message_id=self.message.id)
            .create({})
        )
        self.assertEqual(
            faq.question, "The import stops at line 200, here is the file."
        )
        self.assertEqual(faq.answer, answer.body)
        self.assertTrue(faq.is_published)
        self.assertIn(
            faq, self.env["support.faq"].with_user(self.portal_olga).search([])
        )
