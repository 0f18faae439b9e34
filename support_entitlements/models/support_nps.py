# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import uuid

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .claims import claim_once

MAX_COMMENT_LENGTH = 2_000


def nps_group(score):
    """'promoter' (9–10), 'passive' (7–8) or 'detractor' (0–6)."""
    if score >= 9:
        return "promoter"
    return "passive" if score >= 7 else "detractor"


class SupportNps(models.Model):
    """ "Would you recommend us to a friend?" (0–10), the agreement's one
    measure of support, asked once per closed ticket through a link with a
    token. Its score counts as +100 (promoter), 0 (passive) or -100
    (detractor): their average over any group of answers is the Net
    Promoter Score (promoters − detractors, in %)."""

    _name = "support.nps"
    _description = "Would You Recommend Us?"
    _order = "id desc"
    _rec_name = "about"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", readonly=True, ondelete="cascade", index="btree_not_null"
    )
    about = fields.Char(
        readonly=True, help="What the customer is asked about: a ticket, an onboarding."
    )
    partner_id = fields.Many2one(
        "res.partner", string="Asked", required=True, readonly=True, index=True
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, string="Customer"
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    user_id = fields.Many2one("res.users", string="Agent", readonly=True, index=True)
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True, index=True)
    access_token = fields.Char(
        required=True,
        readonly=True,
        copy=False,
        groups="base.group_system",
        default=lambda self: uuid.uuid4().hex,
    )
    score = fields.Integer(readonly=True, aggregator=False)
    comment = fields.Text(readonly=True)
    answered_date = fields.Datetime(readonly=True, index=True)
    answer_group = fields.Selection(
        [
            ("promoter", "Promoter"),
            ("passive", "Passive"),
            ("detractor", "Detractor"),
        ],
        readonly=True,
        index=True,
    )
    nps = fields.Integer(
        string="NPS",
        readonly=True,
        aggregator="avg",
        help="+100 for a promoter (9–10), 0 for a passive (7–8), -100 for a "
        "detractor (0–6): averaged, the Net Promoter Score.",
    )

    _sql_constraints = [
        ("ticket_unique", "UNIQUE(ticket_id)", "One question per ticket."),
        ("token_unique", "UNIQUE(access_token)", "One token per question."),
        (
            "score_range",
            "CHECK(score IS NULL OR (score >= 0 AND score <= 10))",
            "A score is from 0 to 10.",
        ),
    ]

    # Only _support_ask creates these rows and _support_answer fills them.
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(
                self.env._("The customer is asked when their ticket is closed.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise UserError(self.env._("Only the customer answers, once."))
        return super().write(vals)

    @api.model
    def _support_ask(self, tickets):
        """Ask the customer of each closed ticket once (whichever worker
        closes it, and however often it is reopened and closed)."""
        return self._support_claim_and_mail(
            [
                (
                    ("ticket_id",),
                    {
                        "ticket_id": ticket.id,
                        "about": f"{ticket.number} {ticket.name}",
                        "partner_id": ticket.partner_id.id,
                        "company_id": ticket.company_id.id,
                        "user_id": ticket.user_id.id or None,
                        "team_id": ticket.team_id.id or None,
                    },
                )
                for ticket in tickets.filtered(lambda ticket: ticket.partner_id.email)
            ]
        )

    @api.model
    def _support_claim_and_mail(self, claims):
        """Insert each question of ``claims`` ([(unique key, values)]) that
        no worker inserted before, and mail it; the questions inserted."""
        asked = self.browse()
        if not claims:
            return asked
        template = self.env.ref(
            "support_entitlements.mail_template_support_nps", raise_if_not_found=False
        )
        for key, values in claims:
            partner = self.env["res.partner"].browse(values["partner_id"])
            claimed = claim_once(
                self.env,
                "support_nps",
                dict(
                    values,
                    # a plain insert: the stored related field too
                    commercial_partner_id=partner.commercial_partner_id.id,
                    access_token=uuid.uuid4().hex,
                ),
                key,
            )
            if claimed:
                asked |= self.browse(claimed)
        if not asked:
            return asked
        # the claims were plain inserts: what the ORM holds of them is stale
        self.invalidate_model()
        self.env["helpdesk.ticket"].invalidate_model(["support_nps_ids"])
        if template:
            # sudo: the question is mailed whoever closed the ticket; one
            # rendering of the template for every question asked at once
            template.sudo().send_mail_batch(asked.ids)
        return asked

    def _support_nps_document(self):
        """The record the answer is about, where a detractor's to-do goes."""
        self.ensure_one()
        return self.ticket_id

    def _support_answer(self, score, comment=None):
        """The customer's answer: a score from 0 to 10 and an optional
        comment, once. A detractor's answer gives the team leader a to-do."""
        self.ensure_one()
        # One answer, whichever request comes first: the row is locked; a
        # second request waits, fails to serialise, and is retried as Odoo
        # retries a request, to be told it answered already (not logged as
        # an error: it is the expected outcome of a double click).
        self.flush_model(["answered_date"])
        self.env.cr.execute(
            SQL(
                "SELECT answered_date FROM support_nps WHERE id = %s FOR UPDATE",
                self.id,
            ),
            log_exceptions=False,
        )
        row = self.env.cr.fetchone()
        if not row or row[0]:
            raise UserError(self.env._("You answered already: thank you."))
        try:
            score = int(score) if not isinstance(score, bool) else None
        except (TypeError, ValueError):
            score = None
        if score is None or not 0 <= score <= 10:
            raise UserError(self.env._("Choose a score from 0 to 10."))
        comment = (
            comment.replace("\x00", "").strip() if isinstance(comment, str) else ""
        )
        if len(comment) > MAX_COMMENT_LENGTH:
            raise UserError(
                self.env._(
                    "Keep the comment under %(count)s characters.",
                    count=MAX_COMMENT_LENGTH,
                )
            )
        group = nps_group(score)
        # sudo: the customer answers through the token, which the caller
        # checked; the row is written here alone
        nps = self.sudo()
        nps.write(
            {
                "score": score,
                "comment": comment or False,
                "answered_date": fields.Datetime.now(),
                "answer_group": group,
                "nps": {"promoter": 100, "passive": 0, "detractor": -100}[group],
            }
        )
        document = nps._support_nps_document()
        leader = nps.team_id.user_id
        if group == "detractor" and leader and document:
            env = self.with_context(lang=leader.lang).env
            document.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=leader.id,
                summary=env._("Call a detractor"),
                # the customer's words, escaped: the note is HTML
                note=Markup("<p>%s</p>")
                % env._(
                    "%(customer)s would not recommend us (%(score)s/10): %(comment)s",
                    customer=nps.partner_id.display_name,
                    score=score,
                    comment=comment or "-",
                ),
            )
        return True
