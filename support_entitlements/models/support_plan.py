# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from .in_use import check_not_in_use

COST_APPROVAL = [
    ("customer", "The customer"),
    ("customer_or_agent", "The customer, or an agent on the customer's behalf"),
]


# The terms read at each step of a ticket (see _support_active_terms).
ACTIVE_TERMS = {
    "cost_approval",
    "overdraft_limit",
    "sla_policy_id",
    "ticket_charge",
    "promise_factor",
}

# The seed's "write the customer an estimate 3 times longer than you think".
DEFAULT_PROMISE_FACTOR = 3.0

# How a ticket of the plan's customers is paid: one charge per ticket unless
# the plan asks for both.
TICKET_CHARGES = [
    ("category", "As its category says: points, or time for a free category"),
    ("time", "By time: every ticket consumes hour blocks, no points"),
    ("both", "Points tickets also consume hours"),
]


# The terms' sane ranges (input_limits.py).
PLAN_RANGES = {
    "duration_months": (1, 120),
    "credit_validity_months": (1, 120),
    "annual_case_allowance": (0, 10_000),
    "overdraft_limit": (0, 1_000_000),
    "billable_share": (0, 100),
    "rounding_minutes": (1, 480),
    "minutes_overdraft_limit": (0, 1_000_000),
    "renewal_threshold_minutes": (0, 1_000_000),
    "renewal_threshold_percent": (0, 100),
    "technical_cap_minutes": (0, 1440),
    "training_hours": (0, 10_000),
    "promise_factor": (1, 20),
}


