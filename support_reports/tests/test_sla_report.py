# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user, tagged

from odoo.addons.support_entitlements.tests.common import SupportCase
from odoo.addons.support_entitlements.tests.sla_common import create_calendar


def percentile(values, fraction):
    """PostgreSQL's percentile_cont: linear interpolation between ranks."""
    values = sorted(values)
    position = fraction * (len(values) - 1)
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


@tagged("post_install", "-at_install")
class TestSlaReport(SupportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Severity = cls.env["support.severity"]
        cls.critical = Severity.create({"name": "Report critical"})
        cls.minor = Severity.create({"name": "Report minor"})
        calendar = create_calendar(cls.env, "Report round the clock", range(7), 0, 24)
        targets = []
        for severity in (cls.critical, cls.minor):
            for kind in ("first_response", "resolution"):
                targets.append(
                    Command.create(
                        {
                            "severity_id": severity.id,
                            "kind": kind,
                            "clause_ids": [
                                Command.create({"hours": 8, "calendar_id": calendar.id})
                            ],
                        }
                    )
                )
        cls.policy = cls.env["support.sla.policy"].create(
            {
                "name": "Report policy",
                "calendar_id": calendar.id,
                "target_ids": targets,
            }
        )
        cls.team.sla_policy_id = cls.policy
        start = fields.Datetime.now() - timedelta(days=3)
        cls.tickets = cls.env["helpdesk.ticket"]
        # Hours to reach, per ticket; None leaves the target open.
        cls.spec = [
            (cls.critical, 1, 4, False),
            (cls.critical, 2, 30, True),
            (cls.critical, 3, None, False),
            (cls.minor, 5, 10, False),
            (cls.minor, 7, 50, True),
        ]
        for severity, _hours, _resolution, _breached in cls.spec:
            ticket = cls.env["helpdesk.ticket"].create(
                {
                    "name": "Report ticket",
                    "description": "<p>Help</p>",
                    "partner_id": cls.contact.id,
                    "team_id": cls.team.id,
                    "severity_id": severity.id,
                    "sla_start_date": start,
                }
            )
            cls.tickets |= ticket
        for ticket, (_sev, hours, resolution, breached) in zip(
            cls.tickets, cls.spec, strict=True
        ):
            lines = ticket.sla_ids
            first = lines.filtered(lambda line: line.kind == "first_response")
            first.write({"reached_date": start + timedelta(hours=hours)})
            last = lines.filtered(lambda line: line.kind == "resolution")
            last.write(
                {
                    "reached_date": resolution and start + timedelta(hours=resolution),
                    "breached": breached,
                }
            )
        cls.Report = cls.env["support.sla.report"]
        cls.domain = [("ticket_id", "in", cls.tickets.ids)]

    def _lines(self):
        return self.tickets.sla_ids

    def test_one_row_per_target(self):
        self.assertEqual(len(self._lines()), 10)
        self.assertEqual(self.Report.search_count(self.domain), 10)

    def test_met_and_breached_by_severity(self):
        groups = self.Report.read_group(
            self.domain,
            ["met_count", "breached_count"],
            ["severity_id", "kind"],
            lazy=False,
        )
        for group in groups:
            lines = self._lines().filtered(
                lambda line, g=group: (
                    line.target_id.severity_id.id == g["severity_id"][0]
                    and line.kind == g["kind"]
                )
            )
            self.assertEqual(
                group["breached_count"], len(lines.filtered("breached")), group
            )
            self.assertEqual(
                group["met_count"],
                len(
                    lines.filtered(lambda line: line.reached_date and not line.breached)
                ),
            )
        total = self.Report.read_group(self.domain, ["breached_count"], [])
        breached = self._lines().filtered("breached")
        self.assertTrue(breached)
        self.assertEqual(total[0]["breached_count"], len(breached))

    def test_median_and_90th_percentile(self):
        for kind in ("first_response", "resolution"):
            lines = self._lines().filtered(
                lambda line, k=kind: line.kind == k and line.reached_date
            )
            hours = [
                (line.reached_date - line.ticket_id.sla_start_date).total_seconds()
                / 3600
                for line in lines
            ]
            [row] = self.Report._get_percentiles(
                self.domain + [("kind", "=", kind)], ["kind"]
            )
            self.assertEqual(row["count"], len(hours))
            self.assertAlmostEqual(row["median"], percentile(hours, 0.5))
            self.assertAlmostEqual(row["p90"], percentile(hours, 0.9))
        rows = self.Report._get_percentiles(self.domain, ["severity_id"])
        self.assertEqual(len(rows), 2)
        critical = next(r for r in rows if r["severity_id"] == self.critical.id)
        # first responses 1, 2, 3 and resolutions 4, 30: median 3.
        self.assertAlmostEqual(critical["median"], 3)

    def test_empty_period(self):
        self.assertEqual(
            self.Report._get_percentiles([("date", "<", "2000-01-01")]),
            [{"count": 0, "median": None, "p90": None}],
        )

    def test_other_company_is_hidden(self):
        company = self.env["res.company"].create({"name": "Other SLA company"})
        user = new_test_user(
            self.env,
            login="other_sla_manager",
            groups="base.group_user,support_entitlements.group_support_manager",
            company_id=company.id,
            company_ids=[company.id],
        )
        self.assertFalse(self.Report.with_user(user).search_count(self.domain))
        [row] = self.Report.with_user(user)._get_percentiles(self.domain)
        self.assertEqual(row["count"], 0)
        self.assertEqual(self.Report.search_count(self.domain), 10)
