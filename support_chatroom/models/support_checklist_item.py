# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.support_entitlements.models.action_fields import check_action_fields

from .support_checklist_template_line import OWNER_TYPES

# Changed only by action_done, action_reset and _complete_by_customer, which
# check the phase and the user (support_entitlements/models/action_fields.py).
ACTION_FIELDS = {"state", "done_date", "done_by_id", "customer_comment"}
# What a customer types when ticking an item.
MAX_COMMENT_LENGTH = 2000


class SupportChecklistItem(models.Model):
    _name = "support.checklist.item"
    _inherit = ["support.input.limits"]
    _description = "Onboarding Checklist Item"
    _order = "phase_id, sequence, id"

    phase_id = fields.Many2one(
        comodel_name="support.project.phase",
        required=True,
        ondelete="cascade",
        index=True,
    )
    project_id = fields.Many2one(related="phase_id.project_id", store=True, index=True)
    phase = fields.Selection(
        related="phase_id.phase", string="Onboarding Phase", store=True
    )
    company_id = fields.Many2one(
        related="phase_id.project_id.company_id", store=True, index=True
    )
    partner_id = fields.Many2one(
        related="phase_id.project_id.partner_id", store=True, index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    description = fields.Text()
    owner_type = fields.Selection(
        selection=OWNER_TYPES, string="Owner", required=True, default="department"
    )
    segment_id = fields.Many2one(comodel_name="support.segment", string="Department")
    mandatory = fields.Boolean(default=True)
    requires_approval = fields.Boolean(
        help="The customer approves the item with a comment (e.g. a mockup)."
    )
    state = fields.Selection(
        selection=[("todo", "To Do"), ("done", "Done"), ("approved", "Approved")],
        required=True,
        default="todo",
        index=True,
    )
    next_action_date = fields.Date(
        help="When the next action takes place to move the item on."
    )
    scope_complete = fields.Boolean(
        string="Scoped",
        help="Enough is known to promise a deadline date.",
    )
    deadline_date = fields.Date(help="When the item will be done; only once scoped.")
    customer_comment = fields.Text(copy=False)
    done_date = fields.Datetime(readonly=True, copy=False)
    done_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)

    @api.constrains("deadline_date", "scope_complete")
    def _check_deadline_once_scoped(self):
        for item in self:
            if item.deadline_date and not item.scope_complete:
                raise ValidationError(
                    self.env._(
                        "“%(item)s” has no complete scope yet: give it a next "
                        "action date, not a deadline date.",
                        item=item.name,
                    )
                )

    def _check_phase_open(self):
        closed = self.filtered(lambda i: i.phase_id.state == "done")
        if closed:
            raise UserError(
                self.env._(
                    "The %(phase)s phase is closed: reopen it to change its items.",
                    phase=closed[0].phase_id.name,
                )
            )

    def _check_order(self):
        """Setup and development items wait for the data scope and the
        design mockup to be approved (the seed's order), unless a support
        manager let the project go on."""
        for item in self.filtered(lambda i: i.phase in ("setup", "development")):
            pending = item.project_id._support_approvals_pending()
            if pending:
                raise UserError(
                    self.env._(
                        "“%(item)s” waits for the approvals that come first: "
                        "%(pending)s. A support manager can let setup start "
                        "earlier, giving the reason.",
                        item=item.name,
                        pending=", ".join(pending.mapped("name")),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # a new item starts to do
            check_action_fields(
                self, vals, ACTION_FIELDS, create=True, defaults={"state": "todo"}
            )
        return super().create(vals_list)

    def write(self, vals):
        check_action_fields(self, vals, ACTION_FIELDS)
        # the phase is read below: its value must be one first
        self._support_check_input(vals)
        if vals.get("phase_id"):
            phase = self.env["support.project.phase"].browse(vals["phase_id"])
            if self.filtered(lambda item: item.project_id != phase.project_id):
                raise UserError(
                    self.env._(
                        "An item stays in its own project: it cannot move to a "
                        "phase of %(project)s.",
                        project=phase.project_id.display_name,
                    )
                )
        return super().write(vals)

    def action_done(self):
        self.check_access("write")
        self._check_phase_open()
        self._check_order()
        # the user may write these items and their phase is open: the state
        # is action-only (ACTION_FIELDS)
        self.filtered(lambda i: i.state == "todo").sudo().write(
            {
                "state": "done",
                "done_date": fields.Datetime.now(),
                "done_by_id": self.env.user.id,
            }
        )
        return True

    def action_reset(self):
        self.check_access("write")
        self._check_phase_open()
        # as in action_done
        self.sudo().write({"state": "todo", "done_date": False, "done_by_id": False})
        return True

    def _complete_by_customer(self, comment=None):
        """The customer completes or approves their item from the portal."""
        self.ensure_one()
        if self.owner_type != "customer" or self.state != "todo":
            raise UserError(self.env._("This item is not waiting for you."))
        self._check_phase_open()
        self._check_order()
        if not isinstance(comment, str | None):
            raise UserError(self.env._("A comment is a text."))
        if self.requires_approval and not (comment or "").strip():
            raise UserError(self.env._("Say a word about what you approve."))
        if len(comment or "") > MAX_COMMENT_LENGTH:
            raise UserError(
                self.env._(
                    "Keep your comment under %(count)s characters.",
                    count=MAX_COMMENT_LENGTH,
                )
            )
        # the customer was checked by the portal; the state is action-only
        self.sudo().write(
            {
                "state": "approved" if self.requires_approval else "done",
                "customer_comment": comment or False,
                "done_date": fields.Datetime.now(),
                "done_by_id": self.env.user.id,
            }
        )
        body = (
            self.env._(
                "%(user)s approved “%(item)s”: %(comment)s",
                user=self.env.user.name,
                item=self.name,
                comment=comment,
            )
            if self.requires_approval
            else self.env._(
                "%(user)s completed “%(item)s”.",
                user=self.env.user.name,
                item=self.name,
            )
        )
        self.project_id.message_post(body=body)
        if self.project_id.channel_id:
            self.project_id.channel_id.message_post(
                body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
            )
