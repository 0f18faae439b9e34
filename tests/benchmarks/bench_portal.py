"""Figures of the customer portal: the support pages against helpdesk_mgmt's own.

Run them with their output:
    ./setup/test -- tests/benchmarks/bench_portal.py -s
Scale with SUPPORT_BENCH_PORTAL_MOVEMENTS and SUPPORT_BENCH_PORTAL_TICKETS.

One customer with a portal user owns every synthetic row, inserted in SQL into
the test transaction: the HTTP server of an HttpCase reads and writes through
that same transaction, which is rolled back at the end, so nothing is left in
the database. Each page is requested once to warm the caches up, then
REQUESTS times; the median time spent in the server (from the WSGI call to its
response, rendering included) is printed with the number of queries of one
request. Times are printed, never asserted; query counts are.
"""

import os
import statistics
import time
from datetime import timedelta
from unittest.mock import patch

import pytest
from lxml import html

from odoo import Command, fields
from odoo.http import Application
from odoo.tests import HttpCase, new_test_user

from .common import report

MOVEMENTS = int(os.environ.get("SUPPORT_BENCH_PORTAL_MOVEMENTS", 100_000))
TICKETS = int(os.environ.get("SUPPORT_BENCH_PORTAL_TICKETS", 10_000))
REQUESTS = 10
PAGES = ("/my/support", "/my/support/statement", "/my/support/time", "/my/tickets")


