# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from ..models.action_fields import ensure_one_action
from ..models.support_movement import MAX_REASON_LENGTH


class SupportAdjustmentWizard(models.TransientModel):
    """A manager's correction of a customer's balance, as a new movement."""

    _name = "support.adjustment.wizard"
    _inherit = ["support.input.limits", "support.posting.mixin"]
    _support_ranges = {
        "quantity": (-1_000_000, 1_000_000),
        "validity_months": (1, 120),
    }
    # what the ledger keeps forever (support.movement)
    _support_max_lengths = {"reason": MAX_REASON_LENGTH}
    _description = "Adjust a Support Balance"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        domain="[('is_company', '=', True)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    unit = fields.Selection(
        [("point", "Points"), ("minute", "Minutes")], required=True, default="point"
    )
    quantity = fields.Integer(
        required=True, help="Positive to credit the customer, negative to debit."
    )
    validity_months = fields.Integer(string="Valid for (months)", default=24)
    reason = fields.Char(required=True)

    def action_apply(self):
        ensure_one_action(self)
        if not self.env.user.has_group("support_entitlements.group_support_manager"):
            raise AccessError(self.env._("Only support managers adjust balances."))
        if not self.quantity:
            raise UserError(self.env._("An adjustment must change the balance."))
        if not (self.reason or "").strip():
            raise UserError(self.env._("Say why the balance is adjusted."))
        partner = self.partner_id.commercial_partner_id
        lots = self.env["support.lot"]
        if self.quantity > 0:
            lots._credit(
                partner,
                self.unit,
                self.quantity,
                "adjustment",
                self.reason,
                company=self.company_id,
                validity_months=self.validity_months,
                kind="adjustment",
                reason=self.reason,
            )
            return {"type": "ir.actions.act_window_close"}
        self._support_post_targets()
        return {"type": "ir.actions.act_window_close"}

    # --- support.posting.mixin hooks ----------------------------------------------

    def _support_posting_customer(self):
        return self.company_id, self.partner_id.commercial_partner_id

    def _support_posting_targets(self, posting, **options):
        # a debit: the customer's balance goes down by it
        return [(self.unit, self.quantity)]

    def _support_posting_moves(self, posting, key, delta, **options):
        company, partner = self._support_posting_customer()
        # A debit beyond what is left becomes a debt the next credit settles:
        # the customer's own lots, allocated under the lock.
        allocation, _usable = self.env["support.movement"]._allocate(
            partner, self.unit, company, -delta, float("inf")
        )
        return [
            {
                "lot_id": lot_id,
                "unit": self.unit,
                "kind": "adjustment",
                "quantity": -amount,
                "reason": self.reason,
            }
            for lot_id, amount in allocation
        ]
