# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.tests import TransactionCase

from .sla_common import SlaCase, berlin


class TestEscalationLevels(SlaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Level = cls.env["support.escalation.level"]
        cls.duty = Level.create(
            {
                "name": "Duty",
                "delay_minutes": 30,
                "severity_ids": [(6, 0, cls.critical.ids)],
                "user_ids": [(6, 0, cls.env.ref("base.user_admin").ids)],
            }
        )
        cls.leads = Level.create(
            {
                "name": "Leads",
                "delay_minutes": 60,
                "severity_ids": [(6, 0, cls.critical.ids)],
                "user_ids": [(6, 0, cls.env.ref("base.user_admin").ids)],
            }
        )
        cls.levels = cls.duty | cls.leads

    def escalate(self, now):
        return self.env["helpdesk.ticket"]._cron_escalate_blocking_tickets(
            now=now, levels=self.levels
        )

    def test_levels_fire_in_turn_once(self):
        start = berlin(2026, 12, 2, 10, 0)
        blocking = self.create_ticket(start, self.critical)
        other = self.create_ticket(start, self.non_critical)
        self.assertFalse(self.escalate(start + timedelta(minutes=29)))
        self.assertEqual(self.escalate(start + timedelta(minutes=31)), blocking)
        self.assertEqual(blocking.escalation_ids.level_id, self.duty)
        self.assertFalse(self.escalate(start + timedelta(minutes=45)))
        self.assertEqual(self.escalate(start + timedelta(minutes=61)), blocking)
        self.assertEqual(blocking.escalation_ids.level_id, self.levels)
        self.assertFalse(self.escalate(start + timedelta(minutes=120)))
        self.assertFalse(other.escalation_ids)
        notes = blocking.message_ids.filtered(lambda m: "Escalation" in m.body)
        self.assertEqual(len(notes), 2)
        self.assertIn(self.env.ref("base.user_admin").partner_id, notes.partner_ids)

    def test_agent_reaction_prevents_escalation(self):
        start = berlin(2026, 12, 2, 10, 0)
        ticket = self.create_ticket(start, self.critical)
        agent = self.env.ref("support_entitlements.user_support_agent")
        ticket.with_user(agent).message_post(
            body="Looking", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(self.escalate(start + timedelta(minutes=90)))


class TestEscalationConcurrency(TransactionCase):
    """Two cron workers with their own database cursors notify once."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            severity = env["support.severity"].create(
                {"name": "Concurrency blocking", "is_blocking": True}
            )
            level = env["support.escalation.level"].create(
                {
                    "name": "Concurrency level",
                    "delay_minutes": 30,
                    "severity_ids": [(6, 0, severity.ids)],
                }
            )
            ticket = env["helpdesk.ticket"].create(
                {
                    "name": "Concurrency ticket",
                    "description": "<p>Down</p>",
                    "severity_id": severity.id,
                    "sla_start_date": fields.Datetime.now() - timedelta(hours=1),
                }
            )
            self.ids = {"severity": severity.id, "level": level.id, "ticket": ticket.id}
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["helpdesk.ticket"].browse(self.ids["ticket"]).unlink()
            env["support.escalation.level"].browse(self.ids["level"]).unlink()
            env["support.severity"].browse(self.ids["severity"]).unlink()

    def run_cron(self, cr):
        env = api.Environment(cr, SUPERUSER_ID, {})
        levels = env["support.escalation.level"].browse(self.ids["level"])
        return env["helpdesk.ticket"]._cron_escalate_blocking_tickets(levels=levels).ids

    def test_two_workers_notify_once(self):
        ticket_id = self.ids["ticket"]
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            # a worker that waited for the other would fail here, not hang
            cr_b.execute("SET lock_timeout = '2s'")
            self.assertEqual(self.run_cron(cr_a), [ticket_id])
            # worker B runs while A has not committed: the ticket is skipped
            self.assertEqual(self.run_cron(cr_b), [])
            cr_a.commit()  # pylint: disable=invalid-commit
            cr_b.rollback()
            # and after A committed, the notice exists
            self.assertEqual(self.run_cron(cr_b), [])
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM support_ticket_escalation WHERE ticket_id = %s",
                (ticket_id,),
            )
            self.assertEqual(cr.fetchone()[0], 1)
            cr.execute(
                "SELECT count(*) FROM mail_message WHERE model = 'helpdesk.ticket'"
                " AND res_id = %s AND body LIKE %s",
                (ticket_id, "%Escalation%"),
            )
            self.assertEqual(cr.fetchone()[0], 1)

    def test_claim_is_unique_even_without_the_lock(self):
        """The unique key alone refuses a second notice of the same level."""
        ticket_id = self.ids["ticket"]
        with self.registry.cursor() as cr_a:
            self.assertEqual(self.run_cron(cr_a), [ticket_id])
            cr_a.execute(
                "INSERT INTO support_ticket_escalation (ticket_id, level_id,"
                " notified_date) VALUES (%s, %s, now() at time zone 'utc')"
                " ON CONFLICT (ticket_id, level_id) DO NOTHING RETURNING id",
                (ticket_id, self.ids["level"]),
            )
            self.assertIsNone(cr_a.fetchone())
            cr_a.rollback()
