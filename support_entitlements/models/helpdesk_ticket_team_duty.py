# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

from markupsafe import Markup
from pytz import timezone, utc

from odoo import api, fields, models
from odoo.tools.misc import format_date, format_time

from .claims import claim_once
from .resource_calendar import tz_place

FRIDAY = 4


class HelpdeskTicketTeamDuty(models.Model):
    """The team's week: its working calendar, the duty rota of its days off
    and the Friday reminder of who is on duty at the weekend."""

    # one concern per file (see helpdesk_ticket_team.py)
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "helpdesk.ticket.team"
    _support_ranges = {
        "support_duty_reminder_hour": (0, 23.99),
        "support_weekend_warning_hour": (0, 23.99),
    }

    support_duty_day_ids = fields.One2many(
        "support.duty.day", "team_id", string="Duty rota"
    )
    support_duty_reminder_hour = fields.Float(
        string="Remind on Friday at",
        default=15.0,
        help="On Friday from this time (the team's time zone), the team is told "
        "who is on duty at the weekend, once.",
    )
    support_weekend_warning = fields.Boolean(
        string="Warn customers before the weekend",
        help="On Friday from the time below, the customer of each open ticket "
        "that waits on the team and has no next action before Monday is told "
        "that the solution comes early next week (once per weekend).",
    )
    support_weekend_warning_hour = fields.Float(
        string="Warn on Friday at",
        default=16.0,
        help="The team's time zone.",
    )

    def _support_calendar(self):
        """The team's working week: its SLA policy's calendar, else the
        company's."""
        self.ensure_one()
        company = self.company_id or self.env.company
        return self.sla_policy_id.calendar_id or company.resource_calendar_id

    def _support_tz(self):
        self.ensure_one()
        return timezone(self._support_calendar().tz or "UTC")

    def _support_local_date(self, when):
        """The team's date at ``when`` (naive UTC)."""
        return utc.localize(when).astimezone(self._support_tz()).date()

    def _support_work_resumes_after(self, day):
        """The first working day of the team's calendar from ``day`` on
        (the Monday after a weekend, or the next day after a holiday)."""
        self.ensure_one()
        calendar = self._support_calendar()
        if not calendar:
            return day + timedelta(days=2)
        tz = self._support_tz()
        start = tz.localize(datetime.combine(day, time.min))
        intervals = calendar._work_intervals_batch(start, start + timedelta(days=21))[
            False
        ]
        first = next(iter(intervals), None)
        return first[0].astimezone(tz).date() if first else day + timedelta(days=2)

    def _support_end_of_day_minutes(self):
        """How long before the end of its working day the team takes up
        nothing new: its SLA policy's margin, else the company's policy's,
        else the seed's 30 minutes."""
        self.ensure_one()
        company = self.company_id or self.env.company
        policy = self.sla_policy_id or company.support_sla_policy_id
        return policy.end_of_day_minutes if policy else 30

    def _support_work_resumes_at(self, when):
        """When the team resumes work on a message written at ``when``
        (naive UTC): False during its working hours (see
        ``resource.calendar._support_work_resumes_at``)."""
        self.ensure_one()
        calendar = self._support_calendar()
        if not calendar:
            return False
        return calendar._support_work_resumes_at(
            when, self._support_end_of_day_minutes()
        )

    def _support_resume_sentences(self, when, resume, partner):
        """What a customer (``partner``) writing at ``when`` out of hours is
        told, in their language and time zone: when work continues
        (``resume``), and on a duty day that only blocking problems are
        handled and by whom."""
        self.ensure_one()
        lang = partner.lang or self.env.lang
        env = self.with_context(lang=lang).env
        tz_name = partner.tz or self._support_calendar().tz or "UTC"
        tz = timezone(tz_name)
        written = utc.localize(when).astimezone(tz).date()
        resumes = utc.localize(resume).astimezone(tz)
        values = {
            "time": format_time(
                env, resume, tz=tz_name, time_format="HH:mm", lang_code=lang
            ),
            "place": tz_place(tz_name),
        }
        if resumes.date() == written:
            text = env._(
                "Thank you for your message. We continue today after %(time)s "
                "(%(place)s time).",
                **values,
            )
        elif resumes.date() == written + timedelta(days=1):
            text = env._(
                "Thank you for your message. We continue tomorrow after %(time)s "
                "(%(place)s time).",
                **values,
            )
        else:
            text = env._(
                "Thank you for your message. We continue on %(day)s after "
                "%(time)s (%(place)s time).",
                day=format_date(
                    env, resumes.date(), lang_code=lang, date_format="EEEE d MMMM"
                ),
                **values,
            )
        sentences = [text]
        duty = self._support_duty_on(when)
        if duty.user_id:
            sentences.append(
                env._(
                    "Today only blocking problems are handled: %(user)s is on duty.",
                    user=duty.user_id.name,
                )
            )
        elif duty:
            sentences.append(
                env._("Nobody is on duty today: we read blocking problems first.")
            )
        return sentences

    def _support_duty_on(self, when):
        """The duty entry of the team's day at ``when`` (naive UTC), if any."""
        self.ensure_one()
        day = self._support_local_date(when)
        return self.support_duty_day_ids.filtered(lambda duty: duty.date == day)[:1]

    @api.model
    def _cron_remind_weekend_duty(self, now=None, teams=None):
        """On Friday afternoon, tell each team with a rota for the coming
        weekend who is on duty, once per team and weekend, even with several
        workers (the reminder is claimed by an insert a unique key lets
        succeed once). ``teams`` restricts the run (all teams with a rota
        by default). Returns the teams reminded."""
        now = now or fields.Datetime.now()
        # the cron reads every company's teams and posts as the system
        teams = (teams or self.search([("support_duty_day_ids", "!=", False)])).sudo()
        reminded = self.browse()
        for team in teams:
            local = utc.localize(now).astimezone(team._support_tz())
            hour = local.hour + local.minute / 60
            if local.weekday() != FRIDAY or hour < team.support_duty_reminder_hour:
                continue
            saturday = local.date() + timedelta(days=1)
            days = team.support_duty_day_ids.filtered(
                lambda duty, saturday=saturday: (
                    saturday <= duty.date <= saturday + timedelta(days=1)
                )
            )
            if not days or not team._support_claim_reminder(saturday, now):
                continue
            team._support_post_duty_reminder(days)
            reminded |= team
        return reminded

    def _support_claim_reminder(self, saturday, now):
        """True for the one transaction that claims the team's reminder of
        the weekend of ``saturday`` (``claims.py``)."""
        self.ensure_one()
        claimed = claim_once(
            self.env,
            "support_duty_reminder",
            {"team_id": self.id, "weekend_date": saturday, "reminded_date": now},
            ("team_id", "weekend_date"),
        )
        self.env["support.duty.reminder"].invalidate_model()
        return bool(claimed)

    def _support_post_duty_reminder(self, days):
        self.ensure_one()
        lines = []
        for duty in days:
            day = format_date(self.env, duty.date, date_format="EEEE d MMMM")
            if not duty.user_id:
                line = self.env._("%(day)s: nobody is on duty.", day=day)
            elif duty.backup_user_id:
                line = self.env._(
                    "%(day)s: %(user)s is on duty, then %(backup)s.",
                    day=day,
                    user=duty.user_id.name,
                    backup=duty.backup_user_id.name,
                )
            else:
                line = self.env._(
                    "%(day)s: %(user)s is on duty.", day=day, user=duty.user_id.name
                )
            lines.append(line)
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._(
                "Weekend duty: on duty days only blocking problems are handled."
            ),
            Markup().join(Markup("<li>%s</li>") % line for line in lines),
        )
        self.message_post(
            body=body,
            partner_ids=(
                self.user_ids | days.user_id | days.backup_user_id
            ).partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )
