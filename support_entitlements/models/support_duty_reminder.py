# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SupportDutyReminder(models.Model):
    """That a team was told who is on duty at one weekend: its unique key
    makes the Friday reminder go out once, whichever worker sends it."""

    _name = "support.duty.reminder"
    _description = "Support Weekend Duty Reminder"
    _order = "weekend_date desc"

    team_id = fields.Many2one(
        "helpdesk.ticket.team", required=True, readonly=True, ondelete="cascade"
    )
    weekend_date = fields.Date(
        string="Saturday", required=True, readonly=True, help="The weekend's Saturday."
    )
    reminded_date = fields.Datetime(required=True, readonly=True)

    _sql_constraints = [
        (
            "team_weekend_unique",
            "UNIQUE(team_id, weekend_date)",
            "A team is reminded once per weekend.",
        ),
    ]
