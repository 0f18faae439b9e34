# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from odoo.addons.support_entitlements.models.action_fields import ensure_one_action


class SupportArchiveTicketWizard(models.TransientModel):
    _name = "support.archive.ticket.wizard"
    _inherit = ["support.input.limits"]
    _description = "Archive a Room Message into a Ticket"

    message_id = fields.Many2one(
        comodel_name="mail.message", required=True, readonly=True
    )
    project_id = fields.Many2one(
        comodel_name="support.project", compute="_compute_project_id"
    )
    mode = fields.Selection(
        selection=[("new", "New ticket"), ("existing", "Existing ticket")],
        required=True,
        default="new",
    )
    name = fields.Char(
        string="Title", compute="_compute_name", store=True, readonly=False
    )
    team_id = fields.Many2one(comodel_name="helpdesk.ticket.team")
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        domain="[('commercial_partner_id', '=', partner_id)]",
    )
    partner_id = fields.Many2one(related="project_id.partner_id")

    @api.depends("message_id")
    def _compute_project_id(self):
        for wizard in self:
            message = wizard.message_id
            channel = self.env["discuss.channel"]
            if message.model == "discuss.channel":
                channel = channel.browse(message.res_id)
            wizard.project_id = channel.support_project_id

    @api.depends("message_id")
    def _compute_name(self):
        for wizard in self:
            text = html2plaintext(wizard.message_id.body or "").strip()
            wizard.name = text.splitlines()[0][:80] if text else False

    def action_archive(self):
        """Copy the message and its attachments into a ticket, once: a second
        click opens the ticket of the first one."""
        ensure_one_action(self)
        message = self.message_id
        if not self.project_id:
            raise UserError(self.env._("Only messages of a support room are archived."))
        # lock the message so that two clicks at once archive it once
        self.env.cr.execute(
            "SELECT id FROM mail_message WHERE id = %s FOR UPDATE", [message.id]
        )
        message.invalidate_recordset(["support_ticket_id"])
        ticket = message.support_ticket_id
        if not ticket:
            ticket = self._archive_into_ticket()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": ticket.id,
            "view_mode": "form",
            "target": "current",
        }

    def _archive_into_ticket(self):
        message = self.message_id
        author = message.author_id
        customer = self.project_id.partner_id
        partner = author if author.commercial_partner_id == customer else customer
        if self.mode == "existing":
            if not self.ticket_id:
                raise UserError(
                    self.env._("Choose the ticket to append the message to.")
                )
            ticket = self.ticket_id
            # the domain binds the form only: a ticket of another customer
            # would receive this room's message and show its title here
            if ticket.commercial_partner_id != customer.commercial_partner_id:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s belongs to another customer: a message of "
                        "%(customer)s's room goes into one of %(customer)s's tickets.",
                        ticket=ticket.display_name,
                        customer=customer.display_name,
                    )
                )
        else:
            ticket = self.env["helpdesk.ticket"].create(
                {
                    "name": self.name or self.env._("Question from the room"),
                    "description": message.body or Markup("<p></p>"),
                    "partner_id": partner.id,
                    "team_id": self.team_id.id,
                    "company_id": self.project_id.company_id.id,
                    "support_project_id": self.project_id.id,
                }
            )
        attachments = message.attachment_ids.copy(
            {"res_model": "helpdesk.ticket", "res_id": ticket.id}
        )
        if self.mode == "existing" or attachments:
            ticket.message_post(
                body=Markup("<blockquote>%s</blockquote>") % message.body
                if self.mode == "existing"
                else self.env._("Attachments from the support room."),
                author_id=author.id,
                # a customer without an email still chats in the room
                email_from=author.email_formatted or self.env.user.email_formatted,
                attachment_ids=attachments.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        # sudo: agents may not write room messages, the link is set once here
        message.sudo().support_ticket_id = ticket
        channel = self.env["discuss.channel"].browse(message.res_id)
        channel.message_post(
            body=Markup('<div class="o_mail_notification">%s</div>')
            % self.env._(
                "Archived into ticket %(number)s: %(title)s",
                number=ticket.number,
                title=ticket.name,
            ),
            message_type="notification",
            subtype_xmlid="mail.mt_comment",
            parent_id=message.id,
        )
        return ticket
