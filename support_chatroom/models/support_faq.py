# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import html2plaintext


class SupportFaq(models.Model):
    _name = "support.faq"
    _inherit = ["support.input.limits"]
    _description = "Frequently Asked Question"
    _order = "sequence, id desc"
    _rec_name = "question"

    question = fields.Char(required=True, translate=True)
    answer = fields.Html(required=True, translate=True)
    sequence = fields.Integer(default=10)
    segment_id = fields.Many2one(comodel_name="support.segment", index=True)
    source_message_id = fields.Many2one(
        comodel_name="mail.message",
        string="Asked In",
        readonly=True,
        ondelete="set null",
        help="The room message the question comes from.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    is_published = fields.Boolean(
        string="Published in the Portal",
        default=True,
        index=True,
        help="Customers read published questions in their portal.",
    )
    active = fields.Boolean(default=True)

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        message = self.env["mail.message"].browse(defaults.get("source_message_id"))
        if message:
            defaults.setdefault("question", html2plaintext(message.body or "")[:250])
            defaults.setdefault("segment_id", message.support_segment_id.id)
            answer = message._support_find_answer()
            if answer and "answer" in fields_list:
                defaults.setdefault("answer", answer.body)
        return defaults
