# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import formatLang

from .helpdesk_ticket import COST_STATES, GO_LIVE_HOURS


class HelpdeskTicketPrice(models.Model):
    """The price of a ticket: its estimate, cost and state in points, and
    the one charge it is paid with (points, or time)."""

    # one concern per file (see helpdesk_ticket.py)
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "helpdesk.ticket"

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
    # kept by the ledger's writer with the ticket's movements, in the same
    # transaction (see _support_points_posted), as it keeps each lot's balance
    points_captured = fields.Integer(readonly=True, copy=False)
    points_deducted = fields.Integer(readonly=True, copy=False)
    points_cost_state = fields.Selection(
        COST_STATES,
        string="Points",
        compute="_compute_points_cost_state",
        store=True,
        index=True,
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

    def _support_charge_mode(self):
        """How the customer's plan has tickets paid: see
        ``support.plan.ticket_charge`` (by category without a plan)."""
        self.ensure_one()
        return self._support_terms().get("ticket_charge") or "category"

    def _support_priced_in_points(self, mode=None):
        """Whether the ticket is paid in points: its category has a price in
        points and the customer's plan (``mode``, if the caller read it) does
        not charge by time."""
        self.ensure_one()
        return (
            self.points_price_type not in (False, "free")
            and (mode or self._support_charge_mode()) != "time"
        )

    @api.depends(
        "category_id.points_price_type",
        "points_cost",
        "commercial_partner_id",
        "company_id",
    )
    def _compute_support_time_covered(self):
        # One charge per ticket: a ticket paid in points (by its category, or
        # a price an agent gave it) does not consume hour blocks too, unless
        # the plan charges points tickets both ways. A ticket keeps the rule
        # it was opened under: a plan's option applies to the tickets opened
        # after it changed, and a closed ticket is not charged anew.
        for ticket in self:
            if ticket.closed and ticket._origin:
                ticket.support_time_covered = ticket._origin.support_time_covered
                continue
            if ticket.points_price_type in (False, "free") and not ticket.points_cost:
                ticket.support_time_covered = False  # no points: the plan is not read
                continue
            mode = ticket._support_charge_mode()
            ticket.support_time_covered = mode == "category" and (
                ticket._support_priced_in_points(mode) or ticket.points_cost > 0
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
                and ticket.points_estimate
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

    @api.model
    def _support_points_posted(self, vals_list):
        """The writer posted the point movements ``vals_list``: add them to
        their tickets' ``points_captured`` and ``points_deducted``, and
        recompute what follows from them. Nothing else changes these two
        figures.

        They are written with the ticket's own UPDATE at the next flush,
        which the step that posts (an approval, a stage, a product bug)
        issues anyway: updating the ticket in the writer's statement too
        would write a second version of the row, and of each of its
        indexes, at every posting. Whoever reads them in SQL flushes first,
        as for any field (the integrity check does)."""
        deltas = {}
        for vals in vals_list:
            if vals.get("ticket_id") and vals["unit"] == "point":
                captured, deducted = deltas.get(vals["ticket_id"], (0, 0))
                deltas[vals["ticket_id"]] = (
                    captured + vals["captured_quantity"],
                    deducted - vals["quantity"] - vals["captured_quantity"],
                )
        if not deltas:
            return
        tickets = self.browse(list(deltas))
        cache = self.env.cache
        names = ("points_captured", "points_deducted")
        for ticket in tickets:
            for name, delta in zip(names, deltas[ticket.id], strict=True):
                # read before marking dirty: the cache or the row, both current
                cache.set(ticket, self._fields[name], ticket[name] + delta, dirty=True)
        tickets.modified(names)

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
            if (
                ticket.points_cost > 0
                and not ticket.is_product_bug
                and not self.env.su
                and (
                    ticket.support_go_live_free
                    or ticket._support_charge_mode() == "time"
                )
            ):
                raise ValidationError(
                    self.env._(
                        "%(ticket)s is charged by time or free (the go-live "
                        "window): it has no price in points.",
                        ticket=ticket.display_name,
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
