# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from markupsafe import Markup
from pytz import all_timezones_set, timezone, utc

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date, format_time

from odoo.addons.support_entitlements.models.action_fields import ensure_one_action
from odoo.addons.support_entitlements.models.resource_calendar import tz_place

# A setup meeting lasts from a quarter of an hour to a working day, and is
# planned within the year to come.
MEETING_HOURS = (0.25, 8.0)
MEETING_HORIZON_DAYS = 366


class SupportProject(models.Model):
    """Setup is done in a remote meeting (the agreement): the account
    manager proposes a slot, a calendar event with a Discuss video call is
    made with the customer's contacts, the room is told, and the customer's
    page of the project shows it."""

    # one concern per file (see support_project.py)
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "support.project"

    setup_event_id = fields.Many2one(
        comodel_name="calendar.event",
        string="Setup Meeting",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The remote meeting in which setup is done with the customer.",
    )
    setup_meeting_start = fields.Datetime(
        related="setup_event_id.start", string="Setup Meeting On"
    )

    def _support_meeting_attendees(self):
        """Who is invited to the setup meeting: the customer's contacts in
        the room, the account manager and whoever plans it."""
        self.ensure_one()
        # sudo: the room's members, which the planner need not read
        members = self.channel_id.sudo().channel_member_ids.partner_id
        customers = members.filtered(
            lambda partner: partner.commercial_partner_id == self.partner_id
        )
        return customers | self.account_manager_id.partner_id | self.env.user.partner_id

    def _support_check_meeting_slot(self, start, hours):
        """``start`` (naive UTC) and ``hours`` as the meeting takes them, or
        a sentence saying what is wrong with them."""
        try:
            start = fields.Datetime.to_datetime(start)
        except (TypeError, ValueError):
            start = None
        if not isinstance(start, datetime):
            raise UserError(self.env._("Give the meeting's date and time."))
        now = fields.Datetime.now()
        if start < now:
            raise UserError(self.env._("Propose a time to come for the meeting."))
        if start > now + timedelta(days=MEETING_HORIZON_DAYS):
            raise UserError(
                self.env._(
                    "Plan the meeting within the next %(days)s days.",
                    days=MEETING_HORIZON_DAYS,
                )
            )
        if (
            isinstance(hours, bool)
            or not isinstance(hours, int | float)
            or not MEETING_HOURS[0] <= hours <= MEETING_HOURS[1]
        ):
            raise UserError(
                self.env._(
                    "A setup meeting lasts from %(min)s minutes to %(max)s hours.",
                    min=int(MEETING_HOURS[0] * 60),
                    max=int(MEETING_HOURS[1]),
                )
            )
        return start, float(hours)

    def action_support_schedule_setup(self, start, hours=1.0):
        """Propose the setup meeting at ``start`` (UTC) for ``hours``, or
        move the one proposed before. The customer's contacts are invited
        to a Discuss video call, and the room is told when it is."""
        ensure_one_action(self)
        # who changes the project plans its meeting: the team, not the
        # customer (checked as the user even from a sudo() environment)
        self.with_user(self.env.user).check_access("write")
        start, hours = self._support_check_meeting_slot(start, hours)
        setup = self.phase_ids.filtered(lambda phase: phase.phase == "setup")
        if setup.state == "done":
            raise UserError(self.env._("Setup is done: there is no meeting to plan."))
        pending = self._support_approvals_pending()
        if pending:
            raise UserError(
                self.env._(
                    "The setup meeting waits for the approvals that come first: "
                    "%(pending)s. A support manager can let setup start earlier, "
                    "giving the reason.",
                    pending=", ".join(pending.mapped("name")),
                )
            )
        values = {"start": start, "stop": start + timedelta(hours=hours)}
        event = self.setup_event_id
        if event:
            event.write(values)
        else:
            event = self.env["calendar.event"].create(
                dict(
                    values,
                    # the customer reads it in their invitation
                    name=self.with_context(lang=self.partner_id.lang).env._(
                        "Setup: %(project)s", project=self.name
                    ),
                    user_id=(self.account_manager_id or self.env.user).id,
                    partner_ids=[(6, 0, self._support_meeting_attendees().ids)],
                    res_model_id=self.env["ir.model"]._get_id(self._name),
                    res_id=self.id,
                )
            )
            # Odoo's own video call: a Discuss room reached with a token
            event._set_discuss_videocall_location()
            # sudo: the meeting is set by this action alone (ACTION_FIELDS)
            self.sudo().setup_event_id = event
        partner = self.partner_id
        body = Markup("%s <a href='%s'>%s</a>") % (
            self._support_meeting_when(partner),
            self._support_join_url(event),
            self.with_context(lang=partner.lang or self.env.lang).env._(
                "Join the meeting"
            ),
        )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        # sudo: the customer reads it in the room, where the planner may not be
        self.channel_id.sudo().message_post(
            body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        return True

    def _support_reader_tz(self, partner):
        """The time zone ``partner`` reads times in: theirs, else the
        project's team's (or company's) calendar's, else UTC. Times the
        customer types are read in it too."""
        self.ensure_one()
        calendar = (
            self.team_id._support_calendar()
            if self.team_id
            else self.company_id.resource_calendar_id
        )
        for name in (partner.tz, calendar.tz):
            if name in all_timezones_set:
                return name
        return "UTC"

    @api.model
    def _support_join_url(self, event):
        """The link to join ``event``'s Discuss call, built from its token:
        never the event's location, which any employee may edit."""
        event = event.sudo()
        if not event.access_token:
            return False
        return f"{event.get_base_url()}/{event.DISCUSS_ROUTE}/{event.access_token}"

    def _support_slot_values(self, event, partner):
        """(env, values) to say when ``event`` is in ``partner``'s language
        and time zone (the team's, or UTC, when the partner has none):
        day ("Monday 14 December 2026"), start and stop ("10:00") and place
        ("Berlin")."""
        self.ensure_one()
        event = event.sudo()
        lang = partner.lang or self.env.lang
        env = self.with_context(lang=lang).env
        tz_name = self._support_reader_tz(partner)
        local_day = utc.localize(event.start).astimezone(timezone(tz_name)).date()
        return env, {
            "day": format_date(
                env, local_day, lang_code=lang, date_format="EEEE d MMMM y"
            ),
            "start": format_time(
                env, event.start, tz=tz_name, time_format="HH:mm", lang_code=lang
            ),
            "stop": format_time(
                env, event.stop, tz=tz_name, time_format="HH:mm", lang_code=lang
            ),
            "place": tz_place(tz_name),
        }

    def _support_meeting_when(self, partner):
        """ "Setup meeting: Monday 14 December 2026, 10:00–11:00 (Berlin
        time)." in ``partner``'s language and time zone."""
        env, values = self._support_slot_values(self.setup_event_id, partner)
        return env._(
            "Setup meeting: %(day)s, %(start)s–%(stop)s (%(place)s time).", **values
        )
