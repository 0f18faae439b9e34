# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError

from .sla_common import SlaCase, berlin, create_calendar


class TestSlaPauses(SlaCase):
    def test_pause_across_weekend_resumed_by_customer(self):
        with freeze_time(berlin(2026, 12, 4, 10, 0)):
            ticket = self.create_ticket(berlin(2026, 12, 4, 10, 0), self.non_critical)
        # without the pause: 8 h on Friday, 4 h on Monday
        self.assertEqual(self.line(ticket).deadline, berlin(2026, 12, 7, 13, 0))
        with freeze_time(berlin(2026, 12, 4, 12, 0)):
            ticket.stage_id = self.stage_awaiting
        with freeze_time(berlin(2026, 12, 5, 10, 0)):
            ticket.message_post(
                body="Answer on Saturday",
                author_id=self.customer.id,
                message_type="email",
                subtype_xmlid="mail.mt_comment",
            )
        # 2 h on Friday, Friday afternoon paused, 9 h on Monday, 1 h on Tuesday
        self.assertEqual(self.line(ticket).deadline, berlin(2026, 12, 8, 10, 0))

    def test_pause_across_holiday_resumed_by_stage_change(self):
        with freeze_time(berlin(2026, 12, 23, 10, 0)):
            ticket = self.create_ticket(berlin(2026, 12, 23, 10, 0), self.non_critical)
        with freeze_time(berlin(2026, 12, 23, 12, 0)):
            ticket.stage_id = self.stage_awaiting
        with freeze_time(berlin(2026, 12, 24, 15, 0)):
            ticket.stage_id = self.stage_progress
        # 2 h on the 23rd, 3 h on the 24th, Christmas off, 7 h on Monday 28th
        self.assertEqual(self.line(ticket).deadline, berlin(2026, 12, 28, 16, 0))
        self.assertEqual(ticket.sla_pause_ids.resumed_by, "stage_change")

    def test_ticket_created_waiting_is_paused(self):
        with freeze_time(berlin(2026, 12, 2, 10, 0)):
            ticket = self.create_ticket(
                berlin(2026, 12, 2, 10, 0),
                self.critical,
                stage_id=self.stage_awaiting.id,
            )
        self.assertTrue(ticket.sla_paused)
        self.assertEqual(ticket.sla_status, "paused")

    def test_agent_message_does_not_resume(self):
        with freeze_time(berlin(2026, 12, 2, 10, 0)):
            ticket = self.create_ticket(berlin(2026, 12, 2, 10, 0), self.critical)
            ticket.stage_id = self.stage_awaiting
            ticket.message_post(
                body="Reminder", message_type="comment", subtype_xmlid="mail.mt_note"
            )
        self.assertTrue(ticket.sla_paused)


