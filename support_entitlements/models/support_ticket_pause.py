# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SupportTicketPause(models.Model):
    _name = "support.ticket.pause"
    _description = "Ticket SLA Pause"
    _order = "ticket_id, date_start, id"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    date_start = fields.Datetime(string="Paused on", required=True, readonly=True)
    date_end = fields.Datetime(string="Resumed on", readonly=True, index=True)
    stage_id = fields.Many2one(
        comodel_name="helpdesk.ticket.stage", readonly=True, ondelete="set null"
    )
    resumed_by = fields.Selection(
        selection=[
            ("customer_reply", "Customer reply"),
            ("stage_change", "Stage change"),
        ],
        readonly=True,
    )
