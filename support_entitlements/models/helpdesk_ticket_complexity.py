# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_datetime

from .action_fields import check_action_fields
from .resource_calendar import tz_place
from .support_plan import DEFAULT_PROMISE_FACTOR

# The playbook's four kinds of question, rated by the agent who takes it.
COMPLEXITIES = [
    ("simple", "Simple: answered right away"),
    ("complex", "Complex: the customer is promised a date"),
    ("critical", "Critical: blocking"),
    ("proposal", "Proposal: a feature request"),
]

PROMISE_STATES = [
    ("pending", "Promised"),
    ("met", "Kept"),
    ("missed", "Missed"),
]

# Set from the rating, never typed in (action_fields.py).
PROMISE_FIELDS = {"support_rated_date", "support_promise_date"}


class HelpdeskTicketComplexity(models.Model):
    """The first reply carries a promise (the playbook's "rate the
    complexity"): a complex question is answered at once with the date to
    expect the result, the agent's estimate times the plan's factor in the
    team's working hours, and the ticket is measured against it; a critical
    one is blocking; a proposal is thanked for."""

    # one concern per file (see helpdesk_ticket.py)
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "helpdesk.ticket"
    _support_ranges = {"support_estimate_hours": (0, 1_000)}

    support_complexity = fields.Selection(
        COMPLEXITIES,
        string="Complexity",
        tracking=True,
        copy=False,
        help="Simple: answer right away. Complex: the customer is told at once "
        "by when to expect the result. Critical: the ticket becomes blocking. "
        "Proposal: the customer is thanked and the request counted.",
    )
    support_estimate_hours = fields.Float(
        string="Your estimate (hours)",
        copy=False,
        help="Working hours you expect a complex question to take; the customer "
        "is promised this times the plan's factor.",
    )
    support_rated_date = fields.Datetime(string="Rated on", readonly=True, copy=False)
    support_promise_date = fields.Datetime(
        string="Promised by",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Told to the customer when the question was rated complex.",
    )
    support_promise_state = fields.Selection(
        PROMISE_STATES,
        string="Promise",
        compute="_compute_support_promise_state",
        store=True,
    )

    @api.depends("support_promise_date", "stage_id.closed", "closed_date")
    def _compute_support_promise_state(self):
        for ticket in self:
            promise = ticket.support_promise_date
            if not promise:
                ticket.support_promise_state = False
            elif not ticket.stage_id.closed:
                ticket.support_promise_state = "pending"
            else:
                done = ticket.closed_date or fields.Datetime.now()
                ticket.support_promise_state = "met" if done <= promise else "missed"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_action_fields(self, vals, PROMISE_FIELDS, create=True)
            self._support_check_estimate(vals)
        tickets = super().create(vals_list)
        tickets.filtered("support_complexity")._support_follow_rating()
        return tickets

    def write(self, vals):
        check_action_fields(self, vals, PROMISE_FIELDS)
        self._support_check_estimate(vals)
        rating = {"support_complexity", "support_estimate_hours"} & vals.keys()
        if rating:
            before = {
                ticket.id: (ticket.support_complexity, ticket.support_estimate_hours)
                for ticket in self
            }
        result = super().write(vals)
        if rating:
            self.filtered(
                lambda ticket: (
                    (ticket.support_complexity, ticket.support_estimate_hours)
                    != before[ticket.id]
                )
            )._support_follow_rating()
        return result

    def _support_check_estimate(self, vals):
        """A complex question needs the agent's estimate, on the record as
        it will be."""
        if vals.get("support_complexity", "") != "complex" and (
            "support_estimate_hours" not in vals
        ):
            return
        for ticket in self or [self.browse()]:
            complexity = vals.get("support_complexity", ticket.support_complexity)
            estimate = vals.get("support_estimate_hours", ticket.support_estimate_hours)
            if complexity == "complex" and not estimate:
                raise UserError(
                    self.env._(
                        "Give your estimate in hours: the customer of a complex "
                        "question is told by when to expect the result."
                    )
                )

    def _support_follow_rating(self):
        """What the rating leads to, once per rating: the promise of a
        complex question, the blocking severity of a critical one, thanks
        for a proposal."""
        now = fields.Datetime.now()
        for ticket in self:
            complexity = ticket.support_complexity
            if complexity == "complex":
                promise = ticket._support_promise_from(now)
                # sudo: the rating sets the promise, which no client writes
                ticket.sudo().write(
                    {"support_rated_date": now, "support_promise_date": promise}
                )
                ticket._support_tell_promise()
                continue
            if ticket.support_promise_date:
                # no promise stands for a question that is not complex
                ticket.sudo().write(
                    {"support_rated_date": now, "support_promise_date": False}
                )
            if complexity == "critical":
                ticket._support_make_blocking()
            elif complexity == "proposal":
                ticket._support_thank_for_proposal()

    def _support_promise_factor(self):
        self.ensure_one()
        return self._support_terms().get("promise_factor") or DEFAULT_PROMISE_FACTOR

    def _support_working_calendar(self):
        """The team's working week, else the ticket's SLA calendar, else the
        company's."""
        self.ensure_one()
        if self.team_id:
            return self.team_id._support_calendar()
        return self.sla_policy_id.calendar_id or self.company_id.resource_calendar_id

    def _support_promise_from(self, start):
        """The date promised for a complex question rated at ``start``: the
        agent's estimate times the plan's factor, in working hours."""
        self.ensure_one()
        hours = self.support_estimate_hours * self._support_promise_factor()
        calendar = self._support_working_calendar()
        promise = calendar and calendar.plan_hours(hours, start, compute_leaves=True)
        if not promise:
            raise UserError(
                self.env._(
                    "%(hours)s working hours cannot be planned on the team's "
                    "calendar: check its working hours.",
                    hours=round(hours, 1),
                )
            )
        return promise

    def _support_customer_env(self):
        """The environment to write to the customer in (their language)."""
        self.ensure_one()
        return self.with_context(lang=self.partner_id.lang or self.env.lang).env

    def _support_tell_promise(self):
        self.ensure_one()
        env = self._support_customer_env()
        tz = self.partner_id.tz or self._support_working_calendar().tz or "UTC"
        self._support_tell_customer(
            env._(
                "We have received your request and are working on it. Expect the "
                "result by %(date)s (%(place)s time).",
                date=format_datetime(
                    env,
                    self.support_promise_date,
                    tz=tz,
                    dt_format="EEEE d MMMM, HH:mm",
                ),
                place=tz_place(tz),
            )
        )

    def _support_make_blocking(self):
        """A critical question is a blocking ticket: it escalates as such."""
        self.ensure_one()
        if self.severity_id.is_blocking:
            return
        blocking = self.env["support.severity"].search(
            [
                ("is_blocking", "=", True),
                ("company_id", "in", [self.company_id.id, False]),
            ]
        )
        # one the ticket's SLA policy promises something for, if any
        targeted = blocking & self.sla_policy_id.target_ids.severity_id
        severity = (targeted or blocking)[:1]
        if not severity:
            raise UserError(
                self.env._(
                    "No blocking severity is set up: create one (Helpdesk > "
                    "Configuration > Severities) to rate a question critical."
                )
            )
        self.severity_id = severity

    def _support_thank_for_proposal(self):
        self.ensure_one()
        if not self.partner_id:
            return
        env = self._support_customer_env()
        self._support_tell_customer(
            env._("Thank you for the idea: we will evaluate it.")
        )
