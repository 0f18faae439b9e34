# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    _name = "helpdesk.ticket.team"
    _inherit = ["helpdesk.ticket.team", "support.input.limits"]
    # the SLA policy (and the team leader, as helpdesk_mgmt declares)
    # belong to the team's company
    _check_company_auto = True

    sla_policy_id = fields.Many2one(
        comodel_name="support.sla.policy",
        string="SLA policy",
        check_company=True,
        help="Applies to this team's tickets whose customer has no plan with "
        "its own policy.",
    )

    def write(self, vals):
        res = super().write(vals)
        if "sla_policy_id" in vals:
            self.env["helpdesk.ticket"].search(
                [("team_id", "in", self.ids), ("closed", "=", False)]
            )._sla_recompute()
        return res
