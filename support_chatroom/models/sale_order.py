# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _action_confirm(self):
        res = super()._action_confirm()
        self._support_open_onboarding_projects()
        return res

    def _support_open_onboarding_projects(self):
        """Open an onboarding project and its room for customers who buy a
        product with an onboarding checklist and have no project yet."""
        # sudo: salespeople open the project without managing onboarding
        Project = self.env["support.project"].sudo()
        for order in self:
            customer = order.partner_id.commercial_partner_id
            template = order.order_line.product_id.product_tmpl_id.with_company(
                order.company_id
            ).support_checklist_template_id[:1]
            if not template or Project.search_count(
                [("partner_id", "=", customer.id)], limit=1
            ):
                continue
            Project.with_company(order.company_id).create(
                {
                    "name": self.env._(
                        "%(customer)s onboarding", customer=customer.name
                    ),
                    "partner_id": customer.id,
                    "company_id": order.company_id.id,
                    "template_id": template.id,
                }
            )
