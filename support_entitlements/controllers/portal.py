# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import urlencode

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request


class SupportTicketPortal(http.Controller):
    @http.route(
        "/my/ticket/<int:ticket_id>/approve-cost",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_ticket_approve_cost(self, ticket_id, **kwargs):
        """The customer approves a ticket's cost; its points are captured.

        Only a signed-in contact of the ticket's company may approve: a shared
        link shows a ticket, it does not spend the customer's points.
        """
        ticket = request.env["helpdesk.ticket"].browse(ticket_id)
        try:
            ticket.check_access("read")
            ticket.action_approve_cost()
        except (AccessError, MissingError) as exc:
            raise NotFound() from exc
        except UserError as exc:
            query = urlencode({"support_error": exc.args[0]})
            return request.redirect(f"/my/ticket/{ticket_id}?{query}")
        return request.redirect(f"/my/ticket/{ticket_id}")
