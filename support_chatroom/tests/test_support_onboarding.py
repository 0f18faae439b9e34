# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from lxml import html

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user

from .common import SupportRoomCase


class TestSupportOnboarding(SupportRoomCase):
    def _phase(self, phase):
        return self.project.phase_ids.filtered(lambda p: p.phase == phase)

    def _item(self, name):
        return self.project.item_ids.filtered(lambda i: i.name == name)

    def test_phases_in_order_and_items_from_template(self):
        self.assertEqual(
            self.project.phase_ids.sorted("sequence").mapped("phase"),
            ["data", "design", "setup", "development", "golive"],
        )
        self.assertEqual(self.project.current_phase, "data")
        self.assertEqual(len(self._phase("data").item_ids), 3)
        self.assertEqual(
            self._item("Import checked").next_action_date,
            self.project.start_date + timedelta(days=3),
        )
        self.assertEqual(self._item("Mockup approved").phase, "design")

    def test_phase_with_open_mandatory_items_cannot_close(self):
        data = self._phase("data")
        with self.assertRefused(UserError, "Welcome forms"):
            data.action_close()
        self.assertEqual(data.state, "open")
        self.assertEqual(self.project.current_phase, "data")
        (self._item("Welcome forms") | self._item("Import checked")).action_done()
        self.assertAlmostEqual(data.progress, 200 / 3, places=2)
        data.action_close()  # the open item is not mandatory
        self.assertEqual(data.state, "done")
        self.assertIn("Data phase is closed", self.room.message_ids[:1].body)
        self.assertEqual(self.project.current_phase, "design")
        with self.assertRaises(UserError):
            self._item("Nice to have").action_done()

    def test_an_item_ticked_by_mistake_goes_back_to_do(self):
        item = self._item("Welcome forms")
        item.action_done()
        self.assertEqual((item.state, item.done_by_id), ("done", self.env.user))
        item.action_reset()
        self.assertEqual(item.state, "todo")
        self.assertFalse(item.done_date)
        self.assertFalse(item.done_by_id)
        item.action_done()
        self._item("Import checked").action_done()
        self._phase("data").action_close()
        with self.assertRaises(UserError):
            item.action_reset()
        self.assertEqual(item.state, "done", "a closed phase keeps its items")

    def test_template_without_items_is_refused(self):
        Template = self.env["support.checklist.template"]
        with self.assertRefused(ValidationError, "has no item"):
            Template.create({"name": "Empty"})
        self.assertFalse(Template.search([("name", "=", "Empty")]))
        with self.assertRefused(ValidationError, "has no item"):
            self.template.write({"line_ids": [(5, 0, 0)]})
        self.assertEqual(len(self.template.line_ids), 4)

    def test_deadline_only_once_scoped(self):
        item = self._item("Import checked")
        deadline = self.project.start_date + timedelta(days=20)
        with self.assertRefused(ValidationError, "next action date"):
            item.write({"deadline_date": deadline})
        self.assertFalse(item.deadline_date)
        item.write({"scope_complete": True, "deadline_date": deadline})
        self.assertEqual(item.deadline_date, deadline)

    def test_go_live_date_opens_the_free_support_window(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Typo on the home page",
                "description": "<p>x</p>",
                "partner_id": self.contact_ann.id,
            }
        )
        self.assertFalse(ticket.support_go_live_free)
        go_live = ticket.create_date - timedelta(hours=10)
        self.project.go_live_date = go_live
        self.assertEqual(self.customer.support_go_live_date, go_live)
        self.assertTrue(ticket.support_go_live_free)

    def test_customer_approval_needs_a_comment(self):
        item = self._item("Mockup approved").with_user(self.portal_ann).sudo()
        with self.assertRaises(UserError):
            item._complete_by_customer("  ")
        self.assertEqual(item.state, "todo")
        item._complete_by_customer("Looks great")
        self.assertEqual(item.state, "approved")
        self.assertEqual(item.customer_comment, "Looks great")
        self.assertEqual(item.done_by_id, self.portal_ann)
        with self.assertRaises(UserError):
            self._item("Import checked").sudo()._complete_by_customer("mine?")

    def test_customer_card_for_agents(self):
        self.customer.comment = "<p>Prefers calls in the morning</p>"
        tag = self.env["res.partner.category"].create({"name": "VIP"})
        self.customer.category_id = tag
        partner = self.contact_ann.with_user(self.agent)
        card = html.fromstring(partner.support_card_html)
        self.assertEqual(
            card.xpath("normalize-space(//dd[hasclass('o_support_card_tags')])"),
            "VIP",
        )
        self.assertIn(
            "Prefers calls",
            card.xpath("string(//dd[hasclass('o_support_card_notes')])"),
        )
        self.assertIn(
            "Data", card.xpath("string(//dd[hasclass('o_support_card_phase')])")
        )
        self.assertEqual(
            card.xpath("normalize-space(//dd[hasclass('o_support_card_plan')])"),
            "No plan yet: trial support",
        )
        self.assertEqual(
            card.xpath(
                "normalize-space(//dt[normalize-space()='Points available']"
                "/following-sibling::dd[1])"
            ),
            "0",
        )
        self.assertFalse(
            card.xpath("//dt[normalize-space()='Prepaid hours available']"),
            "no hour block bought",
        )
        self.env["support.lot"]._credit(
            self.customer, "minute", 150, "grant", "Ten hours, minus some"
        )
        self.env.invalidate_all()
        card = html.fromstring(self.contact_ann.with_user(self.agent).support_card_html)
        self.assertEqual(
            card.xpath(
                "normalize-space(//dt[normalize-space()='Prepaid hours available']"
                "/following-sibling::dd[1])"
            ),
            "02:30",
        )
        self.assertEqual(partner.support_onboarding_phase, "Data")

    def test_customer_card_shows_plan_and_balances_of_entitlements(self):
        northwind = self.env.ref("support_entitlements.partner_northwind")
        plan = northwind._get_support_plan()
        self.assertTrue(plan, "the demo customer has a plan")
        agent = self.env.ref("support_entitlements.user_support_agent")
        card = html.fromstring(northwind.with_user(agent).support_card_html)
        self.assertIn(
            plan.name,
            card.xpath("normalize-space(//dd[hasclass('o_support_card_plan')])"),
        )
        lines = dict(northwind._support_card_balances())
        self.assertEqual(
            lines["Points available"],
            northwind._get_support_balances()["available"],
        )
        self.assertGreater(lines["Points available"], 0)

    def test_agent_adds_an_item_from_the_project_form(self):
        design = self._phase("design")
        with Form(self.project.with_user(self.agent)) as form:
            with form.item_ids.new() as line:
                line.phase_id = design
                line.name = "Colour palette chosen"
                line.owner_type = "customer"
        item = self._item("Colour palette chosen")
        self.assertEqual(item.phase_id, design)
        self.assertEqual(item.project_id, self.project)
        self.assertEqual(design.item_count, 2)

    def test_agents_of_another_company_do_not_see_the_project(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        outsider = new_test_user(
            self.env,
            login="room-outsider",
            groups="base.group_user,support_entitlements.group_support_agent",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        for model in (
            "support.project",
            "support.project.phase",
            "support.checklist.item",
        ):
            self.assertFalse(
                self.env[model]
                .with_user(outsider)
                .search([("partner_id", "=", self.customer.id)]),
                model,
            )
        self.assertTrue(
            self.env["support.project"]
            .with_user(self.agent)
            .search([("partner_id", "=", self.customer.id)])
        )
