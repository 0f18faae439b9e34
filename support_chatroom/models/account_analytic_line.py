# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from odoo.addons.support_entitlements.models.account_analytic_line import TIME_FIELDS


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._support_check_training()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if TIME_FIELDS & vals.keys():
            self._support_check_training()
        return res

    def _support_check_training(self):
        """Training time waits for the end of setup (support_project_training.py);
        the whole create or write is refused, ledger postings included."""
        training = self.filtered(
            lambda line: (
                line.support_billing == "training"
                and line.ticket_id.commercial_partner_id
            )
        )
        if training:
            self.env["support.project"]._support_check_training(
                training.ticket_id.commercial_partner_id
            )
