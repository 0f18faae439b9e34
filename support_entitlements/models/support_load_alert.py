# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

ALERT_KINDS = [
    ("load", "Too many open conversations"),
    ("long", "Conversation held too long"),
]


class SupportLoadAlert(models.Model):
    """That a team lead was told an agent needs help: too many open
    conversations on a day, or one conversation held for too long. Its
    unique key makes each alert go out once, whichever worker sends it."""

    _name = "support.load.alert"
    _description = "Support Team Load Alert"
    _order = "alert_date desc, id desc"

    key = fields.Char(required=True, readonly=True, index=False)
    kind = fields.Selection(ALERT_KINDS, required=True, readonly=True)
    team_id = fields.Many2one(
        "helpdesk.ticket.team", required=True, readonly=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users", string="Agent", required=True, readonly=True, ondelete="cascade"
    )
    ticket_id = fields.Many2one("helpdesk.ticket", readonly=True, ondelete="cascade")
    alert_date = fields.Datetime(required=True, readonly=True)

    _sql_constraints = [
        ("key_unique", "UNIQUE(key)", "Each load alert is sent once."),
    ]
