# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.support_entitlements.tests.common import SupportCase


@tagged("post_install", "-at_install")
class TestProposals(SupportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.proposal = (
            cls.env["support.proposal"]
            .with_user(cls.agent)
            .create({"name": "Export orders to CSV"})
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "CSV export?",
                "description": "<p>x</p>",
                "partner_id": cls.contact.id,
            }
        )
        cls.other_ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Export",
                "description": "<p>x</p>",
                "partner_id": cls.other_contact.id,
            }
        )

    def test_frequency_counts_each_mention_once(self):
        proposal = self.proposal
        message = self.ticket.message_post(
            body="Could you export orders as CSV?", author_id=self.contact.id
        )
        first = proposal._add_mention(ticket=self.ticket, message=message)
        again = proposal._add_mention(ticket=self.ticket, message=message)
        self.assertEqual(first, again, "the same message never counts twice")
        proposal._add_mention(ticket=self.other_ticket)
        proposal._add_mention(ticket=self.other_ticket)
        second_message = self.ticket.message_post(
            body="Any news on the CSV export?", author_id=self.contact.id
        )
        proposal._add_mention(message=second_message)
        self.assertEqual(proposal.frequency, len(proposal.mention_ids))
        self.assertEqual(proposal.frequency, 3)
        self.assertEqual(proposal.customer_count, 2)
        self.assertEqual(first.partner_id, self.contact)

    @mute_logger("odoo.sql_db")
    def test_database_refuses_a_second_count_of_a_message(self):
        message = self.ticket.message_post(body="CSV please")
        self.proposal._add_mention(message=message)
        with self.assertRaises(IntegrityError):
            self.env["support.proposal.mention"].create(
                {"proposal_id": self.proposal.id, "message_id": message.id}
            )
            self.env.flush_all()

    def test_customers_notified_when_done(self):
        self.proposal._add_mention(ticket=self.ticket)
        self.proposal._add_mention(ticket=self.other_ticket)
        self.proposal.state = "planned"
        before = self.proposal.message_ids
        self.proposal.state = "done"
        notice = self.proposal.message_ids - before
        notice = notice.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.partner_ids, self.contact | self.other_contact)
        self.proposal.state = "done"
        self.assertEqual(
            len(
                self.proposal.message_ids.filtered(
                    lambda m: m.message_type == "comment"
                )
            ),
            1,
            "told once",
        )
