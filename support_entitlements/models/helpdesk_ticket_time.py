# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_duration

from .account_analytic_line import BILLING_REASONS
from .action_fields import ensure_one_action
from .helpdesk_ticket import GO_LIVE_HOURS


class HelpdeskTicketTime(models.Model):
    """Time on a ticket: technical questions' cap, support cases, the
    go-live window, and billing time without a plan."""

    # one concern per file (see helpdesk_ticket.py)
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "helpdesk.ticket"

    support_time_charged_minutes = fields.Integer(
        string="Time charged (minutes)",
        compute="_compute_support_time_charged_minutes",
        help="Minutes of the time logged on this ticket charged to hour blocks.",
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
                format_duration((cap - logged) / 60) if cap else False
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

    def _support_check_case_request(self, vals):
        """An issue after the go-live is a case by the plan's rule alone
        (_support_count_go_live_cases): a client writing it by hand would make
        any ticket free."""
        if vals.get("support_case_request") == "go_live" and not self.env.su:
            raise UserError(
                self.env._(
                    "A ticket counts as an issue found after the go-live by the "
                    "plan's rule only, when it is opened."
                )
            )

    def _support_count_go_live_cases(self):
        """Count as a support case each new ticket opened after its
        customer's go-live window, where the plan says so and its yearly
        allowance has a case left (seed agreement: "whatever issue you find
        after 72 hours will go against your support cases, or may be
        charged"). Blocking problems are never cases."""
        # only the go-live dates: the customers' whole records are not needed
        self.commercial_partner_id.fetch(["support_go_live_date"])
        for ticket in self.filtered(
            lambda ticket: (
                # most customers have no go-live date: nothing else is read
                ticket.commercial_partner_id.support_go_live_date
                and ticket.commercial_partner_id.support_go_live_date
                < ticket.create_date
                and not ticket.support_case_request
                and not ticket.support_go_live_free
                and not ticket.severity_id.is_blocking
            )
        ):
            subscription, used = ticket._support_cases_used()
            plan = subscription.plan_id
            if plan.go_live_cases and used < plan.annual_case_allowance:
                # the rule of the plan, whoever opened the ticket
                ticket.sudo().support_case_request = "go_live"

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
