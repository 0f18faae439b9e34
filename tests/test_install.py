"""Install on a fresh database without demo data, then uninstall cleanly.

The test database itself is built with demo data (see setup/test); this test
builds a second, throw-away database through Odoo's own command line, the way
a user installs the suite into an existing Odoo.
"""

import os
import subprocess
import sys
import textwrap

import pytest

import odoo
from odoo.tools import config

ADDONS = ("support_entitlements", "support_chatroom", "support_reports")


def _odoo(*args, stdin=None):
    odoo_bin = os.environ.get("SUPPORT_SUITE_ODOO_BIN") or os.path.join(
        os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin"
    )
    cmd = [sys.executable, odoo_bin, *args, "-c", config.rcfile, "--log-level=warn"]
    result = subprocess.run(
        cmd, input=stdin, capture_output=True, text=True, timeout=900, check=False
    )
    errors = [
        line
        for line in result.stderr.splitlines()
        if " ERROR " in line or " CRITICAL " in line
    ]
    assert result.returncode == 0 and not errors, result.stderr[-4000:]
    return result


def _query(dbname, sql, params=()):
    with odoo.sql_db.db_connect(dbname).cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall()


@pytest.fixture
def scratch_db():
    name = f"{config['db_name']}_nodemo"
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    yield name
    odoo.sql_db.close_db(name)
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_install_without_demo_then_uninstall(scratch_db):
    _odoo(
        "-d",
        scratch_db,
        "-i",
        ",".join(ADDONS),
        "--without-demo=all",
        "--stop-after-init",
    )
    states = dict(
        _query(
            scratch_db,
            "SELECT name, state FROM ir_module_module WHERE name IN %s",
            (ADDONS,),
        )
    )
    assert states == dict.fromkeys(ADDONS, "installed")
    demo_rows = _query(
        scratch_db,
        "SELECT count(*) FROM ir_model_data"
        " WHERE module = 'support_entitlements' AND name = 'partner_northwind'",
    )
    assert demo_rows == [(0,)], "no demo data without demo"
    ledger_functions = (
        "SELECT proname FROM pg_proc WHERE proname LIKE 'support\\_ledger\\_%%'"
        " ORDER BY proname"
    )
    assert _query(scratch_db, ledger_functions) == [
        ("support_ledger_lock",),
        ("support_ledger_post",),
    ]

    script = textwrap.dedent(
        f"""
        modules = env["ir.module.module"].search([("name", "in", {list(ADDONS)!r})])
        modules.button_immediate_uninstall()
        env.cr.commit()
        """
    )
    _odoo("shell", "-d", scratch_db, "--no-http", stdin=script)
    odoo.sql_db.close_db(scratch_db)
    states = dict(
        _query(
            scratch_db,
            "SELECT name, state FROM ir_module_module WHERE name IN %s",
            (ADDONS,),
        )
    )
    assert states == dict.fromkeys(ADDONS, "uninstalled")
    leftovers = _query(
        scratch_db,
        "SELECT module, model, name FROM ir_model_data WHERE module IN %s",
        (ADDONS,),
    )
    assert leftovers == []
    models = _query(
        scratch_db, "SELECT model FROM ir_model WHERE model LIKE 'support.%%'"
    )
    assert models == []
    tables = _query(
        scratch_db,
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = 'public' AND table_name LIKE 'support\\_%%'",
    )
    assert tables == []
    assert _query(scratch_db, ledger_functions) == []
