# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Notices sent once, whichever worker sends them.

A cron notice (a weekend reminder, a warning to a customer, an alert to a
team lead) is claimed first by inserting its row, whose unique key lets one
insert succeed; the notice is sent by the transaction that claimed it.
"""

import psycopg2

from odoo import fields
from odoo.tools import SQL


def claim_once(env, table, values, key):
    """Insert the claim ``values`` (column: value) into ``table``, unique on
    the columns ``key``; the claim's id for the one transaction that
    inserted it, None for the others.

    Another worker's claim makes the insert do nothing, or wait for that
    worker and then do nothing. A claim committed after this transaction
    began is not visible to it (repeatable read), so PostgreSQL refuses the
    insert as a serialisation failure: here that only means the notice was
    sent, and it is answered as such, not logged as an error.
    """
    now = fields.Datetime.now()
    values = dict(
        values, create_uid=env.uid, write_uid=env.uid, create_date=now, write_date=now
    )
    query = SQL(
        "INSERT INTO %s (%s) VALUES %s ON CONFLICT (%s) DO NOTHING RETURNING id",
        SQL.identifier(table),
        SQL(", ").join(SQL.identifier(name) for name in values),
        tuple(values.values()),
        SQL(", ").join(SQL.identifier(name) for name in key),
    )
    try:
        with env.cr.savepoint(flush=False):
            env.cr.execute(query, log_exceptions=False)
            row = env.cr.fetchone()
            return row and row[0]
    except psycopg2.errors.SerializationFailure:
        return None
