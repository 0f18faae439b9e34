"""Figures of issue 3: balances, the ticket cycle, and expiry at scale.

Run them with their output: ./setup/test -- tests/benchmarks/bench_ledger.py
Every figure is printed; none is asserted against a time (a timed test is a
flaky test), only the query counts that must not grow with the data.
"""

import json
import os
import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest

import odoo
from odoo import fields
from odoo.tools import config

from .common import count_queries, report, rolled_back_env, timed

MOVEMENTS = int(os.environ.get("SUPPORT_BENCH_MOVEMENTS", 100_000))
LOTS = int(os.environ.get("SUPPORT_BENCH_LOTS", 100_000))
# 200 cycles for the issues' figures; fewer by default keeps the suite short
CYCLES = int(os.environ.get("SUPPORT_BENCH_CYCLES", 100))
CYCLE_RUNS = int(os.environ.get("SUPPORT_BENCH_CYCLE_RUNS", 3))


def _customer(env, name):
    return env["res.partner"].create({"name": name, "is_company": True})


def _insert_expired_lots(env, customer, count, quantity, spent=0):
    """``count`` point lots of ``customer`` past their expiry: each credited
    ``quantity`` and spent ``spent`` points one by one. Synthetic rows straight
    into the tables: the chain is not the subject here and the transaction is
    rolled back."""
    env.cr.execute(
        """
        WITH old_lots AS (
            INSERT INTO support_lot (
                name, company_id, partner_id, unit, quantity, origin,
                date_purchase, date_expiry)
            SELECT 'Old ' || n, %(company)s, %(partner)s, 'point', %(quantity)s,
                   'grant', '2020-01-01', '2022-01-01'
              FROM generate_series(1, %(count)s) AS n
            RETURNING id
        )
        INSERT INTO support_movement (
            company_id, partner_id, lot_id, unit, kind, quantity,
            captured_quantity, date, sequence_number, hash)
        SELECT %(company)s, %(partner)s, id, 'point',
               CASE WHEN k = 0 THEN 'grant' ELSE 'deduction' END,
               CASE WHEN k = 0 THEN %(quantity)s ELSE -1 END,
               0, now(), 2000000 + id * (%(spent)s + 1) + k, 'x'
          FROM old_lots, generate_series(0, %(spent)s) AS k
        """,
        {
            "company": env.company.id,
            "partner": customer.id,
            "quantity": quantity,
            "count": count,
            "spent": spent,
        },
    )
    # what the ledger's writer would have kept on those lots
    env["support.ledger.balance"]._rebuild([env.company.id], [customer.id])


def test_balance_of_a_customer_with_many_movements(capsys):
    with rolled_back_env() as env:
        cr = env.cr
        customer = _customer(env, "Bench balance")
        soon = fields.Date.today() + timedelta(days=20)
        lots = env["support.lot"].create(
            [
                {
                    "name": f"Lot {index}",
                    "company_id": env.company.id,
                    "partner_id": customer.id,
                    "unit": "point",
                    "quantity": 1000,
                    "origin": "grant",
                    "date_purchase": "2026-01-01",
                    # a few lots expire within the month, as in real histories
                    "date_expiry": soon if index < 10 else "2028-01-01",
                }
                for index in range(200)
            ]
        )
        env.flush_all()
        # Synthetic rows straight into the table: the chain is not the subject here
        # and the transaction is rolled back.
        cr.execute(
            """
            INSERT INTO support_movement (
                company_id, partner_id, lot_id, unit, kind, quantity,
                captured_quantity, date, sequence_number, hash)
            SELECT %s, %s, (%s::int[])[1 + n %% 200], 'point', 'capture', -1, 1,
                   now(), 1000000 + n, 'x'
              FROM generate_series(1, %s) AS n
            """,
            [env.company.id, customer.id, lots.ids, MOVEMENTS],
        )
        env["support.ledger.balance"]._rebuild([env.company.id], [customer.id])
        cr.execute("ANALYZE support_movement")
        cr.execute("ANALYZE support_lot")
        movements = env["support.movement"]
        movements._get_balances(customer)  # warm the caches (user, partner) up
        queries, _balances = count_queries(
            cr, lambda: movements._get_balances(customer)
        )
        method_time, balances = timed(lambda: movements._get_balances(customer))

        def raw_sum():
            cr.execute(
                "SELECT SUM(quantity), SUM(captured_quantity) FROM support_movement"
                " WHERE partner_id = %s",
                [customer.id],
            )
            return cr.fetchone()

        raw_time, raw = timed(raw_sum)
        assert balances[customer.id]["captured"] == raw[1] == MOVEMENTS
        assert queries == 1
        report(
            capsys,
            f"balance of one customer with {MOVEMENTS} movements",
            [
                ("queries for _get_balances", queries),
                ("_get_balances, median of 5 (ms)", f"{method_time * 1000:.1f}"),
                (
                    "raw SQL SUM over the same rows, median of 5 (ms)",
                    f"{raw_time * 1000:.1f}",
                ),
                ("ratio (target <= 0.5)", f"{method_time / raw_time:.2f}"),
            ],
        )