class SupportPlan(models.Model):
    """What a customer subscribes to, and the terms its support runs on."""

    _name = "support.plan"
    _inherit = ["support.input.limits"]
    _support_ranges = PLAN_RANGES
    _check_company_auto = True
    _description = "Support Plan"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    description = fields.Html(translate=True)
    duration_months = fields.Integer(
        string="Duration (months)",
        default=12,
        required=True,
        help="How long a subscription lasts; a renewal extends it by as much.",
    )
    subscription_product_id = fields.Many2one(
        "product.product",
        string="Renewal product",
        help="The product sold to subscribe to or renew this plan.",
    )
    pack_product_ids = fields.Many2many(
        "product.product",
        string="Point packs and blocks",
        help="What customers of this plan are offered when their balance runs low.",
    )
    annual_case_allowance = fields.Integer(
        string="Support cases per year",
        help="Technical cases counted against the plan each year; 0 for none.",
    )
    go_live_cases = fields.Boolean(
        string="Issues after the go-live window are cases",
        help="A ticket opened after the free window that follows the "
        "customer's go-live counts as one of the year's support cases, and "
        "is not charged, while the allowance lasts; after that it is charged "
        "as usual. Blocking problems never count as cases.",
    )
    credit_validity_months = fields.Integer(
        string="Credit validity (months)",
        default=24,
        required=True,
        help="How long credits sold to this plan's customers stay valid, "
        "unless their product sets its own validity.",
    )
    overdraft_limit = fields.Integer(
        string="Overdraft limit (points)",
        help="How far below zero points may go while work continues; 0 means "
        "that work waits until the customer buys points.",
    )
    cost_approval = fields.Selection(
        COST_APPROVAL,
        string="Who approves ticket costs",
        default="customer",
        required=True,
    )
    billable_share = fields.Integer(
        string="Billable share (%)",
        default=100,
        help="The part of the time logged on tickets that is charged: plans log "
        "only a portion of contact time.",
    )
    rounding_minutes = fields.Integer(
        string="Round up to (minutes)",
        default=1,
        help="Charged minutes of a time entry are rounded up to a multiple of this.",
    )
    minutes_overdraft_limit = fields.Integer(
        string="Overdraft limit (minutes)",
        help="How far below zero support minutes may go; 0 means that time "
        "cannot be logged once the blocks are used up.",
    )
    renewal_threshold_minutes = fields.Integer(
        string="Renewal notice below (minutes)",
        help="Send one renewal notice when the remaining minutes fall below this.",
    )
    renewal_threshold_percent = fields.Integer(
        string="Renewal notice below (% of the last block)",
        help="Or when they fall below this share of the last block bought.",
    )
    technical_cap_minutes = fields.Integer(
        string="Cap per technical question (minutes)",
        default=30,
        help="Time an agent spends on one technical question before the customer "
        "is told and the agent confirms going on; 0 for no cap.",
    )
    ticket_charge = fields.Selection(
        TICKET_CHARGES,
        string="Tickets are paid",
        default="category",
        required=True,
        help="A ticket is charged once, in the unit its category says: a "
        "category priced in points is paid in points and the time logged on it "
        "is recorded without consuming hour blocks. A plan sold by the hour "
        "charges every ticket by time; a plan may also charge points tickets "
        "both ways.",
    )
    promise_factor = fields.Float(
        string="Promise factor",
        default=DEFAULT_PROMISE_FACTOR,
        digits=(4, 1),
        help="A complex question's promised date is the agent's estimate times "
        "this factor, in the team's working hours: the customer gets the result "
        "sooner than promised.",
    )
    training_hours = fields.Integer(
        string="Training hours included",
        help="Credited as a training block when the plan is subscribed or renewed.",
    )
    subscription_ids = fields.One2many("support.subscription", "plan_id")
    sla_policy_id = fields.Many2one(
        "support.sla.policy",
        string="SLA policy",
        check_company=True,
        domain="[('company_id', '=', company_id)]",
        help="The response and resolution targets this plan promises; the "
        "team's or the company's policy applies without one.",
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        # subscriptions and the products that sell the plan keep its terms
        check_not_in_use(
            self,
            [
                ("support.subscription", "plan_id"),
                ("product.template", "support_plan_id"),
            ],
        )

    def write(self, vals):
        result = super().write(vals)
        if ACTIVE_TERMS & vals.keys():
            # _support_active_terms
            self.env.registry.clear_cache()
        if "sla_policy_id" in vals:
            self.subscription_ids.filtered("is_active")._follow_plan()
        return result

    @api.model
    @tools.ormcache("partner_id", "company_id", "day")
    def _support_active_terms(self, partner_id, company_id, day):
        """The terms a customer's plan gives in a company on a day.

        Every step of a ticket reads them (its SLA policy, who approves its
        cost, how far points may go below zero): they are kept between
        transactions, until a subscription or a plan changes. Returns a
        frozendict of ``plan_id`` and ACTIVE_TERMS, empty without a plan.
        (Lists of customers or orders read their plans in one query per
        transaction instead: see res.partner.support_subscription_all_ids.)
        """
        # sudo: the terms apply whoever works the ticket, portal customers
        # approving a cost included
        subscriptions = self.env["support.subscription"].sudo()
        subscription = subscriptions.search(
            [
                ("partner_id", "=", partner_id),
                ("company_id", "=", company_id),
                *subscriptions._active_on_domain(day),
            ],
            limit=1,
        )
        plan = subscription.plan_id
        if not plan:
            return tools.frozendict()
        return tools.frozendict(
            plan_id=plan.id,
            cost_approval=plan.cost_approval,
            overdraft_limit=plan.overdraft_limit,
            sla_policy_id=plan.sla_policy_id.id,
            ticket_charge=plan.ticket_charge,
            promise_factor=plan.promise_factor,
        )

    def _support_renewal_due(self, partner, company, minutes_left):
        """Whether ``partner``'s prepaid ``minutes_left`` lie below this
        plan's renewal threshold, and the block it is measured on.

        The one renewal rule, read by the renewal notice and the portal's
        banner alike: the threshold is the plan's minutes, or its share of
        the last block bought (expired or not), whichever is higher; a plan
        with neither never asks to renew. Returns (due, last block).
        """
        no_block = self.env["support.lot"]
        if not self or not (
            self.renewal_threshold_minutes or self.renewal_threshold_percent
        ):
            return False, no_block
        self.ensure_one()
        # the customer's purchases decide, whoever asks (a portal page too)
        last_block = no_block.sudo().search(
            [
                ("partner_id", "=", partner.commercial_partner_id.id),
                ("company_id", "=", company.id),
                ("unit", "=", "minute"),
                ("origin", "=", "purchase"),
            ],
            order="date_purchase desc, id desc",
            limit=1,
        )
        threshold = max(
            self.renewal_threshold_minutes,
            last_block.quantity * self.renewal_threshold_percent // 100,
        )
        return minutes_left < threshold, last_block

    @api.constrains(
        "billable_share",
        "rounding_minutes",
        "minutes_overdraft_limit",
        "training_hours",
        "renewal_threshold_minutes",
        "renewal_threshold_percent",
    )
    def _check_time_terms(self):
        for plan in self:
            if not 0 <= plan.billable_share <= 100:
                raise ValidationError(
                    self.env._(
                        "The billable share is a percentage from 0 to 100 "
                        "(got %(share)s).",
                        share=plan.billable_share,
                    )
                )
            if plan.rounding_minutes < 1:
                raise ValidationError(self.env._("Round to at least one minute."))
            if (
                min(
                    plan.minutes_overdraft_limit,
                    plan.training_hours,
                    plan.renewal_threshold_minutes,
                    plan.renewal_threshold_percent,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Overdraft, training hours and renewal thresholds cannot "
                        "be negative."
                    )
                )

    @api.constrains(
        "duration_months",
        "credit_validity_months",
        "overdraft_limit",
        "annual_case_allowance",
    )
    def _check_terms(self):
        for plan in self:
            if plan.duration_months <= 0 or plan.credit_validity_months <= 0:
                raise ValidationError(
                    self.env._(
                        "A plan's duration and credit validity must be at least "
                        "one month."
                    )
                )
            if plan.overdraft_limit < 0 or plan.annual_case_allowance < 0:
                raise ValidationError(
                    self.env._(
                        "The overdraft limit and the yearly case allowance cannot be "
                        "negative."
                    )
                )
