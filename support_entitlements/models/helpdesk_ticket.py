# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import MissingError, UserError

from .action_fields import check_action_fields

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
}

# Kept by the ledger's writer alone, not even written under sudo.
KEPT_FIELDS = {"points_captured", "points_deducted"}


class HelpdeskTicket(models.Model):
    """What the suite adds to a ticket, by concern: its price
    (helpdesk_ticket_price.py), the customer's approval
    (helpdesk_ticket_approval.py), the ledger that follows it
    (helpdesk_ticket_charge.py, through support.posting.mixin), time on it
    (helpdesk_ticket_time.py), its service levels (helpdesk_ticket_sla.py),
    the first answer out of hours (helpdesk_ticket_acknowledgement.py) and
    the escalation of blocking tickets (helpdesk_ticket_escalation.py).
    Here: the writes that tie them together and the plan the ticket's
    customer is on."""

    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "support.input.limits"]
    _support_ranges = {"points_units": (0, 1_000)}
    # a category (and its price) belongs to its company's tickets
    _check_company_auto = True

    # the portal pages, statements and reports select a customer's tickets
    commercial_partner_id = fields.Many2one(index=True)
    category_id = fields.Many2one(check_company=True)
    support_movement_ids = fields.One2many(
        "support.movement", "ticket_id", string="Ledger movements"
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_action_fields(self, vals, ACTION_FIELDS, create=True)
            self._support_check_points_untouched(vals, create=True)
            self._support_check_case_request(vals)
        tickets = super().create(vals_list)
        tickets._support_count_go_live_cases()
        return tickets

    def _support_check_points_untouched(self, vals, create=False):
        # What a ticket holds and spent is the sum of its movements, kept by
        # the ledger's writer: not a value any client (or sudo) sets. A new
        # ticket may say it holds nothing yet.
        if any(name in vals and (vals[name] or not create) for name in KEPT_FIELDS):
            raise UserError(
                self.env._(
                    "The points a ticket holds and spent follow its ledger "
                    "movements; approve, close or adjust instead."
                )
            )

    def write(self, vals):
        check_action_fields(self, vals, ACTION_FIELDS)
        self._support_check_points_untouched(vals)
        self._support_check_case_request(vals)
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

    def _support_tell_customer(self, text):
        """Post ``text`` on the ticket as a message to its customer."""
        self.ensure_one()
        self.message_post(
            body=Markup("<p>%s</p>") % text,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.partner_id.ids,
        )