@pytest.mark.benchmark
class BenchPortalPages(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        company = env.company
        cls.customer = env["res.partner"].create(
            {"name": "Bench portal customer", "is_company": True}
        )
        contact = env["res.partner"].create(
            {"name": "Bench portal contact", "parent_id": cls.customer.id}
        )
        new_test_user(
            env,
            login="bench_portal",
            password="bench-portal-1",
            groups="base.group_portal",
            partner_id=contact.id,
        )
        pack = env["product.product"].create(
            {
                "name": "Bench 100 points",
                "type": "service",
                "list_price": 50,
                "support_grant_type": "points",
                "support_quantity": 100,
                "support_validity_months": 24,
            }
        )
        plan = env["support.plan"].create(
            {
                "name": "Bench portal plan",
                "annual_case_allowance": 1000,
                "pack_product_ids": [Command.set(pack.ids)],
            }
        )
        env["support.subscription"]._subscribe(cls.customer, plan)
        today = fields.Date.today()
        lot_values = [
            {
                "name": f"Bench points {index}",
                "company_id": company.id,
                "partner_id": cls.customer.id,
                "unit": "point",
                "quantity": 1000,
                "origin": "grant",
                "date_purchase": today - timedelta(days=700),
                # a few lots expire within the month, as in real histories
                "date_expiry": today + timedelta(days=20 if index < 10 else 800),
            }
            for index in range(200)
        ] + [
            {
                "name": f"Bench block {index}",
                "company_id": company.id,
                "partner_id": cls.customer.id,
                "unit": "minute",
                "quantity": 600,
                "origin": "purchase",
                "date_purchase": today - timedelta(days=30),
                "date_expiry": today + timedelta(days=300 + index),
            }
            for index in range(5)
        ]
        lots = env["support.lot"].create(lot_values)
        point_lots, minute_lots = lots[:200], lots[200:]
        stages = {
            name: env.ref(f"helpdesk_mgmt.helpdesk_ticket_stage_{name}")
            for name in ("new", "in_progress", "done")
        }
        env.flush_all()
        cr = env.cr
        # Synthetic tickets of the customer's contact, created over the last
        # two years: a third waiting, a third in progress with points
        # captured, a third resolved with points deducted; one in a hundred
        # counts as a support case.
        cr.execute(
            """
            INSERT INTO helpdesk_ticket (
                number, name, description, company_id, partner_id,
                commercial_partner_id, stage_id, unattended, priority, active,
                sequence, support_billing, points_cost, points_estimate,
                points_cost_state, points_captured, points_deducted,
                cost_approved_date, closed_date, support_counts_as_case,
                last_stage_update, create_date, write_date, create_uid, write_uid)
            SELECT 'BENCH-' || n, 'Bench ticket ' || n, '<p>bench</p>',
                   %(company)s, %(contact)s, %(customer)s,
                   (%(stages)s::int[])[1 + n %% 3], n %% 3 = 0, '1', TRUE,
                   10, 'billable', 25, 25,
                   (ARRAY['to_approve', 'captured', 'charged'])[1 + n %% 3],
                   CASE WHEN n %% 3 = 1 THEN 25 ELSE 0 END,
                   CASE WHEN n %% 3 = 2 THEN 25 ELSE 0 END,
                   CASE WHEN n %% 3 > 0 THEN created + INTERVAL '1 hour' END,
                   CASE WHEN n %% 3 = 2 THEN created + INTERVAL '1 day' END,
                   n %% 100 = 0, created, created, created, 1, 1
              FROM generate_series(1, %(count)s) AS n,
                   LATERAL (SELECT now() at time zone 'UTC'
                                   - (n %% 730) * INTERVAL '1 day'
                                   - n * INTERVAL '1 second' AS created) AS c
            """,
            {
                "company": company.id,
                "contact": contact.id,
                "customer": cls.customer.id,
                "stages": [stages[name].id for name in ("new", "in_progress", "done")],
                "count": TICKETS,
            },
        )
        # Synthetic movements (the hash chain is not the subject): one in
        # twenty a grant, the balance modifications of the statement; one in
        # fifty a charge of minutes on an hour block; the rest captures.
        cr.execute(
            """
            INSERT INTO support_movement (
                company_id, partner_id, lot_id, unit, kind, quantity,
                captured_quantity, reason, date, sequence_number, hash)
            SELECT %(company)s, %(customer)s,
                   CASE WHEN n %% 50 = 1
                        THEN (%(minute_lots)s::int[])[1 + n %% 5]
                        ELSE (%(point_lots)s::int[])[1 + n %% 200] END,
                   CASE WHEN n %% 50 = 1 THEN 'minute' ELSE 'point' END,
                   CASE WHEN n %% 20 = 0 THEN 'grant'
                        WHEN n %% 50 = 1 THEN 'deduction'
                        ELSE 'capture' END,
                   CASE WHEN n %% 20 = 0 THEN 20 ELSE -1 END,
                   CASE WHEN n %% 20 = 0 OR n %% 50 = 1 THEN 0 ELSE 1 END,
                   CASE WHEN n %% 20 = 0 THEN 'Bench grant ' || n END,
                   now() at time zone 'UTC' - (n %% 730) * INTERVAL '1 day',
                   5000000 + n, 'x'
              FROM generate_series(1, %(count)s) AS n
            """,
            {
                "company": company.id,
                "customer": cls.customer.id,
                "point_lots": point_lots.ids,
                "minute_lots": minute_lots.ids,
                "count": MOVEMENTS,
            },
        )
        # what the ledger's writer would have kept on those lots
        cls.env["support.ledger.balance"]._rebuild([company.id], cls.customer.ids)
        cr.execute("ANALYZE helpdesk_ticket")
        cr.execute("ANALYZE support_movement")
        cr.execute("ANALYZE support_lot")

    @pytest.fixture(autouse=True)
    def _capsys(self, capsys):
        self.capsys = capsys

    def _measure(self, url):
        """Median server time (s) and queries of one request to ``url``."""
        durations = []
        call = Application.__call__

        def timed_call(app, environ, start_response):
            start = time.perf_counter()
            try:
                return call(app, environ, start_response)
            finally:
                durations.append(time.perf_counter() - start)

        self.assertEqual(self.url_open(url, timeout=120).status_code, 200)  # warm-up
        queries = []
        with patch.object(Application, "__call__", timed_call):
            for _index in range(REQUESTS):
                before = self.cr.sql_log_count
                response = self.url_open(url, timeout=120)
                queries.append(self.cr.sql_log_count - before)
                self.assertEqual(response.status_code, 200)
        self.assertEqual(len(durations), REQUESTS)
        self.assertEqual(len(set(queries)), 1, f"{url}: same queries every time")
        return statistics.median(durations), queries[0], response

    def test_support_pages_against_my_tickets(self):
        self.authenticate("bench_portal", "bench-portal-1")
        figures = {}
        for url in PAGES:
            seconds, queries, response = self._measure(url)
            figures[url] = (seconds, queries)
            if url == "/my/support/statement":
                self.assertEqual(response.text.count("support_modification"), 20)
            if url == "/my/support/time":
                page = html.fromstring(response.content)
                self.assertEqual(
                    len(page.xpath("//tr[hasclass('support_time_line')]")), 50
                )
            if url == "/my/tickets":
                self.assertIn("Bench ticket", response.text)
        tickets_time, tickets_queries = figures["/my/tickets"]
        rows = []
        for url in PAGES:
            seconds, queries = figures[url]
            rows.append((f"{url}: median of {REQUESTS} (ms)", f"{seconds * 1000:.1f}"))
            rows.append((f"{url}: queries per request", queries))
        for url in PAGES[:3]:
            rows.append(
                (
                    f"{url} / /my/tickets (target <= 1.5)",
                    f"{figures[url][0] / tickets_time:.2f}",
                )
            )
        report(
            self.capsys,
            f"portal pages of one customer with {MOVEMENTS} movements and "
            f"{TICKETS} tickets",
            rows,
        )
