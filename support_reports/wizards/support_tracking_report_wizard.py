# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


def _without_none(value):
    """``value`` with the None of its dictionaries left out, at any depth."""
    if isinstance(value, dict):
        return {
            key: _without_none(item) for key, item in value.items() if item is not None
        }
    return value


class SupportTrackingReportWizard(models.TransientModel):
    _name = "support.tracking.report.wizard"
    _inherit = ["support.input.limits"]
    _description = "Print a Support Tracking Report"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        domain=[("is_company", "=", True)],
    )
    date_from = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
    )
    date_to = fields.Date(
        required=True,
        default=lambda self: (
            fields.Date.context_today(self).replace(day=1)
            + relativedelta(months=1, days=-1)
        ),
    )

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            self.env["support.statement"]._check_period(
                wizard.date_from, wizard.date_to
            )

    def _get_statement(self):
        self.ensure_one()
        return self.env["support.statement"]._get_or_create(
            self.partner_id, self.date_from, self.date_to
        )

    def action_print_pdf(self):
        action = self.env.ref(
            "support_reports.action_report_support_tracking"
        ).report_action(self._get_statement())
        # XML-RPC cannot carry None: the report's empty keys are left out
        return _without_none(action)

    def action_print_xlsx(self):
        # rendered by the download itself, which only reads (and so may run
        # on a read replica): no attachment is kept for it
        statement = self._get_statement()
        return {
            "type": "ir.actions.act_url",
            "url": f"/support_reports/statement/{statement.id}/xlsx",
            "target": "download",
        }
