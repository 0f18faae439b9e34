# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.osv import expression

from ..models.support_movement import MODIFICATION_KINDS


class SupportStatementReport(models.AbstractModel):
    """The statement of points in three parts: balance modifications, tickets
    in progress with captured points, resolved tickets with deducted points."""

    _name = "report.support_entitlements.report_support_statement"
    _description = "Statement of Support Points"

    @api.model
    def _period_domain(self, field, begin, end):
        domain = []
        if begin:
            domain.append((field, ">=", fields.Datetime.to_string(begin)))
        if end:
            domain.append((field, "<", fields.Datetime.to_string(end)))
        return domain

    @api.model
    def _get_domains(self, partner, company, begin=None, end=None):
        """{part: (model, domain, order)} over one period."""
        ticket_domain = [
            ("commercial_partner_id", "=", partner.id),
            ("company_id", "=", company.id),
        ]
        return {
            "modifications": (
                "support.movement",
                [
                    ("partner_id", "=", partner.id),
                    ("company_id", "=", company.id),
                    ("unit", "=", "point"),
                    ("kind", "in", MODIFICATION_KINDS),
                ]
                + self._period_domain("date", begin, end),
                "date desc, sequence_number desc",
            ),
            # tickets holding points, and those the go-live window frees:
            # the statement says why they cost nothing
            "in_progress": (
                "helpdesk.ticket",
                ticket_domain
                + expression.OR(
                    [
                        [("points_captured", ">", 0)]
                        + self._period_domain("cost_approved_date", begin, end),
                        [("support_go_live_free", "=", True), ("closed", "=", False)]
                        + self._period_domain("create_date", begin, end),
                    ]
                ),
                "cost_approved_date desc, create_date desc, id desc",
            ),
            "resolved": (
                "helpdesk.ticket",
                ticket_domain
                + [("closed", "=", True)]
                + expression.OR(
                    [
                        [("points_deducted", ">", 0)],
                        [("support_go_live_free", "=", True)],
                    ]
                )
                + self._period_domain("closed_date", begin, end),
                "closed_date desc, id desc",
            ),
        }

    @api.model
    def _movement_source(self, movement):
        """Where a change of balance came from, in the customer's words."""
        # The movement is the customer's; its order and ticket name its source.
        source = movement.sudo()
        return (
            source.sale_line_id.order_id.name
            or source.ticket_id.number
            or source.reason
            or source.lot_id.name
            or ""
        )

    @api.model
    def _get_report_values(self, docids, data=None):
        partners, company, begin, end = self.env["res.partner"]._support_report_scope(
            docids, data
        )
        statements = {}
        for partner in partners:
            statements[partner.id] = {
                name: self.env[model].search(domain, order=order)
                for name, (model, domain, order) in self._get_domains(
                    partner, company, begin, end
                ).items()
            }
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "company": company,
            "statements": statements,
            "period_label": (data or {}).get("period_label"),
            "movement_source": self._movement_source,
        }
