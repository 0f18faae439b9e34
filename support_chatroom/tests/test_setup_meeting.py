# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from freezegun import freeze_time
from lxml import html

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SupportRoomCase

# Monday 7 December 2026, 10:00 in Berlin
NOW = "2026-12-07 09:00:00"


class SetupMeetingCase(SupportRoomCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.tz = "Europe/Berlin"
        cls.mockup = cls.project.item_ids.filtered(
            lambda item: item.name == "Mockup approved"
        )

    def _approve_design(self):
        self.mockup.with_user(self.portal_ann).sudo()._complete_by_customer("Fine")

    def _room_posts(self):
        return self.room.message_ids.filtered(
            lambda message: "Setup meeting:" in (message.body or "")
        )


@freeze_time(NOW)
class TestSetupMeeting(SetupMeetingCase):
    """Setup is done in a remote meeting (the agreement): the account
    manager proposes a slot; the customer's contacts are invited to a
    Discuss video call, and the room and the project's page show when."""

    def test_the_customer_is_invited_and_told(self):
        self._approve_design()
        self.project.with_user(self.agent).action_support_schedule_setup(
            "2026-12-14 09:00:00", 1.5
        )
        event = self.project.setup_event_id
        self.assertEqual(
            (event.start, event.stop),
            (datetime(2026, 12, 14, 9, 0), datetime(2026, 12, 14, 10, 30)),
        )
        # the customer's contact in the room, the account manager, the agent
        self.assertEqual(
            set(event.partner_ids.ids),
            {
                self.contact_ann.id,
                self.account_manager.partner_id.id,
                self.agent.partner_id.id,
            },
        )
        self.assertEqual(event.user_id, self.account_manager)
        self.assertEqual(
            (event.res_model, event.res_id), (self.project._name, self.project.id)
        )
        self.assertIn("/calendar/join_videocall/", event.videocall_location)
        self.assertTrue(event.access_token)
        # the room is told in the customer's time zone, with the link
        post = self._room_posts()
        self.assertEqual(len(post), 1)
        self.assertIn(
            "Setup meeting: Monday 14 December 2026, 10:00–11:30 (Berlin time).",
            post.body,
        )
        self.assertIn(event.videocall_location, post.body)

    def test_a_new_slot_moves_the_same_meeting(self):
        self._approve_design()
        project = self.project.with_user(self.agent)
        project.action_support_schedule_setup("2026-12-14 09:00:00")
        event = self.project.setup_event_id
        project.action_support_schedule_setup("2026-12-15 13:00:00", 2)
        self.assertEqual(self.project.setup_event_id, event)
        self.assertEqual(
            (event.start, event.stop),
            (datetime(2026, 12, 15, 13, 0), datetime(2026, 12, 15, 15, 0)),
        )
        self.assertEqual(
            self.env["calendar.event"].search_count(
                [
                    ("res_model", "=", "support.project"),
                    ("res_id", "=", self.project.id),
                ]
            ),
            1,
        )
        self.assertIn(
            "Tuesday 15 December 2026, 14:00–16:00", self._room_posts()[0].body
        )

    def test_the_time_zone_is_the_readers(self):
        self._approve_design()
        self.project.with_user(self.agent).action_support_schedule_setup(
            "2026-12-14 09:00:00"
        )
        self.contact_bob.tz = "Europe/Moscow"
        self.assertEqual(
            self.project._support_meeting_when(self.contact_bob),
            "Setup meeting: Monday 14 December 2026, 12:00–13:00 (Moscow time).",
        )

    def test_setup_waits_for_the_approvals(self):
        with self.assertRefused(UserError, "Mockup approved"):
            self.project.with_user(self.agent).action_support_schedule_setup(
                "2026-12-14 09:00:00"
            )
        self.assertFalse(self.project.setup_event_id)
        manager = new_test_user(
            self.env,
            login="meeting-manager",
            groups="base.group_user,support_entitlements.group_support_manager",
        )
        self.project.with_user(manager).action_support_override_order("Shop opens soon")
        self.project.with_user(self.agent).action_support_schedule_setup(
            "2026-12-14 09:00:00"
        )
        self.assertTrue(self.project.setup_event_id)

    def test_bad_slots_are_refused_with_a_sentence(self):
        self._approve_design()
        project = self.project.with_user(self.agent)
        for start, hours, sentence in (
            ("2026-12-07 08:00:00", 1, "a time to come"),
            ("2028-01-01 09:00:00", 1, "within the next 366 days"),
            ("next monday", 1, "date and time"),
            (None, 1, "date and time"),
            (12, 1, "date and time"),
            ("2026-12-14 09:00:00", 0, "from 15 minutes to 8 hours"),
            ("2026-12-14 09:00:00", 9, "from 15 minutes to 8 hours"),
            ("2026-12-14 09:00:00", True, "from 15 minutes to 8 hours"),
            ("2026-12-14 09:00:00", "1", "from 15 minutes to 8 hours"),
            ("2026-12-14 09:00:00", float("nan"), "from 15 minutes to 8 hours"),
        ):
            with self.subTest(start=start, hours=hours):
                with self.assertRefused(UserError, sentence):
                    project.action_support_schedule_setup(start, hours)
        self.assertFalse(self.project.setup_event_id)
        self.assertFalse(self._room_posts())

    def test_only_the_team_plans_it(self):
        self._approve_design()
        for user in (self.portal_ann, self.bystander):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.project.with_user(user).action_support_schedule_setup(
                    "2026-12-14 09:00:00"
                )
        # the meeting shown to the customer is the action's alone
        event = self.env["calendar.event"].create(
            {
                "name": "Elsewhere",
                "start": "2026-12-14 09:00:00",
                "stop": "2026-12-14 10:00:00",
            }
        )
        with self.assertRefused(UserError, "Setup Meeting cannot be written"):
            self.project.with_user(self.agent).write({"setup_event_id": event.id})
        self.assertFalse(self.project.setup_event_id)

    def test_no_meeting_once_setup_is_done(self):
        self._approve_design()
        setup = self.project.phase_ids.filtered(lambda phase: phase.phase == "setup")
        setup.sudo().state = "done"
        with self.assertRefused(UserError, "Setup is done"):
            self.project.with_user(self.agent).action_support_schedule_setup(
                "2026-12-14 09:00:00"
            )


@tagged("post_install", "-at_install")
class TestSetupMeetingPortal(HttpCase, SetupMeetingCase):
    """The customer's page of the project shows the meeting in their time
    zone, with the link while it is to come."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the tour logs in with the login as password
        cls.portal_ann.password = "room-ann"
        cls.portal_olga.password = "room-olga"
        cls.contact_ann.tz = "Europe/Moscow"
        cls.mockup.with_user(cls.portal_ann).sudo()._complete_by_customer("Fine")
        # a week ahead of the server's clock, which the pages read
        cls.start = (fields.Datetime.now() + timedelta(days=7)).replace(
            hour=9, minute=0, second=0, microsecond=0
        )
        cls.project.with_user(cls.agent).action_support_schedule_setup(cls.start)
        cls.url = f"/my/support-rooms/{cls.project.id}"

    def _page(self):
        response = self.url_open(self.url)
        self.assertEqual(response.status_code, 200)
        return html.fromstring(response.content)

    def test_the_customer_sees_the_meeting(self):
        self.authenticate("room-ann", "room-ann")
        page = self._page()
        (when,) = page.xpath("//*[contains(@class, 'o_support_setup_meeting_when')]")
        # Moscow is UTC+3 all year
        day = self.start.strftime("%A %-d %B %Y")
        self.assertEqual(
            when.text_content().strip(),
            f"Setup meeting: {day}, 12:00–13:00 (Moscow time).",
        )
        (join,) = page.xpath("//a[contains(@class, 'o_support_setup_meeting_join')]")
        self.assertEqual(
            join.get("href"), self.project.setup_event_id.videocall_location
        )

    def test_the_link_is_the_calls_whatever_the_event_says(self):
        event = self.project.setup_event_id
        token_url = event.videocall_location
        # any employee may edit a calendar event: its location is no link
        event.with_user(self.bystander).write(
            {"videocall_location": "javascript:alert(document.cookie)"}
        )
        self.authenticate("room-ann", "room-ann")
        (join,) = self._page().xpath(
            "//a[contains(@class, 'o_support_setup_meeting_join')]"
        )
        self.assertEqual(join.get("href"), token_url)

    def test_no_link_once_the_meeting_is_over(self):
        past = fields.Datetime.now() - timedelta(days=1)
        self.project.setup_event_id.write(
            {"start": past - timedelta(hours=1), "stop": past}
        )
        self.authenticate("room-ann", "room-ann")
        page = self._page()
        self.assertTrue(
            page.xpath("//*[contains(@class, 'o_support_setup_meeting_when')]")
        )
        self.assertFalse(
            page.xpath("//a[contains(@class, 'o_support_setup_meeting_join')]")
        )

    def test_another_customer_does_not_see_it(self):
        self.authenticate("room-olga", "room-olga")
        self.assertEqual(self.url_open(self.url).status_code, 404)

    def test_the_customer_finds_the_meeting_in_the_browser(self):
        self.start_tour(
            "/my/support-rooms", "support_setup_meeting_customer", login="room-ann"
        )

    def test_the_agent_plans_it_from_the_room(self):
        self.project.setup_event_id.unlink()
        self.agent.password = "room-agent"
        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{self.room.id}",
            "support_room_plan_setup",
            login="room-agent",
        )
        event = self.project.setup_event_id
        self.assertTrue(event)
        self.assertIn(self.agent.partner_id, event.partner_ids)


class TestPlanFromTheRoom(SetupMeetingCase):
    def test_only_a_room_and_its_team(self):
        action = self.room.with_user(self.agent).action_support_plan_setup()
        self.assertEqual(action["res_model"], "support.setup.meeting.wizard")
        self.assertEqual(action["context"], {"default_project_id": self.project.id})
        with self.assertRaises(AccessError):
            self.room.with_user(self.portal_ann).sudo().action_support_plan_setup()
        chat = self.env["discuss.channel"].create({"name": "Chat"})
        with self.assertRefused(UserError, "not a customer room"):
            chat.with_user(self.agent).action_support_plan_setup()
