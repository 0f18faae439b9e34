# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .claims import claim_once


class HelpdeskTicketTeamLoad(models.Model):
    """The playbook's "pay attention to dialogues held by the same operator
    for a long time, offer help; if there are lots of dialogues, ask for
    help": the team lead is told once when an agent holds more open
    conversations than the team allows, or one conversation for too long."""

    # one concern per file (see helpdesk_ticket_team.py)
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "helpdesk.ticket.team"
    # up to a month with the same agent
    _support_ranges = {
        "support_load_max_open": (0, 10_000),
        "support_load_max_hours": (0, 720),
    }

    support_load_max_open = fields.Integer(
        string="Open conversations per agent",
        help="When an agent holds more open tickets of the team than this, the "
        "team leader is told (once a day). 0: no alert.",
    )
    support_load_max_hours = fields.Integer(
        string="Hours with the same agent",
        help="When an open ticket has been with the same agent for longer, the "
        "team leader gets an activity to offer help (once per ticket and agent). "
        "0: no alert.",
    )

    @api.model
    def _cron_alert_team_load(self, now=None, teams=None):
        """Tell each team's leader about overloaded agents and conversations
        held too long, once each. ``teams`` restricts the run (all teams with
        a leader and a limit by default). Returns the alerts sent."""
        now = now or fields.Datetime.now()
        # the cron reads every company's teams and tickets, and posts as the
        # system
        teams = (
            teams
            or self.search(
                [
                    ("user_id", "!=", False),
                    "|",
                    ("support_load_max_open", ">", 0),
                    ("support_load_max_hours", ">", 0),
                ]
            )
        ).sudo()
        alerts = self.env["support.load.alert"]
        self.env.flush_all()
        for team in teams.filtered("user_id"):
            if team.support_load_max_open > 0:
                alerts |= team._support_alert_overloaded(now)
            if team.support_load_max_hours > 0:
                alerts |= team._support_alert_held_too_long(now)
        return alerts

    def _support_open_tickets_sql(self, extra):
        return SQL(
            """
            SELECT ticket.user_id, %(columns)s
              FROM helpdesk_ticket ticket
              JOIN helpdesk_ticket_stage stage ON stage.id = ticket.stage_id
             WHERE ticket.team_id = %(team)s AND ticket.active
               AND ticket.user_id IS NOT NULL AND NOT stage.closed
                   %(extra)s
            """,
            columns=extra[0],
            team=self.id,
            extra=extra[1],
        )

    def _support_open_conversations_sql(self):
        """The team's open conversations, one row (user_id) per conversation
        an agent holds: its open tickets (other addons add theirs, such as
        the customer rooms waiting for an answer)."""
        self.ensure_one()
        return self._support_open_tickets_sql((SQL("ticket.id"), SQL()))

    def _support_alert_overloaded(self, now):
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                """
                SELECT conversation.user_id, COUNT(*)
                  FROM (%s) conversation
              GROUP BY conversation.user_id
                HAVING COUNT(*) > %s
              ORDER BY 1
                """,
                self._support_open_conversations_sql(),
                self.support_load_max_open,
            )
        )
        alerts = self.env["support.load.alert"]
        for user_id, count in self.env.cr.fetchall():
            key = f"load:{self.id}:{user_id}:{now.date()}"
            alert = self._support_claim_alert(key, "load", user_id, None, now)
            if not alert:
                continue
            agent = alert.user_id
            self.message_post(
                body=self.env._(
                    "%(agent)s holds %(count)s open conversations (the team's "
                    "limit is %(limit)s): offer help.",
                    agent=agent.name,
                    count=count,
                    limit=self.support_load_max_open,
                ),
                partner_ids=self.user_id.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
            alerts |= alert
        return alerts

    def _support_alert_held_too_long(self, now):
        self.ensure_one()
        since = now - timedelta(hours=self.support_load_max_hours)
        self.env.cr.execute(
            SQL(
                "%s ORDER BY ticket.id",
                self._support_open_tickets_sql(
                    (SQL("ticket.id"), SQL("AND ticket.assigned_date <= %s", since))
                ),
            )
        )
        alerts = self.env["support.load.alert"]
        for user_id, ticket_id in self.env.cr.fetchall():
            if user_id == self.user_id.id:
                continue  # the leader holds it: nobody to tell
            key = f"long:{ticket_id}:{user_id}"
            alert = self._support_claim_alert(key, "long", user_id, ticket_id, now)
            if not alert:
                continue
            self._support_offer_help(
                alert.ticket_id,
                self.env._(
                    "%(agent)s has held this conversation for more than %(hours)s "
                    "hours.",
                    agent=alert.user_id.name,
                    hours=self.support_load_max_hours,
                ),
            )
            alerts |= alert
        return alerts

    def _support_offer_help(self, record, note):
        """A to-do for the team leader on ``record`` (a ticket, or what holds
        another conversation): offer help, as ``note`` says why."""
        self.ensure_one()
        record.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=self.user_id.id,
            summary=self.env._("Offer help"),
            note=note,
        )

    def _support_claim_alert(self, key, kind, user_id, ticket_id, now):
        """The alert ``key`` if this transaction claimed it (``claims.py``)."""
        self.ensure_one()
        Alert = self.env["support.load.alert"]
        claimed = claim_once(
            self.env,
            "support_load_alert",
            {
                "key": key,
                "kind": kind,
                "team_id": self.id,
                "user_id": user_id,
                "ticket_id": ticket_id,
                "alert_date": now,
            },
            ("key",),
        )
        Alert.invalidate_model()
        return Alert.browse(claimed or [])