class TestSlaRecompute(SlaCase):
    def test_severity_change_replaces_targets(self):
        ticket = self.create_ticket(berlin(2026, 12, 4, 17, 0), self.critical)
        self.assertEqual(self.line(ticket).deadline, berlin(2026, 12, 5, 12, 0))
        self.assertFalse(self.line(ticket, "resolution"))
        ticket.severity_id = self.non_critical
        self.assertEqual(self.line(ticket).deadline, berlin(2026, 12, 8, 11, 0))
        self.assertTrue(self.line(ticket, "resolution"))
        self.assertEqual(self.line(ticket).target_id.severity_id, self.non_critical)

    def test_clause_change_recomputes_open_tickets(self):
        ticket = self.create_ticket(berlin(2026, 12, 2, 10, 0), self.critical)
        clause = self.line(ticket).target_id.clause_ids.filtered(
            lambda clause: clause.calendar_id == self.business
        )
        clause.hours = 2
        self.assertEqual(self.line(ticket).deadline, berlin(2026, 12, 2, 12, 0))

    def test_team_change_applies_other_policy(self):
        ticket = self.create_ticket(berlin(2026, 12, 2, 10, 0), self.critical)
        other = self.policy.copy({"name": "Faster policy"})
        other.target_ids.filtered(
            lambda target: target.severity_id == self.critical
        ).clause_ids.filtered(lambda c: c.calendar_id == self.business).hours = 1
        team = self.env["helpdesk.ticket.team"].create(
            {"name": "Faster team", "sla_policy_id": other.id}
        )
        ticket.team_id = team
        self.assertEqual(ticket.sla_policy_id, other)
        self.assertEqual(self.line(ticket).deadline, berlin(2026, 12, 2, 11, 0))

    def test_archived_policy_falls_back_to_company_default(self):
        default = self.policy.copy({"name": "Company default"})
        default.target_ids.filtered(
            lambda target: target.severity_id == self.critical
        ).clause_ids.filtered(lambda c: c.calendar_id == self.business).hours = 2
        self.env.company.support_sla_policy_id = default
        ticket = self.create_ticket(berlin(2026, 12, 2, 10, 0), self.critical)
        self.assertEqual(ticket.sla_policy_id, self.policy)
        self.policy.active = False
        self.assertEqual(ticket.sla_policy_id, default)
        self.assertEqual(self.line(ticket).deadline, berlin(2026, 12, 2, 12, 0))

    def test_first_response_reached_by_public_agent_reply(self):
        with freeze_time(berlin(2026, 12, 2, 10, 0)):
            ticket = self.create_ticket(berlin(2026, 12, 2, 10, 0), self.critical)
        agent = self.env.ref("support_entitlements.user_support_agent")
        with freeze_time(berlin(2026, 12, 2, 10, 20)):
            ticket.with_user(agent).message_post(
                body="Internal", message_type="comment", subtype_xmlid="mail.mt_note"
            )
        self.assertEqual(ticket.sla_agent_reaction_date, berlin(2026, 12, 2, 10, 20))
        self.assertFalse(self.line(ticket).reached_date, "a note is no response")
        with freeze_time(berlin(2026, 12, 2, 11, 0)):
            ticket.with_user(agent).message_post(
                body="We are on it",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(self.line(ticket).reached_date, berlin(2026, 12, 2, 11, 0))
        self.assertEqual(self.line(ticket).status, "met")
        self.assertEqual(ticket.sla_status, "met")

    def test_breached_stays_breached(self):
        with freeze_time(berlin(2026, 12, 2, 10, 0)):
            ticket = self.create_ticket(berlin(2026, 12, 2, 10, 0), self.critical)
        line = self.line(ticket)
        with freeze_time(berlin(2026, 12, 2, 15, 0)):
            self.env["support.ticket.sla"]._cron_refresh_status()
        self.assertEqual(line.status, "at_risk")
        with freeze_time(berlin(2026, 12, 2, 17, 0)):
            self.env["support.ticket.sla"]._cron_refresh_status()
        self.assertTrue(line.breached)
        self.assertEqual(line.breached_date, berlin(2026, 12, 2, 16, 0))
        self.assertEqual(ticket.sla_status, "breached")
        with freeze_time(berlin(2026, 12, 2, 17, 30)):
            # more time granted afterwards: the promise was still broken
            ticket.write({"sla_start_date": berlin(2026, 12, 2, 16, 0)})
            ticket.severity_id = self.non_critical
        self.assertTrue(line.exists(), "a breached target is kept")
        self.assertTrue(line.breached)
        self.assertEqual(line.deadline, berlin(2026, 12, 2, 16, 0))
        self.assertEqual(ticket.sla_status, "breached")

    def test_late_response_is_breached(self):
        with freeze_time(berlin(2026, 12, 2, 10, 0)):
            ticket = self.create_ticket(berlin(2026, 12, 2, 10, 0), self.critical)
        agent = self.env.ref("support_entitlements.user_support_agent")
        with freeze_time(berlin(2026, 12, 2, 16, 30)):
            ticket.with_user(agent).message_post(
                body="Sorry for the wait",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertTrue(self.line(ticket).breached)
        self.assertEqual(self.line(ticket).breached_date, berlin(2026, 12, 2, 16, 0))
        self.assertEqual(ticket.sla_status, "breached")

    def test_portal_reply_resumes(self):
        portal = self.env["res.users"].create(
            {
                "name": "Portal replier",
                "login": "sla_portal_replier",
                "email": "replier@example.com",
                "groups_id": [(6, 0, self.env.ref("base.group_portal").ids)],
            }
        )
        with freeze_time(berlin(2026, 12, 2, 10, 0)):
            ticket = self.create_ticket(
                berlin(2026, 12, 2, 10, 0),
                self.critical,
                partner_id=portal.partner_id.id,
            )
        with freeze_time(berlin(2026, 12, 2, 11, 0)):
            ticket.stage_id = self.stage_awaiting
        with freeze_time(berlin(2026, 12, 3, 10, 0)):
            ticket.with_user(portal).message_post(
                body="Done on my side",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertFalse(ticket.sla_paused)
        self.assertEqual(self.line(ticket).deadline, berlin(2026, 12, 3, 15, 0))


class TestSlaFallbacks(SlaCase):
    def test_ticket_without_team_uses_company_default(self):
        self.env.company.support_sla_policy_id = self.policy
        ticket = self.create_ticket(
            berlin(2026, 12, 2, 10, 0), self.critical, team_id=False, user_id=False
        )
        self.assertFalse(ticket.team_id)
        self.assertEqual(ticket.sla_policy_id, self.policy)
        self.assertEqual(self.line(ticket).deadline, berlin(2026, 12, 2, 16, 0))

    def test_ticket_without_any_policy_has_no_sla(self):
        self.env.company.support_sla_policy_id = False
        ticket = self.create_ticket(
            berlin(2026, 12, 2, 10, 0), self.critical, team_id=False, user_id=False
        )
        self.assertFalse(ticket.sla_policy_id)
        self.assertFalse(ticket.sla_ids)
        self.assertFalse(ticket.sla_status)
        self.assertFalse(ticket._sla_work_resumes_at(berlin(2026, 12, 5, 10, 0)))

    def test_calendar_emptied_later_gives_no_deadline(self):
        ticket = self.create_ticket(berlin(2026, 12, 2, 10, 0), self.non_critical)
        # bypass the clause check, as if the calendar were edited afterwards
        self.business.attendance_ids.unlink()
        ticket._sla_recompute()
        self.assertTrue(self.line(ticket))
        self.assertFalse(self.line(ticket).deadline)
        self.assertFalse(ticket.sla_status)


class TestSlaBadInput(SlaCase):
    def test_calendar_without_working_hours_refused(self):
        empty = create_calendar(self.env, "No hours", (), 9, 18)
        target = self.policy.target_ids[0]
        count = len(target.clause_ids)
        with self.assertRefused("has no working hours"):
            self.env["support.sla.clause"].create(
                {"target_id": target.id, "hours": 4, "calendar_id": empty.id}
            )
        self.assertEqual(len(target.clause_ids), count)
        with self.assertRefused("has no working hours"):
            self.policy.calendar_id = empty
        self.policy.invalidate_recordset()
        self.assertEqual(self.policy.calendar_id, self.business)

    def test_negative_hours_refused(self):
        target = self.policy.target_ids[0]
        clause = target.clause_ids[0]
        # refused before the database sees them, with the clause hours' range
        with self.assertRefused("must be a number from 0 to 10000"):
            self.env["support.sla.clause"].create(
                {"target_id": target.id, "hours": -2, "calendar_id": self.business.id}
            )
        with self.assertRefused("must be a number from 0 to 10000"):
            clause.hours = -1
        with self.assertRefused("positive number of hours"):
            clause.hours = 0
        clause.invalidate_recordset()
        self.assertEqual(clause.hours, 6)
        self.assertEqual(len(target.clause_ids), 2)

    def test_clause_without_calendar_refused(self):
        target = self.policy.target_ids[0]
        with self.assertRefused("needs a calendar"):
            self.env["support.sla.clause"].create({"target_id": target.id, "hours": 3})
        with self.assertRefused("needs a calendar"):
            target.clause_ids[0].calendar_id = False
        target.invalidate_recordset()
        self.assertEqual(len(target.clause_ids), 2)
        self.assertTrue(all(target.clause_ids.mapped("calendar_id")))

    def test_policy_of_another_company_refused(self):
        other = self.env["res.company"].create({"name": "Other support company"})
        foreign = self.env["support.sla.policy"].create(
            {"name": "Foreign policy", "company_id": other.id}
        )
        # Odoo's check_company (a UserError) names the field and the record
        with self.assertRefused(r"SLA policy.*Foreign policy", UserError):
            self.team.sla_policy_id = foreign
        self.team.invalidate_recordset()
        self.assertEqual(self.team.sla_policy_id, self.policy)
        with self.assertRefused(r"Default SLA policy.*Foreign policy", UserError):
            self.env.company.support_sla_policy_id = foreign
        foreign_calendar = create_calendar(
            self.env, "Foreign hours", range(5), 8, 16, company=other
        )
        with self.assertRefused(r"Foreign hours.*another company", UserError):
            self.policy.target_ids[0].clause_ids = [
                Command.create({"hours": 2, "calendar_id": foreign_calendar.id})
            ]
        # a clause moved to the other company's policy takes its calendar
        # along: refused too (the clause's company follows its target)
        foreign_target = self.env["support.sla.target"].create(
            {
                "policy_id": foreign.id,
                "severity_id": self.critical.id,
                "kind": "resolution",
            }
        )
        clause = self.policy.target_ids[0].clause_ids[0]
        with self.assertRefused(r"Calendar.*another company", UserError):
            clause.target_id = foreign_target
        clause.invalidate_recordset()
        self.assertEqual(clause.target_id, self.policy.target_ids[0])
        with self.assertRefused(r"Working hours.*Foreign hours", UserError):
            self.policy.calendar_id = foreign_calendar
        self.policy.invalidate_recordset()
        self.assertNotEqual(self.policy.calendar_id, foreign_calendar)
        self.assertEqual(len(self.policy.target_ids[0].clause_ids), 2)


class TestSlaBatch(SlaCase):
    def _recompute_queries(self, tickets):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE support_sla_clause SET hours = hours + 1 WHERE id IN %s",
            [tuple(self.policy.target_ids.clause_ids.ids)],
        )
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        tickets._sla_recompute()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_queries_do_not_grow_with_tickets(self):
        def batch(count):
            return self.env["helpdesk.ticket"].concat(
                *(
                    self.create_ticket(
                        berlin(2026, 12, 1 + n % 20, 10, 0),
                        self.critical if n % 2 else self.non_critical,
                    )
                    for n in range(count)
                )
            )

        few = self._recompute_queries(batch(4))
        many = self._recompute_queries(batch(40))
        self.assertLessEqual(many, few + 4, f"{few} queries for 4, {many} for 40")
