# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import re
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
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

# Movements that change the balance itself (a statement's first part);
# captures, releases and deductions belong to the tickets listed in its other
# two parts.
MODIFICATION_KINDS = (
    "purchase",
    "grant",
    "refund",
    "adjustment",
    "expiry",
    "reversal",
    "settlement",
)

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


# The columns the writer inserts (beside the log columns), with their types;
# both of its modes (one statement for a document, COPY for a job) use them.
INSERTED_COLUMNS = (
    ("company_id", "int"),
    ("partner_id", "int"),
    ("lot_id", "int"),
    ("unit", "varchar"),
    ("kind", "varchar"),
    ("quantity", "int"),
    ("captured_quantity", "int"),
    ("ticket_id", "int"),
    ("sale_line_id", "int"),
    ("timesheet_id", "int"),
    ("reason", "varchar"),
    ("user_id", "int"),
    ("date", "timestamp"),
    ("sequence_number", "int"),
    ("previous_hash", "varchar"),
    ("hash", "varchar"),
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


class SupportMovement(models.Model):
    """One change of a customer's support balance.

    Movements are only ever inserted, at the end of their customer's hash
    chain, by the writer (``_post``, which keeps the balances that follow
    from them; ``support_movement_insert.py``); nobody can edit or delete
    them, corrections are new movements. ``quantity`` is the change of the
    available balance, ``captured_quantity`` the change of what is held for
    tickets in progress.
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
        "helpdesk.ticket",
        readonly=True,
        # indexed by support_movement_ticket_idx (see init)
        ondelete="restrict",
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
        # indexed by support_movement_timesheet_idx (see init)
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
        # index alone. Every index here is written by the postings its
        # condition takes (this one, by every posting), so there is no
        # other.
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
        # What a ticket or a time entry holds, per lot, under its customer
        # (their postings read it): from the index alone, whatever the
        # length of the customer's history. Led by the document, so that
        # the planner never prefers the customer's history index, which
        # would read every movement of the customer; they also serve the
        # documents' lists of movements and the checks of their foreign keys.
        for column in ("ticket_id", "timesheet_id"):
            self.env.cr.execute(
                SQL(
                    """
                    CREATE INDEX IF NOT EXISTS %s ON support_movement
                        (%s, partner_id, company_id, unit)
                        INCLUDE (lot_id, quantity, captured_quantity)
                        WHERE %s IS NOT NULL
                    """,
                    SQL.identifier(f"support_movement_{column[:-3]}_idx"),
                    SQL.identifier(column),
                    SQL.identifier(column),
                )
            )
        # A statement's modifications of a customer's balance, by date: a few
        # movements among the tickets' captures, releases and deductions,
        # which are most postings and do not write this index. Built again
        # when the kinds it covers are not those of the code (the query
        # would not use it).
        self.env.cr.execute(
            """
            SELECT pg_get_expr(i.indpred, i.indrelid)
              FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             WHERE c.relname = 'support_movement_modification_idx'
            """
        )
        row = self.env.cr.fetchone()
        if row and set(re.findall(r"'(\w+)'", row[0] or "")) != set(MODIFICATION_KINDS):
            self.env.cr.execute("DROP INDEX support_movement_modification_idx")
        self.env.cr.execute(
            SQL(
                """
                CREATE INDEX IF NOT EXISTS support_movement_modification_idx
                    ON support_movement (partner_id, company_id, unit, date)
                    WHERE kind IN %s
                """,
                MODIFICATION_KINDS,
            )
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
    def create(self, vals_list):  # pylint: disable=method-required-super
        # _post inserts movements in the statement that keeps the balances
        # and moves the heads: an ORM create, even a superuser's, would
        # leave both behind.
        raise UserError(
            self.env._(
                "Ledger movements are posted by the operations that cause "
                "them (a sale, a ticket, an adjustment), not created by hand."
            )
        )

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
        The movements are inserted in the statement that keeps the
        balances (``support_movement_insert.py``); ``bulk``: with one COPY
        after it, for jobs posting for many
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
        # each lot's, ticket's and customer's balance moves with its
        # movements, in the statement that moves the heads forward
        self.env["support.lot"].flush_model()
        if bulk:
            self.env.cr.execute(
                self.env["support.ledger.balance"]._apply_sql(
                    vals_list, advance=heads._advance_sql(chains)
                )
            )
            self._after_post(vals_list)
            self._insert_bulk(vals_list)
            return self.browse()
        # Posting is a consequence of an allowed business action (checked by
        # the caller), not a right to write ledger rows: the statement
        # inserts them, and ``create`` refuses anyone else. It runs as the
        # writer's database function when the database holds this code's
        # (support_movement_functions.py).
        if self._ledger_functions_current():
            self.env.cr.execute(self._post_function_sql(vals_list, chains))
        else:
            self.env.cr.execute(
                self.env["support.ledger.balance"]._apply_sql(
                    vals_list,
                    advance=heads._advance_sql(chains),
                    insert=self._insert_sql(vals_list),
                )
            )
        ids = {
            (company_id, partner_id, sequence): movement_id
            for movement_id, company_id, partner_id, sequence in self.env.cr.fetchall()
        }
        movements = self.browse(
            ids[vals["company_id"], vals["partner_id"], vals["sequence_number"]]
            for vals in vals_list
        )
        self._after_post(vals_list, movements)
        return movements

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
