# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.support_entitlements.models.support_movement import UNITS


class SupportSalesReport(models.Model):
    """Support sold, consumed, refunded and expired, with the revenue of sales.

    One row per ledger movement that sells, consumes, refunds or expires
    credit, plus one row per confirmed order line of a support product (its
    revenue). A movement counts for the plan the customer subscribed to on its
    date and for the salesperson of the order that credited its lot.
    """

    _name = "support.sales.report"
    _description = "Support Sales Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "date"

    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    plan_id = fields.Many2one("support.plan", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    unit = fields.Selection(UNITS, readonly=True)
    points_sold = fields.Integer(readonly=True)
    points_consumed = fields.Integer(readonly=True)
    points_refunded = fields.Integer(readonly=True)
    points_expired = fields.Integer(readonly=True)
    hours_sold = fields.Float(readonly=True, digits=(16, 2))
    hours_consumed = fields.Float(readonly=True, digits=(16, 2))
    hours_refunded = fields.Float(readonly=True, digits=(16, 2))
    hours_expired = fields.Float(readonly=True, digits=(16, 2))
    revenue = fields.Monetary(readonly=True, currency_field="currency_id")
    currency_id = fields.Many2one("res.currency", readonly=True)

    @staticmethod
    def _plan_on_date(partner, company, date):
        """The plan a customer subscribed to on a date (SQL expressions in)."""
        return f"""
            SELECT sub.plan_id
              FROM support_subscription sub
             WHERE sub.partner_id = {partner}
               AND sub.company_id = {company}
               AND NOT COALESCE(sub.cancelled, FALSE)
               AND sub.date_start <= {date}
               AND sub.date_end >= {date}
          ORDER BY sub.date_start DESC, sub.id DESC
             LIMIT 1
        """

    def _movement_query(self):
        # Sold: credits from sales and grants; consumed: what deductions took
        # from the total (available + captured); expired: the breakage.
        measures = []
        for prefix, units, factor in (
            ("points", "('point')", "1"),
            ("hours", "('minute', 'training_minute')", "60.0"),
        ):
            for name, kinds, sign in (
                ("sold", "('purchase', 'grant')", "1"),
                ("consumed", "('deduction')", "-1"),
                ("refunded", "('refund')", "1"),
                ("expired", "('expiry')", "-1"),
            ):
                measures.append(
                    f"""COALESCE(SUM(CASE WHEN m.unit IN {units}
                                  AND m.kind IN {kinds}
                             THEN {sign} * (m.quantity + m.captured_quantity)
                             END) / {factor}, 0) AS {prefix}_{name}"""
                )
        plan_on_date = self._plan_on_date(
            "m.partner_id", "m.company_id", "m.date::date"
        )
        return f"""
            SELECT m.date::date AS date, m.company_id, m.partner_id,
                   plan.plan_id, so.user_id, lot.product_id, m.unit,
                   {", ".join(measures)},
                   0.0 AS revenue, company.currency_id
              FROM support_movement m
              JOIN res_company company ON company.id = m.company_id
         LEFT JOIN support_lot lot ON lot.id = m.lot_id
         LEFT JOIN sale_order_line sol ON sol.id = lot.sale_line_id
         LEFT JOIN sale_order so ON so.id = sol.order_id
         LEFT JOIN LATERAL ({plan_on_date}) plan ON TRUE
             WHERE m.kind IN ('purchase', 'grant', 'deduction', 'refund', 'expiry')
          GROUP BY m.date::date, m.company_id, m.partner_id, plan.plan_id,
                   so.user_id, lot.product_id, m.unit, company.currency_id
        """

    def _revenue_query(self):
        zeros = ", ".join(
            f"0 AS points_{name}"
            for name in ("sold", "consumed", "refunded", "expired")
        )
        hours = ", ".join(
            f"0.0 AS hours_{name}"
            for name in ("sold", "consumed", "refunded", "expired")
        )
        plan_on_date = self._plan_on_date(
            "partner.commercial_partner_id", "so.company_id", "so.date_order::date"
        )
        # Revenue in the company's currency, as the sales analysis converts it.
        return f"""
            SELECT so.date_order::date AS date, so.company_id,
                   partner.commercial_partner_id AS partner_id,
                   COALESCE(tmpl.support_plan_id, plan.plan_id) AS plan_id,
                   so.user_id, sol.product_id, NULL AS unit, {zeros}, {hours},
                   SUM(sol.price_subtotal / COALESCE(NULLIF(so.currency_rate, 0), 1))
                       AS revenue,
                   company.currency_id
              FROM sale_order_line sol
              JOIN sale_order so ON so.id = sol.order_id
              JOIN res_company company ON company.id = so.company_id
              JOIN res_partner partner ON partner.id = so.partner_id
              JOIN product_product product ON product.id = sol.product_id
              JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
         LEFT JOIN LATERAL ({plan_on_date}) plan ON TRUE
             WHERE so.state = 'sale' AND tmpl.support_grant_type IS NOT NULL
          GROUP BY so.date_order::date, so.company_id,
                   partner.commercial_partner_id,
                   COALESCE(tmpl.support_plan_id, plan.plan_id), so.user_id,
                   sol.product_id, company.currency_id
        """

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT ROW_NUMBER() OVER () AS id, rows.*
                      FROM (%s UNION ALL %s) rows
                )
                """,
                SQL.identifier(self._table),
                SQL(self._movement_query()),
                SQL(self._revenue_query()),
            )
        )
