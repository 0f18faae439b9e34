# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user

from .sla_common import SlaCase


class TestTeamLoad(SlaCase):
    """The team leader is told once when an agent holds too many open
    conversations, or one conversation for too long."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        group = "support_entitlements.group_support_agent"
        cls.anna = new_test_user(cls.env, "load_anna", group, name="Anna")
        cls.boris = new_test_user(cls.env, "load_boris", group, name="Boris")
        cls.lead = new_test_user(cls.env, "load_lead", group, name="Lead")
        cls.team.write(
            {
                "user_ids": [Command.set((cls.anna | cls.boris | cls.lead).ids)],
                "user_id": cls.lead.id,
            }
        )

    def alert(self, now):
        return self.env["helpdesk.ticket.team"]._cron_alert_team_load(
            now=now, teams=self.team
        )

    def tickets(self, user, count, **values):
        return self.env["helpdesk.ticket"].concat(
            *(
                self.create_ticket(
                    self.frozen_now, self.non_critical, user_id=user.id, **values
                )
                for _index in range(count)
            )
        )

    def test_too_many_open_conversations_once_a_day(self):
        self.team.support_load_max_open = 2
        self.tickets(self.anna, 3)
        self.tickets(self.boris, 2)
        self.tickets(self.boris, 2, stage_id=self.stage_done.id)  # closed: not held
        now = self.frozen_now
        alert = self.alert(now)
        self.assertEqual((alert.kind, alert.user_id), ("load", self.anna))
        [note] = self.team.message_ids.filtered(
            lambda m: "offer help" in (m.body or "")
        )
        self.assertIn("Anna holds 3 open conversations", note.body)
        self.assertEqual(note.partner_ids, self.lead.partner_id)
        self.assertFalse(self.alert(now + timedelta(hours=3)), "once a day")
        self.assertEqual(self.alert(now + timedelta(days=1)).user_id, self.anna)

    def test_a_conversation_held_too_long_once_per_agent(self):
        self.team.support_load_max_hours = 4
        [ticket] = self.tickets(self.anna, 1)
        [own] = self.tickets(self.lead, 1)
        start = ticket.assigned_date
        self.assertFalse(self.alert(start + timedelta(hours=3, minutes=59)))
        alert = self.alert(start + timedelta(hours=4))
        self.assertEqual((alert.kind, alert.ticket_id), ("long", ticket))
        activity = ticket.activity_ids
        self.assertEqual(
            (activity.user_id, activity.summary), (self.lead, "Offer help")
        )
        self.assertFalse(own.activity_ids, "the leader's own ticket")
        self.assertFalse(self.alert(start + timedelta(hours=9)), "once")
        with self.subTest("a new agent's turn counts afresh"):
            ticket.user_id = self.boris
            later = ticket.assigned_date
            self.assertFalse(self.alert(later + timedelta(hours=3)))
            self.assertEqual(self.alert(later + timedelta(hours=4)).user_id, self.boris)

    def test_limits_are_checked(self):
        for values in (
            {"support_load_max_hours": 10_000},
            {"support_load_max_open": -1},
        ):
            with self.assertRaises(ValidationError):
                self.team.write(values)
        self.assertEqual(
            (self.team.support_load_max_open, self.team.support_load_max_hours), (0, 0)
        )
        # no limit: no alert however many tickets
        self.tickets(self.anna, 3)
        self.assertFalse(self.alert(self.frozen_now + timedelta(days=30)))
