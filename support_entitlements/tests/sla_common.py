# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager
from datetime import datetime

from freezegun import freeze_time
from pytz import timezone, utc

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase

BERLIN = timezone("Europe/Berlin")


def berlin(*args):
    """Naive UTC datetime of a wall-clock time in Berlin."""
    return BERLIN.localize(datetime(*args)).astimezone(utc).replace(tzinfo=None)


def create_calendar(env, name, days, hour_from, hour_to, company=None):
    return env["resource.calendar"].create(
        {
            "name": name,
            "tz": "Europe/Berlin",
            "company_id": (company or env.company).id,
            "attendance_ids": [Command.clear()]
            + [
                Command.create(
                    {
                        "name": f"{name} {day}",
                        "dayofweek": str(day),
                        "hour_from": hour_from,
                        "hour_to": hour_to,
                        "day_period": "morning",
                    }
                )
                for day in days
            ],
            "global_leave_ids": [Command.clear()],
        }
    )


class SlaCase(TransactionCase):
    """The calendars, severities and policy of the issue's vectors."""

    # The vectors fall in December 2026: the tests run as if it were before,
    # so that no target is already breached (and frozen) when created.
    frozen_now = datetime(2026, 11, 30, 12, 0)

    def setUp(self):
        super().setUp()
        if self.frozen_now:
            freezer = freeze_time(self.frozen_now)
            freezer.start()
            self.addCleanup(freezer.stop)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.business = create_calendar(env, "Test business hours", range(5), 9, 18)
        cls.duty = create_calendar(env, "Test weekend duty", (5, 6), 0, 24)
        env["resource.calendar.leaves"].create(
            {
                "name": "Christmas Day",
                "calendar_id": cls.business.id,
                "date_from": berlin(2026, 12, 25, 0, 0),
                "date_to": berlin(2026, 12, 25, 23, 59, 59),
            }
        )
        Severity = env["support.severity"]
        cls.critical = Severity.create({"name": "Test critical", "is_blocking": True})
        cls.non_critical = Severity.create({"name": "Test non-critical"})
        cls.question = Severity.create({"name": "Test question"})
        cls.policy = env["support.sla.policy"].create(
            {
                "name": "Test policy",
                "calendar_id": cls.business.id,
                "target_ids": [
                    Command.create(
                        {
                            "severity_id": cls.critical.id,
                            "kind": "first_response",
                            "clause_ids": [
                                Command.create(
                                    {"hours": 6, "calendar_id": cls.business.id}
                                ),
                                Command.create(
                                    {"hours": 12, "calendar_id": cls.duty.id}
                                ),
                            ],
                        }
                    ),
                    Command.create(
                        {
                            "severity_id": cls.non_critical.id,
                            "kind": "first_response",
                            "clause_ids": [
                                Command.create(
                                    {"hours": 12, "calendar_id": cls.business.id}
                                ),
                            ],
                        }
                    ),
                    Command.create(
                        {
                            "severity_id": cls.non_critical.id,
                            "kind": "resolution",
                            "clause_ids": [
                                Command.create(
                                    {"hours": 72, "calendar_id": cls.business.id}
                                ),
                            ],
                        }
                    ),
                ],
            }
        )
        cls.team = env["helpdesk.ticket.team"].create(
            {"name": "Test SLA team", "sla_policy_id": cls.policy.id}
        )
        cls.customer = env["res.partner"].create(
            {"name": "Test customer", "email": "customer@example.com"}
        )
        cls.stage_new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_awaiting = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        cls.stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    @classmethod
    def create_ticket(cls, start, severity, **values):
        return cls.env["helpdesk.ticket"].create(
            {
                "name": "Test ticket",
                "description": "<p>Test</p>",
                "team_id": cls.team.id,
                "partner_id": cls.customer.id,
                "severity_id": severity.id,
                "sla_start_date": start,
                **values,
            }
        )

    @staticmethod
    def line(ticket, kind="first_response"):
        return ticket.sla_ids.filtered(lambda line: line.kind == kind)

    @contextmanager
    def assertRefused(self, pattern, exception=ValidationError):
        """An ``exception`` matching ``pattern``, its changes rolled back."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)
