# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SupportWeekendNotice(models.Model):
    """That a ticket's customer was told, before one weekend, that the
    solution comes early next week: its unique key makes the warning go out
    once, whichever worker sends it."""

    _name = "support.weekend.notice"
    _description = "Support Before-the-Weekend Notice"
    _order = "weekend_date desc"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, readonly=True, ondelete="cascade"
    )
    weekend_date = fields.Date(
        string="Saturday", required=True, readonly=True, help="The weekend's Saturday."
    )
    notified_date = fields.Datetime(required=True, readonly=True)

    _sql_constraints = [
        (
            "ticket_weekend_unique",
            "UNIQUE(ticket_id, weekend_date)",
            "A ticket is warned once per weekend.",
        ),
    ]
