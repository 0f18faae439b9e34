# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import format_duration


class ResPartner(models.Model):
    _inherit = "res.partner"

    # support_go_live_date belongs to the entitlements addon (the 72-hour free
    # support window); the onboarding project's go-live date writes it.
    support_project_ids = fields.One2many(
        comodel_name="support.project",
        inverse_name="partner_id",
        string="Onboarding Projects",
    )
    support_onboarding_phase = fields.Char(
        string="Onboarding Phase",
        compute="_compute_support_card",
        groups="support_entitlements.group_support_agent",
    )
    support_card_html = fields.Html(
        string="Customer Card",
        compute="_compute_support_card",
        sanitize=False,
        groups="support_entitlements.group_support_agent",
    )

    @api.depends(
        "commercial_partner_id.support_project_ids.current_phase",
        "commercial_partner_id.support_go_live_date",
        "commercial_partner_id.comment",
        "commercial_partner_id.category_id",
    )
    def _compute_support_card(self):
        phase_labels = dict(
            self.env["support.project.phase"]
            ._fields["phase"]
            ._description_selection(self.env)
        )
        for partner in self:
            projects = partner.commercial_partner_id.support_project_ids
            partner.support_onboarding_phase = ", ".join(
                phase_labels.get(project.current_phase, "")
                for project in projects
                if project.current_phase
            )
            partner.support_card_html = self.env["ir.qweb"]._render(
                "support_chatroom.support_customer_card",
                partner._support_card_values(),
            )

    def _support_card_values(self):
        """Values of the customer card shown to agents on the partner and in
        the room; extend to add lines."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        return {
            "partner": commercial,
            "projects": commercial.support_project_ids,
            "plan": commercial._get_support_plan(),
            "plan_end": commercial.support_plan_end,
            "has_purchased_plan": commercial._support_has_purchased_plan(),
            "balances": commercial._support_card_balances(),
        }

    def _support_card_balances(self):
        """The ``(label, value)`` lines of balances on the customer card, from
        the entitlements addon's balances."""
        self.ensure_one()
        points = self._get_support_balances()
        minutes = self._get_support_balances(unit="minute")
        lines = [
            (self.env._("Points available"), points["available"]),
            (self.env._("Points expiring within 30 days"), points["expiring"]),
        ]
        if minutes["available"] or minutes["captured"]:
            lines.append(
                (
                    self.env._("Prepaid hours available"),
                    format_duration(minutes["available"] / 60),
                )
            )
        return lines

    def _support_has_purchased_plan(self, company=None):
        """Whether the customer has bought a plan in the company: it decides
        who is on duty in the room (trial support before the first purchase,
        the account manager after it)."""
        self.ensure_one()
        company = company or self.env.company
        # sudo: agents see who is on duty without managing subscriptions
        return bool(
            self.env["support.subscription"]
            .sudo()
            .search_count(
                [
                    ("partner_id", "=", self.commercial_partner_id.id),
                    ("company_id", "=", company.id),
                    ("cancelled", "=", False),
                ],
                limit=1,
            )
        )

    def write(self, vals):
        res = super().write(vals)
        if "user_id" in vals:
            self.env["support.project"]._support_resync(
                [("partner_id", "in", self.ids)]
            )
        return res
