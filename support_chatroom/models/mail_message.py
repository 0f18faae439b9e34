# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MailMessage(models.Model):
    _inherit = "mail.message"

    support_segment_id = fields.Many2one(
        comodel_name="support.segment",
        string="Question Segment",
        index="btree_not_null",
        copy=False,
    )
    support_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Archived In",
        index="btree_not_null",
        copy=False,
        ondelete="set null",
        help="The ticket this room message was archived into; a message is "
        "archived once.",
    )

    def _support_find_answer(self):
        """The reply to this room message: the first later message of another
        author that replies to it, else the next one by an employee."""
        self.ensure_one()
        domain = [
            ("model", "=", self.model),
            ("res_id", "=", self.res_id),
            ("id", ">", self.id),
            ("message_type", "=", "comment"),
            ("author_id", "!=", self.author_id.id),
        ]
        Message = self.env["mail.message"]
        return Message.search(domain + [("parent_id", "=", self.id)], limit=1) or (
            Message.search(
                domain + [("author_id.user_ids.share", "=", False)],
                order="id",
                limit=1,
            )
        )
