"""Benchmark: SLA deadlines of 10 000 open tickets recomputed in one batch.

Run with ``./setup/test -- tests/benchmarks/bench_sla.py -s``. OCA's
``helpdesk_mgmt_sla`` is not installed alongside (it is not a dependency of
the suite), so its computation, one ``resource.calendar.plan_hours`` call per
ticket SLA line as in ``helpdesk.ticket.sla._compute_deadline``, is
reproduced on the same tickets and timed on a sample. For OCA's own code
side by side, in a scratch database with both addons, see
``oca_side_by_side.py``.
"""

import sys
import time
from datetime import timedelta

import pytest

from odoo import fields
from odoo.tools import SQL

from odoo.addons.support_entitlements.tests.sla_common import SlaCase

TICKETS = 10_000
OCA_SAMPLE = 1_000


def _say(text):
    sys.__stdout__.write(f"{text}\n")
    sys.__stdout__.flush()


@pytest.mark.benchmark
class BenchSlaRecompute(SlaCase):
    frozen_now = None  # real time: freezegun would slow the figures down

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.flush_all()
        severities = [cls.critical.id, cls.non_critical.id]
        stage = cls.stage_new.id
        # Tickets inserted in SQL: the benchmark times the SLA, not ticket creation.
        cls.env.cr.execute(
            SQL(
                """
                INSERT INTO helpdesk_ticket
                       (number, name, description, company_id, team_id, stage_id,
                        severity_id, sla_policy_id, sla_start_date, priority,
                        active, sequence, create_date, write_date, create_uid,
                        write_uid)
                SELECT 'BENCH' || n, 'Bench ticket ' || n, '<p>bench</p>',
                       %(company)s, %(team)s, %(stage)s,
                       (%(severities)s::int[])[1 + mod(n, 2)], %(policy)s,
                       %(origin)s::timestamp + n * interval '1 minute',
                       '1', TRUE, 10, now(), now(), 1, 1
                  FROM generate_series(1, %(count)s) AS n
                RETURNING id
                """,
                company=cls.env.company.id,
                team=cls.team.id,
                stage=stage,
                severities=severities,
                policy=cls.policy.id,
                # open tickets arrived over the last hour and the next week,
                # so that their targets are still running (a breached one
                # keeps its deadline and would not be recomputed)
                origin=fields.Datetime.now() - timedelta(hours=1),
                count=TICKETS,
            )
        )
        ids = [row[0] for row in cls.env.cr.fetchall()]
        cls.tickets = cls.env["helpdesk.ticket"].browse(ids)

    def _measure(self, label, function):
        self.env.invalidate_all()
        queries = self.env.cr.sql_log_count
        started = time.perf_counter()
        function()
        self.env.flush_all()
        elapsed = time.perf_counter() - started
        queries = self.env.cr.sql_log_count - queries
        _say(f"  {label}: {elapsed:.2f} s, {queries} queries")
        return elapsed, queries

    def test_recompute_10000_tickets(self):
        lines = self.env["support.ticket.sla"]
        _say(f"\nSLA deadlines for {TICKETS} open tickets (benchmark)")
        ours_first, _queries = self._measure(
            "ours, first computation (creates the lines)",
            self.tickets._sla_recompute,
        )
        count = lines.search_count([("ticket_id", "in", self.tickets.ids)])
        self.assertEqual(count, TICKETS // 2 * 3, "critical: 1 line, non-critical: 2")

        # the policy changes: every deadline moves
        self.env.cr.execute(
            "UPDATE support_sla_clause SET hours = hours + 1 WHERE id IN %s",
            [tuple(self.policy.target_ids.clause_ids.ids)],
        )
        ours, ours_queries = self._measure(
            "ours, recompute after a policy change (updates every line)",
            self.tickets._sla_recompute,
        )
        sample = lines.search(
            [("ticket_id", "in", self.tickets.ids)], limit=3, order="id"
        )
        self.assertFalse(any(sample.mapped("breached")))
        for line in sample:
            start = line.ticket_id.sla_start_date
            clause = line.target_id.clause_ids.filtered(
                lambda clause: clause.calendar_id == self.business
            )
            expected = self.business.plan_hours(
                clause.hours, start, compute_leaves=True
            )
            if len(line.target_id.clause_ids) == 1:
                self.assertEqual(line.deadline, expected)
            else:
                self.assertLessEqual(line.deadline, expected)

        # OCA helpdesk_mgmt_sla: plan_hours per ticket SLA line, one calendar
        sample_tickets = self.tickets[:OCA_SAMPLE]
        sample_lines = lines.search([("ticket_id", "in", sample_tickets.ids)])
        calendar = self.business

        def oca_like():
            for line in sample_lines:
                hours = line.target_id.clause_ids[:1].hours
                calendar.plan_hours(
                    hours,
                    line.ticket_id.sla_start_date,
                    compute_leaves=True,
                )

        oca, oca_queries = self._measure(
            f"OCA-style plan_hours per line, {len(sample_lines)} lines of "
            f"{OCA_SAMPLE} tickets",
            oca_like,
        )
        oca_total = oca * TICKETS / OCA_SAMPLE
        _say(
            f"  OCA-style extrapolated to {TICKETS} tickets: {oca_total:.2f} s, "
            f"{oca_queries * TICKETS // OCA_SAMPLE} queries (one clause per "
            f"target, no pauses, no at-risk date)"
        )
        _say(
            f"  ratio ours/OCA-style: first {ours_first / oca_total:.2f}, "
            f"recompute {ours / oca_total:.2f}"
        )
        self.assertLess(ours, oca_total, "the batch is faster than per-line planning")
        self.assertLess(ours_queries, oca_queries, "queries do not grow per ticket")
