# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .in_use import check_not_in_use


class SupportEscalationLevel(models.Model):
    _name = "support.escalation.level"
    _inherit = ["support.input.limits"]
    # up to a month without any reaction
    _support_ranges = {"delay_minutes": (0, 43_200)}
    _description = "Escalation Level of Blocking Tickets"
    _order = "company_id, delay_minutes, id"

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    delay_minutes = fields.Integer(
        string="After (minutes)",
        required=True,
        default=30,
        help="Minutes without any agent reaction on a blocking ticket before "
        "these users are notified.",
    )
    user_ids = fields.Many2many(
        comodel_name="res.users",
        string="Notify",
        domain=[("share", "=", False)],
    )
    severity_ids = fields.Many2many(
        comodel_name="support.severity",
        string="Severities",
        domain=[("is_blocking", "=", True)],
        help="Blocking severities this level watches; all of them when empty.",
    )
    active = fields.Boolean(default=True)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        check_not_in_use(self, [("support.ticket.escalation", "level_id")])

    @api.constrains("delay_minutes")
    def _check_delay(self):
        for level in self:
            if level.delay_minutes <= 0:
                raise ValidationError(
                    self.env._(
                        "An escalation delay must be a positive number of minutes."
                    )
                )
