# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
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

    def _request_form(self, **defaults):
        wizard = self.env["support.proposal.mention.wizard"].with_user(self.agent)
        return Form(
            wizard.with_context(
                **{f"default_{name}": record.id for name, record in defaults.items()}
            )
        )

    def test_agent_counts_a_ticket_request_once(self):
        form = self._request_form(ticket_id=self.ticket)
        form.proposal_id = self.proposal
        action = form.save().action_apply()
        self.assertEqual(
            (action["res_model"], action["res_id"]),
            ("support.proposal", self.proposal.id),
        )
        form = self._request_form(ticket_id=self.ticket)
        form.proposal_id = self.proposal
        form.save().action_apply()
        self.assertEqual(self.proposal.frequency, 1, "a ticket counts once")
        self.assertEqual(self.proposal.mention_ids.ticket_id, self.ticket)
        self.assertEqual(self.proposal.mention_ids.partner_id, self.contact)
        # counted, the question is rated a proposal and its customer thanked once
        self.assertEqual(self.ticket.support_complexity, "proposal")
        thanks = self.ticket.message_ids.filtered(
            lambda message: "we will evaluate it" in (message.body or "")
        )
        self.assertEqual(len(thanks), 1)
        self.assertEqual(thanks.partner_ids, self.contact)

    def test_a_new_proposal_is_created_in_the_request_company(self):
        form = self._request_form(ticket_id=self.other_ticket)
        form.new_proposal = "  Dark mode  "
        action = form.save().action_apply()
        proposal = self.env["support.proposal"].browse(action["res_id"])
        self.assertEqual(
            (proposal.name, proposal.company_id, proposal.frequency),
            ("Dark mode", self.other_ticket.company_id, 1),
        )
        self.assertEqual(proposal.mention_ids.partner_id, self.other_contact)

    def test_a_ticket_message_counts_once_with_its_ticket(self):
        message = self.ticket.message_post(
            body="And a CSV export, please", author_id=self.contact.id
        )
        for _attempt in range(2):
            form = self._request_form(message_id=message)
            form.proposal_id = self.proposal
            form.save().action_apply()
        mention = self.proposal.mention_ids
        self.assertEqual(len(mention), 1)
        self.assertEqual(
            (mention.ticket_id, mention.message_id, mention.partner_id),
            (self.ticket, message, self.contact),
        )

    def test_a_request_names_exactly_one_proposal_from_a_ticket_or_room(self):
        Wizard = self.env["support.proposal.mention.wizard"].with_user(self.agent)
        proposals = self.env["support.proposal"].search([])
        for values in (
            {"ticket_id": self.ticket.id},
            {
                "ticket_id": self.ticket.id,
                "proposal_id": self.proposal.id,
                "new_proposal": "Dark mode",
            },
        ):
            with self.assertRaisesRegex(UserError, "name a new one"):
                Wizard.create(values).action_apply()
        # a message of neither a ticket nor a room is no customer request
        note = self.customer.message_post(body="CSV export")
        with self.assertRaisesRegex(UserError, "ticket or a support room"):
            Wizard.create(
                {"message_id": note.id, "proposal_id": self.proposal.id}
            ).action_apply()
        self.assertEqual(self.env["support.proposal"].search([]), proposals)
        self.assertFalse(self.proposal.mention_ids)

    def test_proposal_of_another_company_is_refused(self):
        company = self.env["res.company"].create({"name": "Other proposal company"})
        self.agent.company_ids |= company
        foreign = self.env["support.proposal"].create(
            {"name": "Dark mode", "company_id": company.id}
        )
        wizard = (
            self.env["support.proposal.mention.wizard"]
            .with_user(self.agent)
            .with_context(allowed_company_ids=[self.company.id, company.id])
            .create({"ticket_id": self.ticket.id, "proposal_id": foreign.id})
        )
        with self.assertRaisesRegex(UserError, "belongs to Other proposal company"):
            wizard.action_apply()
        self.assertFalse(foreign.mention_ids)
