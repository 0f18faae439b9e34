# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.support_entitlements.models.action_fields import ensure_one_action


class SupportProposalMentionWizard(models.TransientModel):
    """Count a customer's request for a proposal, from a ticket or a message."""

    _name = "support.proposal.mention.wizard"
    _inherit = ["support.input.limits"]
    _description = "Count a Request for a Proposal"

    ticket_id = fields.Many2one("helpdesk.ticket", readonly=True)
    message_id = fields.Many2one("mail.message", readonly=True)
    company_id = fields.Many2one("res.company", compute="_compute_company_id")
    proposal_id = fields.Many2one(
        "support.proposal",
        domain="[('company_id', '=', company_id), ('state', '!=', 'done')]",
        help="The feature the customer asks for, if already proposed.",
    )
    new_proposal = fields.Char(
        string="New proposal", help="Name a new proposal when none matches."
    )

    @api.depends("ticket_id", "message_id")
    def _compute_company_id(self):
        for wizard in self:
            wizard.company_id = (
                wizard._source_ticket().company_id
                or wizard._source_room().support_project_id.company_id
            )

    def _source_ticket(self):
        """The ticket asked from: the wizard's, or the one of its message."""
        message = self.message_id
        if not self.ticket_id and message.model == "helpdesk.ticket":
            return self.env["helpdesk.ticket"].browse(message.res_id)
        return self.ticket_id

    def _source_room(self):
        message = self.message_id
        if message.model == "discuss.channel":
            return self.env["discuss.channel"].browse(message.res_id)
        return self.env["discuss.channel"]

    def action_apply(self):
        """Add one mention (a ticket or message counts once) and show the
        proposal."""
        ensure_one_action(self)
        ticket = self._source_ticket()
        if not ticket and not self._source_room().support_project_id:
            raise UserError(
                self.env._(
                    "A request is counted from a ticket or from a message of a "
                    "ticket or a support room."
                )
            )
        name = (self.new_proposal or "").strip()
        if bool(self.proposal_id) == bool(name):
            raise UserError(
                self.env._("Pick the proposal asked for, or name a new one.")
            )
        proposal = self.proposal_id or self.env["support.proposal"].create(
            {"name": name, "company_id": self.company_id.id}
        )
        if proposal.company_id != self.company_id:
            raise UserError(
                self.env._(
                    "Proposal %(proposal)s belongs to %(company)s, not to the "
                    "company of this request.",
                    proposal=proposal.name,
                    company=proposal.company_id.name,
                )
            )
        proposal._add_mention(ticket=ticket, message=self.message_id)
        if ticket and ticket.support_complexity != "proposal":
            # rated a proposal: its customer is thanked, once (see
            # helpdesk.ticket._support_follow_rating)
            ticket.support_complexity = "proposal"
        return {
            "type": "ir.actions.act_window",
            "res_model": "support.proposal",
            "res_id": proposal.id,
            "view_mode": "form",
            "target": "current",
        }
