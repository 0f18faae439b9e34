# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .in_use import check_not_in_use


class SupportSeverity(models.Model):
    _name = "support.severity"
    _inherit = ["support.input.limits"]
    _description = "Support Severity"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    definition = fields.Text(
        translate=True,
        help="Shown to customers so they can tell which severity their issue has.",
    )
    is_blocking = fields.Boolean(
        string="Blocking",
        help="Critical issues: escalated when no agent reacts in time.",
    )
    is_technical = fields.Boolean(
        string="Technical question",
        help="Time on such tickets is capped per request by the customer's plan, "
        "and a request for an expedited answer, remote assistance or level-2 "
        "support counts against the plan's yearly allowance of cases.",
    )
    color = fields.Integer()
    company_id = fields.Many2one(comodel_name="res.company", index=True)
    active = fields.Boolean(default=True)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        check_not_in_use(
            self,
            [
                ("helpdesk.ticket", "severity_id"),
                ("support.sla.target", "severity_id"),
            ],
        )
