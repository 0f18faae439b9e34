# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from pytz import utc

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
        """When work resumes on a ticket arriving at ``arrival``.

        False during working hours; otherwise the start of the next working
        period of the policy's calendar, or of the next working day when the
        ticket arrives within the end-of-day margin.
        """
        self.ensure_one()
        policy = self.sla_policy_id
        calendar = policy.calendar_id
        if not calendar:
            return False
        arrival = utc.localize(arrival or self.sla_start_date or fields.Datetime.now())
        intervals = calendar._work_intervals_batch(
            arrival - timedelta(days=1), arrival + timedelta(days=31)
        )[False]
        current = next((i for i in intervals if i[0] <= arrival < i[1]), None)
        if current:
            day = current[0].date()
            day_end = max(
                stop for start, stop, _meta in intervals if start.date() == day
            )
            if day_end - arrival > timedelta(minutes=policy.end_of_day_minutes):
                return False
            following = (i[0] for i in intervals if i[0].date() > day)
        else:
            following = (i[0] for i in intervals if i[0] > arrival)
        resume = next(following, None)
        return resume and resume.astimezone(utc).replace(tzinfo=None) or False

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
