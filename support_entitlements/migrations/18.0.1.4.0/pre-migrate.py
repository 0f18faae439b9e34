# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A document's movements read under its customer from one index.

A ticket's or a time entry's postings read what the document holds per lot
of its customer. With the plain ``ticket_id`` and ``timesheet_id`` indexes
the planner could prefer the customer's history index and read every
movement of the customer; ``support.movement.init`` now creates indexes led
by the document that answer the read alone. The old ones go here (Odoo keeps
an index it no longer declares).
"""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    for index in (
        "support_movement__ticket_id_index",
        "support_movement__timesheet_id_index",
    ):
        cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
