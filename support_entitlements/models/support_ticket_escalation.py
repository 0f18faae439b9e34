# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SupportTicketEscalation(models.Model):
    """One notice per ticket and level; the unique key makes it at most once."""

    _name = "support.ticket.escalation"
    _description = "Escalation Notice"
    _order = "notified_date desc, id desc"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    level_id = fields.Many2one(
        comodel_name="support.escalation.level",
        required=True,
        ondelete="cascade",
        readonly=True,
    )
    notified_date = fields.Datetime(required=True, readonly=True)

    _sql_constraints = (
        (
            "ticket_level_unique",
            "unique(ticket_id, level_id)",
            "A ticket is escalated once per level.",
        ),
    )
