# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController


class SupportSeverityTicketController(HelpdeskTicketController):
    """The customer picks the severity of a new ticket from its definition."""

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        values["severities"] = request.env["support.severity"].search([])
        return values

    def _prepare_submit_ticket_vals(self, **kw):
        vals = super()._prepare_submit_ticket_vals(**kw)
        severity_id = kw.get("severity")
        if severity_id and severity_id.isdigit():
            severity = request.env["support.severity"].browse(int(severity_id)).exists()
            if severity.has_access("read"):
                vals["severity_id"] = severity.id
        return vals
