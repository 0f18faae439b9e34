# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class HelpdeskTicketEscalation(models.Model):
    """Blocking tickets escalated level by level, once per level."""

    # one concern per file (see helpdesk_ticket.py)
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "helpdesk.ticket"

    @api.model
    def _cron_escalate_blocking_tickets(self, now=None, levels=None):
        """Notify escalation users of blocking tickets no agent reacted to.

        Each ticket is notified once per level, even with several workers: the
        candidate tickets are locked with SKIP LOCKED, and the notice is claimed
        by an insert a unique key makes succeed only once. ``levels`` restricts
        the run to some levels (all active ones by default).
        """
        now = now or fields.Datetime.now()
        self.env.flush_all()
        if levels is None:
            levels = self.env["support.escalation.level"].sudo().search([])
        notified = self.browse()
        for level in levels:
            self.env.cr.execute(
                SQL(
                    """
                    SELECT ticket.id
                      FROM helpdesk_ticket ticket
                      JOIN support_severity severity
                        ON severity.id = ticket.severity_id
                      LEFT JOIN helpdesk_ticket_stage stage
                        ON stage.id = ticket.stage_id
                     WHERE severity.is_blocking
                       AND (%(any_severity)s OR severity.id = ANY(%(severities)s))
                       AND ticket.active
                       AND NOT COALESCE(stage.closed, FALSE)
                       AND ticket.sla_agent_reaction_date IS NULL
                       AND ticket.company_id = %(company)s
                       AND ticket.sla_start_date <= %(limit)s
                       AND NOT EXISTS (
                           SELECT 1 FROM support_ticket_escalation notice
                            WHERE notice.ticket_id = ticket.id
                              AND notice.level_id = %(level)s)
                     ORDER BY ticket.id
                       FOR UPDATE OF ticket SKIP LOCKED
                    """,
                    company=level.company_id.id,
                    limit=now - timedelta(minutes=level.delay_minutes),
                    level=level.id,
                    any_severity=not level.severity_ids,
                    severities=level.severity_ids.ids,
                )
            )
            candidates = [row[0] for row in self.env.cr.fetchall()]
            if not candidates:
                continue
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO support_ticket_escalation
                           (ticket_id, level_id, notified_date,
                            create_uid, write_uid, create_date, write_date)
                    SELECT candidate, %(level)s, %(now)s, %(uid)s, %(uid)s,
                           %(now)s, %(now)s
                      FROM unnest(%(ids)s::int[]) AS candidate
                        ON CONFLICT (ticket_id, level_id) DO NOTHING
                    RETURNING ticket_id
                    """,
                    level=level.id,
                    now=now,
                    uid=self.env.uid,
                    ids=candidates,
                )
            )
            claimed = self.browse([row[0] for row in self.env.cr.fetchall()])
            self.env["support.ticket.escalation"].invalidate_model()
            claimed._sla_notify_escalation(level, now)
            notified |= claimed
        return notified

    def _sla_escalation_partners(self, level, now):
        """Whom ``level`` notifies of the ticket at ``now``: on a duty day of
        the ticket's team, the first step of escalation (the levels watching
        the ticket with the shortest delay) goes to the person on duty and
        the second to the next level the rota names (the levels' own users
        where the rota names nobody); otherwise the level's users."""
        self.ensure_one()
        duty = self.team_id and self.team_id._support_duty_on(now)
        if duty:
            watching = (
                self.env["support.escalation.level"]
                .sudo()
                .search([("company_id", "=", level.company_id.id)])
                .filtered(
                    lambda other: (
                        not other.severity_ids or self.severity_id in other.severity_ids
                    )
                )
            )
            delays = sorted(set(watching.mapped("delay_minutes")))
            step = (
                delays.index(level.delay_minutes)
                if level.delay_minutes in delays
                else None
            )
            person = {0: duty.user_id, 1: duty.backup_user_id}.get(step)
            if person:
                return person.partner_id
        return level.user_ids.partner_id

    def _sla_notify_escalation(self, level, now=None):
        now = now or fields.Datetime.now()
        for ticket in self.sudo():
            partners = ticket._sla_escalation_partners(level, now)
            ticket.message_post(
                body=self.env._(
                    "Escalation (%(level)s): blocking ticket %(ticket)s has had no "
                    "agent reaction for %(minutes)s minutes.",
                    level=level.name,
                    ticket=ticket.display_name,
                    minutes=level.delay_minutes,
                ),
                partner_ids=partners.ids,
                subtype_xmlid="mail.mt_note",
            )
