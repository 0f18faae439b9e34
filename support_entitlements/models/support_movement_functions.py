# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import functools
import logging

from odoo import api, fields, models, tools
from odoo.tools import SQL

from .support_movement import INSERTED_COLUMNS

_logger = logging.getLogger(__name__)

# The writer's function: a document's postings (balances, heads and INSERT).
# Its arguments: the heads' four arrays, the user and the date, then one array
# per inserted column.
POST_FUNCTION = "support_ledger_post"
HEAD_ARGUMENTS = (
    ("head_company", "int"),
    ("head_partner", "int"),
    ("head_sequence", "int"),
    ("head_hash", "varchar"),
)
# the inserted columns the balances follow, in the order of _apply_statement
MOVES_COLUMNS = (
    "company_id",
    "partner_id",
    "unit",
    "lot_id",
    "quantity",
    "captured_quantity",
)
# The function of _lock_and_lot_balances: a customer's head locked with the
# balances a posting reads.
LOCK_FUNCTION = "support_ledger_lock"
LOCK_ARGUMENTS = ("company", "partner", "unit", "ticket", "spendable_from")


class SupportMovementFunctions(models.Model):
    """The ledger's two statements that every posting of a document runs
    (``_lock_and_lot_balances``, then the writer's in ``_post``), as
    PL/pgSQL functions: PostgreSQL parses and plans a function's statements
    once per connection rather than at each call, which was half of what
    those statements cost. Rows come as arrays or ids, so one generic plan
    fits every call.

    The functions' bodies are built from the same statement builders as the
    plain statements (``init`` creates them at each install or update). When
    the database holds other bodies than this code builds (code deployed
    without updating the module, or an addon overriding a builder since),
    postings run the plain statements and a warning says to update.
    """

    # the ledger by concern (see support_movement_balance.py)
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "support.movement"

    @api.model
    def _ledger_functions(self):
        """[(name, arguments, returns, body)] of the ledger's functions, as
        this code builds them."""
        head_arguments = [SQL.identifier(name) for name, _type in HEAD_ARGUMENTS]
        columns = {name: SQL.identifier(f"new_{name}") for name, _ in INSERTED_COLUMNS}
        post = self.env["support.ledger.balance"]._apply_statement(
            [columns[name] for name in MOVES_COLUMNS],
            advance=self.env["support.ledger.head"]._advance_statement(*head_arguments),
            insert=self._insert_statement(
                [columns[name] for name, _type in INSERTED_COLUMNS],
                SQL("post_uid"),
                SQL("post_date"),
            ),
        )
        lock_arguments = {
            name: SQL.identifier(f"lock_{name}") for name in LOCK_ARGUMENTS
        }
        # one statement per case: a ticket's own holdings, the customer's
        # spendable lots, all of them
        lock = functools.partial(
            self._lock_and_lot_balances_statement,
            lock_arguments["company"],
            lock_arguments["partner"],
            lock_arguments["unit"],
        )
        return [
            (
                POST_FUNCTION,
                ", ".join(
                    [f"{name} {column_type}[]" for name, column_type in HEAD_ARGUMENTS]
                    + ["post_uid int", "post_date timestamp"]
                    + [
                        f"new_{name} {column_type}[]"
                        for name, column_type in INSERTED_COLUMNS
                    ]
                ),
                "movement_id int, movement_company_id int, movement_partner_id int, "
                "movement_sequence int",
                f"RETURN QUERY {post.code};",
            ),
            (
                LOCK_FUNCTION,
                "lock_company int, lock_partner int, lock_unit varchar, "
                "lock_ticket int, lock_spendable_from date",
                "head_sequence int, head_hash varchar, balance_lot_id int, "
                "balance_available bigint, balance_captured bigint, "
                "balance_expiry date, balance_found boolean",
                f"""
                IF lock_ticket IS NOT NULL THEN
                    RETURN QUERY {lock(ticket_id=lock_arguments["ticket"]).code};
                ELSIF lock_spendable_from IS NOT NULL THEN
                    RETURN QUERY {
                    lock(spendable_from=lock_arguments["spendable_from"]).code
                };
                ELSE
                    RETURN QUERY {lock().code};
                END IF;
                """,
            ),
        ]

    @staticmethod
    def _function_source(body):
        """The PL/pgSQL source of a ledger function running ``body`` (as
        PostgreSQL keeps it: what ``_ledger_functions_current`` compares)."""
        return f"\n#variable_conflict use_column\nBEGIN\n{body}\nEND\n"

    def init(self):
        for name, arguments, returns, body in self._ledger_functions():
            self._drop_functions([name])
            self.env.cr.execute(
                SQL(
                    """
                    CREATE FUNCTION %s(%s) RETURNS TABLE (%s)
                    LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan
                    AS $body$%s$body$
                    """,
                    SQL.identifier(name),
                    SQL(arguments),
                    SQL(returns),
                    SQL(self._function_source(body)),
                )
            )
        # what _ledger_functions_current found before is out of date
        self.env.registry.clear_cache()
        return super().init()

    @api.model
    @tools.ormcache()
    def _ledger_functions_current(self):
        """Whether the database holds each ledger function once, with the
        body this code builds (checked once per registry and cache)."""
        expected = {
            name: self._function_source(body)
            for name, _arguments, _returns, body in self._ledger_functions()
        }
        found = [
            (name, source) for name, _signature, source in self._function_rows(expected)
        ]
        if sorted(found) == sorted(expected.items()):
            return True
        _logger.warning(
            "The ledger's database functions (%s) are missing or were built by "
            "another version of the code: update support_entitlements (-u). "
            "Postings run the plain statements meanwhile.",
            ", ".join(expected),
        )
        return False

    @api.model
    def _drop_functions(self, names=(POST_FUNCTION, LOCK_FUNCTION)):
        """Drop every definition of the ledger's functions ``names`` (a new
        version's may have other arguments: it would be a second function
        beside the old one)."""
        for _name, signature, _source in self._function_rows(names):
            self.env.cr.execute(SQL("DROP FUNCTION %s", SQL(signature)))

    @api.model
    def _function_rows(self, names):
        """[(name, signature, source)] of every definition of the functions
        ``names`` in the database's schema."""
        self.env.cr.execute(
            SQL(
                """
                SELECT proname, oid::regprocedure::text, prosrc FROM pg_proc
                 WHERE proname IN %s
                   AND pronamespace = current_schema()::regnamespace
                """,
                tuple(names),
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _post_function_sql(self, vals_list, heads):
        """The call of the writer's function for the hashed movements
        ``vals_list`` and the heads ``heads`` {(company_id, partner_id):
        (sequence, hash)} they move to; returns (id, company_id, partner_id,
        sequence_number) per movement."""
        head_arrays = self.env["support.ledger.head"]._advance_arrays(heads)
        arguments = [
            SQL(f"%s::{column_type}[]", values)
            for (_name, column_type), values in zip(
                HEAD_ARGUMENTS, head_arrays, strict=True
            )
        ]
        arguments += [
            SQL("%s::int", self.env.uid),
            SQL("%s::timestamp", fields.Datetime.now()),
        ]
        arguments += self._insert_arrays(vals_list)
        return SQL(
            "SELECT * FROM %s(%s)",
            SQL.identifier(POST_FUNCTION),
            SQL(", ").join(arguments),
        )

    @api.model
    def _lock_function_sql(
        self, company_id, partner_id, unit, ticket_id=None, spendable_from=None
    ):
        """The call of ``_lock_and_lot_balances``'s function: the rows of
        ``_lock_and_lot_balances_statement``, in its order."""
        return SQL(
            """
            SELECT * FROM %s(%s::int, %s::int, %s::varchar, %s::int, %s::date)
          ORDER BY balance_expiry NULLS LAST, balance_lot_id
            """,
            SQL.identifier(LOCK_FUNCTION),
            company_id,
            partner_id,
            unit,
            ticket_id,
            spendable_from,
        )
