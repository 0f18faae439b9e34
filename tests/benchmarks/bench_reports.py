"""Figures of issue 8: the sales and SLA analyses and the tracking report at scale.

Run them with their output: ./setup/test -- tests/benchmarks/bench_reports.py -s
Scale with SUPPORT_BENCH_REPORT_MOVEMENTS, SUPPORT_BENCH_REPORT_TICKETS and
SUPPORT_BENCH_STATEMENT_LINES (the issue's figures: 1 000 000, 100 000 and
5 000). Synthetic rows go straight into the tables of a rolled-back
transaction. Every figure is printed; only query counts are asserted.
"""

import os

import odoo

from .common import count_queries, report, rolled_back_env, timed

MOVEMENTS = int(os.environ.get("SUPPORT_BENCH_REPORT_MOVEMENTS", 50_000))
TICKETS = int(os.environ.get("SUPPORT_BENCH_REPORT_TICKETS", 5_000))
STATEMENT_LINES = int(os.environ.get("SUPPORT_BENCH_STATEMENT_LINES", 500))


def _customers_with_lots(env, count):
    customers = env["res.partner"].create(
        [
            {"name": f"Bench report {index}", "is_company": True}
            for index in range(count)
        ]
    )
    plan = env["support.plan"].create({"name": "Bench report plan"})
    for customer in customers[: count // 2]:
        env["support.subscription"]._subscribe(
            customer, plan, date_start=odoo.fields.Date.to_date("2024-01-01")
        )
    lots = env["support.lot"].create(
        [
            {
                "name": f"Bench lot {customer.id}",
                "company_id": env.company.id,
                "partner_id": customer.id,
                "unit": "point",
                "quantity": 1000,
                "origin": "grant",
                "date_purchase": "2024-01-01",
                "date_expiry": "2030-01-01",
            }
            for customer in customers
        ]
    )
    env.flush_all()
    return customers, lots


def _insert_movements(cr, env, customers, lots, count, sequence_start):
    # Kinds in turn, dates spread over two years.
    cr.execute(
        """
        INSERT INTO support_movement (
            company_id, partner_id, lot_id, unit, kind, quantity,
            captured_quantity, date, sequence_number, hash)
        SELECT %(company)s, (%(customers)s::int[])[1 + n %% %(size)s],
               (%(lots)s::int[])[1 + n %% %(size)s], 'point',
               (ARRAY['purchase', 'deduction', 'refund', 'expiry'])[1 + n %% 4],
               CASE n %% 4 WHEN 0 THEN 10 WHEN 2 THEN 3 ELSE -2 END, 0,
               TIMESTAMP '2024-01-01' + (n %% 730) * INTERVAL '1 day',
               %(start)s + n, 'x'
          FROM generate_series(1, %(count)s) AS n
        """,
        {
            "company": env.company.id,
            "customers": customers.ids,
            "lots": lots.ids,
            "size": len(customers),
            "start": sequence_start,
            "count": count,
        },
    )
    # what the ledger's writer would have kept on those lots and customers
    env["support.ledger.balance"]._rebuild([env.company.id], customers.ids)
    cr.execute("ANALYZE support_movement")


def test_monthly_sales_analysis(capsys):
    with rolled_back_env() as env:
        cr = env.cr
        customers, lots = _customers_with_lots(env, 200)
        _insert_movements(cr, env, customers, lots, MOVEMENTS, 10_000_000)
        Report = env["support.sales.report"]
        fields_ = [
            "points_sold",
            "points_consumed",
            "points_refunded",
            "points_expired",
        ]

        def monthly():
            return Report.read_group([], fields_, ["date:month", "plan_id"], lazy=False)

        queries, groups = count_queries(cr, monthly)
        seconds, _groups = timed(monthly, repeat=3)
        cr.execute(
            "SELECT SUM(quantity) FROM support_movement WHERE kind = 'purchase'"
            " AND partner_id = ANY(%s)",
            [customers.ids],
        )
        sold = cr.fetchone()[0]
        mine = Report.read_group(
            [("partner_id", "in", customers.ids)], ["points_sold"], []
        )[0]["points_sold"]
        assert mine == sold
        assert queries <= 6, queries
        report(
            capsys,
            f"sales analysis per month and plan over {MOVEMENTS} movements",
            [
                ("groups", len(groups)),
                ("queries", queries),
                ("time (median of 3), s", f"{seconds:.3f}"),
            ],
        )


def _clone_tickets(cr, template_id, count):
    cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_name = 'helpdesk_ticket' AND column_name <> 'id'
        """
    )
    columns = ", ".join(f'"{row[0]}"' for row in cr.fetchall())
    cr.execute(
        f"""
        INSERT INTO helpdesk_ticket ({columns})
        SELECT {columns} FROM helpdesk_ticket, generate_series(1, %s)
         WHERE id = %s
        RETURNING id
        """,  # noqa: S608 - column names from the catalogue
        [count, template_id],
    )
    return [row[0] for row in cr.fetchall()]


def test_sla_analysis(capsys):
    with rolled_back_env() as env:
        cr = env.cr
        severity = env["support.severity"].create({"name": "Bench severity"})
        calendar = env["resource.calendar"].search([], limit=1)
        targets = env["support.sla.target"]
        policy = env["support.sla.policy"].create(
            {"name": "Bench policy", "calendar_id": calendar.id}
        )
        for kind in ("first_response", "resolution"):
            targets |= targets.create(
                {
                    "policy_id": policy.id,
                    "severity_id": severity.id,
                    "kind": kind,
                    "clause_ids": [(0, 0, {"hours": 8, "calendar_id": calendar.id})],
                }
            )
        customer = env["res.partner"].create({"name": "Bench SLA customer"})
        ticket = env["helpdesk.ticket"].create(
            {"name": "Bench", "description": "<p>x</p>", "partner_id": customer.id}
        )
        env.flush_all()
        ids = _clone_tickets(cr, ticket.id, TICKETS)
        cr.execute(
            """
            INSERT INTO support_ticket_sla (
                ticket_id, target_id, company_id, kind, deadline, reached_date,
                breached, status)
            SELECT t.id, target.id, %(company)s, target.kind,
                   t.create_date + INTERVAL '8 hours',
                   t.create_date + (t.id %% 17) * INTERVAL '1 hour',
                   t.id %% 17 > 8,
                   CASE WHEN t.id %% 17 > 8 THEN 'breached' ELSE 'met' END
              FROM helpdesk_ticket t
        CROSS JOIN support_sla_target target
             WHERE t.id = ANY(%(ids)s) AND target.id = ANY(%(targets)s)
            """,
            {"company": env.company.id, "ids": ids, "targets": targets.ids},
        )
        cr.execute("ANALYZE helpdesk_ticket")
        cr.execute("ANALYZE support_ticket_sla")
        Report = env["support.sla.report"]

        def by_month():
            return Report.read_group(
                [],
                ["met_count", "breached_count"],
                ["date:month", "severity_id", "kind"],
                lazy=False,
            )

        def percentiles():
            return Report._get_percentiles([], ["severity_id", "kind"])

        queries, _groups = count_queries(cr, by_month)
        seconds, _groups = timed(by_month, repeat=3)
        p_queries, rows = count_queries(cr, percentiles)
        p_seconds, rows = timed(percentiles, repeat=3)
        mine = [row for row in rows if row["severity_id"] == severity.id]
        assert sum(row["count"] for row in mine) == 2 * TICKETS
        assert queries <= 3 and p_queries <= 3, (queries, p_queries)
        report(
            capsys,
            f"SLA analysis over {TICKETS} tickets ({2 * TICKETS} targets)",
            [
                ("met/breached per month, severity, target: queries", queries),
                ("met/breached: time (median of 3), s", f"{seconds:.3f}"),
                ("median and 90th percentile: queries", p_queries),
                (
                    "median and 90th percentile: time (median of 3), s",
                    f"{p_seconds:.3f}",
                ),
            ],
        )


def test_tracking_report_pdf(capsys):
    with rolled_back_env() as env:
        cr = env.cr
        customers, lots = _customers_with_lots(env, 1)
        _insert_movements(cr, env, customers, lots, STATEMENT_LINES, 20_000_000)
        statement = env["support.statement"]._get_or_create(
            customers,
            odoo.fields.Date.to_date("2024-01-01"),
            odoo.fields.Date.to_date("2025-12-31"),
        )
        data_seconds, data = timed(statement._get_report_data, repeat=1)
        assert len(data["movements"]) == STATEMENT_LINES
        Report = env["ir.actions.report"].with_context(force_report_rendering=True)
        seconds, (pdf, _type) = timed(
            lambda: Report._render_qweb_pdf(
                "support_reports.report_support_tracking", statement.ids
            ),
            repeat=1,
        )
        assert pdf.startswith(b"%PDF")
        report(
            capsys,
            f"tracking report of a customer with {STATEMENT_LINES} movements",
            [
                ("figures, s", f"{data_seconds:.3f}"),
                ("PDF (QWeb + wkhtmltopdf), s", f"{seconds:.3f}"),
                ("PDF size, bytes", len(pdf)),
            ],
        )
