# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SupportRoomReply(models.Model):
    """That a room was answered out of hours for one pause of the team's
    work (until it resumes): its unique key makes the reply go out once,
    whichever worker receives the customer's messages."""

    _name = "support.room.reply"
    _description = "Support Room Out-of-Hours Reply"
    _order = "resume_date desc"

    channel_id = fields.Many2one(
        "discuss.channel", required=True, readonly=True, ondelete="cascade"
    )
    resume_date = fields.Datetime(
        string="Work resumes",
        required=True,
        readonly=True,
        help="The end of the pause the reply was sent for.",
    )
    replied_date = fields.Datetime(required=True, readonly=True)

    _sql_constraints = [
        (
            "channel_pause_unique",
            "UNIQUE(channel_id, resume_date)",
            "A room is answered once per pause.",
        ),
    ]
