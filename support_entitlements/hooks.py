# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tools.sql import SQL, column_exists, create_column


def pre_init_hook(env):
    """Give existing time entries their support columns in one statement each.

    Without it, installing computes the two stored fields record by record
    for every analytic line of the database, accounting lines included,
    though all start alike: time is charged by default (tickets start
    "billable") and nothing has been charged yet.
    """
    cr = env.cr
    for column, column_type, value in (
        ("support_billing", "varchar", "billable"),
        ("support_charged_minutes", "int4", 0),
    ):
        if column_exists(cr, "account_analytic_line", column):
            continue
        create_column(cr, "account_analytic_line", column, column_type)
        cr.execute(
            SQL(
                "UPDATE account_analytic_line SET %s = %s",
                SQL.identifier(column),
                value,
            )
        )


def uninstall_hook(env):
    """Drop the ledger's database functions with the tables they read and
    write (``support_movement_functions.py``)."""
    env["support.movement"]._drop_functions()
