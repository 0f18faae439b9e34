# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class SupportTagReport(models.Model):
    """Tickets per tag and month, ranked, with the previous month's count.

    ``rank`` orders a company's tags within a month by their number of
    tickets (1 = the busiest): the top ten of a month are ``rank <= 10``.
    """

    _name = "support.tag.report"
    _description = "Ticket Tags per Month"
    _auto = False
    _order = "month desc, rank, tag_id"
    _rec_name = "tag_id"

    month = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    tag_id = fields.Many2one("helpdesk.ticket.tag", readonly=True)
    ticket_count = fields.Integer(string="Tickets", readonly=True)
    previous_count = fields.Integer(string="Previous month", readonly=True)
    change = fields.Integer(readonly=True, help="Tickets against the previous month.")
    rank = fields.Integer(readonly=True, aggregator="min")

    def init(self):
        field = self.env["helpdesk.ticket"]._fields["tag_ids"]
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                    WITH monthly AS (
                        SELECT date_trunc('month', ticket.create_date)::date AS month,
                               ticket.company_id,
                               rel.%(tag)s AS tag_id,
                               COUNT(*) AS ticket_count
                          FROM %(relation)s rel
                          JOIN helpdesk_ticket ticket ON ticket.id = rel.%(ticket)s
                      GROUP BY 1, 2, 3
                    )
                    SELECT ROW_NUMBER() OVER (ORDER BY cur.month, cur.company_id,
                                                       cur.tag_id) AS id,
                           cur.month, cur.company_id, cur.tag_id, cur.ticket_count,
                           COALESCE(prev.ticket_count, 0) AS previous_count,
                           cur.ticket_count - COALESCE(prev.ticket_count, 0)
                               AS change,
                           RANK() OVER (PARTITION BY cur.month, cur.company_id
                                        ORDER BY cur.ticket_count DESC) AS rank
                      FROM monthly cur
                 LEFT JOIN monthly prev
                        ON prev.tag_id = cur.tag_id
                       AND prev.company_id IS NOT DISTINCT FROM cur.company_id
                       AND prev.month = (cur.month - INTERVAL '1 month')::date
                )
                """,
                view=SQL.identifier(self._table),
                relation=SQL.identifier(field.relation),
                ticket=SQL.identifier(field.column1),
                tag=SQL.identifier(field.column2),
            )
        )
