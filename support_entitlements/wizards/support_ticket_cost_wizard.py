# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..models.action_fields import ensure_one_action
from ..models.helpdesk_ticket import MAX_REASON_LENGTH


class SupportTicketCostWizard(models.TransientModel):
    """Change a ticket's approved price, or reconsider a closed ticket's cost."""

    _name = "support.ticket.cost.wizard"
    _inherit = ["support.input.limits"]
    _support_ranges = {"new_cost": (0, 1_000_000)}
    _support_max_lengths = {"reason": MAX_REASON_LENGTH}
    _description = "Change a Ticket's Price"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade")
    current_cost = fields.Integer(related="ticket_id.points_cost")
    is_reconsideration = fields.Boolean(related="ticket_id.stage_id.closed")
    new_cost = fields.Integer(string="New cost (points)", required=True)
    reason = fields.Text(required=True, help="Sent to the customer with the new price.")

    def action_apply(self):
        ensure_one_action(self)
        self.ticket_id._support_change_cost(self.new_cost, self.reason)
        return {"type": "ir.actions.act_window_close"}
