# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user

from .sla_common import SlaCase, berlin


class TestWeekendWarning(SlaCase):
    """Friday afternoon: customers whose ticket waits on the team past the
    weekend are told the solution comes early next week, once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.write(
            {"support_weekend_warning": True, "support_weekend_warning_hour": 16.0}
        )
        cls.agent = new_test_user(
            cls.env,
            "weekend_agent",
            "support_entitlements.group_support_agent",
            name="Weekend agent",
        )
        cls.ticket = cls.create_ticket(berlin(2026, 12, 3, 10, 0), cls.non_critical)

    def warn(self, now):
        return self.env["helpdesk.ticket"]._cron_warn_before_weekend(
            now=now, teams=self.team
        )

    def warnings(self, ticket):
        return ticket.message_ids.filtered(
            lambda message: "early next week" in (message.body or "")
        )

    def test_friday_from_its_time_once_per_weekend(self):
        self.assertFalse(self.warn(berlin(2026, 12, 3, 16, 0)), "Thursday")
        self.assertFalse(self.warn(berlin(2026, 12, 4, 15, 59)))
        self.assertEqual(self.warn(berlin(2026, 12, 4, 16, 0)), self.ticket)
        self.assertFalse(self.warn(berlin(2026, 12, 4, 17, 30)), "once")
        [warning] = self.warnings(self.ticket)
        self.assertIn("Monday 7 December", warning.body)
        self.assertEqual(warning.message_type, "comment")
        self.assertEqual(warning.partner_ids, self.customer)
        self.assertFalse(warning.is_internal)
        # the next weekend is another one
        self.assertEqual(self.warn(berlin(2026, 12, 11, 16, 0)), self.ticket)

    def test_only_tickets_that_wait_on_the_team_past_the_weekend(self):
        soon = self.create_ticket(
            berlin(2026, 12, 3, 10, 0),
            self.non_critical,
            next_action_date=date(2026, 12, 4),
        )
        later = self.create_ticket(
            berlin(2026, 12, 3, 10, 0),
            self.non_critical,
            next_action_date=date(2026, 12, 7),
        )
        waiting = self.create_ticket(
            berlin(2026, 12, 3, 10, 0),
            self.non_critical,
            stage_id=self.stage_awaiting.id,
        )
        done = self.create_ticket(
            berlin(2026, 12, 3, 10, 0), self.non_critical, stage_id=self.stage_done.id
        )
        answered = self.create_ticket(berlin(2026, 12, 3, 10, 0), self.non_critical)
        answered.with_user(self.agent).message_post(
            body="Here is the answer",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        asked_again = self.create_ticket(berlin(2026, 12, 3, 10, 0), self.non_critical)
        asked_again.with_user(self.agent).message_post(
            body="Here is the answer",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        asked_again.message_post(
            body="It still fails",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=self.customer.id,
        )
        nobody = self.create_ticket(
            berlin(2026, 12, 3, 10, 0), self.non_critical, partner_id=False
        )
        warned = self.warn(berlin(2026, 12, 4, 16, 0))
        self.assertEqual(warned, self.ticket | later | asked_again)
        for ticket in (soon, waiting, done, answered, nobody):
            self.assertFalse(self.warnings(ticket))

    def test_a_holiday_after_the_weekend_moves_the_day(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Company day",
                "calendar_id": self.business.id,
                "date_from": berlin(2026, 12, 7, 0, 0),
                "date_to": berlin(2026, 12, 7, 23, 59, 59),
            }
        )
        self.warn(berlin(2026, 12, 4, 16, 0))
        self.assertIn("Tuesday 8 December", self.warnings(self.ticket).body)

    def test_in_the_customers_language_and_the_teams_time(self):
        self.env.ref("base.lang_fr").active = True
        self.customer.lang = "fr_FR"
        # 16:00 in Berlin is 15:00 UTC in December
        self.assertFalse(
            self.env["helpdesk.ticket"]._cron_warn_before_weekend(
                now=berlin(2026, 12, 4, 15, 59), teams=self.team
            )
        )
        self.warn(berlin(2026, 12, 4, 16, 0))
        self.assertIn("lundi 7 décembre", self.warnings(self.ticket).body)

    def test_teams_that_do_not_warn_and_bad_settings(self):
        self.team.support_weekend_warning = False
        self.assertFalse(
            self.env["helpdesk.ticket"]._cron_warn_before_weekend(
                now=berlin(2026, 12, 4, 16, 0)
            )
            & self.ticket
        )
        with self.assertRaises(ValidationError):
            self.team.support_weekend_warning_hour = -1
        self.assertEqual(self.team.support_weekend_warning_hour, 16.0)
