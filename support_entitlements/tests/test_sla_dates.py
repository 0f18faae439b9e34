# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import Form

from .sla_common import SlaCase, berlin


class TestNextActionAndDeadlineDates(SlaCase):
    def test_deadline_date_needs_complete_scope(self):
        ticket = self.create_ticket(berlin(2026, 12, 2, 10, 0), self.question)
        ticket.next_action_date = date(2026, 12, 4)
        with self.assertRefused("scope is complete"):
            ticket.deadline_date = date(2026, 12, 18)
        ticket.invalidate_recordset()
        self.assertFalse(ticket.deadline_date)
        ticket.write({"scope_complete": True, "deadline_date": date(2026, 12, 18)})
        self.assertEqual(ticket.deadline_date, date(2026, 12, 18))
        with self.assertRefused("scope is complete"):
            ticket.scope_complete = False
        ticket.invalidate_recordset()
        self.assertTrue(ticket.scope_complete)

    def test_date_changes_are_tracked(self):
        ticket = self.create_ticket(berlin(2026, 12, 2, 10, 0), self.question)
        # changes in the transaction creating a record are not tracked
        self.env.cr.flush()
        ticket.next_action_date = date(2026, 12, 4)
        ticket.write({"scope_complete": True, "deadline_date": date(2026, 12, 18)})
        self.env.flush_all()
        self.env.cr.flush()
        ticket.invalidate_recordset(["message_ids"])
        tracked = ticket.message_ids.tracking_value_ids.field_id.mapped("name")
        for name in ("next_action_date", "deadline_date", "scope_complete"):
            self.assertIn(name, tracked)

    def test_form_offers_deadline_date_once_scope_complete(self):
        ticket = self.create_ticket(berlin(2026, 12, 2, 10, 0), self.question)
        agent = self.env.ref("support_entitlements.user_support_agent")
        with Form(ticket.with_user(agent)) as form:
            form.next_action_date = date(2026, 12, 4)
            with self.assertRaises(AssertionError):
                form.deadline_date = date(2026, 12, 18)
            form.scope_complete = True
            form.deadline_date = date(2026, 12, 18)
        self.assertEqual(ticket.deadline_date, date(2026, 12, 18))
        self.assertEqual(ticket.next_action_date, date(2026, 12, 4))
