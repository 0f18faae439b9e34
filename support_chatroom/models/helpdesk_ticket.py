# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.support_entitlements.models.action_fields import ensure_one_action


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    support_message_ids = fields.One2many(
        comodel_name="mail.message",
        inverse_name="support_ticket_id",
        string="Room Messages",
        help="The room messages archived into this ticket.",
    )
    support_project_id = fields.Many2one(
        comodel_name="support.project",
        string="Onboarding Project",
        index="btree_not_null",
        copy=False,
    )

    def action_open_support_room(self):
        ensure_one_action(self)
        if not self.support_project_id:
            raise UserError(
                self.env._("This ticket belongs to no customer project with a room.")
            )
        return self.support_project_id.action_open_room()
