# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
from datetime import date, datetime, timedelta

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user

from .sla_common import SlaCase, berlin, create_calendar


class TestDutyRota(SlaCase):
    """The team's weekend: who is on duty, the Friday reminder, and
    blocking tickets escalated to the person on duty."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        agent_group = "support_entitlements.group_support_agent"
        cls.anna = new_test_user(cls.env, "duty_anna", agent_group, name="Anna")
        cls.boris = new_test_user(cls.env, "duty_boris", agent_group, name="Boris")
        cls.lead = new_test_user(cls.env, "duty_lead", agent_group, name="Lead")
        cls.manager = new_test_user(
            cls.env,
            "duty_manager",
            "support_entitlements.group_support_manager",
            name="Manager",
        )
        cls.team.write(
            {
                "user_ids": [Command.set((cls.anna | cls.boris | cls.lead).ids)],
                "support_duty_reminder_hour": 15.0,
            }
        )
        Duty = cls.env["support.duty.day"]
        # Saturday 5 December 2026 on duty, Sunday the 6th nobody
        cls.saturday = Duty.create(
            {
                "team_id": cls.team.id,
                "date": date(2026, 12, 5),
                "user_id": cls.anna.id,
                "backup_user_id": cls.boris.id,
            }
        )
        cls.sunday = Duty.create({"team_id": cls.team.id, "date": date(2026, 12, 6)})

    def remind(self, now, teams=None):
        return self.env["helpdesk.ticket.team"]._cron_remind_weekend_duty(
            now=now, teams=teams or self.team
        )

    def reminders(self, team=None):
        return (team or self.team).message_ids.filtered(
            lambda message: "Weekend duty" in (message.body or "")
        )

    def test_friday_reminder_from_its_hour_once(self):
        self.assertFalse(self.remind(berlin(2026, 12, 3, 16, 0)), "Thursday")
        self.assertFalse(self.remind(berlin(2026, 12, 4, 14, 59)))
        self.assertEqual(self.remind(berlin(2026, 12, 4, 15, 0)), self.team)
        self.assertFalse(self.remind(berlin(2026, 12, 4, 17, 59)), "once")
        self.assertFalse(self.remind(berlin(2026, 12, 4, 18, 0)), "once")
        [reminder] = self.reminders()
        self.assertIn("Anna is on duty, then Boris", reminder.body)
        self.assertIn("nobody is on duty", reminder.body)
        self.assertIn("Saturday", reminder.body)
        self.assertEqual(
            reminder.partner_ids, (self.anna | self.boris | self.lead).partner_id
        )
        # the next weekend has no rota: nothing to remind
        self.assertFalse(self.remind(berlin(2026, 12, 11, 16, 0)))

    def test_reminder_in_the_reader_language(self):
        self.env.ref("base.lang_fr").active = True
        self.team.with_context(lang="fr_FR")._support_post_duty_reminder(
            self.saturday | self.sunday
        )
        self.assertIn("samedi 5 décembre", self.reminders().body)

    def test_the_hour_is_the_teams_in_its_time_zone(self):
        moscow = create_calendar(self.env, "Moscow shifts", range(5), 9, 19)
        moscow.tz = "Europe/Moscow"
        policy = self.policy.copy({"name": "Moscow policy", "calendar_id": moscow.id})
        team = self.env["helpdesk.ticket.team"].create(
            {
                "name": "Moscow team",
                "sla_policy_id": policy.id,
                "support_duty_reminder_hour": 15.0,
                "support_duty_day_ids": [
                    Command.create({"date": date(2026, 12, 5), "user_id": self.anna.id})
                ],
            }
        )
        # 15:00 in Moscow (UTC+3, no daylight saving) is 12:00 UTC; Berlin's
        # team is reminded later, at 14:00 UTC
        both = team | self.team
        self.assertFalse(self.remind(datetime(2026, 12, 4, 11, 59), both))
        self.assertEqual(self.remind(datetime(2026, 12, 4, 12, 0), both), team)
        self.assertFalse(self.remind(datetime(2026, 12, 4, 13, 59), both))
        self.assertEqual(self.remind(datetime(2026, 12, 4, 14, 0), both), self.team)

    def test_daylight_saving_moves_the_reminder_in_utc(self):
        Duty = self.env["support.duty.day"]
        for day in (date(2026, 10, 24), date(2026, 10, 31)):
            Duty.create({"team_id": self.team.id, "date": day, "user_id": self.lead.id})
        # Friday 23 October: summer time (UTC+2); Friday 30: winter time (UTC+1)
        self.assertFalse(self.remind(datetime(2026, 10, 23, 12, 59)))
        self.assertEqual(self.remind(datetime(2026, 10, 23, 13, 0)), self.team)
        self.assertFalse(self.remind(datetime(2026, 10, 30, 13, 59)))
        self.assertEqual(self.remind(datetime(2026, 10, 30, 14, 0)), self.team)

    def test_rota_entries_name_team_members(self):
        outsider = new_test_user(self.env, "duty_outsider", "base.group_user")
        Duty = self.env["support.duty.day"]
        refused = [
            ("not a member", {"user_id": outsider.id}),
            ("someone else", {"user_id": self.anna.id, "backup_user_id": self.anna.id}),
            ("before the next level", {"backup_user_id": self.anna.id}),
        ]
        for pattern, values in refused:
            with self.assertRaises(ValidationError) as caught:
                Duty.create(
                    {"team_id": self.team.id, "date": date(2026, 12, 12), **values}
                )
            self.assertIn(pattern, str(caught.exception))
        with self.assertRaises(ValidationError):
            Duty.create({"team_id": self.team.id, "date": "85360-01-01"})
        with self.assertRaises(ValidationError):
            self.team.support_duty_reminder_hour = 25
        self.assertFalse(
            self.team.support_duty_day_ids.filtered(lambda d: d.date.day == 12)
        )
        self.assertEqual(self.team.support_duty_reminder_hour, 15.0)

    def test_agents_read_the_rota_and_managers_edit_it(self):
        self.assertEqual(
            self.saturday.with_user(self.anna).user_id.name, "Anna", "agents see it"
        )
        with self.assertRaises(AccessError):
            self.saturday.with_user(self.anna).write({"user_id": self.boris.id})
        self.saturday.with_user(self.manager).write({"user_id": self.lead.id})
        self.assertEqual(self.saturday.user_id, self.lead)

    def test_the_demo_teams_week(self):
        """The demo's team: two staggered shifts, Saturday on duty, Sunday off."""
        ref = self.env.ref
        team = ref("support_entitlements.helpdesk_team_support")
        days = team.support_duty_day_ids
        saturdays = days.filtered(lambda day: day.date.weekday() == 5)
        sundays = days.filtered(lambda day: day.date.weekday() == 6)
        self.assertTrue(saturdays and all(saturdays.mapped("user_id")))
        self.assertTrue(sundays and not sundays.user_id)
        self.assertTrue(team.support_weekend_warning)
        shifts = {
            user.resource_calendar_id: sorted(
                {
                    (a.hour_from, a.hour_to)
                    for a in user.resource_calendar_id.attendance_ids
                }
            )
            for user in (
                ref("support_entitlements.user_support_agent"),
                ref("base.user_admin"),
            )
        }
        self.assertEqual(
            sorted(shifts.values()),
            [[(9.0, 13.0), (14.0, 18.0)], [(10.0, 14.0), (15.0, 19.0)]],
        )
        self.assertEqual({c.tz for c in shifts}, {"Europe/Moscow"})
        # the leader hears of overloaded agents and conversations held long
        self.assertEqual(
            (team.user_id, team.support_load_max_open, team.support_load_max_hours),
            (ref("base.user_admin"), 5, 48),
        )
        # a complex question was promised a date, a simple one was not
        complex_ticket = ref("support_entitlements.ticket_bluefin_import")
        self.assertEqual(complex_ticket.support_complexity, "complex")
        self.assertEqual(complex_ticket.support_promise_state, "pending")
        self.assertGreater(
            complex_ticket.support_promise_date, complex_ticket.support_rated_date
        )
        simple = ref("support_entitlements.ticket_northwind_shipping")
        self.assertEqual(
            (simple.support_complexity, simple.support_promise_date), ("simple", False)
        )

    def _levels(self):
        Level = self.env["support.escalation.level"]
        first = Level.create(
            {
                "name": "First",
                "delay_minutes": 30,
                "severity_ids": [Command.set(self.critical.ids)],
                "user_ids": [Command.set(self.lead.ids)],
            }
        )
        second = Level.create(
            {
                "name": "Second",
                "delay_minutes": 60,
                "severity_ids": [Command.set(self.critical.ids)],
                "user_ids": [Command.set(self.lead.ids)],
            }
        )
        return first | second

    def _escalation_partners(self, start):
        levels = self._levels()
        ticket = self.create_ticket(start, self.critical)
        Ticket = self.env["helpdesk.ticket"]
        for minutes in (31, 61):
            Ticket._cron_escalate_blocking_tickets(
                now=start + timedelta(minutes=minutes), levels=levels
            )
        notes = ticket.message_ids.filtered(lambda m: "Escalation" in m.body)
        return [note.partner_ids for note in notes.sorted("id")]

    def test_weekend_escalation_goes_to_the_person_on_duty_then_the_next(self):
        partners = self._escalation_partners(berlin(2026, 12, 5, 10, 0))
        self.assertEqual(partners, [self.anna.partner_id, self.boris.partner_id])

    def test_escalation_without_anyone_on_duty_goes_to_the_levels(self):
        partners = self._escalation_partners(berlin(2026, 12, 6, 10, 0))
        self.assertEqual(partners, [self.lead.partner_id] * 2)

    def test_working_day_escalation_goes_to_the_levels(self):
        partners = self._escalation_partners(berlin(2026, 12, 7, 10, 0))
        self.assertEqual(partners, [self.lead.partner_id] * 2)


