# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class SupportSubscription(models.Model):
    _inherit = "support.subscription"

    @api.model_create_multi
    def create(self, vals_list):
        subscriptions = super().create(vals_list)
        subscriptions._support_sync_rooms_duty()
        return subscriptions

    def write(self, vals):
        res = super().write(vals)
        if "cancelled" in vals:
            self._support_sync_rooms_duty()
        return res

    def _support_sync_rooms_duty(self):
        """The first plan purchase hands the rooms' duty to the account
        manager."""
        self.env["support.project"]._support_resync(
            [("partner_id", "in", self.partner_id.commercial_partner_id.ids)],
            members=False,
        )