def test_capture_for_a_customer_with_a_long_history(capsys):
    """Approving a cost reads what can be spent, not the customer's history."""
    with rolled_back_env() as env:
        cr = env.cr
        plan = env["support.plan"].create(
            {"name": "Bench", "cost_approval": "customer_or_agent"}
        )
        category = env["helpdesk.ticket.category"].create(
            {"name": "Bench", "points_price_type": "fixed", "points_price": 25}
        )
        done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        figures = {}
        for label, old_lots in (("1 000 movements", 20), ("100 000 movements", 2000)):
            customer = _customer(env, f"Bench history {old_lots}")
            env["support.subscription"]._subscribe(customer, plan)
            env["support.lot"]._credit(customer, "point", 100_000, "grant", "Bench")
            # Years of history: lots spent and past their expiry, 50 movements
            # each.
            _insert_expired_lots(env, customer, old_lots, quantity=49, spent=49)
            cr.execute("ANALYZE support_lot")
            cr.execute("ANALYZE support_movement")
            tickets = env["helpdesk.ticket"].create(
                [
                    {
                        "name": "Bench",
                        "description": "<p>x</p>",
                        "partner_id": customer.id,
                        "category_id": category.id,
                    }
                    for _index in range(14)
                ]
            )
            env.flush_all()
            (tickets[0] | tickets[1]).action_approve_cost()  # warm the caches up
            env.flush_all()
            queries, _result = count_queries(
                cr, lambda ticket=tickets[2]: ticket.action_approve_cost()
            )
            remaining = iter(tickets[3:])

            def approve(remaining=remaining):
                next(remaining).action_approve_cost()
                env.flush_all()

            seconds, _result = timed(approve, repeat=10)
            # closing deducts what the ticket holds: read from the ticket's
            # own movements, not from the customer's history
            tickets[0].stage_id = done  # warm the caches up
            env.flush_all()
            close_queries, _result = count_queries(
                cr, lambda ticket=tickets[2]: ticket.write({"stage_id": done.id})
            )
            closing = iter(tickets[3:13])

            def close(closing=closing):
                next(closing).stage_id = done
                env.flush_all()

            close_seconds, _result = timed(close, repeat=10)
            figures[label] = (seconds, queries, close_seconds, close_queries)
        assert figures["1 000 movements"][1] == figures["100 000 movements"][1], (
            "query count independent of the history"
        )
        assert figures["1 000 movements"][3] == figures["100 000 movements"][3], (
            "query count of a close independent of the history"
        )
        report(
            capsys,
            "approving a cost (a capture), then closing (a deduction), median of 10",
            [
                row
                for label, (seconds, queries, close_seconds, close_queries) in (
                    figures.items()
                )
                for row in (
                    (
                        f"{label}: approving, time (ms) / queries",
                        f"{seconds * 1000:.2f} / {queries}",
                    ),
                    (
                        f"{label}: closing, time (ms) / queries",
                        f"{close_seconds * 1000:.2f} / {close_queries}",
                    ),
                )
            ],
        )


