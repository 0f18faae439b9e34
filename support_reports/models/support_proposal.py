# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import ValidationError

PROPOSAL_STATES = [
    ("new", "New"),
    ("rfc", "RFC"),
    ("planned", "Planned"),
    ("done", "Done"),
]


class SupportProposal(models.Model):
    """A feature request, counted each time a customer asks for it."""

    _name = "support.proposal"
    _description = "Feature Proposal"
    _inherit = ["mail.thread", "support.input.limits"]
    _order = "frequency desc, id desc"

    name = fields.Char(required=True, tracking=True)
    description = fields.Html()
    state = fields.Selection(
        PROPOSAL_STATES, string="Status", required=True, default="new", tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    mention_ids = fields.One2many("support.proposal.mention", "proposal_id")
    frequency = fields.Integer(
        compute="_compute_frequency",
        store=True,
        help="How many times customers asked for it, one per ticket or message.",
    )
    customer_count = fields.Integer(compute="_compute_frequency", store=True)

    @api.depends("mention_ids.partner_id.commercial_partner_id")
    def _compute_frequency(self):
        for proposal in self:
            proposal.frequency = len(proposal.mention_ids)
            proposal.customer_count = len(
                proposal.mention_ids.partner_id.commercial_partner_id
            )

    def write(self, vals):
        done_now = (
            self.filtered(lambda proposal: proposal.state != "done")
            if vals.get("state") == "done"
            else self.browse()
        )
        result = super().write(vals)
        done_now._notify_customers_done()
        return result

    def _notify_customers_done(self):
        """Tell every customer who asked for a proposal that it is done."""
        for proposal in self:
            contacts = proposal.mention_ids.partner_id
            if not contacts:
                continue
            proposal.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Good news: %(proposal)s, which you asked for, is done.",
                    proposal=proposal.name,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=contacts.ids,
            )

    def _add_mention(self, ticket=None, message=None):
        """Count a customer's request, once per ticket or message.

        Returns the mention (the existing one when this ticket or message was
        already counted, even by a concurrent transaction).
        """
        self.ensure_one()
        Mention = self.env["support.proposal.mention"]
        domain = [("proposal_id", "=", self.id)]
        if message:
            domain.append(("message_id", "=", message.id))
        else:
            domain += [("ticket_id", "=", ticket.id), ("message_id", "=", False)]
        existing = Mention.search(domain, limit=1)
        if existing:
            return existing
        try:
            with self.env.cr.savepoint():
                return Mention.create(
                    {
                        "proposal_id": self.id,
                        "ticket_id": ticket and ticket.id,
                        "message_id": message and message.id,
                    }
                )
        except pg_errors.UniqueViolation:
            return Mention.search(domain, limit=1)


class SupportProposalMention(models.Model):
    """One customer request for a proposal, from a ticket or a room message."""

    _name = "support.proposal.mention"
    _inherit = ["support.input.limits"]
    _description = "Feature Proposal Mention"
    _order = "date desc, id desc"

    proposal_id = fields.Many2one(
        "support.proposal", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="proposal_id.company_id", store=True)
    ticket_id = fields.Many2one("helpdesk.ticket", ondelete="set null", index=True)
    message_id = fields.Many2one("mail.message", ondelete="set null", index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        help="Who asked: the message's author, else the ticket's contact.",
    )
    date = fields.Datetime(default=fields.Datetime.now, required=True)

    _sql_constraints = [
        (
            "message_unique",
            "UNIQUE(proposal_id, message_id)",
            "A message counts once for a proposal.",
        ),
    ]

    def init(self):
        # A ticket without a message counts once too (NULLs are distinct in
        # the constraint above).
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS support_proposal_mention_ticket_unique
                ON support_proposal_mention (proposal_id, ticket_id)
             WHERE message_id IS NULL
            """
        )

    @api.depends("message_id", "ticket_id")
    def _compute_partner_id(self):
        for mention in self:
            mention.partner_id = (
                mention.message_id.author_id or mention.ticket_id.partner_id
            )

    @api.constrains("ticket_id", "message_id")
    def _check_source(self):
        for mention in self:
            if not (mention.ticket_id or mention.message_id):
                raise ValidationError(
                    self.env._("A mention comes from a ticket or a message.")
                )
