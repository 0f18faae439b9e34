# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class SupportMovementBalance(models.Model):
    """What is left: today's balances from what the writer keeps, a past
    day's from the history, and where spending takes from."""

    # the ledger by concern: the model and its writer (support_movement.py),
    # balances (here), integrity (support_movement_integrity.py)
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "support.movement"

    @api.model
    def _get_balances(
        self, partners, unit="point", expiring_days=30, company=None, day=None
    ):
        """Balances of commercial partners, in one query.

        Returns {partner_id: {"available", "captured", "expiring"}} where
        ``available`` leaves out what remains on lots past their expiry date
        (even before the expiry job posted it) and ``expiring`` is what is
        available on lots expiring within ``expiring_days`` days. Every
        screen, report and alert reads balances through this method.
        ``day``: the balances at the end of that day (a statement's opening
        and closing), by the same rule; today's by default. Today's are read
        from what the ledger's writer keeps (one row per customer and the
        open lots), a past day's from the movements posted until then.
        """
        company = company or self.env.company
        partner_ids = tuple(partners.commercial_partner_id.ids) or (0,)
        if day == fields.Date.today():
            day = None
        today = day or fields.Date.today()
        horizon = today + timedelta(days=expiring_days)
        if day is None:
            query = self._balances_now_sql(partner_ids, unit, company, today, horizon)
        else:
            query = self._balances_on_sql(partner_ids, unit, company, day, horizon)
        self.env["support.movement"].flush_model()
        self.env["support.lot"].flush_model(["date_expiry"])
        self.env.cr.execute(query)
        balances = {
            partner_id: {"available": 0, "captured": 0, "expiring": 0}
            for partner_id in partner_ids
        }
        for partner_id, available, captured, expiring in self.env.cr.fetchall():
            balances[partner_id] = {
                "available": int(available),
                "captured": int(captured),
                "expiring": int(expiring),
            }
        return balances

    @api.model
    def _balances_now_sql(self, partner_ids, unit, company, today, horizon):
        """Today's balances from what the writer keeps: one row per customer
        (support.ledger.balance) and the lots with something left that are
        expired or expire by ``horizon``; no movement is read."""
        return SQL(
            """
            SELECT balance.partner_id,
                   balance.available - COALESCE(near.expired, 0),
                   balance.captured,
                   COALESCE(near.expiring, 0)
              FROM support_ledger_balance balance
         LEFT JOIN (
                SELECT partner_id,
                       SUM(available) FILTER (WHERE date_expiry < %(today)s)
                           AS expired,
                       SUM(available) FILTER (WHERE date_expiry >= %(today)s)
                           AS expiring
                  FROM support_lot
                 WHERE partner_id IN %(partners)s AND company_id = %(company)s
                   AND unit = %(unit)s AND has_left
                   AND date_expiry <= %(horizon)s
              GROUP BY partner_id
                   ) near ON near.partner_id = balance.partner_id
             WHERE balance.partner_id IN %(partners)s
               AND balance.company_id = %(company)s AND balance.unit = %(unit)s
            """,
            partners=partner_ids,
            company=company.id,
            unit=unit,
            today=today,
            horizon=horizon,
        )

    @api.model
    def _balances_on_sql(self, partner_ids, unit, company, day, horizon):
        """The balances at the end of a past ``day``, by the rule of today's,
        from the movements posted until then (a statement's opening)."""
        today = day
        # the movements up to the end of ``day``
        until = SQL(
            "AND m.date < %s", datetime.combine(day + timedelta(days=1), time.min)
        )
        return SQL(
            """
                WITH totals AS (
                    -- every movement, read from the covering index alone
                    SELECT m.partner_id, SUM(m.quantity) AS available,
                           SUM(m.captured_quantity) AS captured
                      FROM support_movement m
                     WHERE m.partner_id IN %(partners)s
                       AND m.company_id = %(company)s
                       AND m.unit = %(unit)s
                           %(until)s
                  GROUP BY m.partner_id
                ), near_lots AS (
                    -- the few lots already expired or expiring soon, and what
                    -- is left on each
                    SELECT lot.partner_id, lot.date_expiry,
                           SUM(m.quantity) AS left_on_lot
                      FROM support_lot lot
                      JOIN support_movement m ON m.lot_id = lot.id
                     WHERE lot.partner_id IN %(partners)s
                       AND lot.company_id = %(company)s
                       AND lot.unit = %(unit)s
                       AND lot.date_expiry <= %(horizon)s
                           %(until)s
                  GROUP BY lot.id
                    HAVING SUM(m.quantity) > 0
                ), near AS (
                    SELECT partner_id,
                           SUM(left_on_lot) FILTER (WHERE date_expiry < %(today)s)
                               AS expired,
                           SUM(left_on_lot) FILTER (WHERE date_expiry >= %(today)s)
                               AS expiring
                      FROM near_lots
                  GROUP BY partner_id
                )
                SELECT totals.partner_id,
                       totals.available - COALESCE(near.expired, 0),
                       totals.captured,
                       COALESCE(near.expiring, 0)
                  FROM totals
             LEFT JOIN near ON near.partner_id = totals.partner_id
                """,
            partners=partner_ids,
            company=company.id,
            unit=unit,
            today=today,
            horizon=horizon,
            until=until,
        )

    @api.model
    def _get_expiring(self, partners, unit="point", expiring_days=90, company=None):
        """What is available on lots expiring within ``expiring_days`` days.

        The ``expiring`` of ``_get_balances`` alone, {partner_id: quantity},
        for a second horizon: it reads only the lots expiring by then, with
        what the writer keeps on each.
        """
        company = company or self.env.company
        partner_ids = tuple(partners.commercial_partner_id.ids) or (0,)
        today = fields.Date.today()
        self.env["support.movement"].flush_model()
        self.env["support.lot"].flush_model(["date_expiry"])
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id, SUM(available)
                  FROM support_lot
                 WHERE partner_id IN %(partners)s
                   AND company_id = %(company)s
                   AND unit = %(unit)s
                   AND has_left
                   AND date_expiry >= %(today)s
                   AND date_expiry <= %(horizon)s
              GROUP BY partner_id
                """,
                partners=partner_ids,
                company=company.id,
                unit=unit,
                today=today,
                horizon=today + timedelta(days=expiring_days),
            )
        )
        expiring = dict.fromkeys(partner_ids, 0)
        expiring.update(
            (partner_id, int(quantity))
            for partner_id, quantity in self.env.cr.fetchall()
        )
        return expiring

    @api.model
    def _lot_balances(
        self, partner, unit, company, ticket=None, timesheet=None, spendable=False
    ):
        """Per-lot (available, captured) of a customer, one ticket or time entry.

        Returns [(lot_id or None, available, captured, date_expiry)] ordered by
        expiry, soonest first, lots without expiry (the overdraft) last.
        ``spendable``: only what spending can take from (lots not expired yet,
        and the overdraft), read without going through the whole history.
        """
        self.env["support.movement"].flush_model()
        self.env.cr.execute(
            SQL(
                "%s ORDER BY date_expiry NULLS LAST, lot_id",
                self._lot_balances_sql(
                    partner, unit, company, ticket, timesheet, spendable
                ),
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _lock_and_lot_balances(
        self, partner, unit, company, ticket=None, spendable=False
    ):
        """Lock the customer's head and read ``_lot_balances`` in one statement.

        Returns ((last sequence, last hash), balances) like ``_lock``
        and ``_lot_balances`` called one after the other. Both parts read the
        transaction's snapshot (repeatable read): the lock fails with a
        serialisation error if another posting committed since, so balances
        read with it are current, as after a separate lock. Every posting of
        a ticket runs it, as a database function when the database holds
        this code's (``support_movement_functions.py``).
        """
        self.env["support.movement"].flush_model()
        arguments = (
            company.id,
            partner.id,
            unit,
            ticket.id if ticket else None,
            fields.Date.today() if spendable and not ticket else None,
        )
        if self._ledger_functions_current():
            self.env.cr.execute(self._lock_function_sql(*arguments))
        else:
            self.env.cr.execute(self._lock_and_lot_balances_statement(*arguments))
        rows = self.env.cr.fetchall()
        if not rows:
            # the customer's first posting: its chain starts now
            head = self.env["support.ledger.head"]._lock(company.id, partner.id)
            return head, self._lot_balances(
                partner, unit, company, ticket, spendable=spendable
            )
        return rows[0][:2], [row[2:6] for row in rows if row[6]]

    @api.model
    def _lock_and_lot_balances_statement(
        self, company_id, partner_id, unit, ticket_id=None, spendable_from=None
    ):
        """The statement of ``_lock_and_lot_balances``: the head's (last
        sequence, last hash) on every row, then a lot's balances (no row
        when the customer has no chain yet)."""
        return SQL(
            """
            WITH head AS (%(lock)s), balances AS (%(balances)s)
            SELECT head.last_sequence, head.last_hash, balances.lot_id,
                   balances.available::bigint, balances.captured::bigint,
                   balances.date_expiry,
                   balances.lot_id IS NOT NULL OR balances.available IS NOT NULL
              FROM head LEFT JOIN balances ON TRUE
          ORDER BY balances.date_expiry NULLS LAST, balances.lot_id
            """,
            lock=self.env["support.ledger.head"]._lock_sql(company_id, partner_id),
            balances=self._lot_balances_statement(
                partner_id,
                unit,
                company_id,
                ticket_id=ticket_id,
                spendable_from=spendable_from,
            ),
        )

    @api.model
    def _lot_balances_sql(
        self, partner, unit, company, ticket=None, timesheet=None, spendable=False
    ):
        return self._lot_balances_statement(
            partner.id,
            unit,
            company.id,
            ticket_id=ticket.id if ticket else None,
            timesheet_id=timesheet.id if timesheet else None,
            spendable_from=fields.Date.today() if spendable else None,
        )

    @api.model
    def _lot_balances_statement(
        self,
        partner_id,
        unit,
        company_id,
        ticket_id=None,
        timesheet_id=None,
        spendable_from=None,
    ):
        """``_lot_balances_sql`` over ids and a date, values or expressions
        (the arguments of ``_lock_and_lot_balances``'s database function)."""
        if not (ticket_id or timesheet_id):
            # What the writer keeps: the customer's lots (``spendable``: those
            # not expired yet, which alone can give) and the overdraft. What a
            # customer's history holds is not read.
            open_only = (
                SQL("AND lot.date_expiry >= %s", spendable_from)
                if spendable_from
                else SQL()
            )
            return SQL(
                """
                SELECT lot.id AS lot_id, lot.available, lot.captured, lot.date_expiry
                  FROM support_lot lot
                 WHERE lot.partner_id = %(partner)s AND lot.company_id = %(company)s
                   AND lot.unit = %(unit)s %(open_only)s
             UNION ALL
                SELECT NULL, balance.overdraft_available, balance.overdraft_captured,
                       NULL
                  FROM support_ledger_balance balance
                 WHERE balance.partner_id = %(partner)s
                   AND balance.company_id = %(company)s AND balance.unit = %(unit)s
                   AND (balance.overdraft_available <> 0
                        OR balance.overdraft_captured <> 0)
                """,
                partner=partner_id,
                company=company_id,
                unit=unit,
                open_only=open_only,
            )
        ticket_filter = SQL("AND m.ticket_id = %s", ticket_id) if ticket_id else SQL()
        if timesheet_id:
            ticket_filter = SQL("AND m.timesheet_id = %s", timesheet_id)
        # Sum per lot first (from the covering index when the whole customer
        # is read), then join the few lots for their expiry date.
        return SQL(
            """
            SELECT sums.lot_id, sums.available, sums.captured, lot.date_expiry
              FROM (
                    SELECT m.lot_id, SUM(m.quantity) AS available,
                           SUM(m.captured_quantity) AS captured
                      FROM support_movement m
                     WHERE m.partner_id = %(partner)s AND m.company_id = %(company)s
                       AND m.unit = %(unit)s %(ticket_filter)s
                  GROUP BY m.lot_id
                   ) AS sums
         LEFT JOIN support_lot lot ON lot.id = sums.lot_id
            """,
            partner=partner_id,
            company=company_id,
            unit=unit,
            ticket_filter=ticket_filter,
        )

    @api.model
    def _allocate(
        self, partner, unit, company, quantity, overdraft_limit=0, balances=None
    ):
        """Where to take ``quantity`` from: [(lot_id or None, amount)].

        Lots earliest expiry first; what they lack goes to the overdraft
        (lot None) if the balance stays within ``overdraft_limit``. Expired
        lots give nothing, nor does their credit offset debt: the spendable
        balances leave them out. Returns (allocation or None when short,
        usable balance before taking). ``balances``: the customer's spendable
        ``_lot_balances`` if the caller already read them under the ledger lock.
        """
        allocation = []
        left = quantity
        usable = 0
        if balances is None:
            balances = self._lot_balances(partner, unit, company, spendable=True)
        for lot_id, available, _captured, _expiry in balances:
            usable += available
            if lot_id and available > 0 and left > 0:
                take = min(available, left)
                allocation.append((lot_id, take))
                left -= take
        if left > 0:
            if usable - quantity < -overdraft_limit:
                return None, usable
            allocation.append((None, left))
        return allocation, usable

    @staticmethod
    def _give_back(amounts, quantity):
        """[(lot_id, amount)] returning ``quantity`` to the lots of ``amounts``.

        ``amounts`` maps lots (ordered earliest expiry first) to what was taken
        from them; the latest-expiring lots get their part back first.
        """
        result = []
        for lot_id in reversed(list(amounts)):
            give = min(amounts[lot_id], quantity)
            if give > 0:
                result.append((lot_id, give))
                quantity -= give
        return result