def test_expiry_of_many_lots(capsys):
    with rolled_back_env() as env:
        cr = env.cr
        customer = _customer(env, "Bench expiry")
        figures = []
        for count in (10, 1000, LOTS):  # the first run warms the caches up
            _insert_expired_lots(env, customer, count, quantity=10)
            cr.execute("ANALYZE support_lot")
            cr.execute("ANALYZE support_movement")
            env.flush_all()
            lots = env["support.lot"]
            seconds, (queries, expired) = timed(
                lambda lots=lots: count_queries(cr, lots._cron_expire_lots), repeat=1
            )
            assert expired == count
            figures.append((count, seconds, queries))
        figures = figures[1:]
        assert figures[0][2] == figures[1][2], (
            "query count independent of the lot count"
        )
        report(
            capsys,
            "expiry job",
            [
                (
                    f"{count} lots: time (s) / queries (and one COPY)",
                    f"{seconds:.2f} / {queries}",
                )
                for count, seconds, queries in figures
            ],
        )


CYCLE_SCRIPT = textwrap.dedent(
    """
    import json, threading, time
    from odoo.modules.registry import Registry
    cycles, runs, tracking, commit = {cycles}, {runs}, {tracking}, {commit}

    def prepare(env, with_points):
        env = env(context=dict(env.context, tracking_disable=not tracking))
        customer = env["res.partner"].create(
            {{"name": "Bench cycle", "is_company": True}})
        contact = env["res.partner"].create(
            {{"name": "Bench contact", "parent_id": customer.id}})
        values = {{
            "name": "Cycle", "description": "<p>x</p>", "partner_id": contact.id}}
        if with_points:
            plan = env["support.plan"].create(
                {{"name": "Bench", "cost_approval": "customer_or_agent"}})
            env["support.subscription"]._subscribe(customer, plan)
            env["support.lot"]._credit(
                customer, "point", 25 * (runs * cycles + 20), "grant", "Bench")
            category = env["helpdesk.ticket.category"].create(
                {{"name": "Bench", "points_price_type": "fixed", "points_price": 25}})
            values["category_id"] = category.id
        env.cr.commit() if commit else env.flush_all()
        return {{
            "env": env,
            "values": values,
            "with_points": with_points,
            "progress": env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress"),
            "done": env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done"),
        }}

    def cycle(side):
        env = side["env"]
        threading.current_thread().dbname = env.cr.dbname
        # committed: what a click costs the server (tracking messages and
        # mails are written at commit); otherwise the ORM work alone
        step = env.cr.commit if commit else env.flush_all
        start = time.perf_counter()
        ticket = env["helpdesk.ticket"].create(side["values"])
        step()
        if side["with_points"]:
            ticket.action_approve_cost()
            step()
        ticket.stage_id = side["progress"]
        step()
        ticket.stage_id = side["done"]
        step()
        return time.perf_counter() - start

    def block(ours, bare, count):
        # One cycle of each in turn, each going first in turn: whatever the
        # machine does meanwhile weighs on both sides alike.
        totals = [0.0, 0.0]
        for index in range(count):
            for side in ((0, 1) if index % 2 else (1, 0)):
                totals[side] += cycle((ours, bare)[side])
        return totals

    with Registry({bare_db!r}).cursor() as bare_cr:
        bare_env = odoo.api.Environment(bare_cr, odoo.SUPERUSER_ID, {{}})
        bare_env = bare_env(context=bare_env["res.users"].context_get())
        ours, bare = prepare(env, True), prepare(bare_env, False)
        block(ours, bare, 20)  # warm the caches up
        figures = [block(ours, bare, cycles) for _run in range(runs)]
        bare_cr.rollback()
    env.cr.rollback()
    print("RESULT " + json.dumps(figures))
    """
)


def _odoo_bin():
    return os.environ.get("SUPPORT_SUITE_ODOO_BIN") or os.path.join(
        os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin"
    )


