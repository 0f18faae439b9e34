# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .action_fields import ensure_one_action
from .helpdesk_ticket import MAX_REASON_LENGTH


class HelpdeskTicketApproval(models.Model):
    """The customer's word on a ticket's cost: approval, dispute, a
    product bug, and price changes with a reason."""

    # one concern per file (see helpdesk_ticket.py)
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "helpdesk.ticket"

    # Not tracked: the capture movement records who approved and when.
    cost_approved_date = fields.Datetime(readonly=True, copy=False)
    cost_approved_by_id = fields.Many2one(
        "res.users", string="Cost approved by", readonly=True, copy=False
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
