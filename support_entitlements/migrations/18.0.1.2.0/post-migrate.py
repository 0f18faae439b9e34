# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Balances kept by the ledger's writer.

From this version, what is left on each lot and each customer's totals per
unit are stored and moved by the writer with every movement. A database
upgraded from an earlier version gets them from the movements it holds
(which are read, never changed).

The indexes that served balances read from the history go: every posting
writes each index of the movements, and today's balances no longer read
them (Odoo keeps an index it no longer declares, so they are dropped here).
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    for index in (
        "support_movement_balance_idx",
        "support_movement_overdraft_idx",
        "support_movement__company_id_index",
        "support_movement__kind_index",
        "support_lot__partner_id_index",
        "support_lot__company_id_index",
    ):
        cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["support.ledger.balance"]._rebuild()
