# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.support_entitlements.models.action_fields import (
    check_action_fields,
    ensure_one_action,
)

from .support_checklist_template_line import PHASES

# Set by action_support_override_order, action_open_dev_room,
# action_support_schedule_setup and action_support_approve_training alone
# (action_fields.py): a client could otherwise write an override without a
# manager, point the development room at any channel, show the customer any
# meeting, or let training start without the account manager.
ACTION_FIELDS = {
    "order_override_reason",
    "order_override_by_id",
    "dev_channel_id",
    "setup_event_id",
    "training_approved_by_id",
    "training_approved_date",
}


def _is_under(partner, ancestor):
    """Whether ``partner`` is ``ancestor`` or one of its contacts, at any
    depth (as the domain operator child_of)."""
    while partner:
        if partner == ancestor:
            return True
        partner = partner.parent_id
    return False


class SupportProject(models.Model):
    """A customer's onboarding: its phases and checklist, its room and who
    is in it. The agreement's order of the phases
    (support_project_order.py), the private development room
    (support_project_dev_room.py), the setup meeting
    (support_project_meeting.py) and training before setup
    (support_project_training.py) are in their own files."""

    _name = "support.project"
    _description = "Onboarding Project"
    _inherit = ["mail.thread", "mail.activity.mixin", "support.input.limits"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain=[("is_company", "=", True)],
        help="The customer's company; all its contacts with a portal access "
        "join the room.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    account_manager_id = fields.Many2one(
        related="partner_id.user_id", string="Account Manager"
    )
    channel_id = fields.Many2one(
        comodel_name="discuss.channel",
        string="Room",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    template_id = fields.Many2one(
        comodel_name="support.checklist.template",
        string="Checklist Template",
        help="Its items are added to the phases when the project is created.",
    )
    start_date = fields.Date(required=True, default=fields.Date.context_today)
    phase_ids = fields.One2many(
        comodel_name="support.project.phase",
        inverse_name="project_id",
        string="Phases",
    )
    item_ids = fields.One2many(
        comodel_name="support.checklist.item",
        inverse_name="project_id",
        string="Checklist",
    )
    current_phase = fields.Selection(
        selection=PHASES + [("live", "Live")],
        compute="_compute_current_phase",
        store=True,
        index=True,
    )
    go_live_date = fields.Datetime(
        string="Go-live",
        tracking=True,
        copy=False,
        help="Written on the customer: it opens the 72-hour free support window.",
    )
    team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team",
        string="Support Team",
        check_company=True,
        help="The team whose working week the room follows: out of its hours "
        "a customer writing in the room is told when work continues.",
    )
    duty_user_id = fields.Many2one(
        comodel_name="res.users",
        string="On Duty",
        readonly=True,
        tracking=True,
        copy=False,
        index="btree_not_null",
        help="The one level-1 agent who answers in the room now.",
    )
    dev_channel_id = fields.Many2one(
        comodel_name="discuss.channel",
        string="Development Room",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Where development is discussed privately, beside the customer's "
        "room: the leadership, the account manager and the people named here; "
        "never the customer.",
    )
    dev_member_ids = fields.Many2many(
        comodel_name="res.users",
        relation="support_project_dev_member_rel",
        column1="project_id",
        column2="user_id",
        string="Development Members",
        domain=[("share", "=", False)],
        help="Who discusses the development with the leadership, besides the "
        "account manager.",
    )
    order_override_reason = fields.Text(
        string="Started before the approvals because",
        readonly=True,
        copy=False,
        help="A support manager let setup and development start before the data "
        "scope and the design mockup were approved, for this reason.",
    )
    order_override_by_id = fields.Many2one(
        comodel_name="res.users", string="Allowed by", readonly=True, copy=False
    )
    customer_card_html = fields.Html(
        related="partner_id.support_card_html",
        string="Customer Card",
        groups="support_entitlements.group_support_agent",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = (
        (
            "channel_uniq",
            "unique(channel_id)",
            "A room belongs to one onboarding project.",
        ),
    )

    @api.depends("phase_ids.state", "phase_ids.sequence")
    def _compute_current_phase(self):
        for project in self:
            open_phases = project.phase_ids.filtered(lambda p: p.state == "open")
            if open_phases:
                project.current_phase = open_phases.sorted("sequence")[0].phase
            else:
                project.current_phase = "live" if project.phase_ids else False

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_action_fields(self, vals, ACTION_FIELDS, create=True)
            # the customer is read below: its value must be one first
            self._support_check_input(vals)
            if vals.get("partner_id"):
                partner = self.env["res.partner"].browse(vals["partner_id"])
                vals["partner_id"] = partner.commercial_partner_id.id
        projects = super().create(vals_list)
        projects._create_phases()
        for project in projects.filtered("template_id"):
            project._apply_checklist_template(project.template_id)
        projects._create_rooms()
        projects._sync_duty()
        projects._write_partner_go_live()
        return projects

    def write(self, vals):
        check_action_fields(self, vals, ACTION_FIELDS)
        if "partner_id" in vals and self.channel_id:
            raise UserError(
                self.env._(
                    "The customer of a project with a room cannot change: open a "
                    "new project for the other customer."
                )
            )
        res = super().write(vals)
        if "dev_member_ids" in vals:
            for project in self.filtered("dev_channel_id"):
                # sudo: membership follows the project's configuration
                project.dev_channel_id.sudo()._add_members(
                    users=project._dev_room_users(), post_joined_message=False
                )
        if "go_live_date" in vals:
            self._write_partner_go_live()
        return res

    def _write_partner_go_live(self):
        for project in self.filtered("go_live_date"):
            project.partner_id.support_go_live_date = project.go_live_date

    def _create_phases(self):
        phase_model = self.env["support.project.phase"]
        phase_model.create(
            [
                {"project_id": project.id, "phase": phase, "sequence": sequence}
                for project in self
                for sequence, (phase, _label) in enumerate(PHASES, start=1)
            ]
        )

    def _apply_checklist_template(self, template):
        """Add the template's items to the project's phases."""
        self.ensure_one()
        phases = {phase.phase: phase for phase in self.phase_ids}
        self.env["support.checklist.item"].create(
            [
                {
                    "phase_id": phases[line.phase].id,
                    "name": line.name,
                    "description": line.description,
                    "sequence": line.sequence,
                    "owner_type": line.owner_type,
                    "segment_id": line.segment_id.id,
                    "mandatory": line.mandatory,
                    "requires_approval": line.requires_approval,
                    "next_action_date": self.start_date
                    + timedelta(days=line.next_action_days)
                    if line.next_action_days
                    else False,
                }
                for line in template.line_ids
            ]
        )

    # Rooms

    def _create_rooms(self):
        for project in self.filtered(lambda p: not p.channel_id):
            # sudo: the room is created for the project's members, who need not
            # include its creator; access is given by membership only
            channel = (
                self.env["discuss.channel"]
                .sudo()
                .create(
                    {
                        "name": project._room_name(),
                        "channel_type": "group",
                        "support_project_id": project.id,
                        # the customer sends files from the portal, not only staff
                        "allow_public_upload": True,
                    }
                )
            )
            project.channel_id = channel
            project._sync_room_members()
            project._post_room_intro()

    def _room_name(self):
        self.ensure_one()
        return self.env._("Support: %(customer)s", customer=self.partner_id.name)

    def _get_segments(self):
        return self.env["support.segment"].search(
            [("company_id", "in", self.company_id.ids)]
        )

    def _get_room_partners(self):
        """Partners who belong in the room by configuration: the customer's
        contacts with a portal or internal user, the account manager, the
        segments' managers, the company's leadership and the agent on duty."""
        self.ensure_one()
        return self._get_room_partners_by_project()[self]

    def _get_room_partners_by_project(self):
        """{project: partners of its room}, in two queries for all of them."""
        # sudo: agents find the customer's logins without user-admin rights
        users = (
            self.env["res.users"]
            .sudo()
            .search([("partner_id", "child_of", self.partner_id.ids)])
        )
        segments = self._get_segments().grouped("company_id")
        result = {}
        for project in self:
            # the users of the customer and its contacts (child_of, read
            # from the users already fetched)
            customer_users = users.filtered(
                lambda user, customer=project.partner_id: _is_under(
                    user.partner_id, customer
                )
            )
            staff = (
                project.partner_id.user_id
                | segments.get(
                    project.company_id, self.env["support.segment"]
                ).manager_id
                | project.company_id.support_leadership_user_ids
                | project.duty_user_id
            )
            result[project] = customer_users.partner_id | staff.partner_id
        return result

    @api.model
    def _support_resync(self, domain, members=True, duty=True):
        """Bring the rooms of the projects in ``domain`` in line with the
        configuration after a change of it."""
        # sudo: rooms follow the configuration (a customer's salesperson, the
        # leadership, a segment's manager, a plan sold); whoever changes it
        # need not read or manage onboarding projects
        projects = self.sudo().search(domain)
        if members:
            projects._sync_room_members()
        if duty:
            projects._sync_duty()
        return projects

    def _sync_room_members(self):
        """Add to each room whoever the configuration puts in it."""
        projects = self.filtered("channel_id")
        partners = projects._get_room_partners_by_project()
        for project in projects:
            # sudo: membership follows the configuration, and whoever changes it
            # (a segment's manager, the leadership) need not be in every room
            project.channel_id.sudo()._add_members(
                partners=partners[project], post_joined_message=False
            )

    def _post_room_intro(self):
        """Post who answers what in the room."""
        for project in self.filtered("channel_id"):
            lines = [
                Markup("<li><b>%s</b>: %s</li>")
                % (segment.name, segment.manager_id.name or "-")
                for segment in project._get_segments()
            ]
            body = Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._(
                    "Welcome to your support room. Tag a question with #data, "
                    "#design... to reach the right manager:"
                ),
                Markup().join(lines),
            )
            # sudo: the project's creator is not necessarily a member of the room
            # (the intro shows the tags, it does not ask every manager)
            project.channel_id.sudo().with_context(
                support_no_segment_tags=True
            ).message_post(
                body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
            )

    def action_open_room(self):
        """Open the room in Discuss, joining it when the agent is not in yet."""
        ensure_one_action(self)
        if not self.channel_id:
            self._create_rooms()
        # sudo: an agent of the company joins a customer's room to answer it
        self.channel_id.sudo()._add_members(users=self.env.user)
        return {
            "type": "ir.actions.act_url",
            "url": f"/odoo/discuss?active_id=discuss.channel_{self.channel_id.id}",
            "target": "self",
        }

    def action_sync_room_members(self):
        self._sync_room_members()
        return True

    # Duty

    def _get_expected_duty_user(self):
        """Trial support before the customer's first plan purchase, the
        account manager after it."""
        self.ensure_one()
        purchased = self.partner_id._support_has_purchased_plan(self.company_id)
        if purchased and self.partner_id.user_id:
            return self.partner_id.user_id
        return self.company_id.support_trial_user_id or self.partner_id.user_id

    def _sync_duty(self):
        for project in self:
            expected = project._get_expected_duty_user()
            if expected and expected != project.duty_user_id:
                project._hand_over_duty(expected)

    def _hand_over_duty(self, user):
        """Give the duty in the room to ``user`` and say so in the room."""
        for project in self:
            previous = project.duty_user_id
            project.duty_user_id = user
            if not project.channel_id:
                continue
            # sudo: the agent on duty must be in the room to answer in it
            channel = project.channel_id.sudo()
            channel._add_members(users=user, post_joined_message=False)
            if previous:
                body = self.env._(
                    "Hand-over: %(previous)s hands the duty in this room over to "
                    "%(user)s.",
                    previous=previous.name,
                    user=user.name,
                )
            else:
                body = self.env._("%(user)s is on duty in this room.", user=user.name)
            channel.message_post(
                body=Markup('<div class="o_mail_notification">%s</div>') % body,
                message_type="notification",
                subtype_xmlid="mail.mt_comment",
            )

    def action_take_duty(self):
        """The current agent takes the duty in the room over."""
        if not self.env.user.has_group("support_entitlements.group_support_agent"):
            raise UserError(self.env._("Only a support agent can be on duty."))
        self.filtered(lambda p: p.duty_user_id != self.env.user)._hand_over_duty(
            self.env.user
        )
        return True
