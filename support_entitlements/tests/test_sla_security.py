# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import html

from odoo import Command, http
from odoo.tests import HttpCase, new_test_user, tagged

from .sla_common import SlaCase, berlin, create_calendar


class TestSlaAccess(SlaCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="sla_agent",
            groups="support_entitlements.group_support_agent",
        )
        cls.manager = new_test_user(
            cls.env,
            login="sla_manager",
            groups="support_entitlements.group_support_manager",
        )
        cls.portal = new_test_user(
            cls.env, login="sla_portal", groups="base.group_portal"
        )
        cls.other_portal = new_test_user(
            cls.env, login="sla_other_portal", groups="base.group_portal"
        )

    def test_agents_read_managers_write_configuration(self):
        for record in (self.policy, self.policy.target_ids[0], self.critical):
            self.assertTrue(record.with_user(self.agent).has_access("read"))
            self.assertFalse(record.with_user(self.agent).has_access("write"))
            self.assertTrue(record.with_user(self.manager).has_access("write"))

    def test_portal_reads_severities_and_own_sla_only(self):
        self.assertTrue(self.critical.with_user(self.portal).has_access("read"))
        self.assertFalse(self.policy.with_user(self.portal).has_access("read"))
        ticket = self.create_ticket(
            berlin(2026, 12, 2, 10, 0),
            self.critical,
            partner_id=self.portal.partner_id.id,
        )
        lines = self.env["support.ticket.sla"].with_user(self.portal)
        self.assertEqual(lines.search([("ticket_id", "=", ticket.id)]), ticket.sla_ids)
        other = self.env["support.ticket.sla"].with_user(self.other_portal)
        self.assertFalse(other.search([("ticket_id", "=", ticket.id)]))

    def test_policy_of_other_company_hidden(self):
        other = self.env["res.company"].create({"name": "SLA other company"})
        foreign = self.env["support.sla.policy"].create(
            {"name": "Foreign", "company_id": other.id}
        )
        Policy = self.env["support.sla.policy"].with_user(self.manager)
        self.assertNotIn(foreign, Policy.search([]))
        self.assertIn(self.policy, Policy.search([]))
        # the policy's parts carry its company and are hidden with it
        foreign_calendar = create_calendar(
            self.env, "Foreign hours", range(5), 8, 17, company=other
        )
        foreign.calendar_id = foreign_calendar
        foreign_target = self.env["support.sla.target"].create(
            {
                "policy_id": foreign.id,
                "severity_id": self.critical.id,
                "kind": "first_response",
                "clause_ids": [
                    Command.create({"hours": 4, "calendar_id": foreign_calendar.id})
                ],
            }
        )
        foreign_clause = foreign_target.clause_ids
        self.assertEqual(foreign_clause.company_id, other)
        foreign_level = self.env["support.escalation.level"].create(
            {"name": "Foreign escalation", "company_id": other.id}
        )
        own_level = self.env["support.escalation.level"].create(
            {"name": "Own escalation"}
        )
        foreign_team = self.env["helpdesk.ticket.team"].create(
            {
                "name": "Foreign SLA team",
                "company_id": other.id,
                "sla_policy_id": foreign.id,
            }
        )
        foreign_ticket = self.create_ticket(
            berlin(2026, 12, 2, 10, 0),
            self.critical,
            team_id=foreign_team.id,
            company_id=other.id,
        )
        foreign_line = foreign_ticket.sla_ids
        self.assertEqual(foreign_line.company_id, other)
        own_ticket = self.create_ticket(berlin(2026, 12, 2, 10, 0), self.critical)
        for model, hidden, visible in (
            ("support.sla.target", foreign_target, self.policy.target_ids),
            (
                "support.sla.clause",
                foreign_clause,
                self.policy.target_ids.clause_ids,
            ),
            ("support.escalation.level", foreign_level, own_level),
            ("support.ticket.sla", foreign_line, own_ticket.sla_ids),
        ):
            self.assertTrue(hidden.exists(), model)
            self.assertTrue(visible, model)
            found = self.env[model].with_user(self.manager).search([])
            self.assertFalse(found & hidden, model)
            self.assertEqual(found & visible, visible, model)


@tagged("post_install", "-at_install")
class TestSlaPortalPage(HttpCase):
    def test_customer_sees_severity_dates_and_targets(self):
        ticket = self.env.ref("support_entitlements.ticket_northwind_checkout")
        self.assertTrue(ticket.sla_ids, "the demo policy applies to the demo ticket")
        self.authenticate("customer", "customer")
        response = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.content)
        severity = " ".join(
            page.xpath("//*[hasclass('o_portal_ticket_severity')]//text()")
        )
        self.assertIn("Critical", severity)
        self.assertIn("50 %", severity, "the definition is shown to the customer")
        self.assertTrue(page.xpath("//*[hasclass('o_portal_ticket_sla')]"))

    def test_customer_chooses_severity_from_definitions(self):
        critical = self.env.ref("support_entitlements.severity_critical")
        self.authenticate("customer", "customer")
        page = html.fromstring(self.url_open("/new/ticket").content)
        labels = " ".join(
            page.xpath("//*[hasclass('o_portal_ticket_severities')]//label//text()")
        )
        self.assertIn("Critical", labels)
        self.assertIn("Example: downtime", labels)
        response = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "category": self.env.ref("helpdesk_mgmt.helpdesk_category_1").id,
                "subject": "Shop is down",
                "description": "Nothing loads",
                "severity": critical.id,
            },
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Shop is down")])
        self.assertEqual(ticket.severity_id, critical)
        self.assertTrue(ticket.sla_ids, "its targets apply at once")
