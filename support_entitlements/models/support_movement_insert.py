# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io

from odoo import api, fields, models
from odoo.tools import SQL

from .support_movement import INSERTED_COLUMNS, LOT_BALANCE_FIELDS


def _column_value(vals, name):
    """A movement's value of column ``name`` as the writer's INSERT takes it
    (an empty many2one or reason is NULL; a quantity of 0 stays 0)."""
    value = vals.get(name)
    if value is False or value is None:
        return None
    return fields.Datetime.to_datetime(value) if name == "date" else value


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


# The writer's INSERT: the log columns' user and date (twice), then one array
# per inserted column.
INSERT_QUERY = """
    INSERT INTO support_movement ({columns}, create_uid, create_date,
                                  write_uid, write_date)
    SELECT t.*, %s, %s, %s, %s
      FROM unnest({arrays}) AS t({columns})
 RETURNING id, company_id, partner_id, sequence_number
""".format(
    columns=", ".join(f'"{name}"' for name, _type in INSERTED_COLUMNS),
    arrays=", ".join("%s" for _column in INSERTED_COLUMNS),
)


class SupportMovementInsert(models.Model):
    """How the writer's movements reach their table and the ORM: one
    statement for a document's postings (a database function:
    ``support_movement_functions.py``), COPY for a job's (see ``_post``)."""

    # one concern per file (see support_movement.py)
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "support.movement"

    @api.model
    def _insert_statement(self, arrays, uid, now):
        """The INSERT of hashed movements returning (id, company_id,
        partner_id, sequence_number): a WITH query of the writer's statement,
        over one array expression per inserted column."""
        return SQL(INSERT_QUERY, uid, now, uid, now, *arrays)

    @api.model
    def _insert_arrays(self, vals_list):
        """One typed array parameter per inserted column of the hashed
        movements ``vals_list``."""
        return [
            SQL(
                f"%s::{column_type}[]",
                [_column_value(vals, name) for vals in vals_list],
            )
            for name, column_type in INSERTED_COLUMNS
        ]

    @api.model
    def _insert_sql(self, vals_list):
        """``_insert_statement`` of the hashed movements ``vals_list``."""
        now = fields.Datetime.now()
        return self._insert_statement(self._insert_arrays(vals_list), self.env.uid, now)

    @api.model
    def _after_post(self, vals_list, movements=None):
        """Tell the ORM what the writer's statement changed: the lots',
        heads' and balances' kept figures, the tickets' points, and the new
        ``movements`` (what their documents list, and what follows them)."""
        # nothing to flush first: the writer flushed the lots, and heads and
        # balances are written by its statements alone
        self.env["support.ledger.head"].invalidate_model(
            ["last_sequence", "last_hash"], flush=False
        )
        self.env["support.lot"].invalidate_model(list(LOT_BALANCE_FIELDS), flush=False)
        self.env["support.ledger.balance"].invalidate_model(flush=False)
        self.env["helpdesk.ticket"]._support_points_posted(vals_list)
        if movements is None:
            return
        names = [name for name, _type in INSERTED_COLUMNS]
        # the documents' lists of movements are read again (invalidating
        # them also drops the movements' side of the link: hence first) ...
        for name in names:
            for inverse in self.pool.field_inverses[self._fields[name]]:
                self.env[inverse.model_name].browse(
                    {vals[name] for vals in vals_list if vals.get(name)}
                ).invalidate_recordset([inverse.name], flush=False)
        # ... the new movements are known as inserted, and what follows
        # from them is recomputed, as after an ORM create (their links are
        # to existing records: no new record's inverse to update, which
        # _update_cache would look for)
        cache = self.env.cache
        columns = [self._fields[name] for name in names]
        for movement, vals in zip(movements, vals_list, strict=True):
            for field in columns:
                cache.set(
                    movement,
                    field,
                    field.convert_to_cache(vals.get(field.name), movement, False),
                    check_dirty=False,
                )
        movements.modified(names, create=True)

    @api.model
    def _insert_bulk(self, vals_list):
        """Insert hashed movements with one ``COPY``: the ORM would issue an
        INSERT per batch of rows, and one INSERT of as many rows makes
        PostgreSQL parse every value as text first (``_post``'s bulk mode)."""
        columns = [name for name, _type in INSERTED_COLUMNS]
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
