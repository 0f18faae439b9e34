# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from odoo.addons.support_entitlements.models.action_fields import ensure_one_action
from odoo.addons.support_entitlements.models.helpdesk_ticket import MAX_REASON_LENGTH


class SupportOrderOverrideWizard(models.TransientModel):
    """A support manager lets setup start before the approvals, with the
    reason the customer reads in the room."""

    _name = "support.order.override.wizard"
    _inherit = ["support.input.limits"]
    _description = "Start Setup Before the Approvals"
    _support_max_lengths = {"reason": MAX_REASON_LENGTH}

    project_id = fields.Many2one("support.project", required=True, readonly=True)
    reason = fields.Text(required=True)

    def action_apply(self):
        ensure_one_action(self)
        self.project_id.action_support_override_order(self.reason)
        return {"type": "ir.actions.act_window_close"}
