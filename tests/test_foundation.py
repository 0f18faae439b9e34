"""The three addons install together, the portal and the helpdesk open."""

import json

from lxml import html

from odoo.tests import HttpCase, TransactionCase

ADDONS = ("support_entitlements", "support_chatroom", "support_reports")


class TestInstalled(TransactionCase):
    def test_addons_installed_together_with_demo(self):
        modules = self.env["ir.module.module"].search([("name", "in", ADDONS)])
        self.assertEqual(sorted(modules.mapped("name")), sorted(ADDONS))
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        self.assertTrue(all(modules.mapped("demo")), "the test database has demo data")
        customer = self.env.ref("support_entitlements.user_portal_mia")
        self.assertTrue(customer.has_group("base.group_portal"))
        self.assertEqual(
            customer.commercial_partner_id,
            self.env.ref("support_entitlements.partner_northwind"),
        )


class TestFoundationPages(HttpCase):
    def test_portal_home_renders_for_demo_customer(self):
        self.authenticate("customer", "customer")
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.content)
        self.assertEqual(len(page.xpath("//div[hasclass('o_portal_my_home')]")), 1)
        ticket_links = page.xpath(
            "//div[hasclass('o_portal_index_card')]//a[@href='/my/tickets']"
        )
        self.assertEqual(
            len(ticket_links), 1, "the helpdesk card is on the portal home"
        )
        details = " ".join(page.xpath("//*[hasclass('o_portal_my_details')]//text()"))
        self.assertIn("mia.novak@northwind.example.com", details)
        self.assertTrue(
            page.xpath("//header//*[normalize-space(text())='Mia Novak']"),
            "signed in as Mia",
        )

    def test_portal_tickets_lists_only_own_company(self):
        self.authenticate("customer", "customer")
        response = self.url_open("/my/tickets")
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.content)
        titles = {a.text_content().strip() for a in page.xpath("//table//a")}
        self.assertIn("Checkout page returns an error", titles)
        self.assertNotIn("Product import stops at line 200", titles)

    def test_internal_user_opens_helpdesk_menu(self):
        self.authenticate("agent", "agent")
        response = self.url_open("/web/webclient/load_menus/1")
        self.assertEqual(response.status_code, 200)
        menus = json.loads(response.content)
        helpdesk = self.env.ref("helpdesk_mgmt.helpdesk_ticket_main_menu")
        self.assertIn(str(helpdesk.id), menus)
        self.assertEqual(menus[str(helpdesk.id)]["name"], "Helpdesk")
        response = self.url_open("/odoo/action-helpdesk_mgmt.helpdesk_ticket_action")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(
            html.fromstring(response.content).xpath(
                "//script[contains(., 'odoo.__session_info__')]"
            )
        )

    def test_portal_home_tour(self):
        self.start_tour("/my", "support_portal_home", login="customer")
