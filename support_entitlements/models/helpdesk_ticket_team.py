# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HelpdeskTicketTeam(models.Model):
    _name = "helpdesk.ticket.team"
    _inherit = ["helpdesk.ticket.team", "support.input.limits"]

    sla_policy_id = fields.Many2one(
        comodel_name="support.sla.policy",
        string="SLA policy",
        help="Applies to this team's tickets whose customer has no plan with "
        "its own policy.",
    )

    @api.constrains("sla_policy_id", "company_id")
    def _check_sla_policy_company(self):
        for team in self:
            policy = team.sla_policy_id
            if policy and team.company_id and policy.company_id != team.company_id:
                raise ValidationError(
                    self.env._(
                        "The SLA policy %(policy)s belongs to %(other)s, not to "
                        "%(company)s.",
                        policy=policy.name,
                        other=policy.company_id.name,
                        company=team.company_id.name,
                    )
                )

    def write(self, vals):
        res = super().write(vals)
        if "sla_policy_id" in vals:
            self.env["helpdesk.ticket"].search(
                [("team_id", "in", self.ids), ("closed", "=", False)]
            )._sla_recompute()
        return res
