# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round, format_duration

from .action_fields import check_action_fields
from .ranges import check_ranges

BILLING_REASONS = [
    ("billable", "Charged"),
    ("own_bug", "Not charged: bug in our own modules"),
    ("presales", "Not charged: pre-sales question"),
    ("warranty", "Not charged: warranty issue"),
    ("deferred", "Deferred: project preparation"),
    ("training", "Training"),
]

# How time spent with a customer outside a ticket was spent (seed 004: "any
# issue requiring us to spend time responding, whether by phone, email or
# Skype").
CONTACT_KINDS = [
    ("phone", "Phone call"),
    ("email", "E-mail"),
    ("room", "Chat room"),
]

# Writing one of these may change what a time entry should have consumed.
TIME_FIELDS = {"unit_amount", "support_billing", "ticket_id", "support_partner_id"}
# What the ledger holds for an entry: no write changes it (action_fields.py).
LEDGER_FIELDS = {"support_charged_minutes"}
# One entry on a ticket is at most a day's work, in hours (ranges.py).
TICKET_TIME_RANGES = {"unit_amount": (0, 24)}


class AccountAnalyticLine(models.Model):
    _name = "account.analytic.line"
    _inherit = [
        "account.analytic.line",
        "support.input.limits",
        "support.posting.mixin",
    ]

    # the tracking report joins a customer's tickets to their time entries
    ticket_id = fields.Many2one(index="btree_not_null")
    support_billing = fields.Selection(
        BILLING_REASONS,
        string="Support charge",
        compute="_compute_support_billing",
        store=True,
        readonly=False,
        help="Whether the time is charged to the customer's hour blocks, and "
        "why not. Follows the ticket's setting unless changed here.",
    )
    # time with a customer outside a ticket: by phone, e-mail or in the room
    support_partner_id = fields.Many2one(
        "res.partner",
        string="Support customer",
        index="btree_not_null",
        domain=[("parent_id", "=", False)],
        help="Time spent with this customer outside a ticket (a call, an "
        "e-mail, the chat room): it consumes their hour blocks as time on a "
        "ticket does.",
    )
    support_contact_kind = fields.Selection(CONTACT_KINDS, string="Contact by")
    support_movement_ids = fields.One2many(
        "support.movement", "timesheet_id", string="Ledger movements"
    )
    support_charged_minutes = fields.Integer(
        string="Charged minutes", compute="_compute_support_charged_minutes", store=True
    )

    support_charge_reason = fields.Char(
        string="Why not charged",
        compute="_compute_support_charge_reason",
        help="Why this time did not consume hour blocks, as the customer reads it.",
    )

    @api.depends(
        "support_billing", "support_charged_minutes", "ticket_id.support_time_covered"
    )
    @api.depends_context("lang")
    def _compute_support_charge_reason(self):
        for line in self:
            line.support_charge_reason = (
                line._support_reason_not_charged(
                    line.support_billing, line.ticket_id.support_time_covered
                )
                if line.unit_amount and not line.support_charged_minutes
                else False
            )

    @api.model
    def _support_reason_not_charged(self, billing, covered):
        """Why time with ``billing`` on a ticket (``covered`` by its points or
        not) consumed no hour block, in the reader's language: the one
        wording of the tracking reports and the statement."""
        if billing and billing != "billable":
            return dict(
                self._fields["support_billing"]._description_selection(self.env)
            )[billing]
        if covered:
            return self.env._("Covered by the ticket's points")
        return self.env._("Not charged to your hours")

    @api.depends("ticket_id.support_billing")
    def _compute_support_billing(self):
        for line in self:
            line.support_billing = line.ticket_id.support_billing or "billable"

    @api.depends("support_movement_ids.quantity")
    def _compute_support_charged_minutes(self):
        for line in self:
            line.support_charged_minutes = -sum(
                line.support_movement_ids.mapped("quantity")
            )

    @api.constrains("unit_amount", "ticket_id", "support_partner_id")
    def _check_support_duration(self):
        for line in self.filtered(lambda line: line._support_is_support_time()):
            if line.unit_amount < 0:
                raise ValidationError(
                    self.env._("Time logged on a ticket cannot be negative.")
                )
            if (
                line.ticket_id
                and line.support_partner_id
                and line.support_partner_id != line.ticket_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "Time on ticket %(ticket)s is %(customer)s's: log time with "
                        "another customer without the ticket.",
                        ticket=line.ticket_id.display_name,
                        customer=line.ticket_id.commercial_partner_id.display_name,
                    )
                )

    def _support_is_support_time(self):
        """Whether the entry is time with a support customer: on a ticket,
        or with a customer outside a ticket."""
        self.ensure_one()
        return bool(self.ticket_id or self.support_partner_id)

    @api.model
    def _support_normalize_customer(self, vals):
        """``vals`` with the customer of time outside a ticket as the
        company, whichever contact was picked; only the support team
        charges a customer's time this way."""
        if not vals.get("support_partner_id"):
            # 0 or None from a client: no customer (the ORM would keep the 0)
            if "support_partner_id" in vals:
                return dict(vals, support_partner_id=False)
            return vals
        if not self.env.su and not self.env.user.has_group(
            "support_entitlements.group_support_agent"
        ):
            raise UserError(
                self.env._("Only the support team logs time with a customer.")
            )
        # read below before the ORM sees the value: a record id first
        error = self._support_record_error(vals["support_partner_id"])
        if error:
            raise UserError(self.env._("Customer: %(error)s", error=error))
        partner = self.env["res.partner"].browse(vals["support_partner_id"]).exists()
        if not partner:
            raise UserError(self.env._("This customer does not exist."))
        return dict(vals, support_partner_id=partner.commercial_partner_id.id)

    # --- writes ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_action_fields(self, vals, LEDGER_FIELDS, create=True)
            if vals.get("ticket_id") or vals.get("support_partner_id"):
                check_ranges(self, vals, TICKET_TIME_RANGES)
        vals_list = [self._support_normalize_customer(vals) for vals in vals_list]
        lines = super().create(vals_list)
        lines.filtered("ticket_id")._support_check_ticket_open()
        lines.ticket_id._support_check_cap()
        lines.filtered(
            lambda line: line._support_is_support_time()
        )._support_sync_time()
        return lines

    def write(self, vals):
        check_action_fields(self, vals, LEDGER_FIELDS)
        if (
            vals.get("ticket_id")
            or vals.get("support_partner_id")
            or self.filtered(lambda line: line._support_is_support_time())
        ):
            check_ranges(self, vals, TICKET_TIME_RANGES)
        vals = self._support_normalize_customer(vals)
        if TIME_FIELDS & vals.keys():
            self.filtered("ticket_id")._support_check_ticket_open()
        result = super().write(vals)
        if "unit_amount" in vals or "ticket_id" in vals:
            self.ticket_id._support_check_cap()
        # a new ticket, customer, project, account or company of a charged
        # entry: its charge must stay where it was made
        if {
            "ticket_id",
            "support_partner_id",
            "project_id",
            "account_id",
            "company_id",
        } & vals.keys():
            self._support_check_same_customer()
        if TIME_FIELDS & vals.keys():
            self.filtered(
                lambda line: (
                    line._support_is_support_time() or line.support_movement_ids
                )
            )._support_sync_time()
        return result

    def _support_check_same_customer(self):
        """An entry that consumed a customer's time stays that customer's:
        moved to another one, it would leave its charge behind."""
        for line in self.filtered("support_movement_ids"):
            held = line.support_movement_ids
            if not sum(held.mapped("quantity")):
                continue  # given back already: nothing is left behind
            company = line.ticket_id.company_id or line.company_id
            customer = line.ticket_id.commercial_partner_id or line.support_partner_id
            if customer and (customer, company) != (
                held.partner_id[:1],
                held.company_id[:1],
            ):
                raise UserError(
                    self.env._(
                        "This time was charged to %(customer)s: delete the entry "
                        "and log it again for the other customer.",
                        customer=line.support_movement_ids.partner_id[:1].display_name,
                    )
                )

    def unlink(self):
        charged = self.filtered(
            lambda line: line.ticket_id or line.support_movement_ids
        )
        charged.filtered("ticket_id")._support_check_ticket_open()
        charged._support_sync_time(deleted=True)
        return super().unlink()

    def _support_check_ticket_open(self):
        if self.env.user.has_group("support_entitlements.group_support_manager"):
            return
        closed = self.ticket_id.filtered(lambda ticket: ticket.stage_id.closed)
        if closed:
            raise UserError(
                self.env._(
                    "Ticket %(tickets)s is closed: only a support manager can change "
                    "the time logged on it.",
                    tickets=", ".join(closed.mapped("display_name")),
                )
            )

    # --- the charge ----------------------------------------------------------------

    def _support_target(self, unplanned, deleted=False):
        """(unit, minutes) this entry should have consumed from the ledger;
        ``unplanned``: its ticket's time is billed on a quotation instead;
        ``deleted``: the entry is being deleted (an argument, not a context
        key: a client could send that, and have its time cost nothing)."""
        self.ensure_one()
        ticket = self.ticket_id
        company, customer = self._support_posting_customer()
        if deleted or not customer or not (ticket or self.support_partner_id):
            return "minute", 0
        minutes = round(self.unit_amount * 60)
        if self.support_billing == "training":
            return "training_minute", minutes
        if not ticket:
            # time with the customer outside a ticket: the plan's share and
            # rounding, and the reasons not to charge; no ticket, so no
            # points, go-live window or project decision to look at
            if self.support_billing != "billable":
                return "minute", 0
            return "minute", self._support_charge(
                minutes, customer._get_support_plan(company)
            )
        billable = self.support_billing == "billable" or (
            self.support_billing == "deferred"
            and ticket.support_project_state == "declined"
        )
        # one charge per ticket: a ticket paid in points covers its time
        if (
            not billable
            or ticket.support_go_live_free
            or ticket.support_time_covered
            or unplanned
        ):
            return "minute", 0
        return "minute", self._support_charge(minutes, ticket._support_plan())

    @api.model
    def _support_charge(self, minutes, plan):
        """The minutes ``minutes`` of work charge: the plan's billable share,
        rounded up to its rounding (all of it, to the minute, without a
        plan)."""
        share = plan.billable_share if plan else 100
        rounding = plan.rounding_minutes if plan else 1
        return int(
            float_round(
                minutes * share / 100, precision_rounding=rounding, rounding_method="UP"
            )
        )

    def _support_sync_time(self, deleted=False):
        """Post what brings each entry's consumption in line with its time
        (with nothing, for entries being ``deleted``).

        History is never rewritten: a longer entry posts a further deduction,
        a shorter or deleted one a refund, each naming the entry (the
        protocol: ``support.posting.mixin``).
        """
        self._support_post_targets(deleted=deleted)
        tickets = self.env["helpdesk.ticket"]
        customers = self.env["res.partner"]
        for line in self:
            tickets |= line._support_posting_ticket()
            customers |= line._support_posting_customer()[1]
        # once per ticket, for all of its entries
        for ticket in tickets.filtered(lambda ticket: ticket.commercial_partner_id):
            if ticket._support_time_unplanned():
                ticket._support_bill_unplanned_time()
        customers._support_check_renewal()

    # --- support.posting.mixin hooks ----------------------------------------------

    def _support_posting_ticket(self):
        """The entry's ticket, or the one its movements name (an entry moved
        off its ticket gives its time back to that ticket's customer)."""
        self.ensure_one()
        return self.ticket_id or self.support_movement_ids.ticket_id[:1]

    def _support_posting_customer(self):
        ticket = self._support_posting_ticket()
        if ticket:
            return ticket.company_id, ticket.commercial_partner_id
        # time outside a ticket, or the customer its movements name (an
        # entry moved to another customer gives its time back first)
        partner = self.support_partner_id or self.support_movement_ids.partner_id[:1]
        company = self.support_movement_ids.company_id[:1] or self.company_id
        return company, partner

    def _support_posting_read(self, company, partner, **options):
        posting = super()._support_posting_read(company, partner, **options)
        if self.support_movement_ids:
            movements = self.env["support.movement"]
            for unit in ("minute", "training_minute"):
                balances = movements._lot_balances(
                    partner, unit, company, timesheet=self
                )
                posting["holdings"][unit] = {
                    lot_id: -available for lot_id, available, _held, _expiry in balances
                }
        return posting

    def _support_posting_targets(self, posting, **options):
        ticket = self._support_posting_ticket()
        unit, target = self._support_target(
            bool(ticket) and ticket._support_time_unplanned(),
            options.get("deleted", False),
        )
        return [
            (other_unit, target if other_unit == unit else 0)
            for other_unit in ("minute", "training_minute")
        ]

    def _support_posting_moves(self, posting, key, delta, **options):
        ticket = self._support_posting_ticket()
        common = {"unit": key, "ticket_id": ticket.id or False, "timesheet_id": self.id}
        label = self.env._(
            "Time entry of %(date)s by %(who)s",
            date=self.date,
            who=self.employee_id.name or self.user_id.name or "",
        )
        if delta < 0:
            return [
                dict(
                    common,
                    lot_id=lot_id,
                    kind="refund",
                    quantity=give,
                    reason=self.env._("Correction: %s", label),
                )
                for lot_id, give in self.env["support.movement"]._give_back(
                    posting["holdings"][key], -delta
                )
            ]
        company, partner = self._support_posting_customer()
        return [
            dict(common, lot_id=lot_id, kind="deduction", quantity=-take, reason=label)
            for lot_id, take in self._support_allocate_minutes(
                partner, key, company, delta
            )
        ]

    def _support_allocate_minutes(self, partner, unit, company, minutes):
        """[(lot_id, minutes)], oldest expiry first; the plan's overdraft last."""
        plan = partner._get_support_plan(company)
        limit = plan.minutes_overdraft_limit if unit == "minute" else 0
        allocation, usable = self.env["support.movement"]._allocate(
            partner, unit, company, minutes, limit
        )
        if allocation is None:
            raise UserError(
                self.env._(
                    "%(customer)s has %(left)s of prepaid time left and this entry "
                    "needs %(needed)s: sell a new block, or mark the time as not "
                    "charged.",
                    customer=partner.display_name,
                    left=format_duration(max(usable, 0) / 60),
                    needed=format_duration(minutes / 60),
                )
            )
        return allocation
