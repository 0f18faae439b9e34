# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

STATUSES = [
    ("on_track", "On track"),
    ("at_risk", "At risk"),
    ("breached", "Breached"),
    ("paused", "Paused"),
    ("met", "Met"),
]


class SupportTicketSla(models.Model):
    _name = "support.ticket.sla"
    _description = "Ticket SLA Target"
    _order = "ticket_id, deadline, id"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    target_id = fields.Many2one(
        comodel_name="support.sla.target",
        required=True,
        ondelete="cascade",
        index=True,
    )
    kind = fields.Selection(related="target_id.kind", store=True)
    severity_id = fields.Many2one(related="target_id.severity_id")
    deadline = fields.Datetime(
        index=True,
        readonly=True,
        help="Earliest moment any clause of the target is met, time waiting for "
        "the customer excluded. Empty while the clock is paused.",
    )
    at_risk_date = fields.Datetime(readonly=True)
    reached_date = fields.Datetime(readonly=True)
    breached = fields.Boolean(
        readonly=True,
        index=True,
        help="Set once the deadline passed before the target was reached; "
        "it never goes back.",
    )
    breached_date = fields.Datetime(
        readonly=True, help="The deadline that was missed, kept once breached."
    )
    status = fields.Selection(selection=STATUSES, readonly=True, index=True)

    _sql_constraints = (
        (
            "ticket_target_unique",
            "unique(ticket_id, target_id)",
            "A ticket has one line per SLA target.",
        ),
    )

    @api.model
    def _status_of(self, values, now):
        """Status of an SLA line from its stored values at ``now``."""
        deadline = values.get("deadline")
        reached = values.get("reached_date")
        if values.get("breached") or (deadline and (reached or now) > deadline):
            return "breached"
        if reached:
            return "met"
        if not deadline:
            return values.get("paused") and "paused" or False
        at_risk = values.get("at_risk_date")
        if at_risk and now >= at_risk:
            return "at_risk"
        return "on_track"

    def _refresh_status(self, now=None):
        """Write the status (and the breach) each line has at ``now``."""
        now = now or fields.Datetime.now()
        groups = {}
        for line in self:
            values = {
                "deadline": line.deadline,
                "reached_date": line.reached_date,
                "breached": line.breached,
                "at_risk_date": line.at_risk_date,
            }
            status = self._status_of(values, now)
            breached = line.breached or status == "breached"
            if (status, breached) != (line.status, line.breached):
                key = (status, breached, breached and line.deadline or False)
                groups.setdefault(key, []).append(line.id)
        for (status, breached, deadline), ids in groups.items():
            self.browse(ids).write(
                {"status": status, "breached": breached, "breached_date": deadline}
            )

    @api.model
    def _cron_refresh_status(self):
        """Mark lines at risk or breached as time passes."""
        now = fields.Datetime.now()
        lines = self.search(
            [
                ("status", "in", ("on_track", "at_risk")),
                "|",
                ("deadline", "<", now),
                ("at_risk_date", "<=", now),
            ]
        )
        lines._refresh_status(now)
