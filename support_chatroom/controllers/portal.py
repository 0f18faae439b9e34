# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from pytz import UnknownTimeZoneError, timezone, utc

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.support_entitlements.controllers.replica import replica_allowed


class SupportRoomPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "support_room_count" in counters:
            Project = request.env["support.project"]
            values["support_room_count"] = (
                Project.search_count([]) if Project.has_access("read") else 0
            )
        if "support_faq_count" in counters:
            Faq = request.env["support.faq"]
            values["support_faq_count"] = (
                Faq.search_count([]) if Faq.has_access("read") else 0
            )
        return values

    def _support_project_or_404(self, project_id):
        try:
            return self._document_check_access("support.project", project_id)
        except (AccessError, MissingError) as error:
            raise request.not_found() from error

    @http.route(
        "/my/support-rooms",
        type="http",
        auth="user",
        website=True,
        readonly=replica_allowed,
    )
    def portal_my_support_rooms(self, **kw):
        Project = request.env["support.project"]
        if not Project.has_access("read"):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "projects": Project.search([]),
                "page_name": "support_room",
            }
        )
        return request.render("support_chatroom.portal_my_support_rooms", values)

    @http.route(
        "/my/support-rooms/<int:project_id>",
        type="http",
        auth="user",
        website=True,
        readonly=replica_allowed,
    )
    def portal_my_support_room(self, project_id, **kw):
        return self._support_render_room(self._support_project_or_404(project_id))

    def _support_render_room(self, project_sudo, error=None):
        """The room's page; ``error``: a refusal of the server (never a URL
        parameter, which anyone could write into a link)."""
        meeting = project_sudo.setup_event_id
        values = self._get_page_view_values(
            project_sudo,
            None,
            {
                "project": project_sudo,
                "segments": project_sudo._get_segments(),
                "page_name": "support_room",
                "support_error": error,
                # in the reader's language and time zone; the link while the
                # meeting is still to come or going on
                "setup_meeting_when": meeting
                and project_sudo._support_meeting_when(request.env.user.partner_id),
                "setup_meeting_url": meeting.stop
                and meeting.stop > fields.Datetime.now()
                and project_sudo._support_join_url(meeting),
            },
            "my_support_rooms_history",
            False,
        )
        return request.render("support_chatroom.portal_my_support_room", values)

    @http.route(
        "/my/support-rooms/<int:project_id>/items/<int:item_id>/complete",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_support_item_complete(self, project_id, item_id, comment=None, **kw):
        project_sudo = self._support_project_or_404(project_id)
        # the item must be one of the project the customer was checked for
        item_sudo = project_sudo.item_ids.filtered(lambda i: i.id == item_id)
        if not item_sudo:
            raise request.not_found()
        try:
            item_sudo._complete_by_customer(comment)
        except UserError as error:
            return self._support_render_room(project_sudo, error=error.args[0])
        return request.redirect(f"/my/support-rooms/{project_id}#item-{item_id}")

    @http.route(
        "/my/support-rooms/<int:project_id>/training-call",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_support_training_call(
        self, project_id, questions=None, start=None, **kw
    ):
        """The customer's questions and the time they propose for a call
        (``start``: "2026-12-14T10:00" in their time zone)."""
        project_sudo = self._support_project_or_404(project_id)
        partner = request.env.user.partner_id
        try:
            ticket = project_sudo._support_request_training_call(
                partner,
                questions,
                self._support_parse_local_time(
                    start, project_sudo._support_reader_tz(partner)
                ),
            )
        except UserError as error:
            return self._support_render_room(project_sudo, error=error.args[0])
        return request.redirect(f"/my/ticket/{ticket.id}")

    @staticmethod
    def _support_parse_local_time(value, tz_name):
        """A datetime-local field's value in the time zone ``tz_name``, as
        naive UTC; None when it is not one (the model says so)."""
        try:
            local = datetime.strptime((value or "").strip()[:16], "%Y-%m-%dT%H:%M")
            if not 1970 <= local.year <= 2200:
                return None
            return (
                timezone(tz_name).localize(local).astimezone(utc).replace(tzinfo=None)
            )
        except (ValueError, OverflowError, UnknownTimeZoneError):
            return None

    @http.route(
        "/my/support-faq",
        type="http",
        auth="user",
        website=True,
        readonly=replica_allowed,
    )
    def portal_my_support_faq(self, search=None, **kw):
        return self._support_render_faq(search)

    def _support_render_faq(self, search=None, error=None, asked=None):
        """The knowledge board: published questions matching ``search``,
        and the reader's company's questions waiting for an answer;
        ``error``: a refusal of the server, ``asked``: what the customer
        wrote, shown again with it."""
        Faq = request.env["support.faq"]
        if not Faq.has_access("read"):
            return request.redirect("/my")
        domain = []
        # a text the database can compare: no NUL, and of a sane length
        search = (search or "").replace("\x00", "").strip()[:200]
        if search:
            domain = ["|", ("question", "ilike", search), ("answer", "ilike", search)]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "faqs": Faq.search(domain),
                "search": search,
                "own_questions": Faq._support_asked_by(request.env.user.partner_id),
                "support_error": error,
                "asked": asked or {},
                "page_name": "support_faq",
            }
        )
        return request.render("support_chatroom.portal_my_support_faq", values)

    @http.route(
        "/my/support-faq/ask",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_support_faq_ask(self, question=None, details=None, **kw):
        if not request.env["support.faq"].has_access("read"):
            return request.redirect("/my")
        try:
            request.env["support.faq"]._support_ask(
                request.env.user.partner_id, question, details
            )
        except UserError as error:
            asked = {
                "question": question if isinstance(question, str) else "",
                "details": details if isinstance(details, str) else "",
            }
            return self._support_render_faq(error=error.args[0], asked=asked)
        return request.redirect("/my/support-faq#o_support_own_questions")
