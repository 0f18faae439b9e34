# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    support_sla_policy_id = fields.Many2one(
        comodel_name="support.sla.policy",
        string="Default SLA policy",
        help="Applies to tickets whose team and customer plan have no policy.",
    )

    @api.constrains("support_sla_policy_id")
    def _check_support_sla_policy_company(self):
        for company in self:
            policy = company.support_sla_policy_id
            if policy and policy.company_id != company:
                raise ValidationError(
                    self.env._(
                        "The SLA policy %(policy)s belongs to %(other)s, not to "
                        "%(company)s.",
                        policy=policy.name,
                        other=policy.company_id.name,
                        company=company.name,
                    )
                )

    def write(self, vals):
        res = super().write(vals)
        if "support_sla_policy_id" in vals:
            self.env["helpdesk.ticket"].search(
                [("company_id", "in", self.ids), ("closed", "=", False)]
            )._sla_recompute()
        return res
