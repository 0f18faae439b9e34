# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.support_entitlements.models.action_fields import ensure_one_action
from odoo.addons.support_entitlements.models.claims import claim_once
from odoo.addons.support_entitlements.models.helpdesk_ticket import MAX_REASON_LENGTH


class SupportProject(models.Model):
    """The agreement's order: data and design first. Setup and development
    wait for the customer's approvals unless a manager lets them start, and
    a data and design stage running past its target is told once."""

    # one concern per file (see support_project.py)
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "support.project"

    def _support_approvals_pending(self):
        """The approvals setup and development wait for (the seed's order:
        data and design first): the data and design items the customer
        approves (the data scope, the design mockup) that are not approved
        yet, unless a support manager let the project go on."""
        self.ensure_one()
        if self.order_override_reason:
            return self.env["support.checklist.item"]
        return self.item_ids.filtered(
            lambda item: (
                item.phase in ("data", "design")
                and item.requires_approval
                and item.state != "approved"
            )
        )

    def action_support_override_order(self, reason):
        """A support manager lets setup and development start before the
        approvals, giving the reason, which the customer reads in the room."""
        ensure_one_action(self)
        if not self.env.user.has_group("support_entitlements.group_support_manager"):
            raise UserError(
                self.env._(
                    "Only a support manager lets setup start before the approvals."
                )
            )
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise UserError(self.env._("Say why setup starts before the approvals."))
        if len(reason) > MAX_REASON_LENGTH:
            raise UserError(
                self.env._(
                    "Keep the reason under %(count)s characters.",
                    count=MAX_REASON_LENGTH,
                )
            )
        # the manager was checked above; the reason is action-only
        self.sudo().write(
            {
                "order_override_reason": reason,
                "order_override_by_id": self.env.user.id,
            }
        )
        body = self.env._(
            "%(user)s lets setup and development start before the data scope and "
            "the design mockup are approved: %(reason)s",
            user=self.env.user.name,
            reason=reason,
        )
        self.message_post(body=body)
        # sudo: the customer reads it in the room, where the manager may not be
        self.channel_id.sudo().message_post(
            body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        return True

    @api.model
    def _cron_warn_design_overdue(self, today=None):
        """Tell the account manager and the customer's room, once per
        project, when the data and design stage runs past its template's
        target (days from the project's start) with the data or design
        phase still open, whichever worker runs it. Returns the projects
        told."""
        today = today or fields.Date.context_today(self)
        # the cron reads every company's projects and posts as the system
        projects = self.sudo().search(
            [
                ("phase_ids.phase", "in", ["data", "design"]),
                ("phase_ids.state", "=", "open"),
                ("start_date", "<", today),
            ]
        )
        told = self.browse()
        for project in projects:
            open_phases = project.phase_ids.filtered(
                lambda phase: (
                    phase.phase in ("data", "design") and phase.state == "open"
                )
            )
            target = project.template_id.design_target_days or 30
            if not open_phases or (today - project.start_date).days <= target:
                continue
            claimed = claim_once(
                self.env,
                "support_project_notice",
                {
                    "project_id": project.id,
                    "kind": "design_overdue",
                    "notified_date": fields.Datetime.now(),
                },
                ("project_id", "kind"),
            )
            self.env["support.project.notice"].invalidate_model()
            if claimed:
                project._support_tell_design_overdue(target, open_phases)
                told |= project
        return told

    def _support_tell_design_overdue(self, target, open_phases):
        self.ensure_one()
        body = self.env._(
            "Data and design take longer than the %(days)s days planned: the "
            "%(phases)s phase is still open. Let us agree on what is missing.",
            days=target,
            phases=", ".join(open_phases.mapped("name")),
        )
        self.message_post(
            body=body,
            partner_ids=self.account_manager_id.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )
        self.channel_id.message_post(
            body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
