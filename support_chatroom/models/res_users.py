# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ResUsers(models.Model):
    _inherit = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._support_join_customer_rooms()
        return users

    def _support_join_customer_rooms(self):
        """A customer's contact who gets a login joins the customer's rooms."""
        self.env["support.project"]._support_resync(
            [("partner_id", "in", self.partner_id.commercial_partner_id.ids)],
            duty=False,
        )
