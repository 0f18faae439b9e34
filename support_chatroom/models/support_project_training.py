# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.support_entitlements.models.action_fields import ensure_one_action


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
        self.ensure_one()
        setup = self.phase_ids.filtered(lambda phase: phase.phase == "setup")
        return bool(setup) and all(phase.state == "done" for phase in setup)

    def action_support_approve_training(self):
        """The account manager (or a support manager) lets training start
        before setup is done; the approval is recorded and posted."""
        ensure_one_action(self)
        self.check_access("write")
        user = self.env.user
        if user != self.account_manager_id and not user.has_group(
            "support_entitlements.group_support_manager"
        ):
            raise UserError(
                self.env._(
                    "Only the account manager or a support manager lets training "
                    "start before setup is done."
                )
            )
        if self._support_setup_done():
            raise UserError(self.env._("Setup is done: training needs no approval."))
        if self.training_approved_date:
            return True
        # who may approve was checked above; the approval is action-only
        self.sudo().write(
            {
                "training_approved_by_id": user.id,
                "training_approved_date": fields.Datetime.now(),
            }
        )
        self.message_post(
            body=self.env._(
                "%(user)s lets training start before setup is done.", user=user.name
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True

    @api.model
    def _support_check_training(self, customers):
        """Refuse training time for ``customers`` (commercial partners)
        while one of their onboarding projects is before the end of setup
        without the account manager's approval."""
        # sudo: the rule holds whoever logs the time, project access or not
        projects = self.sudo().search(
            [
                ("partner_id", "in", customers.ids),
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
