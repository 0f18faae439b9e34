# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _action_confirm(self):
        res = super()._action_confirm()
        # the first plan purchase hands the room's duty to the account manager
        # sudo: salespeople confirm orders without access to onboarding projects
        projects = (
            self.env["support.project"]
            .sudo()
            .search([("partner_id", "in", self.partner_id.commercial_partner_id.ids)])
        )
        projects._sync_duty()
        return res
