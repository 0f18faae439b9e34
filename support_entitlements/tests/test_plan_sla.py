# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command

from .sla_common import SlaCase, berlin


class TestPlanSlaPolicy(SlaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A faster promise for customers of the premium plan: critical in 2 hours.
        cls.premium_policy = cls.env["support.sla.policy"].create(
            {
                "name": "Premium",
                "calendar_id": cls.business.id,
                "target_ids": [
                    Command.create(
                        {
                            "severity_id": cls.critical.id,
                            "kind": "first_response",
                            "clause_ids": [
                                Command.create(
                                    {"hours": 2, "calendar_id": cls.business.id}
                                )
                            ],
                        }
                    )
                ],
            }
        )
        cls.plan = cls.env["support.plan"].create(
            {"name": "Premium", "sla_policy_id": cls.premium_policy.id}
        )
        cls.company_partner = cls.env["res.partner"].create(
            {"name": "Premium shop", "is_company": True}
        )
        cls.customer.parent_id = cls.company_partner

    def test_the_plan_policy_wins_over_the_team(self):
        ticket = self.create_ticket(berlin(2026, 12, 2, 10, 0), self.critical)
        self.assertEqual(ticket.sla_policy_id, self.policy)
        self.assertEqual(self.line(ticket).deadline, berlin(2026, 12, 2, 16, 0))
        self.env["support.subscription"]._subscribe(self.company_partner, self.plan)
        self.assertEqual(
            ticket.sla_policy_id,
            self.premium_policy,
            "subscribing re-plans open tickets",
        )
        self.assertEqual(self.line(ticket).deadline, berlin(2026, 12, 2, 12, 0))
        self.plan.sla_policy_id = False
        self.assertEqual(ticket.sla_policy_id, self.policy)
        self.assertEqual(self.line(ticket).deadline, berlin(2026, 12, 2, 16, 0))

    def test_archiving_the_plan_policy_falls_back_then_comes_back(self):
        self.env["support.subscription"]._subscribe(self.company_partner, self.plan)
        ticket = self.create_ticket(berlin(2026, 12, 2, 10, 0), self.critical)
        self.assertEqual(ticket.sla_policy_id, self.premium_policy)
        self.premium_policy.active = False
        self.assertEqual(ticket.sla_policy_id, self.policy, "an archived promise")
        self.assertEqual(self.line(ticket).deadline, berlin(2026, 12, 2, 16, 0))
        self.premium_policy.active = True
        self.assertEqual(ticket.sla_policy_id, self.premium_policy)
        self.assertEqual(self.line(ticket).deadline, berlin(2026, 12, 2, 12, 0))


class TestDemoIncidentPromise(SlaCase):
    def test_the_incident_plan_responds_within_one_business_day(self):
        """Seeds 002 and 003: "our support team responds within one business
        day", the demo's incident plan says it on its business calendar."""
        ref = self.env.ref
        self.env["support.subscription"]._subscribe(
            self.customer, ref("support_entitlements.plan_incident")
        )
        severity = ref("support_entitlements.severity_non_critical")
        ticket = self.create_ticket(berlin(2026, 12, 3, 11, 0), severity)
        self.assertEqual(
            ticket.sla_policy_id, ref("support_entitlements.sla_policy_incident")
        )
        # Thursday 11:00 in Berlin is 13:00 in Moscow; plus the 10 hours of a
        # 9-19 Moscow business day: Friday 13:00 in Moscow, 11:00 in Berlin
        self.assertEqual(self.line(ticket).deadline, berlin(2026, 12, 4, 11, 0))
        friday = self.create_ticket(berlin(2026, 12, 4, 15, 0), severity)
        self.assertEqual(
            self.line(friday).deadline,
            berlin(2026, 12, 7, 15, 0),
            "over the weekend, on Monday",
        )
