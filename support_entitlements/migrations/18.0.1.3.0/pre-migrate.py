# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Lots updated in place.

The indexes of the lots with something left now filter on ``has_left``, a
column PostgreSQL keeps from ``available``, instead of ``available`` itself:
a capture or a deduction then changes no indexed value and PostgreSQL
updates the lot in place. The old indexes go before the module loads, so
that loading it creates the new ones (``support.lot.init``).
"""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    for index in ("support_lot_left_idx", "support_lot_expired_left_idx"):
        cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
