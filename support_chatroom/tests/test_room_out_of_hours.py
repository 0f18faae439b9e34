# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import threading
from datetime import date, datetime

from freezegun import freeze_time
from psycopg2 import errors
from pytz import timezone, utc

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase
from odoo.tools import mute_logger

from .common import SupportRoomCase, create_team_off_now

MOSCOW = timezone("Europe/Moscow")


def moscow(*args):
    """Naive UTC datetime of a wall-clock time in Moscow."""
    return MOSCOW.localize(datetime(*args)).astimezone(utc).replace(tzinfo=None)


class RoomWeekCase(SupportRoomCase):
    """The room of a team working the seed's week: 9-18 Moscow time, a
    holiday, duty Saturdays (one with nobody), Sunday off."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.calendar = env["resource.calendar"].create(
            {
                "name": "Room team week",
                "tz": "Europe/Moscow",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9,
                            "hour_to": 18,
                            "day_period": "morning",
                        }
                    )
                    for day in range(5)
                ],
                "global_leave_ids": [
                    Command.clear(),
                    Command.create(
                        {
                            "name": "Holiday",
                            "date_from": moscow(2026, 12, 8, 0, 0),
                            "date_to": moscow(2026, 12, 8, 23, 59, 59),
                        }
                    ),
                ],
            }
        )
        policy = env["support.sla.policy"].create(
            {
                "name": "Room team policy",
                "calendar_id": cls.calendar.id,
                "end_of_day_minutes": 30,
            }
        )
        cls.team = env["helpdesk.ticket.team"].create(
            {
                "name": "Room team",
                "user_ids": [Command.set(cls.agent.ids)],
                "sla_policy_id": policy.id,
            }
        )
        env["support.duty.day"].create(
            [
                {"team_id": cls.team.id, "date": date(2026, 12, 12)},
                {
                    "team_id": cls.team.id,
                    "date": date(2026, 12, 19),
                    "user_id": cls.agent.id,
                },
            ]
        )
        cls.project.team_id = cls.team
        cls.agent.name = "Irina Duty"
        cls.contact_ann.write({"tz": "Europe/Moscow", "lang": "en_US"})

    def post(self, when, user=None, body="Is anybody there?"):
        """Post as ``user`` (the customer by default) at ``when``, as the
        /mail/message/post route does (sudo, for members); the room's
        automatic replies that followed."""
        user = user or self.portal_ann
        with freeze_time(when):
            before = self.room.message_ids
            self.room.with_user(user).sudo().message_post(
                body=body, message_type="comment"
            )
            self.room.invalidate_recordset(["message_ids"])
            return (self.room.message_ids - before).filtered(
                lambda message: message.author_id == self.company.partner_id
            )


class TestRoomOutOfHours(RoomWeekCase):
    """A customer writing in their room outside the team's hours, on a duty
    day or in the last half hour of the day is told when work continues,
    once per pause."""

    def test_no_reply_during_working_hours(self):
        self.assertFalse(self.post(moscow(2026, 12, 9, 11, 0)))
        self.assertFalse(self.post(moscow(2026, 12, 9, 17, 29)))

    def test_last_half_hour_and_evening_once_per_pause(self):
        [reply] = self.post(moscow(2026, 12, 9, 17, 30))
        self.assertIn("tomorrow after 09:00 (Moscow time)", reply.body)
        self.assertEqual(reply.message_type, "comment")
        self.assertFalse(self.post(moscow(2026, 12, 9, 18, 0)), "the same pause")
        self.assertFalse(self.post(moscow(2026, 12, 10, 7, 0)), "the same pause")
        self.assertFalse(self.post(moscow(2026, 12, 10, 12, 0)), "working hours")
        [reply] = self.post(moscow(2026, 12, 10, 21, 0))
        self.assertIn("tomorrow after 09:00", reply.body, "a new pause")
        self.assertEqual(
            self.env["support.room.reply"].search_count(
                [("channel_id", "=", self.room.id)]
            ),
            2,
        )

    def test_early_morning_is_today(self):
        [reply] = self.post(moscow(2026, 12, 9, 7, 30))
        self.assertIn("today after 09:00 (Moscow time)", reply.body)

    def test_friday_17_59_and_18_00_continue_on_monday(self):
        [reply] = self.post(moscow(2026, 12, 4, 17, 59))
        self.assertIn("on Monday 7 December after 09:00", reply.body)
        self.assertFalse(self.post(moscow(2026, 12, 4, 18, 0)), "the same pause")
        self.assertNotIn("duty", reply.body)

    def test_a_holiday_is_skipped(self):
        [reply] = self.post(moscow(2026, 12, 7, 18, 30))
        self.assertIn("on Wednesday 9 December after 09:00", reply.body)

    def test_duty_saturday_says_who_is_on_duty(self):
        [reply] = self.post(moscow(2026, 12, 19, 11, 0))
        self.assertIn("on Monday 21 December after 09:00", reply.body)
        self.assertIn(
            "Today only blocking problems are handled: Irina Duty is on duty.",
            reply.body,
        )

    def test_a_saturday_with_nobody_on_duty(self):
        [reply] = self.post(moscow(2026, 12, 12, 11, 0))
        self.assertIn("Nobody is on duty today", reply.body)

    def test_sunday_without_rota(self):
        [reply] = self.post(moscow(2026, 12, 13, 11, 0))
        self.assertIn("tomorrow after 09:00", reply.body)
        self.assertNotIn("duty", reply.body)

    def test_customer_time_zone_and_language(self):
        """Told in the customer's language and time zone: Berlin is two
        hours behind Moscow, one hour more once summer time ends."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.contact_ann.write({"tz": "Europe/Berlin", "lang": "fr_FR"})
        [reply] = self.post(moscow(2026, 12, 4, 19, 0))
        self.assertIn("lundi 7 décembre", reply.body)
        self.assertIn("07:00 (Berlin time)", reply.body)
        # summer time ends on Sunday 25 October: Friday is UTC+2 in Berlin,
        # Monday UTC+1
        [reply] = self.post(moscow(2026, 10, 23, 19, 0))
        self.assertIn("lundi 26 octobre", reply.body)
        self.assertIn("07:00 (Berlin time)", reply.body)

    def test_agents_and_posts_on_behalf_get_no_reply(self):
        self.room._add_members(users=self.agent, post_joined_message=False)
        self.assertFalse(self.post(moscow(2026, 12, 9, 21, 0), user=self.agent))
        with freeze_time(moscow(2026, 12, 9, 21, 0)):
            # an import or a demo posting as the customer is not the customer
            self.room.message_post(
                body="Imported", message_type="comment", author_id=self.contact_ann.id
            )
        self.assertFalse(
            self.env["support.room.reply"].search([("channel_id", "=", self.room.id)])
        )

    def test_a_room_without_team_does_not_answer(self):
        self.project.team_id = False
        self.assertFalse(self.post(moscow(2026, 12, 9, 21, 0)))

    def test_the_team_belongs_to_the_project_company(self):
        other_company = self.env["res.company"].create({"name": "Room Other Co"})
        foreign_team = self.env["helpdesk.ticket.team"].create(
            {"name": "Foreign team", "company_id": other_company.id}
        )
        with self.assertRefused(UserError, "Incompatible companies"):
            self.project.team_id = foreign_team


