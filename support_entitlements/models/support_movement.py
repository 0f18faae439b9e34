# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import io
from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

UNITS = [
    ("point", "Points"),
    ("minute", "Support minutes"),
    ("training_minute", "Training minutes"),
]

MOVEMENT_KINDS = [
    ("purchase", "Purchase"),
    ("grant", "Grant"),
    ("capture", "Capture"),
    ("release", "Release"),
    ("deduction", "Deduction"),
    ("refund", "Refund"),
    ("adjustment", "Adjustment"),
    ("expiry", "Expiry"),
    ("reversal", "Reversal"),
    ("settlement", "Overdraft settlement"),
]

# The fields a movement's hash covers, in order: changing any of them breaks
# the chain from that movement on. (timesheet_id is left out: deleting a time
# entry empties it, and the refund that follows says which entry it was.)
HASHED_FIELDS = (
    "company_id",
    "sequence_number",
    "partner_id",
    "lot_id",
    "unit",
    "kind",
    "quantity",
    "captured_quantity",
    "ticket_id",
    "sale_line_id",
    "user_id",
    "date",
    "reason",
)


# Version 1: one chain per company, hashes without a prefix (the movements
# posted before customers had chains of their own). Version 2: one chain per
# customer and company, each hash prefixed with "$2$". Every version stays
# verifiable (see _check_chain_integrity); new movements get the last one.
MAX_HASH_VERSION = 2
# A LIKE pattern of the hashes that carry their version (2 and later).
VERSIONED = "$%"


def hash_version(digest):
    """The version a stored hash was computed with (0: none that exists,
    which no recomputed hash matches)."""
    if digest and digest.startswith("$"):
        version = digest.split("$")[1]
        return int(version) if version.isdigit() else 0
    return 1


def movement_hash(values, previous_hash, version=MAX_HASH_VERSION, names=None):
    """Hash of one movement chained to the previous one, as stored: the hex
    sha256 of the fields ``names`` (HASHED_FIELDS by default), prefixed with
    its version from version 2 on."""
    parts = []
    for name in names or HASHED_FIELDS:
        value = values.get(name)
        if name == "date":
            value = fields.Datetime.to_string(value)
        parts.append("" if value in (None, False) else str(value))
    parts.append(previous_hash or "")
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return digest if version == 1 else f"${version}${digest}"


# What the ledger's writer keeps on each lot, beside each customer's
# support.ledger.balance: the sums of the lot's movements.
LOT_BALANCE_FIELDS = ("available", "captured")

# A movement's reason: typed by an agent (adjustments) or written by the suite.
MAX_REASON_LENGTH = 500


def _copy_text(value):
    """``value`` as a field of PostgreSQL's COPY text format."""
    if value is None or value is False:
        return "\\N"
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


