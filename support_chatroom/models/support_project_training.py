# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.support_entitlements.models.action_fields import ensure_one_action

# A customer's list of questions for a training call, in characters.
MAX_QUESTIONS_LENGTH = 5_000
# Training calls a contact may have waiting at once (a flood guard).
MAX_OPEN_CALLS = 5


class SupportProject(models.Model):
    """Training follows setup (the agreement): a plan's training hours are
    used once the setup phase is done; before that, only with the account
    manager's approval, which is recorded on the project."""

    # one concern per file (see support_project.py)
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "support.project"

    training_approved_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Training Allowed by",
        readonly=True,
        copy=False,
        help="Who let training start before setup is done.",
    )
    training_approved_date = fields.Datetime(
        string="Training Allowed on", readonly=True, copy=False
    )

    def _support_setup_done(self):
        """Whether setup is over (a project without a setup phase has none
        to wait for)."""
        self.ensure_one()
        setup = self.phase_ids.filtered(lambda phase: phase.phase == "setup")
        return all(phase.state == "done" for phase in setup)

    def action_support_approve_training(self):
        """The account manager (or a support manager) lets training start
        before setup is done; the approval is recorded and posted."""
        ensure_one_action(self)
        user = self.env.user
        # sudo: the account manager is often a salesperson without access to
        # projects; who may approve is checked here, by who they are
        project = self.sudo()
        # the system user (the demo data, a server script) may act for the
        # account manager; a sudo() environment still acts for its user
        if (
            not user._is_superuser()
            and user != project.account_manager_id
            and not user.has_group("support_entitlements.group_support_manager")
        ):
            raise UserError(
                self.env._(
                    "Only the account manager or a support manager lets training "
                    "start before setup is done."
                )
            )
        if project._support_setup_done():
            raise UserError(self.env._("Setup is done: training needs no approval."))
        if project.training_approved_date:
            return True
        # the approval is action-only (ACTION_FIELDS)
        project.write(
            {
                "training_approved_by_id": user.id,
                "training_approved_date": fields.Datetime.now(),
            }
        )
        project.message_post(
            body=self.env._(
                "%(user)s lets training start before setup is done.", user=user.name
            ),
            author_id=user.partner_id.id,
            subtype_xmlid="mail.mt_note",
        )
        return True

    @api.model
    def _support_check_training(self, customer, company):
        """Refuse training time for ``customer`` (a commercial partner) in
        ``company`` while one of their onboarding projects there (active) is
        before the end of setup without the account manager's approval."""
        # sudo: the rule holds whoever logs the time, project access or not
        projects = self.sudo().search(
            [
                ("partner_id", "=", customer.id),
                ("company_id", "=", company.id),
                ("training_approved_date", "=", False),
            ]
        )
        waiting = projects.filtered(lambda project: not project._support_setup_done())
        if waiting:
            raise UserError(
                self.env._(
                    "Training starts once setup is done (%(projects)s); before "
                    "that, the account manager approves it on the project.",
                    projects=", ".join(waiting.mapped("name")),
                )
            )

    def _support_request_training_call(self, partner, questions, start):
        """A customer contact (``partner``) sends a list of software
        questions and proposes a call at ``start`` (naive UTC): a training
        ticket of the project's customer, with a one-hour Discuss call
        proposed on it to the contact and the account manager. Returns the
        ticket."""
        ensure_one_action(self)
        if partner.commercial_partner_id != self.partner_id:
            raise UserError(self.env._("Ask for a call from your own project."))
        questions = (
            questions.replace("\x00", "").strip() if isinstance(questions, str) else ""
        )
        if not questions:
            raise UserError(self.env._("Write the questions you want to go through."))
        if len(questions) > MAX_QUESTIONS_LENGTH:
            raise UserError(
                self.env._(
                    "Keep the questions under %(count)s characters.",
                    count=MAX_QUESTIONS_LENGTH,
                )
            )
        start, hours = self._support_check_meeting_slot(start, 1.0)
        # sudo: the customer's own open requests, counted as a flood guard
        waiting = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search_count(
                [
                    ("partner_id", "=", partner.id),
                    ("support_billing", "=", "training"),
                    ("stage_id.closed", "=", False),
                ]
            )
        )
        if waiting >= MAX_OPEN_CALLS:
            raise UserError(
                self.env._(
                    "You have %(count)s training calls waiting: we plan them "
                    "before taking new ones.",
                    count=MAX_OPEN_CALLS,
                )
            )
        lines = [line.strip(" -*\t") for line in questions.splitlines()]
        description = Markup("<ul>%s</ul>") % Markup("").join(
            Markup("<li>%s</li>") % line for line in lines if line
        )
        # sudo: the customer asks from their project page (checked above and
        # by the caller); the ticket and the call are theirs, as a ticket
        # they open on the portal
        ticket = (
            self.env["helpdesk.ticket"]
            .sudo()
            .create(
                {
                    "name": self.env._("Training call: %(project)s", project=self.name),
                    "description": description,
                    "partner_id": partner.id,
                    "company_id": self.company_id.id,
                    "team_id": self.team_id.id,
                    "support_billing": "training",
                }
            )
        )
        event = (
            self.env["calendar.event"]
            .sudo()
            .create(
                {
                    "name": ticket.name,
                    "start": start,
                    "stop": start + timedelta(hours=hours),
                    "user_id": self.account_manager_id.id or False,
                    "partner_ids": [
                        (6, 0, (partner | self.account_manager_id.partner_id).ids)
                    ],
                    "res_model_id": self.env["ir.model"]._get_id(ticket._name),
                    "res_id": ticket.id,
                }
            )
        )
        event._set_discuss_videocall_location()
        env, values = self._support_slot_values(event, partner)
        ticket.message_post(
            body=Markup("%s <a href='%s'>%s</a>")
            % (
                env._(
                    "Training call proposed: %(day)s, %(start)s–%(stop)s "
                    "(%(place)s time).",
                    **values,
                ),
                self._support_join_url(event),
                env._("Join the meeting"),
            ),
            partner_ids=self.account_manager_id.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return ticket
