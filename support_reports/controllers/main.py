# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

from odoo.addons.support_entitlements.controllers.replica import replica_allowed

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SupportReportsController(http.Controller):
    @http.route(
        "/support_reports/statement/<int:statement_id>/xlsx",
        type="http",
        auth="user",
        readonly=replica_allowed,
    )
    def support_statement_xlsx(self, statement_id, **kwargs):
        """A tracking report as XLSX, rendered on each download (nothing is
        stored, so the download can run on a read replica); not found for
        whoever may not read that report."""
        statement = request.env["support.statement"].browse(statement_id)
        try:
            statement.check_access("read")
            name = statement._get_file_name()
        except (AccessError, MissingError) as exc:
            raise NotFound() from exc
        content = statement._render_xlsx()
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(f"{name}.xlsx")),
            ],
        )
