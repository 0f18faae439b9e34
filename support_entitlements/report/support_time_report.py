# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class SupportTimeReport(models.AbstractModel):
    """The support tracking report of a customer's prepaid hours.

    Every time entry logged on the customer's tickets (charged or not, with
    the reason when not) and every other change of their hour blocks, with
    the time left after each line: what support agreements call "the
    balance of support time remaining".
    """

    _name = "report.support_entitlements.report_support_time"
    _description = "Support Tracking Report of Prepaid Hours"

    @api.model
    def _get_lines(
        self, partner, company, begin=None, end=None, limit=None, offset=0, desc=False
    ):
        """([line dicts], total count) of ``partner``'s time report.

        One query, whatever the length of the history: the balance after each
        line is a window sum over the whole ledger, then the period and the
        page are cut from it. The caller has checked that the reader may see
        this customer: the query reads past record rules to join time entries,
        employees and orders a portal user cannot read one by one.
        """
        self.env.flush_all()
        direction = "DESC" if desc else "ASC"
        self.env.cr.execute(
            f"""
            WITH charges AS (
                SELECT m.timesheet_id,
                       -SUM(m.quantity) AS charged,
                       STRING_AGG(DISTINCT l.name, ', ') AS blocks
                  FROM support_movement m
             LEFT JOIN support_lot l ON l.id = m.lot_id
                 WHERE m.partner_id = %(partner)s
                   AND m.company_id = %(company)s
                   AND m.unit = 'minute'
                   AND m.timesheet_id IS NOT NULL
              GROUP BY m.timesheet_id
            ), lines AS (
                SELECT aal.date AS date,
                       1 AS sort,
                       aal.id AS res_id,
                       'time' AS kind,
                       t.id AS ticket_id,
                       t.number AS ticket_number,
                       t.name AS ticket_name,
                       COALESCE(e.name, up.name) AS who,
                       aal.name AS description,
                       ROUND(aal.unit_amount * 60)::int AS logged,
                       COALESCE(c.charged, 0)::int AS charged,
                       aal.support_billing AS billing,
                       t.support_time_covered AS covered,
                       c.blocks AS blocks,
                       -COALESCE(c.charged, 0)::int AS change,
                       NULL AS contact
                  FROM account_analytic_line aal
                  JOIN helpdesk_ticket t ON t.id = aal.ticket_id
             LEFT JOIN charges c ON c.timesheet_id = aal.id
             LEFT JOIN hr_employee e ON e.id = aal.employee_id
             LEFT JOIN res_users u ON u.id = aal.user_id
             LEFT JOIN res_partner up ON up.id = u.partner_id
                 WHERE t.commercial_partner_id = %(partner)s
                   AND t.company_id = %(company)s
             UNION ALL
                -- time with the customer outside a ticket
                SELECT aal.date, 1, aal.id, 'time', NULL, NULL, NULL,
                       COALESCE(e.name, up.name),
                       aal.name,
                       ROUND(aal.unit_amount * 60)::int,
                       COALESCE(c.charged, 0)::int,
                       aal.support_billing,
                       FALSE,
                       c.blocks,
                       -COALESCE(c.charged, 0)::int,
                       aal.support_contact_kind
                  FROM account_analytic_line aal
             LEFT JOIN charges c ON c.timesheet_id = aal.id
             LEFT JOIN hr_employee e ON e.id = aal.employee_id
             LEFT JOIN res_users u ON u.id = aal.user_id
             LEFT JOIN res_partner up ON up.id = u.partner_id
                 WHERE aal.support_partner_id = %(partner)s
                   AND aal.ticket_id IS NULL
                   AND aal.company_id = %(company)s
             UNION ALL
                SELECT m.date::date,
                       CASE WHEN m.kind IN ('purchase', 'grant') THEN 0 ELSE 2 END,
                       m.id,
                       m.kind,
                       t.id,
                       t.number,
                       t.name,
                       NULL,
                       COALESCE(so.name, m.reason),
                       NULL,
                       NULL,
                       NULL,
                       NULL,
                       l.name,
                       m.quantity,
                       NULL
                  FROM support_movement m
             LEFT JOIN support_lot l ON l.id = m.lot_id
             LEFT JOIN helpdesk_ticket t ON t.id = m.ticket_id
             LEFT JOIN sale_order_line sol ON sol.id = m.sale_line_id
             LEFT JOIN sale_order so ON so.id = sol.order_id
                 WHERE m.partner_id = %(partner)s
                   AND m.company_id = %(company)s
                   AND m.unit = 'minute'
                   AND m.timesheet_id IS NULL
            ), balances AS (
                SELECT lines.*,
                       SUM(change) OVER (
                           ORDER BY date, sort, res_id
                           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
                       ) AS balance
                  FROM lines
            )
            SELECT *, COUNT(*) OVER () AS total
              FROM balances
             WHERE (%(begin)s::date IS NULL OR date >= %(begin)s::date)
               AND (%(end)s::date IS NULL OR date < %(end)s::date)
          ORDER BY date {direction}, sort {direction}, res_id {direction}
             LIMIT %(limit)s OFFSET %(offset)s
            """,
            {
                "partner": partner.id,
                "company": company.id,
                "begin": begin,
                "end": end,
                "limit": limit,
                "offset": offset,
            },
        )
        rows = self.env.cr.dictfetchall()
        total = rows[0]["total"] if rows else 0
        if not rows and offset:
            total = self._get_lines(partner, company, begin, end, limit=1)[1]
        env = self.env
        kinds = dict(
            env["support.movement"]._fields["kind"]._description_selection(env)
        )
        lines = env["account.analytic.line"]
        contacts = dict(
            lines._fields["support_contact_kind"]._description_selection(env)
        )
        for row in rows:
            if row["kind"] == "time":
                row["label"] = row["description"] or ""
                if not row["ticket_id"]:
                    # outside a ticket: how the time was spent says what it is
                    row["label"] = env._(
                        "%(contact)s: %(description)s",
                        contact=contacts.get(row["contact"])
                        or env._("Outside a ticket"),
                        description=row["label"],
                    )
                row["reason"] = ""
                if not row["charged"] and row["logged"]:
                    row["reason"] = lines._support_reason_not_charged(
                        row["billing"], row["covered"]
                    )
            else:
                row["label"] = " ".join(
                    part
                    for part in (kinds.get(row["kind"]), row["description"])
                    if part
                )
                row["reason"] = ""
        return rows, total

    @api.model
    def _get_block_totals(self, partner, company):
        """Per hour block: credited, used, expired, other changes, remaining.

        Time that went beyond every block (the plan's overdraft) is one more
        line without a block. What is left on a block past its expiry date is
        expired, even before the expiry job posts it: what remains is what
        ``support.movement._get_balances`` counts as available.
        """
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT l.id AS lot_id,
                   l.name,
                   l.date_expiry,
                   COALESCE(SUM(m.quantity) FILTER (
                       WHERE m.kind IN ('purchase', 'grant')), 0)::int AS credited,
                   COALESCE(-SUM(m.quantity) FILTER (
                       WHERE m.kind IN ('deduction', 'refund')), 0)::int AS used,
                   COALESCE(-SUM(m.quantity) FILTER (
                       WHERE m.kind = 'expiry'), 0)::int AS expired,
                   COALESCE(SUM(m.quantity) FILTER (
                       WHERE m.kind NOT IN ('purchase', 'grant', 'deduction',
                                            'refund', 'expiry')), 0)::int AS other,
                   COALESCE(SUM(m.quantity), 0)::int AS remaining
              FROM support_movement m
         LEFT JOIN support_lot l ON l.id = m.lot_id
             WHERE m.partner_id = %(partner)s
               AND m.company_id = %(company)s
               AND m.unit = 'minute'
          GROUP BY l.id
          ORDER BY l.date_expiry IS NULL, l.date_expiry DESC, l.id DESC
            """,
            {"partner": partner.id, "company": company.id},
        )
        rows = self.env.cr.dictfetchall()
        today = fields.Date.today()
        for row in rows:
            row["name"] = row["name"] or self.env._("Beyond your blocks (overdraft)")
            if (
                row["date_expiry"]
                and row["date_expiry"] < today
                and row["remaining"] > 0
            ):
                row["expired"] += row["remaining"]
                row["remaining"] = 0
        return rows

    @api.model
    def _get_report_values(self, docids, data=None):
        partners, company, begin, end = self.env["res.partner"]._support_report_scope(
            docids, data
        )
        reports = {}
        for partner in partners:
            lines = self._get_lines(partner, company, begin, end)[0]
            reports[partner.id] = {
                "lines": lines,
                "blocks": self._get_block_totals(partner, company),
                "logged": sum(line["logged"] or 0 for line in lines),
                "charged": sum(line["charged"] or 0 for line in lines),
            }
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "company": company,
            "reports": reports,
            "period_label": (data or {}).get("period_label"),
        }
