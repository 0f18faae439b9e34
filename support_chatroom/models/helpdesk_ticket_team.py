# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import models
from odoo.tools import SQL


class HelpdeskTicketTeam(models.Model):
    """A customer room waiting for an answer is a conversation its agent on
    duty holds: the team's load alerts count it beside the tickets."""

    _inherit = "helpdesk.ticket.team"

    def _support_waiting_rooms_sql(self):
        """(user_id, channel_id, since, message_id, project_id) of the
        team's rooms whose customer wrote after the last answer of an
        employee: held by the project's agent on duty since the customer's
        first message waiting (the team's own out-of-hours replies are no
        answer)."""
        self.ensure_one()
        return SQL(
            """
            SELECT project.duty_user_id AS user_id, project.channel_id,
                   MIN(message.date) AS since, MIN(message.id) AS message_id,
                   project.id AS project_id
              FROM support_project project
              JOIN mail_message message
                   ON message.model = 'discuss.channel'
                  AND message.res_id = project.channel_id
                  AND message.message_type = 'comment'
              JOIN res_partner author ON author.id = message.author_id
             WHERE project.team_id = %(team)s
               AND project.active
               AND project.duty_user_id IS NOT NULL
               AND author.commercial_partner_id = project.partner_id
               AND message.id > COALESCE((
                       SELECT MAX(answer.id)
                         FROM mail_message answer
                         JOIN res_users employee
                              ON employee.partner_id = answer.author_id
                             AND NOT employee.share
                        WHERE answer.model = 'discuss.channel'
                          AND answer.res_id = project.channel_id
                          AND answer.message_type = 'comment'
                   ), 0)
          GROUP BY project.id
            """,
            team=self.id,
        )

    def _support_open_conversations_sql(self):
        return SQL(
            "%s UNION ALL SELECT room.user_id, room.channel_id FROM (%s) room",
            super()._support_open_conversations_sql(),
            self._support_waiting_rooms_sql(),
        )

    def _support_alert_held_too_long(self, now):
        alerts = super()._support_alert_held_too_long(now)
        since = now - timedelta(hours=self.support_load_max_hours)
        self.env.cr.execute(
            SQL(
                "SELECT * FROM (%s) room WHERE room.since <= %s ORDER BY 2",
                self._support_waiting_rooms_sql(),
                since,
            )
        )
        projects = self.env["support.project"]
        for (
            user_id,
            channel_id,
            _since,
            message_id,
            project_id,
        ) in self.env.cr.fetchall():
            if user_id == self.user_id.id:
                continue  # the leader holds it: nobody to tell
            # once per agent and waiting stretch of the room
            key = f"room:{channel_id}:{user_id}:{message_id}"
            alert = self._support_claim_alert(key, "long", user_id, None, now)
            if not alert:
                continue
            self._support_offer_help(
                projects.browse(project_id),
                self.env._(
                    "%(agent)s has held the conversation in this customer's room "
                    "for more than %(hours)s hours.",
                    agent=alert.user_id.name,
                    hours=self.support_load_max_hours,
                ),
            )
            alerts |= alert
        return alerts