def _run_cycles(ours_db, bare_db, tracking=True, commit=False):
    """[(this addon's seconds, bare seconds)] of CYCLE_RUNS runs of CYCLES cycles.

    One process holds both databases and runs their cycles in turn.
    """
    result = subprocess.run(
        [
            sys.executable,
            _odoo_bin(),
            "shell",
            "-c",
            config.rcfile,
            "-d",
            ours_db,
            "--no-http",
            "--log-level=warn",
        ],
        input=CYCLE_SCRIPT.format(
            cycles=CYCLES,
            runs=CYCLE_RUNS,
            tracking=tracking,
            commit=commit,
            bare_db=bare_db,
        ),
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, result.stderr[-3000:]
    return json.loads(lines[-1][len("RESULT ") :])


def _admin_sql(statement, params=()):
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(statement, params)
        return cr.fetchall() if cr.description else None


def _drop_db(name):
    odoo.sql_db.close_db(name)
    _admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _build_db(name, modules):
    _drop_db(name)
    subprocess.run(
        [
            sys.executable,
            _odoo_bin(),
            "-c",
            config.rcfile,
            "-d",
            name,
            "-i",
            modules,
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
        capture_output=True,
        timeout=900,
    )


@pytest.fixture(scope="module")
def cycle_dbs():
    """(this addon, bare helpdesk_mgmt): two databases built the same way.

    Both without demo data; the first has support_entitlements alone (with
    what it depends on, helpdesk_mgmt_timesheet included: the addon needs
    it, so its cost counts as the addon's), the second helpdesk_mgmt with
    sale, portal and resource. So the ratio measures the addon, not the size
    of a demo database or the other two addons. The bare one only holds
    upstream code and is kept between runs; the addon's is rebuilt from the
    current code.
    """
    prefix = config["db_name"]
    bare = f"{prefix}_bare_helpdesk"
    if not _admin_sql("SELECT 1 FROM pg_database WHERE datname = %s", [bare]):
        _build_db(bare, "helpdesk_mgmt,sale_management,portal,resource")
    ours = f"{prefix}_entitlements_only"
    _build_db(ours, "support_entitlements")
    for name in (ours, bare, prefix):
        # A database just built, or the test database after the benchmarks'
        # rolled-back rows, keeps autovacuum busy on the machine's cores for
        # a while: the measures start from settled databases.
        with odoo.sql_db.db_connect(name).cursor() as cr:
            cr._cnx.autocommit = True
            cr.execute("VACUUM ANALYZE")
        if name != prefix:
            odoo.sql_db.close_db(name)
    yield ours, bare
    _drop_db(ours)


def _run_committed(ours_db, bare_db):
    """Run the committed cycles on copies, so the databases stay clean."""
    copies = []
    try:
        for name in (ours_db, bare_db):
            copy = f"{name}_run"
            _drop_db(copy)
            odoo.sql_db.close_db(name)
            _admin_sql(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
            copies.append(copy)
        return _run_cycles(*copies, commit=True)
    finally:
        for copy in copies:
            _drop_db(copy)


def test_ticket_cycle_against_bare_helpdesk(capsys, cycle_dbs):
    ours_db, bare_db = cycle_dbs
    measures = {
        "each step committed (a click: tracking, mails, commit)": (
            lambda: _run_committed(ours_db, bare_db)
        ),
        "ORM work in one transaction, tracking on": (
            lambda: _run_cycles(ours_db, bare_db)
        ),
        "ORM work in one transaction, tracking off": (
            lambda: _run_cycles(ours_db, bare_db, tracking=False)
        ),
    }
    rows = []
    for label, run in measures.items():
        runs = run()
        ours = sum(seconds for seconds, _bare in runs) / len(runs)
        bare = sum(seconds for _ours, seconds in runs) / len(runs)
        rows += [
            (label, ""),
            ("    support_entitlements (s)", f"{ours:.2f}"),
            ("    bare helpdesk_mgmt (s)", f"{bare:.2f}"),
            (
                "    ratio (target <= 1.3)",
                f"{ours / bare:.2f}  (runs: "
                + ", ".join(f"{mine / theirs:.2f}" for mine, theirs in runs)
                + ")",
            ),
        ]
    report(
        capsys,
        f"ticket create -> approve -> close, {CYCLES} cycles, mean of "
        f"{CYCLE_RUNS} runs, the two databases' cycles in turn in one process",
        rows,
    )