class TestDutyReminderConcurrency(TransactionCase):
    """Two cron workers with their own cursors remind the team once."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            team = env["helpdesk.ticket.team"].create(
                {
                    "name": "Concurrency duty team",
                    "support_duty_reminder_hour": 0.0,
                    "support_duty_day_ids": [
                        Command.create({"date": date(2026, 12, 5), "note": "Nobody"})
                    ],
                }
            )
            self.ids = {"team": team.id}
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["helpdesk.ticket.team"].browse(self.ids["team"]).unlink()

    def run_cron(self, cr):
        env = api.Environment(cr, SUPERUSER_ID, {})
        teams = env["helpdesk.ticket.team"]
        # Friday 4 December 2026, noon UTC: Friday afternoon in any European zone
        return teams._cron_remind_weekend_duty(
            now=datetime(2026, 12, 4, 12, 0), teams=teams.browse(self.ids["team"])
        ).ids

    def test_two_workers_remind_once(self):
        team_id = self.ids["team"]
        outcome = {}

        def second_worker():
            with self.registry.cursor() as cr_b:
                cr_b.execute("SET lock_timeout = '20s'")
                outcome["ids"] = self.run_cron(cr_b)
                cr_b.commit()  # pylint: disable=invalid-commit

        with self.registry.cursor() as cr_a:
            self.assertIn(team_id, self.run_cron(cr_a))
            # worker B runs while A has not committed: it waits for A's claim
            worker = threading.Thread(target=second_worker)
            worker.start()
            worker.join(1)
            self.assertTrue(worker.is_alive(), "B waits for A's claim")
            cr_a.commit()  # pylint: disable=invalid-commit
        worker.join(30)
        self.assertFalse(worker.is_alive())
        self.assertNotIn(team_id, outcome["ids"])
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM mail_message WHERE model = 'helpdesk.ticket.team'"
                " AND res_id = %s AND body LIKE %s",
                (team_id, "%Weekend duty%"),
            )
            self.assertEqual(cr.fetchone()[0], 1)
