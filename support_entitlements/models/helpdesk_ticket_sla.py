# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import ValidationError

from .resource_calendar import to_timestamp
from .support_ticket_sla import STATUSES

# Fields whose change may change which targets apply or when they fall due.
SLA_TRIGGER_FIELDS = {
    "severity_id",
    "team_id",
    "partner_id",
    "company_id",
    "sla_start_date",
    "sla_first_response_date",
}


class HelpdeskTicketSla(models.Model):
    """Service levels of tickets: severities, targets, pauses, escalation.

    Kept apart from the points and time of helpdesk_ticket.py: each concern
    overrides create/write for its own fields and reads on its own.
    """

    # pylint: disable=consider-merging-classes-inherited
    _inherit = "helpdesk.ticket"

    severity_id = fields.Many2one(
        comodel_name="support.severity",
        tracking=True,
        index=True,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    sla_policy_id = fields.Many2one(
        comodel_name="support.sla.policy",
        string="SLA policy",
        compute="_compute_sla_policy_id",
        store=True,
        index=True,
    )
    sla_start_date = fields.Datetime(
        string="SLA clock start",
        default=fields.Datetime.now,
        copy=False,
        readonly=True,
        help="When the ticket arrived; SLA deadlines count from here.",
    )
    sla_ids = fields.One2many(
        comodel_name="support.ticket.sla",
        inverse_name="ticket_id",
        string="SLA targets",
        readonly=True,
    )
    sla_pause_ids = fields.One2many(
        comodel_name="support.ticket.pause",
        inverse_name="ticket_id",
        string="SLA pauses",
        readonly=True,
    )
    sla_paused = fields.Boolean(
        string="Waiting for customer",
        readonly=True,
        copy=False,
        help="The SLA clock is stopped until the customer replies or the stage "
        "changes.",
    )
    sla_deadline = fields.Datetime(
        string="SLA deadline",
        compute="_compute_sla_summary",
        store=True,
        index=True,
    )
    sla_status = fields.Selection(
        selection=STATUSES,
        string="SLA status",
        compute="_compute_sla_summary",
        store=True,
        index=True,
    )
    sla_first_response_date = fields.Datetime(
        string="First response on", readonly=True, copy=False
    )
    sla_agent_reaction_date = fields.Datetime(
        string="First agent reaction on",
        readonly=True,
        copy=False,
        help="First message, note or stage change by an agent; blocking tickets "
        "without one are escalated.",
    )
    sla_work_resumes_date = fields.Datetime(
        string="Work resumes on",
        readonly=True,
        copy=False,
        help="Told to the customer when the ticket arrived outside working hours.",
    )
    escalation_ids = fields.One2many(
        comodel_name="support.ticket.escalation",
        inverse_name="ticket_id",
        string="Escalation notices",
        readonly=True,
    )
    next_action_date = fields.Date(
        tracking=True,
        copy=False,
        help="When the next step on this ticket takes place; shown to the customer.",
    )
    deadline_date = fields.Date(
        tracking=True,
        copy=False,
        help="When the work will be done; shown to the customer, and only allowed "
        "once the scope is complete.",
    )
    scope_complete = fields.Boolean(
        tracking=True,
        copy=False,
        help="Enough information to commit to a deadline date.",
    )

    # ------------------------------------------------------------------
    # Policy
    # ------------------------------------------------------------------

    @api.depends(
        "team_id.sla_policy_id.active",
        "company_id.support_sla_policy_id.active",
        "commercial_partner_id",
    )
    def _compute_sla_policy_id(self):
        for ticket in self:
            ticket.sla_policy_id = ticket._get_sla_policy()

    def _get_sla_policy(self):
        """The SLA policy governing this ticket.

        In order: the policy of the customer's support plan, the team's, the
        company default. A policy of another company or an archived one is
        skipped. Extend :meth:`_get_plan_sla_policy` rather than this.
        """
        self.ensure_one()
        return self.env["support.sla.policy"]._support_governing(
            self.company_id,
            self._get_plan_sla_policy(),
            self.team_id.sla_policy_id,
            self.company_id.support_sla_policy_id,
        )

    def _get_plan_sla_policy(self):
        """The SLA policy of the customer's active support plan, if any."""
        self.ensure_one()
        return self.env["support.sla.policy"].browse(
            self._support_terms().get("sla_policy_id")
        )

    def _sla_follow_plans(self):
        """Re-plan open tickets after their customers' plans changed.

        Only the tickets whose governing policy did change are re-planned:
        renewing a plan, or a second event of the same change, costs nothing.
        """
        tickets = self.filtered(lambda ticket: not ticket.closed)
        if tickets:
            before = {ticket.id: ticket.sla_policy_id for ticket in tickets}
            self.env.add_to_compute(self._fields["sla_policy_id"], tickets)
            tickets.filtered(
                lambda ticket: ticket.sla_policy_id != before[ticket.id]
            )._sla_recompute()

    # ------------------------------------------------------------------
    # Deadlines
    # ------------------------------------------------------------------

    @api.depends(
        "sla_ids.deadline",
        "sla_ids.status",
        "sla_ids.reached_date",
        "sla_paused",
    )
    def _compute_sla_summary(self):
        rank = {"breached": 5, "paused": 4, "at_risk": 3, "on_track": 2, "met": 1}
        for ticket in self:
            pending = ticket.sla_ids.filtered(lambda line: not line.reached_date)
            deadlines = [line.deadline for line in pending if line.deadline]
            ticket.sla_deadline = min(deadlines) if deadlines else False
            statuses = [line.status for line in ticket.sla_ids if line.status]
            ticket.sla_status = max(statuses, key=rank.get) if statuses else False

    def _sla_reached_date(self, kind):
        self.ensure_one()
        if kind == "first_response":
            return self.sla_first_response_date
        return self.closed and (self.closed_date or self.last_stage_update) or False

    def _sla_recompute(self):
        """Recompute the SLA lines of these tickets in one batch.

        Adds the targets of the ticket's policy and severity, drops those that no
        longer apply (a breached one stays), and plans every deadline on the
        clauses' calendars, time waiting for the customer excluded.
        """
        # A ticket without severity and without lines has no target to plan.
        tickets = self.filtered(
            lambda ticket: ticket.id and (ticket.severity_id or ticket.sla_ids)
        )
        if not tickets:
            return
        now = fields.Datetime.now()
        Line = self.env["support.ticket.sla"].sudo()
        tickets = tickets.sudo()
        lines_by_ticket = defaultdict(list)
        for line in Line.search([("ticket_id", "in", tickets.ids)]):
            lines_by_ticket[line.ticket_id.id].append(line)
        pauses = tickets._sla_pause_intervals()
        targets = defaultdict(list)
        for target in tickets.sla_policy_id.target_ids:
            targets[target.policy_id.id, target.severity_id.id].append(target)
        wanted = {
            ticket: targets.get((ticket.sla_policy_id.id, ticket.severity_id.id), [])
            for ticket in tickets
        }
        timelines = tickets._sla_timelines(wanted)

        to_unlink, to_create, to_write = [], [], defaultdict(list)
        for ticket in tickets:
            existing = {line.target_id: line for line in lines_by_ticket[ticket.id]}
            for target, line in existing.items():
                if target not in wanted[ticket] and not line.breached:
                    to_unlink.append(line.id)
            start = to_timestamp(ticket.sla_start_date or ticket.create_date)
            ticket_pauses = pauses.get(ticket.id, [])
            for target in wanted[ticket]:
                line = existing.get(target)
                values = {"reached_date": ticket._sla_reached_date(target.kind)}
                if line and line.breached:
                    values.update(
                        deadline=line.deadline, at_risk_date=line.at_risk_date
                    )
                else:
                    values.update(
                        target._sla_plan(
                            timelines, start, ticket_pauses, ticket.sla_policy_id
                        )
                    )
                status = Line._status_of(
                    dict(
                        values,
                        breached=line and line.breached,
                        paused=ticket.sla_paused,
                    ),
                    now,
                )
                breached = bool(line and line.breached) or status == "breached"
                values.update(
                    status=status,
                    breached=breached,
                    breached_date=breached and values["deadline"] or False,
                )
                if not line:
                    to_create.append(
                        dict(values, ticket_id=ticket.id, target_id=target.id)
                    )
                elif any(line[name] != value for name, value in values.items()):
                    to_write[tuple(sorted(values.items()))].append(line.id)
        if to_unlink:
            Line.browse(to_unlink).unlink()
        for values, ids in to_write.items():
            Line.browse(ids).write(dict(values))
        if to_create:
            Line.create(to_create)

    def _sla_pause_intervals(self):
        """{ticket id: sorted [(start, end or None)]} as UTC timestamps."""
        result = defaultdict(list)
        pauses = (
            self.env["support.ticket.pause"]
            .sudo()
            .search_fetch(
                [("ticket_id", "in", self.ids)], ["ticket_id", "date_start", "date_end"]
            )
        )
        for pause in pauses:
            result[pause.ticket_id.id].append(
                (
                    to_timestamp(pause.date_start),
                    pause.date_end and to_timestamp(pause.date_end) or None,
                )
            )
        for intervals in result.values():
            intervals.sort(key=lambda interval: interval[0])
        return result

    def _sla_timelines(self, wanted):
        """One working-time timeline per calendar used by the wanted targets."""
        starts = {}
        for ticket, targets in wanted.items():
            start = ticket.sla_start_date or ticket.create_date
            for target in targets:
                for calendar in target.clause_ids.calendar_id:
                    starts[calendar] = min(starts.get(calendar, start), start)
        return {
            calendar.id: calendar._sla_timeline(start)
            for calendar, start in starts.items()
        }

    # ------------------------------------------------------------------
    # Pauses and reactions
    # ------------------------------------------------------------------

    def _sla_pause(self, now):
        """Stop the SLA clock at ``now``; returns the tickets paused."""
        tickets = self.filtered(lambda ticket: not ticket.sla_paused)
        self.env["support.ticket.pause"].sudo().create(
            [
                {
                    "ticket_id": ticket.id,
                    "date_start": now,
                    "stage_id": ticket.stage_id.id,
                }
                for ticket in tickets
            ]
        )
        tickets.sudo().sla_paused = True
        return tickets

    def _sla_resume(self, now, reason):
        """Restart the SLA clock at ``now``; returns the tickets resumed."""
        tickets = self.filtered("sla_paused")
        if not tickets:
            return tickets
        self.env["support.ticket.pause"].sudo().search(
            [("ticket_id", "in", tickets.ids), ("date_end", "=", False)]
        ).write({"date_end": now, "resumed_by": reason})
        tickets.sudo().sla_paused = False
        return tickets

    def _sla_is_agent(self, user):
        return user and not user.share and user.id != SUPERUSER_ID

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets.filtered("stage_id.sla_pause")._sla_pause(fields.Datetime.now())
        tickets._sla_recompute()
        if self.env.user.share or self.env.context.get("support_sla_acknowledge"):
            tickets._sla_acknowledge()
        return tickets

    def write(self, vals):
        res = super().write(vals)
        now = fields.Datetime.now()
        if "stage_id" in vals:
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if stage.sla_pause:
                self._sla_pause(now)
            else:
                self._sla_resume(now, "stage_change")
            if self._sla_is_agent(self.env.user):
                self.filtered(
                    lambda ticket: not ticket.sla_agent_reaction_date
                ).sudo().write({"sla_agent_reaction_date": now})
        if SLA_TRIGGER_FIELDS & set(vals):
            self._sla_recompute()
        elif "stage_id" in vals:
            # A stage reaches or pauses the targets of a ticket's severity. A
            # ticket without severity has none: its lines, if any, are breached
            # ones, kept as they are (see _sla_recompute).
            self.filtered("severity_id")._sla_recompute()
        return res

    @api.constrains("deadline_date", "scope_complete")
    def _check_deadline_date(self):
        for ticket in self:
            if ticket.deadline_date and not ticket.scope_complete:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: a deadline date can only be given once "
                        "its scope is complete; until then give a next action date.",
                        ticket=ticket.display_name,
                    )
                )

    def _message_post_after_hook(self, message, msg_vals):
        res = super()._message_post_after_hook(message, msg_vals)
        if message.message_type not in ("comment", "email"):
            return res
        # OdooBot's user is archived, yet it is not the customer
        authors = message.author_id.with_context(active_test=False).user_ids
        internal_users = authors.filtered(lambda user: not user.share)
        now = message.date or fields.Datetime.now()
        if any(self._sla_is_agent(user) for user in internal_users):
            updates = {}
            if not self.sla_agent_reaction_date:
                updates["sla_agent_reaction_date"] = now
            if (
                not self.sla_first_response_date
                and not message.is_internal
                and message.subtype_id == self.env.ref("mail.mt_comment")
            ):
                updates["sla_first_response_date"] = now
            if updates:
                # the first response reaches its target (see SLA_TRIGGER_FIELDS)
                self.sudo().write(updates)
        elif not internal_users and (message.author_id or message.email_from):
            # a message from outside the company: the customer answered
            self._sla_resume(now, "customer_reply")._sla_recompute()
        return res
