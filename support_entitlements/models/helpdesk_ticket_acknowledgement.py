# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class HelpdeskTicketAcknowledgement(models.Model):
    """The automatic first answer: a ticket that arrives out of hours is
    told when work resumes, on the team's working calendar."""

    # one concern per file (see helpdesk_ticket.py)
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "helpdesk.ticket"

    @api.model
    def message_new(self, msg, custom_values=None):
        # a ticket arriving by mail is acknowledged like one from the portal
        return super(
            HelpdeskTicketAcknowledgement,
            self.with_context(support_sla_acknowledge=True),
        ).message_new(msg, custom_values=custom_values)

    def _sla_work_resumes_at(self, arrival=None):
        """When work resumes on a ticket arriving at ``arrival``: see
        ``resource.calendar._support_work_resumes_at``, on the policy's
        calendar with its end-of-day margin."""
        self.ensure_one()
        policy = self.sla_policy_id
        if not policy.calendar_id:
            return False
        return policy.calendar_id._support_work_resumes_at(
            arrival or self.sla_start_date or fields.Datetime.now(),
            policy.end_of_day_minutes,
        )

    def _sla_acknowledge(self):
        """Tell customers of tickets arriving out of hours when work resumes."""
        template = self.env.ref(
            "support_entitlements.mail_template_sla_acknowledgement",
            raise_if_not_found=False,
        )
        for ticket in self:
            resume = ticket._sla_work_resumes_at()
            if not resume:
                continue
            ticket.sudo().sla_work_resumes_date = resume
            if template:
                # sent on the company's behalf, not the customer's who created it
                ticket.sudo().message_post_with_source(
                    template,
                    subtype_xmlid="mail.mt_comment",
                    partner_ids=ticket.partner_id.ids,
                    author_id=ticket.company_id.partner_id.id,
                )
