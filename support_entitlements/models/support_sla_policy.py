# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .in_use import check_not_in_use


class SupportSlaPolicy(models.Model):
    _name = "support.sla.policy"
    _inherit = ["support.input.limits"]
    _support_ranges = {"end_of_day_minutes": (0, 1440), "at_risk_percent": (1, 100)}
    _check_company_auto = True
    _description = "SLA Policy"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    target_ids = fields.One2many(
        comodel_name="support.sla.target",
        inverse_name="policy_id",
        string="Targets",
        copy=True,
    )
    calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Working hours",
        check_company=True,
        help="Tells customers when work resumes on tickets arriving outside "
        "these hours.",
    )
    end_of_day_minutes = fields.Integer(
        string="End-of-day margin (minutes)",
        default=30,
        help="Tickets arriving this close to the end of the working day are "
        "acknowledged with the time work resumes.",
    )
    at_risk_percent = fields.Integer(
        string="At risk after (%)",
        default=75,
        help="A target is at risk once this share of its time is used.",
    )
    active = fields.Boolean(default=True)

    @api.model
    def _support_governing(self, company, *candidates):
        """The first of ``candidates`` that may govern tickets of ``company``:
        active, and of that company. A ticket asks with its plan's, its
        team's and the company default; the customer's portal, which knows
        no team yet, with the plan's and the company default."""
        for policy in candidates:
            if policy and policy.active and policy.company_id == company:
                return policy
        return self.browse()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        # its targets, and the tickets' SLA lines and breach history with
        # them, would go too
        check_not_in_use(
            self,
            [
                ("helpdesk.ticket", "sla_policy_id"),
                ("support.ticket.sla", "target_id.policy_id"),
                ("helpdesk.ticket.team", "sla_policy_id"),
                ("support.plan", "sla_policy_id"),
                ("res.company", "support_sla_policy_id"),
            ],
        )

    @api.constrains("calendar_id")
    def _check_calendar(self):
        self.calendar_id._check_sla_usable()

    @api.constrains("at_risk_percent", "end_of_day_minutes")
    def _check_percent(self):
        for policy in self:
            if not 0 < policy.at_risk_percent <= 100:
                raise ValidationError(
                    self.env._("The at-risk share must be between 1 and 100 %.")
                )
            if policy.end_of_day_minutes < 0:
                raise ValidationError(
                    self.env._("The end-of-day margin cannot be negative.")
                )

    def write(self, vals):
        if not {"active", "at_risk_percent"} & set(vals):
            return super().write(vals)
        # an archived policy no longer governs its tickets: find them first
        tickets = self._get_open_tickets()
        res = super().write(vals)
        if "active" in vals:
            # A team's or the company's policy is followed through the
            # tickets' dependencies; a plan's is not (it is looked up through
            # the customer's subscription): ask the open tickets of the
            # customers whose plan names these policies again.
            plans = (
                self.env["support.plan"]
                .with_context(active_test=False)
                .search([("sla_policy_id", "in", self.ids)])
            )
            customers = plans.subscription_ids.filtered("is_active").partner_id
            self.env["helpdesk.ticket"].search(
                [("commercial_partner_id", "in", customers.ids), ("closed", "=", False)]
            )._sla_follow_plans()
        (tickets | self._get_open_tickets())._sla_recompute()
        return res

    def _get_open_tickets(self):
        return self.env["helpdesk.ticket"].search(
            [("sla_policy_id", "in", self.ids), ("closed", "=", False)]
        )

    def _recompute_open_tickets(self):
        """Recompute the SLA of the open tickets governed by these policies."""
        self._get_open_tickets()._sla_recompute()
