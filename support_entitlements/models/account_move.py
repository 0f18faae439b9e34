# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _invoice_paid_hook(self):
        result = super()._invoice_paid_hook()
        lines = self.filtered(
            lambda move: move.move_type == "out_invoice"
        ).invoice_line_ids.sale_line_ids
        lines.filtered(
            lambda line: line.product_id.support_grant_on == "paid"
        )._support_grant()
        refunded = self.filtered(
            lambda move: move.move_type == "out_refund"
        ).invoice_line_ids.sale_line_ids
        refunded._support_reverse()
        return result
