# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .support_movement import LOT_BALANCE_FIELDS, UNITS


class SupportLedgerBalance(models.Model):
    """What a customer has in one unit, kept by the ledger's writer.

    The sums of every movement of the customer in that unit, and of those
    without a lot (the overdraft), updated by ``support.movement._post`` in
    the statement that inserts the movements, as each lot's ``available`` and
    ``captured`` are. Balances and spending read these rows and the open
    lots, never the customer's history; the integrity check verifies them
    against the movements.
    """

    _name = "support.ledger.balance"
    _description = "Support Balance of a Customer"
    _log_access = False
    _rec_name = "partner_id"

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True
    )
    unit = fields.Selection(UNITS, required=True, readonly=True)
    available = fields.Integer(readonly=True)
    captured = fields.Integer(readonly=True)
    overdraft_available = fields.Integer(readonly=True)
    overdraft_captured = fields.Integer(readonly=True)

    _sql_constraints = [
        (
            "customer_unit_unique",
            "UNIQUE(company_id, partner_id, unit)",
            "One balance per customer, company and unit.",
        ),
    ]

    # Only the writer's statement changes these rows (see _apply_statement).
    @api.model_create_multi
    def create(self, vals_list):  # pylint: disable=method-required-super
        raise UserError(
            self.env._("Balances follow the ledger's movements; post a movement.")
        )

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(
            self.env._("Balances follow the ledger's movements; post a movement.")
        )

    @api.model
    def _apply_sql(self, vals_list, advance=None, insert=None):
        """The writer's statement for movements ``vals_list``: adds them to
        their lots' and customers' balances (the tickets' follow in the ORM:
        ``helpdesk.ticket._support_points_posted``), runs ``advance`` (the
        heads' update) and ``insert`` (the movements' INSERT, whose rows it
        returns) in the same round trip. Rows are touched in a fixed order,
        the customers' heads being locked already."""
        keys = ("company_id", "partner_id", "unit", "lot_id")
        columns = [[vals.get(key) or None for vals in vals_list] for key in keys]
        columns.append([vals.get("quantity") or 0 for vals in vals_list])
        columns.append([vals.get("captured_quantity") or 0 for vals in vals_list])
        return self._apply_statement(
            [
                SQL(f"%s::{array_type}[]", values)
                for array_type, values in zip(
                    ("int", "int", "varchar", "int", "int", "int"), columns, strict=True
                )
            ],
            advance=advance,
            insert=insert,
        )

    @api.model
    def _apply_statement(self, moves, advance=None, insert=None):
        """``_apply_sql`` over ``moves``: six array expressions (companies,
        customers, units, lots, quantities, captured quantities), parameters
        or the arguments of the writer's database function
        (``support_movement_functions.py``)."""
        balances = SQL(
            """
            INSERT INTO support_ledger_balance AS balance
                   (company_id, partner_id, unit, available, captured,
                    overdraft_available, overdraft_captured)
            SELECT company_id, partner_id, unit, SUM(quantity), SUM(captured),
                   COALESCE(SUM(quantity) FILTER (WHERE lot_id IS NULL), 0),
                   COALESCE(SUM(captured) FILTER (WHERE lot_id IS NULL), 0)
              FROM moves
          GROUP BY company_id, partner_id, unit
          ORDER BY company_id, partner_id, unit
            ON CONFLICT (company_id, partner_id, unit) DO UPDATE SET
                available = balance.available + EXCLUDED.available,
                captured = balance.captured + EXCLUDED.captured,
                overdraft_available = balance.overdraft_available
                    + EXCLUDED.overdraft_available,
                overdraft_captured = balance.overdraft_captured
                    + EXCLUDED.overdraft_captured
            """
        )
        if insert:
            balances = SQL(
                "balances AS (%s), inserted AS (%s) SELECT * FROM inserted",
                balances,
                insert,
            )
        return SQL(
            """
            WITH moves AS (
                SELECT * FROM unnest(%s, %s, %s, %s, %s, %s)
                    AS t(company_id, partner_id, unit, lot_id, quantity, captured)
            ), lots AS (
                UPDATE support_lot lot
                   SET available = lot.available + sums.quantity,
                       captured = lot.captured + sums.captured
                  FROM (SELECT lot_id, SUM(quantity) AS quantity,
                               SUM(captured) AS captured
                          FROM moves WHERE lot_id IS NOT NULL GROUP BY lot_id) sums
                 WHERE lot.id = sums.lot_id
            ), heads AS (%s)%s
            """,
            *moves,
            advance or SQL("SELECT 1"),
            SQL(", %s", balances) if insert else SQL(" %s", balances),
        )

    @api.model
    def _rebuild(self, company_ids=None, partner_ids=None):
        """Set the stored balances (of these companies and customers, all by
        default) from the movements: for a database upgraded from before
        they were kept (its migration), and for rows written straight into
        the tables (benchmarks). Nothing else calls it; history is read, not
        changed."""
        where = SQL("TRUE")
        if company_ids:
            where = SQL("%s AND company_id IN %s", where, tuple(company_ids))
        if partner_ids:
            where = SQL("%s AND partner_id IN %s", where, tuple(partner_ids))
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE support_lot lot
                   SET available = COALESCE(sums.quantity, 0),
                       captured = COALESCE(sums.captured, 0)
                  FROM (SELECT one.id,
                               (SELECT SUM(m.quantity) FROM support_movement m
                                 WHERE m.lot_id = one.id) AS quantity,
                               (SELECT SUM(m.captured_quantity) FROM support_movement m
                                 WHERE m.lot_id = one.id) AS captured
                          FROM support_lot one WHERE %(where)s) sums
                 WHERE sums.id = lot.id;
                DELETE FROM support_ledger_balance WHERE %(where)s;
                INSERT INTO support_ledger_balance
                       (company_id, partner_id, unit, available, captured,
                        overdraft_available, overdraft_captured)
                SELECT company_id, partner_id, unit, SUM(quantity),
                       SUM(captured_quantity),
                       COALESCE(SUM(quantity) FILTER (WHERE lot_id IS NULL), 0),
                       COALESCE(SUM(captured_quantity) FILTER (WHERE lot_id IS NULL),
                                0)
                  FROM support_movement
                 WHERE %(where)s
              GROUP BY company_id, partner_id, unit;
                UPDATE helpdesk_ticket ticket
                   SET points_captured = sums.captured,
                       points_deducted = -sums.quantity - sums.captured
                  FROM (SELECT ticket_id, SUM(quantity) AS quantity,
                               SUM(captured_quantity) AS captured
                          FROM support_movement
                         WHERE %(where)s AND unit = 'point' AND ticket_id IS NOT NULL
                      GROUP BY ticket_id) sums
                 WHERE ticket.id = sums.ticket_id
                """,
                where=where,
            )
        )
        self.invalidate_model()
        self.env["support.lot"].invalidate_model(list(LOT_BALANCE_FIELDS))
        self.env["helpdesk.ticket"].invalidate_model(
            ["points_captured", "points_deducted"]
        )

    @api.model
    def _check(self, company):
        """The first balance the writer keeps in ``company`` that differs
        from its movements: (partner_id, lot_id or None, ticket_id or None),
        or None. A lot's, then a customer's, then a ticket's points."""
        # the tickets' figures reach their rows at a flush (see _apply_sql)
        self.env["helpdesk.ticket"].flush_model(["points_captured", "points_deducted"])
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                SELECT lot.partner_id, lot.id
                  FROM support_lot lot
             LEFT JOIN (SELECT lot_id, SUM(quantity) AS quantity,
                               SUM(captured_quantity) AS captured
                          FROM support_movement
                         WHERE company_id = %(company)s AND lot_id IS NOT NULL
                      GROUP BY lot_id) sums ON sums.lot_id = lot.id
                 WHERE lot.company_id = %(company)s
                   AND (lot.available <> COALESCE(sums.quantity, 0)
                        OR lot.captured <> COALESCE(sums.captured, 0))
              ORDER BY lot.partner_id, lot.id
                 LIMIT 1
                """,
                company=company.id,
            )
        )
        row = cr.fetchone()
        if row:
            return (*row, None)
        cr.execute(
            SQL(
                """
                SELECT COALESCE(balance.partner_id, sums.partner_id), NULL
                  FROM (SELECT partner_id, unit, SUM(quantity) AS available,
                               SUM(captured_quantity) AS captured,
                               SUM(quantity) FILTER (WHERE lot_id IS NULL)
                                   AS overdraft_available,
                               SUM(captured_quantity) FILTER (WHERE lot_id IS NULL)
                                   AS overdraft_captured
                          FROM support_movement
                         WHERE company_id = %(company)s
                      GROUP BY partner_id, unit) sums
             FULL JOIN (SELECT * FROM support_ledger_balance
                         WHERE company_id = %(company)s) balance
                       ON balance.partner_id = sums.partner_id
                      AND balance.unit = sums.unit
                 WHERE COALESCE(balance.available, 0) <> COALESCE(sums.available, 0)
                    OR COALESCE(balance.captured, 0) <> COALESCE(sums.captured, 0)
                    OR COALESCE(balance.overdraft_available, 0)
                       <> COALESCE(sums.overdraft_available, 0)
                    OR COALESCE(balance.overdraft_captured, 0)
                       <> COALESCE(sums.overdraft_captured, 0)
              ORDER BY 1
                 LIMIT 1
                """,
                company=company.id,
            )
        )
        row = cr.fetchone()
        if row:
            return (*row, None)
        cr.execute(
            SQL(
                """
                SELECT ticket.commercial_partner_id, NULL, ticket.id
                  FROM helpdesk_ticket ticket
             LEFT JOIN (SELECT ticket_id, SUM(quantity) AS quantity,
                               SUM(captured_quantity) AS captured
                          FROM support_movement
                         WHERE company_id = %(company)s AND unit = 'point'
                           AND ticket_id IS NOT NULL
                      GROUP BY ticket_id) sums ON sums.ticket_id = ticket.id
                 WHERE ticket.company_id = %(company)s
                   AND (COALESCE(ticket.points_captured, 0)
                        <> COALESCE(sums.captured, 0)
                        OR COALESCE(ticket.points_deducted, 0)
                           <> COALESCE(-sums.quantity - sums.captured, 0))
              ORDER BY ticket.id
                 LIMIT 1
                """,
                company=company.id,
            )
        )
        return cr.fetchone()
