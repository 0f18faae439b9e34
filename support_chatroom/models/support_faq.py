# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, html2plaintext, is_html_empty

# What a customer writes on the knowledge board, in characters.
MAX_QUESTION_LENGTH = 250
MAX_DETAILS_LENGTH = 5_000
# Questions a customer's company may have waiting at once (a flood guard).
MAX_WAITING_QUESTIONS = 20


class SupportFaq(models.Model):
    """A question and its answer on the knowledge board. Customers ask
    questions from the portal: a question stays private (its asker's
    company reads it, no one else) until an agent answers it, rewrites it
    without names, and publishes it."""

    _name = "support.faq"
    _inherit = ["support.input.limits"]
    _description = "Frequently Asked Question"
    _order = "sequence, id desc"
    _rec_name = "question"

    question = fields.Char(required=True, translate=True)
    answer = fields.Html(translate=True)
    sequence = fields.Integer(default=10)
    segment_id = fields.Many2one(comodel_name="support.segment", index=True)
    source_message_id = fields.Many2one(
        comodel_name="mail.message",
        string="Asked In",
        readonly=True,
        ondelete="set null",
        help="The room message the question comes from.",
    )
    # who asked is the team's to know: published, the entry is anonymous
    asked_by_id = fields.Many2one(
        comodel_name="res.partner",
        readonly=True,
        index="btree_not_null",
        groups="support_entitlements.group_support_agent",
        help="The customer contact who asked on the portal.",
    )
    details = fields.Text(
        readonly=True,
        groups="support_entitlements.group_support_agent",
        help="What the customer added to the question; never published.",
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

    @api.constrains("is_published", "answer")
    def _check_published_answer(self):
        for faq in self:
            if faq.is_published and is_html_empty(faq.answer):
                raise ValidationError(
                    self.env._(
                        "“%(question)s” has no answer yet: answer it before "
                        "publishing it.",
                        question=faq.question,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # who asked is set by _support_ask alone: a client could
            # otherwise show any contact as the asker of any question
            if vals.get("asked_by_id") and not self.env.su:
                raise UserError(
                    self.env._("Customers ask their questions on the portal.")
                )
        return super().create(vals_list)

    def write(self, vals):
        if "asked_by_id" in vals and not self.env.su:
            raise UserError(self.env._("Customers ask their questions on the portal."))
        result = super().write(vals)
        if "question" in vals:
            asked = self.sudo().filtered("asked_by_id")
            if asked:
                # A customer's question holds their wording in the language
                # they asked in; the agent's rewrite (without names) replaces
                # it in every language, or a reader of another language would
                # still read the original.
                self.env.cr.execute(
                    SQL(
                        "UPDATE support_faq SET question = jsonb_build_object("
                        "'en_US', %s::text) WHERE id IN %s",
                        vals["question"] or "",
                        tuple(asked.ids),
                    )
                )
                asked.invalidate_recordset(["question"])
        return result

    @api.model
    def _support_ask(self, partner, question, details=None):
        """A customer contact (``partner``) asks ``question`` on the portal,
        with ``details``: a private entry of their company, to answer, of
        which their account manager is told. Returns it."""
        question = (
            " ".join(question.replace("\x00", "").split())
            if isinstance(question, str)
            else ""
        )
        details = (
            details.replace("\x00", "").strip() if isinstance(details, str) else ""
        )
        if not question:
            raise UserError(self.env._("Write your question."))
        if len(question) > MAX_QUESTION_LENGTH:
            raise UserError(
                self.env._(
                    "Keep the question under %(count)s characters; add the rest "
                    "as details.",
                    count=MAX_QUESTION_LENGTH,
                )
            )
        if len(details) > MAX_DETAILS_LENGTH:
            raise UserError(
                self.env._(
                    "Keep the details under %(count)s characters.",
                    count=MAX_DETAILS_LENGTH,
                )
            )
        customer = partner.commercial_partner_id
        # sudo: as in _support_asked_by
        waiting = self.sudo().search_count(
            self._support_asked_domain(partner), limit=MAX_WAITING_QUESTIONS
        )
        if waiting >= MAX_WAITING_QUESTIONS:
            raise UserError(
                self.env._(
                    "%(count)s of your questions are waiting for an answer: we "
                    "answer them before taking new ones.",
                    count=MAX_WAITING_QUESTIONS,
                )
            )
        # sudo: customers read the board but do not write it; this method
        # is how they ask (the asker is the portal user's own partner). In
        # the base language only: the agent's rewrite replaces it (write).
        faq = (
            self.sudo()
            .with_context(lang="en_US")
            .create(
                {
                    "question": question,
                    "details": details or False,
                    "asked_by_id": partner.id,
                    "is_published": False,
                    "company_id": (customer.company_id or self.env.company).id,
                }
            )
        )
        manager = customer.user_id
        if manager:
            # a notification, not a message on the entry: once published,
            # customers read the entry, and must not read who asked
            self.env["mail.thread"].sudo().message_notify(
                partner_ids=manager.partner_id.ids,
                subject=self.env._("A question on the knowledge board"),
                body=self.env._(
                    "%(partner)s (%(customer)s) asked on the knowledge board: "
                    "%(question)s",
                    partner=partner.name,
                    customer=customer.name,
                    question=question,
                ),
            )
        return faq

    @api.model
    def _support_asked_domain(self, partner):
        """The questions ``partner``'s company asked that are not published
        yet."""
        return [
            ("asked_by_id", "child_of", partner.commercial_partner_id.id),
            ("is_published", "=", False),
        ]

    @api.model
    def _support_asked_by(self, partner):
        """The questions ``partner``'s company asked that are not published
        yet, newest first (what their portal lists as theirs)."""
        # sudo: who asked is not readable on the portal (see asked_by_id);
        # the domain keeps to the reader's own company
        return self.sudo().search(self._support_asked_domain(partner), order="id desc")

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
            elif not answer:
                # an unanswered question becomes a draft, published once
                # answered
                defaults["is_published"] = False
        return defaults
