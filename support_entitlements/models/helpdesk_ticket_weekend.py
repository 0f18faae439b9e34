# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from pytz import utc

from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import format_date

from .claims import claim_once
from .helpdesk_ticket_team_duty import FRIDAY


class HelpdeskTicketWeekend(models.Model):
    """Before the weekend, customers whose ticket will not be solved before
    it are told that the solution comes early next week (the seed's "if
    the weekend is coming, warn the customer")."""

    # one concern per file (see helpdesk_ticket.py)
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "helpdesk.ticket"

    @api.model
    def _cron_warn_before_weekend(self, now=None, teams=None):
        """On Friday from each team's warning time (its time zone), tell the
        customer of each open ticket that waits on the team and has no next
        action before Monday that work continues next week: once per ticket
        and weekend, even with several workers. ``teams`` restricts the run.
        Returns the tickets warned."""
        now = now or fields.Datetime.now()
        Team = self.env["helpdesk.ticket.team"]
        # the cron reads every company's teams and tickets, and posts as the
        # system
        teams = (teams or Team.search([("support_weekend_warning", "=", True)])).sudo()
        warned = self.browse()
        for team in teams:
            local = utc.localize(now).astimezone(team._support_tz())
            hour = local.hour + local.minute / 60
            if local.weekday() != FRIDAY or hour < team.support_weekend_warning_hour:
                continue
            saturday = local.date() + timedelta(days=1)
            resumes = team._support_work_resumes_after(saturday)
            for ticket in self._support_weekend_candidates(team, saturday):
                if ticket._support_claim_weekend_notice(saturday, now):
                    ticket._support_warn_weekend(resumes)
                    warned |= ticket
        return warned

    @api.model
    def _support_weekend_candidates(self, team, saturday):
        """The team's open tickets that wait on the team (not on the
        customer: its stage pauses the SLA, or an agent wrote last) and have
        no next action before the weekend ends."""
        monday = saturday + timedelta(days=2)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT ticket.id
                  FROM helpdesk_ticket ticket
                  JOIN helpdesk_ticket_stage stage ON stage.id = ticket.stage_id
             LEFT JOIN LATERAL (
                       SELECT author.id IS NOT NULL AS by_agent
                         FROM mail_message message
                    LEFT JOIN res_users author
                           ON author.partner_id = message.author_id
                          AND NOT author.share
                          -- the system's own notices (this one) are no answer
                          AND author.id != %(system)s
                        WHERE message.model = 'helpdesk.ticket'
                          AND message.res_id = ticket.id
                          AND message.message_type IN ('comment', 'email')
                          AND message.subtype_id = %(comment)s
                     ORDER BY message.id DESC
                        LIMIT 1
                       ) last ON TRUE
                 WHERE ticket.team_id = %(team)s
                   AND ticket.active
                   AND ticket.partner_id IS NOT NULL
                   AND NOT stage.closed
                   AND NOT COALESCE(stage.sla_pause, FALSE)
                   AND NOT COALESCE(last.by_agent, FALSE)
                   AND (ticket.next_action_date IS NULL
                        OR ticket.next_action_date >= %(monday)s)
              ORDER BY ticket.id
                """,
                team=team.id,
                comment=self.env.ref("mail.mt_comment").id,
                system=SUPERUSER_ID,
                monday=monday,
            )
        )
        return self.browse(row[0] for row in self.env.cr.fetchall())

    def _support_claim_weekend_notice(self, saturday, now):
        """True for the one transaction that claims the ticket's notice of
        the weekend of ``saturday`` (``claims.py``)."""
        self.ensure_one()
        claimed = claim_once(
            self.env,
            "support_weekend_notice",
            {"ticket_id": self.id, "weekend_date": saturday, "notified_date": now},
            ("ticket_id", "weekend_date"),
        )
        self.env["support.weekend.notice"].invalidate_model()
        return bool(claimed)

    def _support_warn_weekend(self, resumes):
        """Tell the customer, in their language, that the solution comes
        early next week, when work continues."""
        self.ensure_one()
        ticket = self.with_context(lang=self.partner_id.lang or self.env.lang)
        day = format_date(ticket.env, resumes, date_format="EEEE d MMMM")
        ticket._support_tell_customer(
            ticket.env._(
                "The weekend is coming: the solution to your request will come "
                "early next week. We continue on %(day)s.",
                day=day,
            )
        )
