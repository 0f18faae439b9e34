# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tools.misc import formatLang

from .account_analytic_line import BILLING_REASONS
from .action_fields import check_action_fields, ensure_one_action

COST_STATES = [
    ("free", "No charge"),
    ("to_approve", "Waiting for approval"),
    ("waiting_points", "Waiting for points"),
    ("captured", "Points captured"),
    ("charged", "Points deducted"),
    ("released", "Points released"),
    ("refunded", "Points returned (product bug)"),
]

# What a customer or an agent types as a reason (a dispute, a price change).
MAX_REASON_LENGTH = 2000

# The free-support window after a customer's go-live (seed agreement: 72 hours).
GO_LIVE_HOURS = 72

# Writing one of these may change what a ticket should have captured or
# deducted, so the ledger is brought in line after such a write.
CHARGE_FIELDS = {
    "stage_id",
    "points_cost",
    "is_product_bug",
    "cost_approved_date",
    "partner_id",
    "company_id",
}


# Changed only by the action that owns each (action_fields.py): approval,
# dispute, product bug, and the ledger's own figures.
ACTION_FIELDS = {
    "cost_approved_date",
    "cost_approved_by_id",
    "cost_dispute_date",
    "cost_dispute_reason",
    "is_product_bug",
    "points_captured",
    "points_deducted",
}


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "support.input.limits"]
    _support_ranges = {"points_units": (0, 1_000)}

    # the portal pages, statements and reports select a customer's tickets
    commercial_partner_id = fields.Many2one(index=True)
    points_price_type = fields.Selection(related="category_id.points_price_type")
    points_unit_name = fields.Char(related="category_id.points_unit_name")
    points_units = fields.Integer(
        string="Units",
        help="How many units a price per unit counts (e.g. additional stores).",
    )
    points_estimate = fields.Integer(
        string="Estimate (points)", compute="_compute_points_estimate", store=True
    )
    points_cost = fields.Integer(
        string="Cost (points)",
        compute="_compute_points_cost",
        store=True,
        readonly=False,
        tracking=True,
        help="What the ticket costs. Follows the estimate until the customer "
        "approves it; after that, change it with a reason.",
    )
    points_cost_display = fields.Char(
        string="Price", compute="_compute_points_cost_display"
    )
    # Not tracked: the capture movement records who approved and when.
    cost_approved_date = fields.Datetime(readonly=True, copy=False)
    cost_approved_by_id = fields.Many2one(
        "res.users", string="Cost approved by", readonly=True, copy=False
    )
    support_time_charged_minutes = fields.Integer(
        string="Time charged (minutes)",
        compute="_compute_support_time_charged_minutes",
        help="Minutes of the time logged on this ticket charged to hour blocks.",
    )
    cost_dispute_date = fields.Datetime(
        string="Cost disputed on", readonly=True, copy=False
    )
    cost_dispute_reason = fields.Text(
        string="Dispute reason", readonly=True, copy=False, tracking=True
    )
    is_product_bug = fields.Boolean(
        string="Product bug",
        readonly=True,
        copy=False,
        tracking=True,
        help="The problem was a bug of the product: every point is returned.",
    )
    support_movement_ids = fields.One2many(
        "support.movement", "ticket_id", string="Ledger movements"
    )
    points_captured = fields.Integer(compute="_compute_points_charged", store=True)
    points_deducted = fields.Integer(compute="_compute_points_charged", store=True)
    points_cost_state = fields.Selection(
        COST_STATES,
        string="Points",
        compute="_compute_points_cost_state",
        store=True,
        index=True,
    )

    support_billing = fields.Selection(
        BILLING_REASONS,
        string="Time charged",
        default="billable",
        tracking=True,
        help="Whether time logged on this ticket is charged to the customer's "
        "hour blocks, and why not.",
    )
    support_project_state = fields.Selection(
        [
            ("pending", "Waiting for the customer"),
            ("commissioned", "Commissioned"),
            ("declined", "Declined"),
        ],
        string="Project decision",
        tracking=True,
        help="For project preparation: deferred time is charged only if the "
        "customer declines the project.",
    )
    support_project_reason = fields.Char(string="Decision reason", tracking=True)
    support_go_live_free = fields.Boolean(
        string="Go-live window",
        compute="_compute_support_go_live_free",
        store=True,
        help="Opened within 72 hours after the customer's go-live: not charged.",
    )
    support_time_covered = fields.Boolean(
        string="Time covered by the points",
        compute="_compute_support_time_covered",
        store=True,
        help="The ticket is paid in points: the time logged on it is recorded "
        "and does not consume hour blocks.",
    )
    support_charge_rule = fields.Char(
        string="How it is charged", compute="_compute_support_charge_rule"
    )
    support_is_technical = fields.Boolean(related="severity_id.is_technical")
    support_case_request = fields.Selection(
        [
            ("expedited", "Expedited answer"),
            ("remote", "Remote assistance"),
            ("level2", "Level-2 support"),
            ("go_live", "Issue found after the go-live"),
        ],
        string="Case requested",
        tracking=True,
        help="What the customer asked for on a technical question, or an "
        "issue found after the go-live window: such a ticket counts against "
        "the plan's yearly allowance of cases and is not charged in points.",
    )
    support_counts_as_case = fields.Boolean(
        string="Counts as a support case",
        compute="_compute_support_counts_as_case",
        store=True,
        index=True,
    )
    support_cap_minutes = fields.Integer(
        string="Cap (minutes)", compute="_compute_support_cap"
    )
    support_cap_remaining = fields.Char(
        string="Time left under the cap", compute="_compute_support_cap"
    )
    support_cap_exceeded = fields.Boolean(
        string="Going over the cap confirmed", readonly=True, copy=False, tracking=True
    )
    support_cases_left = fields.Char(
        string="Support cases this year", compute="_compute_support_cases_left"
    )
    support_unplanned_line_ids = fields.One2many(
        "sale.order.line", "support_ticket_id", string="Billed time"
    )

    @api.depends("severity_id.is_technical", "support_case_request")
    def _compute_support_counts_as_case(self):
        for ticket in self:
            request = ticket.support_case_request
            ticket.support_counts_as_case = bool(
                request and (ticket.severity_id.is_technical or request == "go_live")
            )

    @api.depends("severity_id.is_technical", "timesheet_ids.unit_amount")
    def _compute_support_cap(self):
        caps = {ticket: ticket._support_cap_minutes() for ticket in self}
        logged_by_ticket = self.filtered(caps.get)._support_logged_minutes()
        for ticket in self:
            cap = caps[ticket]
            logged = logged_by_ticket.get(ticket.id, 0)
            ticket.support_cap_minutes = cap
            ticket.support_cap_remaining = (
                self.env["res.partner"]._support_format_minutes(cap - logged)
                if cap
                else False
            )

    def _support_time_entries(self):
        """Every agent's time entries on these tickets.

        hr_timesheet shows an agent their own entries only, and the ORM caches
        a ticket's timesheet_ids as the reader saw them; the rules on a
        ticket's time (cap, billing, charges) count everyone's, read afresh.
        """
        # sudo: the rules count all the time on the ticket, not what the
        # current agent may read
        return (
            self.env["account.analytic.line"]
            .sudo()
            .search([("ticket_id", "in", self.ids)], order="date, id")
        )

    def _support_logged_minutes(self):
        """{ticket id: everyone's time on it, in minutes}, in one query."""
        if not self:
            return {}
        # sudo: as _support_time_entries, everyone's time, read afresh
        groups = (
            self.env["account.analytic.line"]
            .sudo()
            ._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["unit_amount:sum"]
            )
        )
        return {ticket.id: round(hours * 60) for ticket, hours in groups}

    def _support_cap_minutes(self):
        """The cap of a technical question under the customer's plan (0: none)."""
        self.ensure_one()
        if not self.severity_id.is_technical:
            return 0
        plan = self._support_plan()
        return plan.technical_cap_minutes if plan else 30

    def _support_check_cap(self):
        """Refuse time past the cap until an agent confirmed going over it."""
        for ticket in self.filtered(lambda ticket: not ticket.support_cap_exceeded):
            cap = ticket._support_cap_minutes()
            if cap and ticket._support_logged_minutes().get(ticket.id, 0) > cap:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s is a technical question capped at %(cap)s "
                        "minutes: confirm going over the cap first (the customer is "
                        "told).",
                        ticket=ticket.display_name,
                        cap=cap,
                    )
                )

    def action_support_exceed_cap(self):
        """Go on past the cap of a technical question, telling the customer."""
        for ticket in self.filtered(lambda ticket: not ticket.support_cap_exceeded):
            ticket.support_cap_exceeded = True
            if ticket.support_time_covered:
                text = self.env._(
                    "Your question needs more than the %(cap)s minutes a technical "
                    "question includes: we go on, within the ticket's points.",
                    cap=ticket._support_cap_minutes(),
                )
            else:
                text = self.env._(
                    "Your question needs more than the %(cap)s minutes a technical "
                    "question includes: we go on, and the extra time is charged to "
                    "your prepaid hours.",
                    cap=ticket._support_cap_minutes(),
                )
            ticket._support_tell_customer(text)
        return True

    def _support_cases_used(self):
        self.ensure_one()
        return self.commercial_partner_id._support_case_usage(self.company_id)

    def _compute_support_time_charged_minutes(self):
        # Customers read what their time cost, not the time entries themselves.
        charged = dict(
            self.env["account.analytic.line"]
            .sudo()
            ._read_group(
                [("ticket_id", "in", self.ids)],
                ["ticket_id"],
                ["support_charged_minutes:sum"],
            )
        )
        for ticket in self:
            ticket.support_time_charged_minutes = charged.get(ticket, 0)

    @api.depends("support_counts_as_case", "commercial_partner_id")
    def _compute_support_cases_left(self):
        for ticket in self:
            subscription, used = (
                ticket._support_cases_used() if ticket.id else (None, 0)
            )
            allowance = (
                subscription.plan_id.annual_case_allowance if subscription else 0
            )
            ticket.support_cases_left = (
                self.env._(
                    "%(used)s of %(allowance)s used", used=used, allowance=allowance
                )
                if allowance
                else False
            )

    @api.constrains("support_counts_as_case")
    def _check_case_allowance(self):
        for ticket in self.filtered("support_counts_as_case"):
            subscription, used = ticket._support_cases_used()
            allowance = (
                subscription.plan_id.annual_case_allowance if subscription else 0
            )
            if used > allowance:
                raise ValidationError(
                    self.env._(
                        "%(customer)s has used the %(allowance)s support cases of "
                        "their plan this year: handle this question as ordinary "
                        "charged time instead.",
                        customer=ticket.commercial_partner_id.display_name,
                        allowance=allowance,
                    )
                )

    @api.depends("create_date", "commercial_partner_id.support_go_live_date")
    def _compute_support_go_live_free(self):
        # Only the go-live date of the customers: their whole records are not
        # needed to open a ticket.
        self.commercial_partner_id.fetch(["support_go_live_date"])
        for ticket in self:
            if ticket.closed and ticket._origin:
                # a closed ticket was charged (or not) by the window it had
                # then: moving the go-live date afterwards does not reprice it
                ticket.support_go_live_free = ticket._origin.support_go_live_free
                continue
            go_live = ticket.commercial_partner_id.support_go_live_date
            opened = ticket.create_date or fields.Datetime.now()
            ticket.support_go_live_free = bool(
                go_live
                and go_live <= opened <= go_live + timedelta(hours=GO_LIVE_HOURS)
            )

    def _support_charge_mode(self):
        """How the customer's plan has tickets paid: see
        ``support.plan.ticket_charge`` (by category without a plan)."""
        self.ensure_one()
        return self._support_terms().get("ticket_charge") or "category"

    def _support_priced_in_points(self):
        """Whether the ticket is paid in points: its category has a price in
        points and the customer's plan does not charge by time."""
        self.ensure_one()
        return (
            self.points_price_type not in (False, "free")
            and self._support_charge_mode() != "time"
        )

    @api.depends("category_id.points_price_type", "commercial_partner_id", "company_id")
    def _compute_support_time_covered(self):
        # One charge per ticket: a ticket paid in points does not consume
        # hour blocks too, unless the plan charges points tickets both ways.
        for ticket in self:
            ticket.support_time_covered = (
                ticket._support_priced_in_points()
                and ticket._support_charge_mode() != "both"
            )

    @api.depends("support_time_covered", "support_go_live_free", "points_price_type")
    @api.depends_context("lang")
    def _compute_support_charge_rule(self):
        for ticket in self:
            if ticket.support_go_live_free:
                text = self.env._(
                    "Free: opened within %(hours)s hours after the customer's "
                    "go-live, neither points nor time are charged.",
                    hours=GO_LIVE_HOURS,
                )
            elif ticket.support_time_covered:
                text = self.env._(
                    "Paid in points: the time logged here is recorded and does "
                    "not consume hour blocks."
                )
            elif ticket._support_priced_in_points():
                text = self.env._(
                    "Paid in points, and under the customer's plan the time "
                    "logged here also consumes hour blocks."
                )
            else:
                text = self.env._(
                    "Charged by time: the time logged here consumes the "
                    "customer's hour blocks, as 'Time charged' says."
                )
            ticket.support_charge_rule = text

    @api.depends(
        "category_id.points_price_type",
        "category_id.points_price",
        "category_id.points_unit_price",
        "points_units",
        "support_go_live_free",
        "support_counts_as_case",
        "commercial_partner_id",
        "company_id",
    )
    def _compute_points_estimate(self):
        for ticket in self:
            # the go-live window frees the ticket, whatever its unit, and a
            # support case is paid by the plan's allowance; a plan sold by the
            # hour charges time, not points
            ticket.points_estimate = (
                ticket.category_id._points_estimate(ticket.points_units)
                if ticket.category_id
                and not ticket.support_go_live_free
                and not ticket.support_counts_as_case
                and ticket._support_priced_in_points()
                else 0
            )

    @api.depends(
        "points_cost",
        "points_estimate",
        "support_go_live_free",
        "support_counts_as_case",
        "stage_id.closed",
        "category_id.points_price_display",
    )
    @api.depends_context("lang")
    def _compute_points_cost_display(self):
        """The price as the customer reads it: a range (80–100 points) until
        the agent sets the final price inside it or the ticket closes."""
        for ticket in self:
            category = ticket.category_id
            if ticket.support_go_live_free:
                text = self.env._("Free: opened within the go-live window")
            elif ticket.support_counts_as_case and not ticket.points_cost:
                text = self.env._("Support case of the plan")
            elif (
                category.points_price_type == "from"
                and category.points_price_max
                and ticket.points_cost == ticket.points_estimate
                and not ticket.stage_id.closed
            ):
                text = category.points_price_display
            elif ticket.points_cost:
                text = self.env._(
                    "%(points)s points",
                    points=formatLang(self.env, ticket.points_cost, digits=0),
                )
            else:
                text = self.env._("No charge")
            ticket.points_cost_display = text

    @api.depends("points_estimate")
    def _compute_points_cost(self):
        for ticket in self:
            if not ticket.cost_approved_date:
                ticket.points_cost = ticket.points_estimate
            else:
                ticket.points_cost = (
                    ticket.points_cost
                )  # approved: only changed with a reason

    @api.depends(
        "support_movement_ids.unit",
        "support_movement_ids.quantity",
        "support_movement_ids.captured_quantity",
    )
    def _compute_points_charged(self):
        # The minutes of the ticket's time entries are movements of the ticket
        # too: only the point movements count. A ticket whose movements are
        # known (a new one has none) sums them; the others are summed in one
        # grouped query, without reading each movement.
        field = self._fields["support_movement_ids"]
        known = self.filtered(lambda ticket: self.env.cache.contains(ticket, field))
        sums = {}
        if unknown := (self - known)._origin:
            sums = {
                ticket.id: (quantity, captured)
                for ticket, quantity, captured in self.env[
                    "support.movement"
                ]._read_group(
                    [("ticket_id", "in", unknown.ids), ("unit", "=", "point")],
                    ["ticket_id"],
                    ["quantity:sum", "captured_quantity:sum"],
                )
            }
        for ticket in self:
            if ticket in known:
                movements = ticket.support_movement_ids.filtered(
                    lambda movement: movement.unit == "point"
                )
                quantity = sum(movements.mapped("quantity"))
                captured = sum(movements.mapped("captured_quantity"))
            else:
                quantity, captured = sums.get(ticket._origin.id, (0, 0))
            ticket.points_captured = captured
            ticket.points_deducted = -quantity - captured

    @api.depends(
        "points_cost",
        "cost_approved_date",
        "is_product_bug",
        "stage_id.closed",
        "stage_id.support_cost_outcome",
        "points_captured",
        "points_deducted",
    )
    def _compute_points_cost_state(self):
        for ticket in self:
            if ticket.is_product_bug:
                state = "refunded"
            elif (
                ticket.points_cost <= 0
                and not ticket.points_captured
                and not ticket.points_deducted
            ):
                state = "free"
            elif not ticket.cost_approved_date:
                state = "to_approve"
            elif ticket.stage_id.closed:
                state = (
                    "released"
                    if ticket.stage_id.support_cost_outcome == "release"
                    else "charged"
                )
            elif ticket.points_captured >= ticket.points_cost:
                state = "captured"
            else:
                state = "waiting_points"
            ticket.points_cost_state = state

    @api.constrains("category_id", "company_id")
    def _check_category_company(self):
        for ticket in self:
            company = ticket.category_id.company_id
            if company and company != ticket.company_id:
                raise ValidationError(
                    self.env._(
                        "Category %(category)s and its price belong to %(company)s, "
                        "not to the ticket's company.",
                        category=ticket.category_id.name,
                        company=company.name,
                    )
                )

    @api.constrains("points_cost", "points_units")
    def _check_points_cost(self):
        for ticket in self:
            if ticket.points_cost < 0 or ticket.points_units < 0:
                raise ValidationError(
                    self.env._("A cost in points cannot be negative.")
                )
            category = ticket.category_id
            if (
                category.points_price_type == "from"
                and ticket.points_cost
                and ticket.points_cost < category.points_price
                and not ticket.is_product_bug
                and not (self.env.su and self.env.context.get("support_cost_reason"))
            ):
                raise ValidationError(
                    self.env._(
                        "%(category)s costs at least %(points)s points.",
                        category=category.name,
                        points=category.points_price,
                    )
                )
            # a price change after approval is checked by _support_change_cost
            refusal = (
                ticket.points_cost
                and not ticket.is_product_bug
                and not self.env.su
                and category._points_range_refusal(ticket.points_cost)
            )
            if refusal:
                raise ValidationError(refusal)

    # --- writes ---------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_action_fields(self, vals, ACTION_FIELDS, create=True)
        tickets = super().create(vals_list)
        tickets._support_count_go_live_cases()
        return tickets

    def _support_count_go_live_cases(self):
        """Count as a support case each new ticket opened after its
        customer's go-live window, where the plan says so and its yearly
        allowance has a case left (seed agreement: "whatever issue you find
        after 72 hours will go against your support cases, or may be
        charged"). Blocking problems are never cases."""
        for ticket in self.filtered(
            lambda ticket: (
                not ticket.support_case_request
                and not ticket.support_go_live_free
                and not ticket.severity_id.is_blocking
                and ticket.commercial_partner_id.support_go_live_date
                and ticket.commercial_partner_id.support_go_live_date
                < ticket.create_date
            )
        ):
            subscription, used = ticket._support_cases_used()
            plan = subscription.plan_id
            if plan.go_live_cases and used < plan.annual_case_allowance:
                # the rule of the plan, whoever opened the ticket
                ticket.sudo().support_case_request = "go_live"

    def write(self, vals):
        check_action_fields(self, vals, ACTION_FIELDS)
        charge_change = bool(CHARGE_FIELDS & vals.keys())
        if "category_id" in vals:
            covered_before = {ticket.id: ticket.support_time_covered for ticket in self}
        if charge_change:
            targets_before = {
                ticket.id: ticket._support_target_charge() for ticket in self
            }
        # after approval only _support_change_cost changes the cost, through
        # sudo() once it checked the agent and the reason (action_fields.py)
        if "points_cost" in vals and not self.env.su:
            approved = self.filtered(
                lambda ticket: (
                    ticket.cost_approved_date
                    and ticket.points_cost != vals["points_cost"]
                )
            )
            if approved:
                raise UserError(
                    self.env._(
                        "The customer approved the cost of %(tickets)s: change it with "
                        "'Change price', giving the reason.",
                        tickets=", ".join(approved.mapped("display_name")),
                    )
                )
        result = super().write(vals)
        if "stage_id" in vals:
            unapproved = self.filtered(
                lambda ticket: (
                    ticket.stage_id.support_work_stage
                    and ticket.points_cost > 0
                    and not ticket.cost_approved_date
                    and not ticket.is_product_bug
                )
            )
            if unapproved:
                raise UserError(
                    self.env._(
                        "Work on %(tickets)s starts once the customer approved "
                        "its cost.",
                        tickets=", ".join(unapproved.mapped("display_name")),
                    )
                )
        time_changed = self.browse()
        if {"support_billing", "support_project_state"} & vals.keys():
            time_changed = self
        elif "category_id" in vals:
            time_changed = self.filtered(
                lambda ticket: ticket.support_time_covered != covered_before[ticket.id]
            )
        if time_changed:
            # every agent's entries follow the ticket's billing
            time_changed._support_time_entries()._support_sync_time()
        if charge_change:
            # The ledger follows every target, so only a changed target (or a
            # ticket still waiting for points) has anything to post.
            self.filtered(
                lambda ticket: (
                    ticket._support_target_charge() != targets_before[ticket.id]
                    or ticket.points_cost_state == "waiting_points"
                    or "partner_id" in vals
                    or "company_id" in vals
                )
            )._support_sync_charge()
        return result

    def _message_track(self, fields_iter, initial_values_dict):
        # At each commit tracking a ticket, mail describes every tracked field
        # (fields_get: labels and selections in the user's language), changed
        # or not, and this addon tracks a dozen more. Only the fields that
        # changed are passed on: _mail_track skips the others, compared the
        # same way.
        changed = set()
        for ticket in self:
            initial = initial_values_dict.get(ticket.id) or {}
            try:
                changed.update(
                    fname
                    for fname in fields_iter
                    if fname in initial
                    and fname not in changed
                    and ticket[fname] != initial[fname]
                    and (ticket[fname] or initial[fname])
                )
            except MissingError:
                continue
        fnames = [fname for fname in fields_iter if fname in changed]
        # nothing changed: one field keeps mail's own course (it finds no change)
        return super()._message_track(
            fnames or list(fields_iter)[:1], initial_values_dict
        )

    # --- the charge -----------------------------------------------------------

    def _support_target_charge(self):
        """(points to hold, points spent) the ticket should have right now."""
        self.ensure_one()
        cost = self.points_cost
        if self.is_product_bug or cost <= 0 or not self.cost_approved_date:
            return 0, 0
        if self.stage_id.closed:
            return (
                (0, 0) if self.stage_id.support_cost_outcome == "release" else (0, cost)
            )
        return cost, 0

    def _support_plan(self):
        """The plan of the ticket's customer in the ticket's company."""
        self.ensure_one()
        plan_id = self._support_terms().get("plan_id")
        return self.env["support.plan"].browse(plan_id).sudo(self.env.su)

    def _support_terms(self):
        """The terms of that plan every step reads: see
        ``support.plan._support_active_terms``."""
        self.ensure_one()
        return self.env["support.plan"]._support_active_terms(
            self.commercial_partner_id.id, self.company_id.id, fields.Date.today()
        )

    def _support_overdraft_limit(self):
        self.ensure_one()
        return self._support_terms().get("overdraft_limit", 0)

    def _support_sync_charge(self, raise_if_short=None):
        """Post what brings the ledger in line with the ticket's state.

        Whatever the order or repetition of clicks, the ticket ends up with
        exactly its target captured and spent points: a second identical call
        posts nothing. Returns False when points were short and the ticket
        waits for them.
        """
        movements = self.env["support.movement"]
        heads = self.env["support.ledger.head"]
        all_synced = True
        for ticket in self:
            partner = ticket.commercial_partner_id
            if not partner:
                continue
            company = ticket.company_id
            target_held, target_spent = ticket._support_target_charge()
            held, spent = {}, {}
            expiries = {}
            # The customer's ledger lock comes with the first balances the ticket needs,
            # read in the same statement. Stored sums of zero: nothing held or
            # spent, no per-lot detail needed; the points to post (if any) come
            # from the customer's lots.
            detail = []
            customer_lots = None
            if ticket.points_captured or ticket.points_deducted:
                head, detail = movements._lock_and_lot_balances(
                    partner, "point", company, ticket=ticket
                )
            elif target_held or target_spent:
                head, customer_lots = movements._lock_and_lot_balances(
                    partner, "point", company, spendable=True
                )
            else:
                head = heads._lock(company.id, partner.id)
            for lot_id, available, captured, expiry in detail:
                held[lot_id] = captured
                spent[lot_id] = -available - captured
                expiries[lot_id] = expiry
            common = {
                "company_id": company.id,
                "partner_id": partner.id,
                "unit": "point",
                "ticket_id": ticket.id,
            }
            vals_list = []
            delta_spent = target_spent - sum(spent.values())
            if delta_spent > 0:
                spend = ticket._support_spend_values(
                    delta_spent, held, common, raise_if_short, customer_lots
                )
                if spend is None:
                    all_synced = False
                    continue
                vals_list += spend
                customer_lots = None  # spent from: a next allocation reads again
            elif delta_spent < 0:
                head = None  # a refund may credit a new lot, which posts first
                vals_list += ticket._support_refund_values(
                    -delta_spent, spent, expiries, common
                )
            delta_held = target_held - sum(held.values())
            if delta_held > 0:
                short_ok = raise_if_short is False or (
                    raise_if_short is None and not ticket.stage_id.support_work_stage
                )
                captures = ticket._support_allocate(
                    delta_held, not short_ok, customer_lots
                )
                if captures is None:
                    movements._post(vals_list, head=head)
                    if self.env.context.get("support_notify_waiting"):
                        ticket._support_notify_waiting(delta_held)
                    all_synced = False
                    continue
                for lot_id, take in captures:
                    vals_list.append(
                        dict(
                            common,
                            lot_id=lot_id,
                            kind="capture",
                            quantity=-take,
                            captured_quantity=take,
                        )
                    )
            elif delta_held < 0:
                # The ticket keeps the points that would expire soonest.
                for lot_id, give in movements._give_back(held, -delta_held):
                    vals_list.append(
                        dict(
                            common,
                            lot_id=lot_id,
                            kind="release",
                            quantity=give,
                            captured_quantity=-give,
                        )
                    )
            movements._post(vals_list, head=head)
        return all_synced

    def _support_spend_values(
        self, quantity, held, common, raise_if_short, customer_lots=None
    ):
        """Movements spending points: deduct what is held first, then capture
        and deduct the rest. Updates ``held``; None when points are short.
        ``customer_lots``: as for ``_support_allocate``."""
        vals_list = []
        for lot_id in list(held):
            take = min(held[lot_id], quantity)
            if take > 0:
                vals_list.append(
                    dict(
                        common, lot_id=lot_id, kind="deduction", captured_quantity=-take
                    )
                )
                held[lot_id] -= take
                quantity -= take
        if quantity > 0:
            captures = self._support_allocate(
                quantity, raise_if_short is not False, customer_lots
            )
            if captures is None:
                return None
            for lot_id, take in captures:
                vals_list += [
                    dict(
                        common,
                        lot_id=lot_id,
                        kind="capture",
                        quantity=-take,
                        captured_quantity=take,
                    ),
                    dict(
                        common, lot_id=lot_id, kind="deduction", captured_quantity=-take
                    ),
                ]
        return vals_list

    def _support_allocate(self, quantity, raise_if_short, customer_lots=None):
        """[(lot_id, points)] to capture, earliest expiry first, or None if short.

        ``customer_lots``: the customer's lot balances if already read under
        the ledger lock (read here otherwise).
        """
        self.ensure_one()
        partner = self.commercial_partner_id
        allocation, usable = self.env["support.movement"]._allocate(
            partner,
            "point",
            self.company_id,
            quantity,
            self._support_overdraft_limit(),
            balances=customer_lots,
        )
        if allocation is None and raise_if_short:
            raise UserError(
                self.env._(
                    "%(customer)s has %(available)s points available and ticket "
                    "%(ticket)s needs %(needed)s: work waits until the customer "
                    "buys points.",
                    customer=partner.display_name,
                    available=max(usable, 0),
                    ticket=self.display_name,
                    needed=quantity,
                )
            )
        return allocation

    def _support_refund_values(self, quantity, spent, expiries, common):
        """Movements returning spent points to the lots they came from.

        A lot that has expired since cannot take points back (they would
        expire at once): those points come back as a new lot.
        """
        vals_list = []
        today = fields.Date.today()
        lots = self.env["support.lot"]
        for lot_id, give in self.env["support.movement"]._give_back(spent, quantity):
            if lot_id and expiries[lot_id] < today:
                lot = lots.browse(lot_id)
                lots._credit(
                    self.commercial_partner_id,
                    "point",
                    give,
                    "refund",
                    self.env._("Refund of %(ticket)s", ticket=self.display_name),
                    company=self.company_id,
                    validity_months=max(
                        1, round((lot.date_expiry - lot.date_purchase).days / 30.4)
                    ),
                    kind="refund",
                    ticket=self,
                )
            else:
                vals_list.append(
                    dict(common, lot_id=lot_id, kind="refund", quantity=give)
                )
        return vals_list

    def _support_tell_customer(self, text):
        """Post ``text`` on the ticket as a message to its customer."""
        self.ensure_one()
        self.message_post(
            body=Markup("<p>%s</p>") % text,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_id.ids,
        )

    def _support_notify_waiting(self, needed):
        self.ensure_one()
        self._support_tell_customer(
            self.env._(
                "Work on this ticket waits for %(needed)s points. Buy a point pack "
                "from your portal to let it start.",
                needed=needed,
            )
        )

    # --- actions --------------------------------------------------------------

    def _support_cost_approval_mode(self):
        self.ensure_one()
        return (
            self._support_terms().get("cost_approval")
            or self.company_id.support_cost_approval
        )

    def _support_check_can_approve(self, user):
        self.ensure_one()
        if self.points_cost <= 0:
            if self.points_price_type == "on_request":
                raise UserError(
                    self.env._(
                        "The price of %(ticket)s is given upon request: set it first.",
                        ticket=self.display_name,
                    )
                )
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s costs nothing to approve.",
                    ticket=self.display_name,
                )
            )
        # what share means, without reading the user's whole record
        if not user.has_group("base.group_user"):
            if user.commercial_partner_id != self.commercial_partner_id:
                raise AccessError(
                    self.env._(
                        "You can only approve the costs of your own company's tickets."
                    )
                )
            return
        if not user.has_group("support_entitlements.group_support_agent"):
            raise AccessError(
                self.env._("Only support agents approve costs for customers.")
            )
        if self._support_cost_approval_mode() != "customer_or_agent":
            raise UserError(
                self.env._(
                    "%(customer)s's plan requires the customer to approve costs, "
                    "from the portal.",
                    customer=self.commercial_partner_id.display_name,
                )
            )

    def action_approve_cost(self):
        """Approve each ticket's cost as the current user; captures the points."""
        user = self.env.user
        for ticket in self:
            if ticket.cost_approved_date:
                continue  # approving twice changes nothing
            ticket._support_check_can_approve(user)
            # The approval right was checked above; portal customers may not
            # write tickets themselves. No tracked field changes (the capture
            # movement records who approved and when): mail need not prepare
            # the tracking of every tracked field.
            ticket.sudo().with_context(
                support_notify_waiting=True, mail_notrack=True
            ).write(
                {
                    "cost_approved_date": fields.Datetime.now(),
                    "cost_approved_by_id": user.id,
                }
            )
        return True

    def action_dispute_cost(self, reason):
        """The customer contests the ticket's cost; its manager is told.

        A ticket carries one open dispute: disputing again (a resubmitted
        form) changes nothing until support answers.
        """
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Tell us why the cost seems wrong to you."))
        if len(reason) > MAX_REASON_LENGTH:
            raise UserError(
                self.env._(
                    "Keep the reason under %(count)s characters.",
                    count=MAX_REASON_LENGTH,
                )
            )
        user = self.env.user
        for ticket in self:
            # a dispute is the customer's word: support answers it, it does
            # not write it (cost_dispute_* are action-only)
            if not user.share or user.commercial_partner_id != (
                ticket.commercial_partner_id
            ):
                raise AccessError(
                    self.env._(
                        "Only the customer's own contacts dispute the cost of "
                        "%(ticket)s.",
                        ticket=ticket.display_name,
                    )
                )
            if ticket.cost_dispute_date:
                continue
            # The customer may contest the cost, not write the ticket.
            ticket = ticket.sudo()
            ticket.write(
                {
                    "cost_dispute_date": fields.Datetime.now(),
                    "cost_dispute_reason": reason,
                }
            )
            ticket.message_post(
                body=Markup("<p>%s</p><p>%s</p>")
                % (self.env._("The customer disputes the cost:"), reason),
                author_id=self.env.user.partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            ticket.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Cost disputed by the customer"),
                note=reason,
                user_id=ticket._support_dispute_manager().id,
            )
        return True

    def _support_dispute_manager(self):
        """Who answers a dispute: the team leader, else a support manager."""
        self.ensure_one()
        return (
            self.team_id.user_id
            or self.env["res.users"].search(
                [
                    (
                        "groups_id",
                        "in",
                        self.env.ref("support_entitlements.group_support_manager").ids,
                    ),
                    ("company_ids", "in", self.company_id.ids),
                ],
                order="id",
                limit=1,
            )
            or self.env.ref("base.user_admin")
        )

    def action_mark_product_bug(self):
        """The problem was a bug of the product: return every point."""
        if not self.env.user.has_group("support_entitlements.group_support_agent"):
            raise AccessError(self.env._("Only support agents can mark a product bug."))
        for ticket in self.filtered(lambda ticket: not ticket.is_product_bug):
            # the agent's right was checked above; the field is action-only
            ticket.sudo().is_product_bug = True
            ticket._support_tell_customer(
                self.env._(
                    "This was a bug of our product: the points of this ticket are "
                    "returned to you."
                )
            )
        return True

    def action_open_cost_wizard(self):
        ensure_one_action(self)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change the price"),
            "res_model": "support.ticket.cost.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_ticket_id": self.id,
                "default_new_cost": self.points_cost,
            },
        }

    def _support_change_cost(self, new_cost, reason):
        """Change an approved ticket's cost, with a reason the customer reads."""
        self.ensure_one()
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(
                self.env._("Say why the price changes: the customer reads it.")
            )
        if len(reason) > MAX_REASON_LENGTH:
            raise UserError(
                self.env._(
                    "Keep the reason under %(count)s characters.",
                    count=MAX_REASON_LENGTH,
                )
            )
        if new_cost < 0:
            raise ValidationError(self.env._("A cost in points cannot be negative."))
        if self.stage_id.closed and not self.env.user.has_group(
            "support_entitlements.group_support_manager"
        ):
            raise AccessError(
                self.env._(
                    "Only a support manager can reconsider the cost of a closed ticket."
                )
            )
        if not self.env.user.has_group("support_entitlements.group_support_agent"):
            raise AccessError(self.env._("Only support agents change ticket prices."))
        refusal = self.category_id._points_range_refusal(new_cost)
        if refusal:
            raise AccessError(refusal)
        old_cost = self.points_cost
        if new_cost == old_cost:
            return False
        # the agent and the reason were checked above; the cost of an
        # approved ticket is action-only (action_fields.py)
        self.sudo().with_context(support_cost_reason=reason).write(
            {"points_cost": new_cost}
        )
        self._support_tell_customer(
            self.env._(
                "The price of this ticket changed from %(old)s to %(new)s points: "
                "%(reason)s",
                old=old_cost,
                new=new_cost,
                reason=reason,
            )
        )
        return True

    # --- time -------------------------------------------------------------------

    def _support_time_unplanned(self):
        """True when the customer has neither a plan nor hour blocks here."""
        self.ensure_one()
        partner = self.commercial_partner_id
        if self._support_terms():
            return False
        return (
            not self.env["support.lot"]
            .sudo()
            .search_count(
                [
                    ("partner_id", "=", partner.id),
                    ("company_id", "=", self.company_id.id),
                    ("unit", "=", "minute"),
                ],
                limit=1,
            )
        )

    def _support_bill_unplanned_time(self):
        """Turn the charged time of a customer without a plan into a quotation.

        At least the company's minimum (two hours by default) per ticket, on a
        draft order for the salesperson; time is never silently lost.
        """
        self.ensure_one()
        company = self.company_id
        product = company.support_unplanned_product_id
        if not product:
            raise UserError(
                self.env._(
                    "%(customer)s has no support plan: choose the product that bills "
                    "support time without a plan in the helpdesk settings.",
                    customer=self.commercial_partner_id.display_name,
                )
            )
        entries = self._support_time_entries().filtered(
            lambda line: (
                line.support_billing == "billable" and not self.support_time_covered
            )
        )
        hours = sum(entries.mapped("unit_amount"))
        # Agents log time; the quotation belongs to the salesperson.
        sale_lines = self.sudo().support_unplanned_line_ids
        billed = sum(
            sale_lines.filtered(lambda line: line.order_id.state == "sale").mapped(
                "product_uom_qty"
            )
        )
        draft = sale_lines.filtered(
            lambda line: line.order_id.state in ("draft", "sent")
        )[:1]
        if billed:
            quantity = hours - billed
        else:
            quantity = (
                max(hours, company.support_min_unplanned_hours) if hours > 0 else 0
            )
        if draft:
            draft.product_uom_qty = max(quantity, 0)
            return
        if quantity <= 0:
            return
        order = (
            self.env["sale.order"]
            .sudo()
            ._support_unplanned_order(self.commercial_partner_id, company)
        )
        self.env["sale.order.line"].sudo().create(
            {
                "order_id": order.id,
                "product_id": product.id,
                "product_uom_qty": quantity,
                "name": self.env._(
                    "Support time on %(ticket)s", ticket=self.display_name
                ),
                "support_ticket_id": self.id,
            }
        )

    def action_support_project_declined(self):
        """The customer declined the project: its preparation time is charged."""
        for ticket in self:
            if not (ticket.support_project_reason or "").strip():
                raise UserError(
                    self.env._("Record why the customer declined the project first.")
                )
            ticket.support_project_state = "declined"
            # every agent's preparation time
            ticket._support_time_entries()._support_sync_time()
        return True

    def action_support_project_commissioned(self):
        self.support_project_state = "commissioned"
        return True

    def action_support_quotation(self):
        ensure_one_action(self)
        return self.commercial_partner_id.action_support_renewal_quotation()