class TestRoomLoad(RoomWeekCase):
    """A room waiting for an answer is a conversation its agent on duty
    holds: the team's load alerts count it beside the tickets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.write(
            {
                "user_ids": [Command.set((cls.agent | cls.trial_agent).ids)],
                "user_id": cls.agent.id,
                "support_load_max_open": 1,
                "support_load_max_hours": 4,
            }
        )

    def alert(self, now):
        return self.env["helpdesk.ticket.team"]._cron_alert_team_load(
            now=now, teams=self.team
        )

    def test_a_waiting_room_counts_as_an_open_conversation(self):
        self.team.support_load_max_hours = 0
        self.assertEqual(self.project.duty_user_id, self.trial_agent)
        self.env["helpdesk.ticket"].create(
            {
                "name": "Held by the trial agent",
                "description": "<p>x</p>",
                "team_id": self.team.id,
                "user_id": self.trial_agent.id,
            }
        )
        self.assertFalse(self.alert(moscow(2026, 12, 9, 10, 0)), "one ticket")
        self.post(moscow(2026, 12, 9, 10, 30))
        alerts = self.alert(moscow(2026, 12, 9, 11, 0))
        self.assertEqual((alerts.kind, alerts.user_id), ("load", self.trial_agent))
        [note] = self.team.message_ids.filtered(
            lambda message: "offer help" in (message.body or "")
        )
        self.assertIn("holds 2 open conversations", note.body)
        # answered, the room waits no more
        self.room._add_members(users=self.trial_agent, post_joined_message=False)
        self.post(moscow(2026, 12, 9, 11, 30), user=self.trial_agent, body="On it")
        self.assertFalse(self.alert(moscow(2026, 12, 10, 11, 0)), "a new day")

    def test_a_room_held_too_long_once_per_waiting_stretch(self):
        self.team.support_load_max_open = 0
        # at night: the team's own reply is no answer
        self.assertTrue(self.post(moscow(2026, 12, 8, 22, 0)))
        self.assertFalse(self.alert(moscow(2026, 12, 9, 1, 59)), "under 4 hours")
        [alert] = self.alert(moscow(2026, 12, 9, 2, 0))
        self.assertEqual((alert.kind, alert.user_id), ("long", self.trial_agent))
        [activity] = self.project.activity_ids
        self.assertEqual(activity.user_id, self.agent)
        self.assertIn(self.trial_agent.name, activity.note)
        self.post(moscow(2026, 12, 9, 9, 30), body="Still there?")
        self.assertFalse(self.alert(moscow(2026, 12, 9, 12, 0)), "once")
        # answered, then a new question waits: a new stretch
        self.room._add_members(users=self.trial_agent, post_joined_message=False)
        self.post(moscow(2026, 12, 9, 12, 30), user=self.trial_agent, body="Done")
        self.post(moscow(2026, 12, 9, 13, 0), body="One more thing")
        self.assertFalse(self.alert(moscow(2026, 12, 9, 16, 59)))
        self.assertTrue(self.alert(moscow(2026, 12, 9, 17, 0)))
        self.assertEqual(len(self.project.activity_ids), 2)


class TestRoomReplyConcurrency(TransactionCase):
    """Two workers receiving a customer's messages at once answer once: the
    demo's Northwind room, following a team that works three days from now
    only (so that now is out of its hours)."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            team = create_team_off_now(env, "Concurrency room week")
            project = env.ref("support_chatroom.project_northwind")
            self.ids = {
                "calendar": team.sla_policy_id.calendar_id.id,
                "policy": team.sla_policy_id.id,
                "team": team.id,
                "project": project.id,
                "team_before": project.team_id.id,
                "channel": project.channel_id.id,
                "last_message": max(project.channel_id.message_ids.ids),
            }
            project.team_id = team
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["support.project"].browse(self.ids["project"]).team_id = self.ids[
                "team_before"
            ]
            env["mail.message"].search(
                [
                    ("model", "=", "discuss.channel"),
                    ("res_id", "=", self.ids["channel"]),
                    ("id", ">", self.ids["last_message"]),
                ]
            ).unlink()
            env["support.room.reply"].search(
                [("channel_id", "=", self.ids["channel"])]
            ).unlink()
            env["helpdesk.ticket.team"].browse(self.ids["team"]).unlink()
            env["support.sla.policy"].browse(self.ids["policy"]).unlink()
            env["resource.calendar"].browse(self.ids["calendar"]).unlink()

    def post(self, cr, body):
        env = api.Environment(cr, SUPERUSER_ID, {})
        customer = env.ref("support_entitlements.user_portal_mia")
        room = env["discuss.channel"].browse(self.ids["channel"])
        room.with_user(customer).sudo().message_post(body=body, message_type="comment")

    def test_two_workers_answer_once(self):
        failures = []

        def second_worker():
            # as Odoo does with a request, retried on a serialisation failure
            # (Discuss's own update of the room's members conflicts with A's)
            for _attempt in range(5):
                try:
                    with mute_logger("odoo.sql_db"), self.registry.cursor() as cr_b:
                        cr_b.execute("SET lock_timeout = '20s'")
                        self.post(cr_b, "Anyone there? (second tab)")
                        cr_b.commit()  # pylint: disable=invalid-commit
                        return
                except errors.SerializationFailure:
                    continue
                except Exception as error:  # noqa: BLE001 - reported below
                    failures.append(error)
                    return

        with self.registry.cursor() as cr_a:
            self.post(cr_a, "Anyone there?")
            # worker B posts while A has not committed: it waits for A's claim
            worker = threading.Thread(target=second_worker)
            worker.start()
            worker.join(1)
            self.assertTrue(worker.is_alive(), "B waits for A's claim")
            cr_a.commit()  # pylint: disable=invalid-commit
        worker.join(30)
        self.assertFalse(worker.is_alive())
        self.assertFalse(failures)
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT body FROM mail_message WHERE model = 'discuss.channel'"
                " AND res_id = %s AND id > %s ORDER BY id",
                (self.ids["channel"], self.ids["last_message"]),
            )
            bodies = [body for (body,) in cr.fetchall()]
        self.assertEqual(len(bodies), 3, bodies)
        self.assertEqual(
            len([body for body in bodies if "We continue on" in body]), 1, bodies
        )
