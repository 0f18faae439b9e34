# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models

PERIODS = [("daily", "Daily"), ("weekly", "Weekly")]


class SupportDigest(models.TransientModel):
    """The management digest: the big picture of onboarding and support.

    Opened in the backend it shows the lists of the user's current company,
    read with the user's rights; Odoo's periodic digest emails the counts
    and links here.
    """

    _name = "support.digest"
    _description = "Support Management Digest"

    period = fields.Selection(PERIODS, required=True, default="daily")
    body_html = fields.Html(compute="_compute_body_html", sanitize=False)

    @api.depends("period")
    def _compute_body_html(self):
        for digest in self:
            digest.body_html = digest._render_body(digest.period, self.env.company)

    @api.model
    def _period_start(self, period, now=None):
        now = now or fields.Datetime.now()
        return now - timedelta(days=7 if period == "weekly" else 1)

    @api.model
    def _get_digest_data(self, period, company):
        """What the digest of ``company`` shows, as plain values.

        Keys: ``phases`` (active onboarding projects per phase), ``overdue``
        (open checklist items whose next action date passed), ``sla_lines``
        (targets at risk or breached on open tickets), ``low`` and
        ``expiring`` (customers with a low balance or credit expiring within
        30 days, per unit), ``tags`` (tickets per tag in the period and the
        one before) and ``proposals`` (feature requests created in the
        period). The period's counts are KPIs of Odoo's digest
        (``digest_digest.py``), which links here.
        """
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        start = self._period_start(period, now)
        previous_start = start - (now - start)
        company_domain = [("company_id", "=", company.id)]
        Project = self.env["support.project"]
        phase_labels = dict(
            Project._fields["current_phase"]._description_selection(self.env)
        )
        phases = [
            (phase_labels.get(phase, phase), count)
            for phase, count in Project._read_group(
                company_domain, ["current_phase"], ["__count"], order="current_phase"
            )
        ]
        overdue = self.env["support.checklist.item"].search(
            company_domain
            + [
                ("state", "=", "todo"),
                ("next_action_date", "<", today),
                ("project_id.active", "=", True),
            ],
            order="next_action_date, id",
        )
        sla_lines = self.env["support.ticket.sla"].search(
            company_domain
            + [
                ("status", "in", ("at_risk", "breached")),
                ("ticket_id.stage_id.closed", "=", False),
            ],
            order="deadline, id",
        )
        subscriptions = self.env["support.subscription"].search(
            company_domain + [("is_active", "=", True)]
        )
        customers = subscriptions.partner_id
        low, expiring = [], []
        Movement = self.env["support.movement"]
        for unit, threshold in (
            ("point", company.support_digest_low_points),
            ("minute", company.support_digest_low_minutes),
        ):
            balances = Movement._get_balances(customers, unit, 30, company)
            for customer in customers:
                balance = balances[customer.id]
                if balance["available"] < threshold:
                    low.append((customer, unit, balance["available"]))
                if balance["expiring"] > 0:
                    expiring.append((customer, unit, balance["expiring"]))
        return {
            "company": company,
            "period": period,
            "start": start,
            "phases": phases,
            "overdue": overdue,
            "sla_lines": sla_lines,
            "low": low,
            "expiring": expiring,
            "tags": self._tag_trend(company, previous_start, start),
            "proposals": self._new_proposals(company, start),
        }

    @api.model
    def _tag_trend(self, company, previous_start, start):
        """[(tag, count in the period, count in the previous one)], busiest first."""
        Ticket = self.env["helpdesk.ticket"]
        counts = {}
        # The current period counts every ticket created since it started.
        for index, (date_from, date_to) in enumerate(
            ((start, False), (previous_start, start))
        ):
            upper = [("create_date", "<", date_to)] if date_to else []
            for tag, count in Ticket._read_group(
                [
                    ("company_id", "=", company.id),
                    ("create_date", ">=", date_from),
                    *upper,
                    ("tag_ids", "!=", False),
                ],
                ["tag_ids"],
                ["__count"],
            ):
                counts.setdefault(tag, [0, 0])[index] = count
        return sorted(
            ((tag, now, before) for tag, (now, before) in counts.items()),
            key=lambda row: (-row[1], -row[2], row[0].name),
        )

    @api.model
    def _new_proposals(self, company, start):
        return self.env["support.proposal"].search(
            [("company_id", "=", company.id), ("create_date", ">=", start)]
        )

    @api.model
    def _render_body(self, period, company):
        data = self._get_digest_data(period, company)
        return self.env["ir.qweb"]._render(
            "support_reports.support_digest_body",
            {
                "data": data,
                "format_quantity": self.env["support.statement"]._format_quantity,
            },
        )
