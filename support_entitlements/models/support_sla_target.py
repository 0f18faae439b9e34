# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .in_use import check_not_in_use
from .resource_calendar import from_timestamp

# What a target promises; the SLA analysis of support_reports shows the same.
SLA_KINDS = [
    ("first_response", "First response"),
    ("resolution", "Resolution"),
]


class SupportSlaTarget(models.Model):
    _name = "support.sla.target"
    _inherit = ["support.input.limits"]
    _description = "SLA Target"
    _order = "policy_id, severity_id, kind"

    policy_id = fields.Many2one(
        comodel_name="support.sla.policy",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="policy_id.company_id", store=True)
    severity_id = fields.Many2one(
        comodel_name="support.severity", required=True, ondelete="restrict"
    )
    kind = fields.Selection(
        selection=SLA_KINDS,
        required=True,
        default="first_response",
    )
    clause_ids = fields.One2many(
        comodel_name="support.sla.clause",
        inverse_name="target_id",
        string="Clauses",
        copy=True,
        help="The target is met at the earliest moment any clause is met, e.g. "
        "6 business hours or 12 hours of weekend duty.",
    )
    summary = fields.Char(compute="_compute_summary")

    _sql_constraints = (
        (
            "target_unique",
            "unique(policy_id, severity_id, kind)",
            "A policy has one target per severity and kind.",
        ),
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        # the tickets' SLA lines and their breach history hang on it
        check_not_in_use(self, [("support.ticket.sla", "target_id")], archivable=False)

    @api.depends("kind", "severity_id.name")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for target in self:
            target.display_name = (
                f"{target.severity_id.name or ''}: {kinds.get(target.kind, '')}"
            )

    @api.depends("clause_ids.hours", "clause_ids.calendar_id")
    def _compute_summary(self):
        for target in self:
            target.summary = self.env._(" or ").join(
                self.env._(
                    "%(hours)s h on %(calendar)s",
                    hours=clause._format_hours(),
                    calendar=clause.calendar_id.name,
                )
                for clause in target.clause_ids
            )

    def _sla_plan(self, timelines, start, pauses, policy):
        """Deadline and at-risk date of this target for a ticket.

        ``start`` and ``pauses`` are UTC timestamps; ``timelines`` maps calendar
        ids to their timeline. The target is met at the earliest moment any of
        its clauses is.
        """
        self.ensure_one()
        deadlines, risks = [], []
        for clause in self.clause_ids:
            timeline = timelines.get(clause.calendar_id.id)
            if not timeline:
                continue
            deadline = timeline.plan(start, clause.hours, pauses)
            if deadline is not None:
                deadlines.append(deadline)
            risk = timeline.plan(
                start, clause.hours * policy.at_risk_percent / 100.0, pauses
            )
            if risk is not None:
                risks.append(risk)
        return {
            "deadline": deadlines and from_timestamp(min(deadlines)) or False,
            "at_risk_date": risks and from_timestamp(min(risks)) or False,
        }

    @api.model_create_multi
    def create(self, vals_list):
        targets = super().create(vals_list)
        targets.policy_id._recompute_open_tickets()
        return targets

    def write(self, vals):
        res = super().write(vals)
        self.policy_id._recompute_open_tickets()
        return res
