# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools
from odoo.tools import SQL

from odoo.addons.support_entitlements.models.support_sla_target import SLA_KINDS

# A target's outcome, for the whole analysis: reached in time, missed, or
# still running.
SLA_OUTCOMES = [("met", "Met"), ("breached", "Breached"), ("open", "Open")]


class SupportSlaReport(models.Model):
    """Every SLA target of every ticket, met or breached.

    ``hours`` is the elapsed time from the start of the ticket's SLA clock (its
    creation unless set otherwise) to the moment the target was reached, in
    hours (empty while it is not reached).
    """

    _name = "support.sla.report"
    _description = "SLA Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one("helpdesk.ticket", readonly=True)
    date = fields.Date(string="Opened on", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    severity_id = fields.Many2one("support.severity", readonly=True)
    kind = fields.Selection(SLA_KINDS, string="Target", readonly=True)
    outcome = fields.Selection(SLA_OUTCOMES, readonly=True)
    met_count = fields.Integer(string="Met", readonly=True)
    breached_count = fields.Integer(string="Breached", readonly=True)
    hours = fields.Float(string="Hours to reach", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT line.id, line.ticket_id,
                           COALESCE(ticket.sla_start_date, ticket.create_date)::date
                               AS date,
                           ticket.company_id,
                           ticket.commercial_partner_id AS partner_id,
                           ticket.team_id,
                           target.severity_id,
                           target.kind,
                           CASE WHEN line.breached THEN 'breached'
                                WHEN line.reached_date IS NOT NULL THEN 'met'
                                ELSE 'open' END AS outcome,
                           CASE WHEN line.reached_date IS NOT NULL
                                 AND NOT COALESCE(line.breached, FALSE)
                                THEN 1 ELSE 0 END AS met_count,
                           CASE WHEN line.breached THEN 1 ELSE 0 END
                               AS breached_count,
                           EXTRACT(EPOCH FROM line.reached_date - COALESCE(
                               ticket.sla_start_date, ticket.create_date
                           )) / 3600.0 AS hours
                      FROM support_ticket_sla line
                      JOIN helpdesk_ticket ticket ON ticket.id = line.ticket_id
                      JOIN support_sla_target target ON target.id = line.target_id
                )
                """,
                SQL.identifier(self._table),
            )
        )

    @api.model
    def _get_percentiles(self, domain=None, groupby=()):
        """Median and 90th percentile of the hours to reach the targets.

        ``groupby`` names fields of this analysis (e.g. ``("kind",
        "severity_id")``); returns a list of dicts with those fields plus
        ``count``, ``median`` and ``p90`` over the rows of ``domain`` the user
        may read (access rules apply). Targets not reached yet are left out.
        """
        query = self._search(list(domain or []) + [("hours", "!=", False)])
        query.order = None
        hours = self._field_to_sql(self._table, "hours", query)
        group_sql = [self._field_to_sql(self._table, name, query) for name in groupby]
        columns = [
            SQL("%s AS %s", sql, SQL.identifier(name))
            for sql, name in zip(group_sql, groupby, strict=True)
        ]
        columns += [
            SQL("COUNT(*) AS count"),
            SQL("PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY %s) AS median", hours),
            SQL("PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY %s) AS p90", hours),
        ]
        if group_sql:
            query.groupby = SQL(", ").join(group_sql)
            query.order = query.groupby
        self.env.cr.execute(query.select(*columns))
        return self.env.cr.dictfetchall()