class SupportMovement(models.Model):
    """One change of a customer's support balance.

    Movements are only ever inserted, at the end of their company's hash chain
    (see ``_post``); nobody can edit or delete them, corrections are new
    movements. ``quantity`` is the change of the available balance,
    ``captured_quantity`` the change of what is held for tickets in progress.
    """

    _name = "support.movement"
    _description = "Support Ledger Movement"
    _order = "date desc, sequence_number desc"
    _rec_name = "kind"

    # indexed by chain_position_unique, which starts with it
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        ondelete="restrict",
        help="The commercial partner whose balance changes.",
    )
    lot_id = fields.Many2one(
        "support.lot",
        readonly=True,
        # indexed by support_movement_lot_balance_idx (see init)
        ondelete="restrict",
        help="Empty for the overdraft of a customer whose plan allows one.",
    )
    unit = fields.Selection(UNITS, required=True, readonly=True)
    kind = fields.Selection(MOVEMENT_KINDS, required=True, readonly=True)
    quantity = fields.Integer(string="Available change", readonly=True)
    captured_quantity = fields.Integer(string="Captured change", readonly=True)
    ticket_id = fields.Many2one(
        "helpdesk.ticket", readonly=True, index="btree_not_null", ondelete="restrict"
    )
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Order line",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    timesheet_id = fields.Many2one(
        "account.analytic.line",
        string="Time entry",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The time entry whose billable minutes this movement charges or "
        "corrects (emptied if the entry is deleted; the refund says so).",
    )
    reason = fields.Char(readonly=True)
    user_id = fields.Many2one("res.users", string="Author", readonly=True)
    date = fields.Datetime(required=True, readonly=True, index=True)
    sequence_number = fields.Integer(readonly=True, copy=False)
    previous_hash = fields.Char(readonly=True, copy=False)
    hash = fields.Char(readonly=True, copy=False)

    _sql_constraints = [
        (
            "chain_position_unique",
            "UNIQUE(company_id, partner_id, sequence_number)",
            "Two movements cannot take the same place in the ledger.",
        ),
        (
            "not_empty",
            "CHECK(quantity <> 0 OR captured_quantity <> 0)",
            "A movement must change a balance.",
        ),
    ]

    def init(self):
        # Today's balances are kept on lots and customers by the writer (see
        # _post); the history is read for a statement's period, a past day's
        # balances and the reports: a customer's movements by date, from the
        # index alone. Every index here is also written by every posting, so
        # there is no other.
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS support_movement_history_idx
                ON support_movement (partner_id, company_id, unit, date)
                INCLUDE (lot_id, quantity, captured_quantity)
            """
        )
        # A lot's movements: its statement lines, the integrity check of
        # what the writer keeps on it.
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS support_movement_lot_balance_idx
                ON support_movement (lot_id)
                INCLUDE (quantity, captured_quantity)
                WHERE lot_id IS NOT NULL
            """
        )
        # The integrity check walks the movements hashed before customers had
        # chains of their own (version 1) in their company-wide order.
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS support_movement_company_chain_idx
                ON support_movement (company_id, sequence_number)
                WHERE COALESCE(hash, '') NOT LIKE '$%'
            """
        )

    # --- immutability -------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # _post writes through sudo(), which no client can send; the context
        # key only tells _post's create from another superuser one
        if not (self.env.su and self.env.context.get("support_ledger_post")):
            raise UserError(
                self.env._(
                    "Ledger movements are posted by the operations that cause "
                    "them (a sale, a ticket, an adjustment), not created by hand."
                )
            )
        return super().create(vals_list)

    def write(self, vals):  # pylint: disable=method-required-super
        # No way around it, not even through a context key a client could send.
        raise UserError(
            self.env._(
                "Posted ledger movements cannot be changed; post a correcting "
                "adjustment instead."
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Posted ledger movements cannot be deleted; post a correcting "
                "adjustment instead."
            )
        )

    # --- posting --------------------------------------------------------------------

    @api.model
    def _get_integrity_hash_fields(self):
        """The fields a movement's hash covers, in order (an override that
        adds one must also raise MAX_HASH_VERSION, so that the movements
        hashed before stay verifiable)."""
        return HASHED_FIELDS

    @api.model
    def _post(self, vals_list, head=None, bulk=False):
        """Append movements to their customers' chains and return them.

        The one writer of the ledger: nothing else inserts movements. Each
        dict needs company_id, partner_id, unit, kind and at least one of
        quantity / captured_quantity; lot_id, ticket_id, sale_line_id,
        timesheet_id and reason are optional. The caller must already hold
        the customer's head lock (``support.ledger.head._lock``) if it read
        balances to decide the movements; it may pass what that lock
        returned as ``head`` (then the movements are all of that customer,
        nothing else was posted for them since, and their lots were read
        from this customer's ledger, so they need no second check).
        ``bulk``: insert in one statement, for jobs posting for many
        customers at once (the expiry of lots); returns nothing then.
        """
        vals_list = [
            vals
            for vals in vals_list
            if vals.get("quantity") or vals.get("captured_quantity")
        ]
        if not vals_list:
            return self.browse()
        now = fields.Datetime.now()
        by_chain = defaultdict(list)
        for vals in vals_list:
            # the reason is kept, and hashed, forever
            if len(vals.get("reason") or "") > MAX_REASON_LENGTH:
                raise UserError(
                    self.env._(
                        "Keep a ledger reason under %(count)s characters.",
                        count=MAX_REASON_LENGTH,
                    )
                )
            if head is None and not bulk:
                self._check_movement_values(vals)
            vals.setdefault("date", now)
            vals.setdefault("user_id", self.env.uid)
            vals.setdefault("quantity", 0)
            vals.setdefault("captured_quantity", 0)
            by_chain[vals["company_id"], vals["partner_id"]].append(vals)
        heads = self.env["support.ledger.head"]
        if head:
            if len(by_chain) != 1:
                raise ValidationError(
                    self.env._("One lock covers the movements of one customer.")
                )
            chains = {next(iter(by_chain)): list(head)}
        else:
            chains = heads._lock_many(by_chain)
        names = self._get_integrity_hash_fields()
        for key, chain_vals in by_chain.items():
            sequence, last_hash = chains[key]
            for vals in chain_vals:
                sequence += 1
                vals["sequence_number"] = sequence
                vals["previous_hash"] = last_hash
                vals["hash"] = last_hash = movement_hash(
                    vals, last_hash, MAX_HASH_VERSION, names
                )
            chains[key] = (sequence, last_hash)
        # each lot's and customer's balance moves with its movements, in the
        # statement that moves the heads forward
        self.env["support.lot"].flush_model()
        self.env.cr.execute(
            self.env["support.ledger.balance"]._apply_sql(
                vals_list, advance=heads._advance_sql(chains)
            )
        )
        heads.invalidate_model(["last_sequence", "last_hash"])
        self.env["support.lot"].invalidate_model(list(LOT_BALANCE_FIELDS))
        self.env["support.ledger.balance"].invalidate_model()
        if bulk:
            self._insert_bulk(vals_list)
            return self.browse()
        # Posting is a consequence of an allowed business action (checked by
        # the caller), not a right to write ledger rows: hence sudo.
        return (
            self.sudo()
            .with_context(support_ledger_post=True)
            .create(vals_list)
            .sudo(self.env.su)
        )

    @api.model
    def _insert_bulk(self, vals_list):
        """Insert hashed movements with one ``COPY``: the ORM would issue an
        INSERT per batch of rows, and one INSERT of as many rows makes
        PostgreSQL parse every value as text first (``_post``'s bulk mode)."""
        columns = (
            "company_id",
            "partner_id",
            "lot_id",
            "unit",
            "kind",
            "quantity",
            "captured_quantity",
            "ticket_id",
            "sale_line_id",
            "timesheet_id",
            "reason",
            "user_id",
            "date",
            "sequence_number",
            "previous_hash",
            "hash",
        )
        stamp = [str(self.env.uid), str(fields.Datetime.now())] * 2
        rows = io.StringIO()
        for vals in vals_list:
            rows.write(
                "\t".join([*(_copy_text(vals.get(name)) for name in columns), *stamp])
            )
            rows.write("\n")
        rows.seek(0)
        self.env.cr.copy_expert(
            SQL(
                "COPY support_movement (%s, create_uid, create_date, write_uid,"
                " write_date) FROM STDIN",
                SQL(", ").join(SQL.identifier(name) for name in columns),
            ).code,
            rows,
        )
        self.invalidate_model()

    @api.model
    def _check_movement_values(self, vals):
        if vals.get("lot_id"):
            lot = self.env["support.lot"].sudo().browse(vals["lot_id"])
            if lot.unit != vals["unit"]:
                raise ValidationError(
                    self.env._(
                        "Lot %(lot)s holds %(lot_unit)s, it cannot take a "
                        "movement in %(unit)s.",
                        lot=lot.display_name,
                        lot_unit=lot.unit,
                        unit=vals["unit"],
                    )
                )
            if lot.partner_id.id != vals["partner_id"]:
                raise ValidationError(
                    self.env._("A lot can only move its own customer's balance.")
                )
            if lot.company_id.id != vals["company_id"]:
                raise ValidationError(
                    self.env._("A lot can only move balances of its own company.")
                )

    # --- balances -------------------------------------------------------------------

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
        read with it are current, as after a separate lock.
        """
        self.env["support.movement"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH head AS (%(lock)s), balances AS (%(balances)s)
                SELECT head.last_sequence, head.last_hash, balances.lot_id,
                       balances.available, balances.captured, balances.date_expiry,
                       balances.lot_id IS NOT NULL OR balances.available IS NOT NULL
                  FROM head LEFT JOIN balances ON TRUE
              ORDER BY balances.date_expiry NULLS LAST, balances.lot_id
                """,
                lock=self.env["support.ledger.head"]._lock_sql(company.id, partner.id),
                balances=self._lot_balances_sql(
                    partner, unit, company, ticket, spendable=spendable
                ),
            )
        )
        rows = self.env.cr.fetchall()
        head = rows[0][:2]
        return head, [row[2:6] for row in rows if row[6]]

    @api.model
    def _lot_balances_sql(
        self, partner, unit, company, ticket=None, timesheet=None, spendable=False
    ):
        if not (ticket or timesheet):
            # What the writer keeps: the customer's lots (``spendable``: those
            # not expired yet, which alone can give) and the overdraft. What a
            # customer's history holds is not read.
            open_only = (
                SQL("AND lot.date_expiry >= %s", fields.Date.today())
                if spendable
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
                partner=partner.id,
                company=company.id,
                unit=unit,
                open_only=open_only,
            )
        ticket_filter = SQL("AND m.ticket_id = %s", ticket.id) if ticket else SQL()
        if timesheet:
            ticket_filter = SQL("AND m.timesheet_id = %s", timesheet.id)
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
            partner=partner.id,
            company=company.id,
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

    # --- integrity --------------------------------------------------------------------

    @api.model
    def _check_chain_integrity(self, company):
        """Recompute every chain of the company; return the first broken link.

        The company-wide chain of version-1 movements, then each customer's
        chain from where that one ends, each up to its head; then the
        company's seal, so that a customer's head or whole chain removed
        since the seal is found too; then the balances the writer keeps on
        lots and customers. Returns {"checked": n,
        "broken_sequence": None or the sequence number of the first
        movement whose hash, link or place does not match,
        "broken_partner_id": the customer of that chain, if any}, and
        "broken_balance": True with "broken_lot_id" (or False: the
        customer's own balance) when a kept balance differs from the
        movements.
        """
        if not (
            self.env.su
            or self.env.user.has_group("support_entitlements.group_support_manager")
        ):
            raise AccessError(
                self.env._("Only support managers can check the ledger's integrity.")
            )
        self.env["support.movement"].flush_model()
        ledger = (
            self.env["support.ledger.chain"]
            .sudo()
            .search([("company_id", "=", company.id)])
        )
        start = (ledger.last_sequence or 0, ledger.last_hash or "")
        cr = self.env.cr
        # version 1: one chain for the whole company, ending at the start
        checked, broken = self._check_links(
            SQL(
                "company_id = %s AND COALESCE(hash, '') NOT LIKE %s",
                company.id,
                VERSIONED,
            ),
            (0, ""),
            start,
        )
        if broken:
            return {
                "checked": checked,
                "broken_sequence": broken,
                "broken_partner_id": None,
            }
        # a movement outside every walk: without a place, or versioned in a
        # place the customers' chains start after
        cr.execute(
            SQL(
                """
                SELECT partner_id, COALESCE(sequence_number, 0)
                  FROM support_movement
                 WHERE company_id = %s
                   AND (sequence_number IS NULL
                        OR (hash LIKE %s AND sequence_number <= %s))
              ORDER BY partner_id, sequence_number NULLS FIRST
                 LIMIT 1
                """,
                company.id,
                VERSIONED,
                start[0],
            )
        )
        stray = cr.fetchone()
        if stray:
            return {
                "checked": checked,
                "broken_sequence": stray[1],
                "broken_partner_id": stray[0],
            }
        # version 2: each customer's chain, from the start to its head
        cr.execute(
            SQL(
                """
                SELECT partner_id, last_sequence, last_hash FROM support_ledger_head
                 WHERE company_id = %(company)s
                 UNION
                SELECT DISTINCT partner_id, NULL::int, NULL::varchar
                  FROM support_movement
                 WHERE company_id = %(company)s AND hash LIKE %(versioned)s
                   AND partner_id NOT IN (
                       SELECT partner_id FROM support_ledger_head
                        WHERE company_id = %(company)s)
              ORDER BY 1
                """,
                company=company.id,
                versioned=VERSIONED,
            )
        )
        for partner_id, last_sequence, last_hash in cr.fetchall():
            if last_sequence is None:
                # movements whose head was removed
                last_sequence, last_hash = -1, ""
            count, broken = self._check_links(
                SQL(
                    "company_id = %s AND partner_id = %s AND hash LIKE %s",
                    company.id,
                    partner_id,
                    VERSIONED,
                ),
                start,
                (last_sequence, last_hash),
            )
            checked += count
            if broken:
                return {
                    "checked": checked,
                    "broken_sequence": broken,
                    "broken_partner_id": partner_id,
                }
        broken_seal = ledger._check_seal() if ledger else None
        if broken_seal:
            partner_id, sequence = broken_seal
            return {
                "checked": checked,
                "broken_sequence": sequence,
                "broken_partner_id": partner_id,
            }
        # what the writer keeps on lots and customers, against the movements
        broken_balance = self.env["support.ledger.balance"]._check(company)
        if broken_balance:
            partner_id, lot_id = broken_balance
            return {
                "checked": checked,
                "broken_sequence": None,
                "broken_partner_id": partner_id,
                "broken_lot_id": lot_id or False,
                "broken_balance": True,
            }
        return {"checked": checked, "broken_sequence": None, "broken_partner_id": None}

    @api.model
    def _check_links(self, where, start, end):
        """Walk the movements matching ``where`` in sequence order from
        ``start`` (sequence, hash) and check each link and hash, then that
        the walk ends at ``end``. Returns (movements checked, None or the
        first broken sequence number)."""
        fields_by_version = {MAX_HASH_VERSION: self._get_integrity_hash_fields()}
        names = list(HASHED_FIELDS)
        names += [
            name for name in fields_by_version[MAX_HASH_VERSION] if name not in names
        ]
        columns = SQL(", ").join(SQL.identifier(name) for name in names)
        expected_sequence, last_hash = start[0] + 1, start[1]
        checked = 0
        batch = 10000
        after = start[0]
        while True:
            self.env.cr.execute(
                SQL(
                    """
                    SELECT %(columns)s, previous_hash, hash
                      FROM support_movement
                     WHERE %(where)s AND sequence_number > %(after)s
                  ORDER BY sequence_number
                     LIMIT %(limit)s
                    """,
                    columns=columns,
                    where=where,
                    after=after,
                    limit=batch,
                )
            )
            rows = self.env.cr.fetchall()
            if not rows:
                break
            for row in rows:
                values = dict(zip(names, row, strict=False))
                previous_hash, stored_hash = row[-2], row[-1]
                version = hash_version(stored_hash)
                hashed = fields_by_version.get(version, HASHED_FIELDS)
                if (
                    values["sequence_number"] != expected_sequence
                    or (previous_hash or "") != last_hash
                    or movement_hash(values, last_hash, version, hashed) != stored_hash
                ):
                    return checked, expected_sequence
                last_hash = stored_hash
                checked += 1
                expected_sequence += 1
            after = rows[-1][names.index("sequence_number")]
        if (expected_sequence - 1, last_hash) != tuple(end):
            # movements were deleted from the end of the chain
            return checked, expected_sequence
        return checked, None
