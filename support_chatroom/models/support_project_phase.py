# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.support_entitlements.models.action_fields import check_action_fields

from .support_checklist_template_line import PHASES

# Changed only by action_close (which checks the mandatory items) and
# action_reopen (support_entitlements/models/action_fields.py).
ACTION_FIELDS = {"state", "closed_date"}


class SupportProjectPhase(models.Model):
    _name = "support.project.phase"
    _inherit = ["support.input.limits"]
    _description = "Onboarding Phase"
    _order = "project_id, sequence, id"

    project_id = fields.Many2one(
        comodel_name="support.project",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="project_id.company_id", store=True, index=True
    )
    partner_id = fields.Many2one(
        related="project_id.partner_id", store=True, index=True
    )
    phase = fields.Selection(selection=PHASES, required=True)
    name = fields.Char(compute="_compute_name")
    sequence = fields.Integer(default=10)
    state = fields.Selection(
        selection=[("open", "Open"), ("done", "Closed")],
        required=True,
        default="open",
        index=True,
    )
    item_ids = fields.One2many(
        comodel_name="support.checklist.item",
        inverse_name="phase_id",
        string="Items",
    )
    item_count = fields.Integer(compute="_compute_progress", store=True)
    item_done_count = fields.Integer(compute="_compute_progress", store=True)
    progress = fields.Float(
        compute="_compute_progress",
        store=True,
        aggregator="avg",
        help="Share of the phase's items that are done, in percent.",
    )
    closed_date = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = (
        (
            "project_phase_uniq",
            "unique(project_id, phase)",
            "A project has each phase once.",
        ),
    )

    @api.depends("phase")
    def _compute_name(self):
        labels = dict(self._fields["phase"]._description_selection(self.env))
        for phase in self:
            phase.name = labels.get(phase.phase)

    @api.depends("item_ids.state")
    def _compute_progress(self):
        for phase in self:
            items = phase.item_ids
            done = items.filtered(lambda i: i.state != "todo")
            phase.item_count = len(items)
            phase.item_done_count = len(done)
            phase.progress = 100.0 * len(done) / len(items) if items else 0.0

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # a new phase starts open
            check_action_fields(
                self, vals, ACTION_FIELDS, create=True, defaults={"state": "open"}
            )
        return super().create(vals_list)

    def write(self, vals):
        check_action_fields(self, vals, ACTION_FIELDS)
        self._support_check_input(vals)
        if "project_id" in vals and self.filtered(
            lambda phase: phase.project_id.id != vals["project_id"]
        ):
            raise UserError(
                self.env._("A phase and its items stay with their own project.")
            )
        return super().write(vals)

    def action_close(self):
        """Close the phase; refused while one of its mandatory items is open."""
        self.check_access("write")
        for phase in self:
            open_items = phase.item_ids.filtered(
                lambda i: i.mandatory and i.state == "todo"
            )
            if open_items:
                raise UserError(
                    self.env._(
                        "The %(phase)s phase of %(project)s cannot close: these "
                        "mandatory items are still open: %(items)s.",
                        phase=phase.name,
                        project=phase.project_id.name,
                        items=", ".join(open_items.mapped("name")),
                    )
                )
        # the user may write the phases and no mandatory item is open: the
        # state is action-only (ACTION_FIELDS)
        self.sudo().write({"state": "done", "closed_date": fields.Datetime.now()})
        for phase in self:
            body = self.env._("The %(phase)s phase is closed.", phase=phase.name)
            phase.project_id.message_post(body=body)
            # sudo: the customer reads it in the room, where the agent may not be
            phase.project_id.channel_id.sudo().message_post(
                body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        # onboarding ends with its last phase: the customer is asked once
        # whether they would recommend us
        live = self.project_id.filtered(lambda project: project.current_phase == "live")
        if live:
            self.env["support.nps"]._support_ask_projects(live)
        return True

    def action_reopen(self):
        self.check_access("write")
        # as in action_close
        self.sudo().write({"state": "open", "closed_date": False})
        return True
