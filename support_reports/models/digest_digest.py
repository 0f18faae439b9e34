# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import AccessError
from odoo.tools import float_round


class DigestDigest(models.Model):
    """The support figures of Odoo's periodic digest.

    Each KPI counts what happened in the digest's period, for its company,
    with the recipient's rights; the lists behind them (projects per phase,
    overdue actions, tickets at risk, low balances, tag trends, proposals)
    are the Management Digest report its links open.
    """

    _inherit = "digest.digest"

    kpi_support_ticket_opened = fields.Boolean("Support Tickets Opened")
    kpi_support_ticket_opened_value = fields.Integer(
        compute="_compute_kpi_support_ticket_opened_value",
        export_string_translation=False,
    )
    kpi_support_sla_breached = fields.Boolean("SLA Targets Missed")
    kpi_support_sla_breached_value = fields.Integer(
        compute="_compute_kpi_support_sla_breached_value",
        export_string_translation=False,
    )
    kpi_support_project_live = fields.Boolean("Customer Projects Gone Live")
    kpi_support_project_live_value = fields.Integer(
        compute="_compute_kpi_support_project_live_value",
        export_string_translation=False,
    )
    kpi_support_proposal = fields.Boolean("New Feature Proposals")
    kpi_support_proposal_value = fields.Integer(
        compute="_compute_kpi_support_proposal_value",
        export_string_translation=False,
    )
    kpi_support_nps = fields.Boolean("Net Promoter Score")
    # one compute each: digest.digest reads a KPI, then forgets only that
    # one before the next period
    kpi_support_nps_value = fields.Integer(
        compute="_compute_kpi_support_nps_value", export_string_translation=False
    )
    kpi_support_nps_detractors = fields.Boolean("Detractors")
    kpi_support_nps_detractors_value = fields.Integer(
        compute="_compute_kpi_support_nps_detractors_value",
        export_string_translation=False,
    )

    def _support_check_manager(self):
        # a recipient who is not a support manager gets the digest without
        # these figures (digest.digest skips a KPI raising AccessError)
        if not self.env.user.has_group("support_entitlements.group_support_manager"):
            raise AccessError(
                self.env._("Do not have access, skip this data for user's digest email")
            )

    def _compute_kpi_support_ticket_opened_value(self):
        self._support_check_manager()
        self._calculate_company_based_kpi(
            "helpdesk.ticket", "kpi_support_ticket_opened_value"
        )

    def _compute_kpi_support_sla_breached_value(self):
        self._support_check_manager()
        self._calculate_company_based_kpi(
            "support.ticket.sla",
            "kpi_support_sla_breached_value",
            date_field="breached_date",
            additional_domain=[("breached", "=", True)],
        )

    def _compute_kpi_support_project_live_value(self):
        self._support_check_manager()
        self._calculate_company_based_kpi(
            "support.project",
            "kpi_support_project_live_value",
            date_field="go_live_date",
        )

    def _compute_kpi_support_proposal_value(self):
        self._support_check_manager()
        self._calculate_company_based_kpi(
            "support.proposal", "kpi_support_proposal_value"
        )

    def _compute_kpi_support_nps_value(self):
        for digest, (answers, total, _detractors) in self._support_nps_figures():
            # the share of promoters less the share of detractors, in points
            digest.kpi_support_nps_value = (
                int(float_round(total / answers, precision_digits=0)) if answers else 0
            )

    def _compute_kpi_support_nps_detractors_value(self):
        for digest, (_answers, _total, detractors) in self._support_nps_figures():
            digest.kpi_support_nps_detractors_value = detractors

    def _support_nps_figures(self):
        """[(digest, (answers, sum of their NPS column, detractors))] of the
        period, in one grouped read."""
        self._support_check_manager()
        start, end, companies = self._get_kpi_compute_parameters()
        figures = {}
        for company, group, count, score in self.env["support.nps"]._read_group(
            [
                ("company_id", "in", companies.ids),
                ("answered_date", ">=", start),
                ("answered_date", "<", end),
            ],
            ["company_id", "answer_group"],
            ["__count", "nps:sum"],
        ):
            answers, total, detractors = figures.get(company.id, (0, 0, 0))
            figures[company.id] = (
                answers + count,
                total + score,
                detractors + (count if group == "detractor" else 0),
            )
        return [
            (digest, figures.get((digest.company_id or self.env.company).id, (0, 0, 0)))
            for digest in self
        ]

    def _compute_kpis_actions(self, company, user):
        res = super()._compute_kpis_actions(company, user)
        menu = self.env.ref("helpdesk_mgmt.helpdesk_ticket_main_menu").id
        report = f"support_reports.support_digest_action?menu_id={menu}"
        for kpi in (
            "kpi_support_ticket_opened",
            "kpi_support_sla_breached",
            "kpi_support_project_live",
        ):
            res[kpi] = report
        res["kpi_support_proposal"] = (
            f"support_reports.support_proposal_action?menu_id={menu}"
        )
        res["kpi_support_nps"] = res["kpi_support_nps_detractors"] = (
            f"support_reports.support_nps_action?menu_id={menu}"
        )
        return res
