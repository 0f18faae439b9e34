# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    def _support_sync_time(self, deleted=False):
        # Training time waits for the end of setup
        # (support_project_training.py). Checked where every change of an
        # entry's charge goes through (its create and write, its ticket's
        # billing): the whole change is refused, ledger postings included.
        if not deleted:
            self._support_check_training()
        return super()._support_sync_time(deleted=deleted)

    def _support_check_training(self):
        # once per customer, however many entries an import brings
        customers = {
            line._support_posting_customer()
            for line in self.filtered(lambda line: line.support_billing == "training")
        }
        for company, customer in sorted(
            customers, key=lambda pair: (pair[0].id, pair[1].id)
        ):
            if customer:
                self.env["support.project"]._support_check_training(customer, company)
