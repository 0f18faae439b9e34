# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.support_entitlements.models.action_fields import (
    check_action_fields,
    ensure_one_action,
)
from odoo.addons.support_entitlements.models.claims import claim_once
from odoo.addons.support_entitlements.models.helpdesk_ticket import MAX_REASON_LENGTH

from .support_checklist_template_line import PHASES

# Set by action_support_override_order and action_open_dev_room alone
# (action_fields.py): a client could otherwise write an override without a
# manager, or point the development room at any channel.
ACTION_FIELDS = {"order_override_reason", "order_override_by_id", "dev_channel_id"}


def _is_under(partner, ancestor):
    """Whether ``partner`` is ``ancestor`` or one of its contacts, at any
    depth (as the domain operator child_of)."""
    while partner:
        if partner == ancestor:
            return True
        partner = partner.parent_id
    return False


class SupportProject(models.Model):
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

    @api.constrains("partner_id", "company_id")
    def _check_partner_company(self):
        for project in self:
            partner_company = project.partner_id.company_id
            if partner_company and partner_company != project.company_id:
                raise ValidationError(
                    self.env._(
                        "%(partner)s belongs to the company %(partner_company)s: "
                        "its room cannot be opened in %(company)s.",
                        partner=project.partner_id.display_name,
                        partner_company=partner_company.name,
                        company=project.company_id.name,
                    )
                )

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

    @api.constrains("dev_member_ids")
    def _check_dev_members(self):
        for project in self:
            customers = project.dev_member_ids.filtered("share")
            if customers:
                raise ValidationError(
                    self.env._(
                        "The development is discussed without the customer: "
                        "%(users)s cannot be a development member.",
                        users=", ".join(customers.mapped("name")),
                    )
                )

    def _dev_room_users(self):
        """Who discusses the development privately: the company's leadership
        (the CEO), the account manager and the project's development
        members; employees only."""
        self.ensure_one()
        users = (
            self.company_id.support_leadership_user_ids
            | self.partner_id.user_id
            | self.dev_member_ids
        )
        return users.filtered(lambda user: not user.share)

    def action_open_dev_room(self):
        """Open the project's private development room, creating it the
        first time."""
        ensure_one_action(self)
        if not self.env.user.has_group("support_entitlements.group_support_agent"):
            raise UserError(self.env._("The development room is for the support team."))
        if not self.dev_channel_id:
            # sudo: the room is created for its members, who need not include
            # its creator; access is given by membership only
            channel = (
                self.env["discuss.channel"]
                .sudo()
                .create(
                    {
                        "name": self.env._(
                            "%(project)s: development", project=self.name
                        ),
                        "channel_type": "group",
                        "support_dev_project_id": self.id,
                    }
                )
            )
            # sudo: as the project's room, which only the action fills
            self.sudo().dev_channel_id = channel
        # sudo: membership follows the project, whoever opens it
        self.dev_channel_id.sudo()._add_members(
            users=self._dev_room_users() | self.env.user, post_joined_message=False
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/odoo/discuss?active_id=discuss.channel_{self.dev_channel_id.id}",
            "target": "self",
        }

    def action_take_duty(self):
        """The current agent takes the duty in the room over."""
        if not self.env.user.has_group("support_entitlements.group_support_agent"):
            raise UserError(self.env._("Only a support agent can be on duty."))
        self.filtered(lambda p: p.duty_user_id != self.env.user)._hand_over_duty(
            self.env.user
        )
        return True
