"""Figures of issue 4: time entries charged to hour blocks at scale.

Run them with their output: ./setup/test -- tests/benchmarks/bench_time.py -s
The suite runs them small (2 000 entries across 100 customers: what is
watched, the queries per entry staying the same as customers are added,
shows there); the issue's sizes on request:
    SUPPORT_BENCH_ENTRIES=10000 SUPPORT_BENCH_CUSTOMERS=500 ./setup/test -- \
        tests/benchmarks/bench_time.py -s
"""

import os
import statistics
import time

from odoo.tests import new_test_user

from .common import report, rolled_back_env

ENTRIES = int(os.environ.get("SUPPORT_BENCH_ENTRIES", 2_000))
CUSTOMERS = int(os.environ.get("SUPPORT_BENCH_CUSTOMERS", 100))


def test_time_entries_across_customers(capsys):
    with rolled_back_env() as env:
        cr = env.cr
        plan = env["support.plan"].create(
            {"name": "Bench hours", "billable_share": 75, "rounding_minutes": 5}
        )
        project = env["project.project"].create(
            {"name": "Bench", "allow_timesheets": True}
        )
        agent = new_test_user(
            env,
            login="bench_timer",
            groups="base.group_user,support_entitlements.group_support_agent",
        )
        employee = env["hr.employee"].create(
            {"name": "Bench timer", "user_id": agent.id}
        )
        customers = env["res.partner"].create(
            [
                {"name": f"Bench customer {index}", "is_company": True}
                for index in range(CUSTOMERS)
            ]
        )
        subscriptions = env["support.subscription"]
        lots = env["support.lot"]
        for customer in customers:
            subscriptions._subscribe(customer, plan)
            lots._credit(customer, "minute", 6000, "grant", "Bench block")
        tickets = env["helpdesk.ticket"].create(
            [
                {
                    "name": "Bench",
                    "description": "<p>x</p>",
                    "partner_id": customer.id,
                    "project_id": project.id,
                }
                for customer in customers
            ]
        )
        env.flush_all()
        lines = env["account.analytic.line"].with_user(agent)
        per_entry_queries = []
        movements_before = env["support.movement"].search_count([])
        start = time.perf_counter()
        for index in range(ENTRIES):
            before = cr.sql_log_count
            lines.create(
                {
                    "name": "Work",
                    "ticket_id": tickets[index % CUSTOMERS].id,
                    "project_id": project.id,
                    "employee_id": employee.id,
                    "unit_amount": 0.5,
                }
            )
            env.flush_all()
            per_entry_queries.append(cr.sql_log_count - before)
        elapsed = time.perf_counter() - start
        posted = env["support.movement"].search_count([]) - movements_before
        first = statistics.mean(per_entry_queries[CUSTOMERS : 2 * CUSTOMERS])
        last = statistics.mean(per_entry_queries[-CUSTOMERS:])
        assert posted == ENTRIES
        assert last <= first + 1, "queries per entry do not grow with the history"
        report(
            capsys,
            f"{ENTRIES} time entries across {CUSTOMERS} customers",
            [
                ("movements posted", posted),
                ("total time (s)", f"{elapsed:.1f}"),
                ("time per entry (ms)", f"{elapsed / ENTRIES * 1000:.2f}"),
                ("queries per entry, second round of customers", f"{first:.1f}"),
                ("queries per entry, last round of customers", f"{last:.1f}"),
            ],
        )
