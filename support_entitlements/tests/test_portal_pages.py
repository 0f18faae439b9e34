# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import io
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

from lxml import html

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .common import SupportCase


class PortalPagesCase(HttpCase, SupportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan.pack_product_ids = [Command.set([cls.pack_100.id, cls.block_6h.id])]
        cls._subscribe(cls.customer)
        cls.portal_user.password = "ada-portal-1"
        cls.other_portal_user.password = "otto-portal-1"

    def _page(self, url):
        """The page's tree, without the column names that only a phone
        shows inside each cell (``span.o_support_label``), so that a cell
        reads as its value."""
        response = self.url_open(url)
        page = html.fromstring(response.content)
        self.assertEqual(response.status_code, 200, page.text_content()[-600:])
        for label in page.xpath("//span[hasclass('o_support_label')]"):
            label.drop_tree()
        return page

    def _count_queries(self, url):
        """Queries of one request to ``url``, its caches warm."""
        self.url_open(url)
        self.env.flush_all()
        before = self.cr.sql_log_count
        self.assertEqual(self.url_open(url).status_code, 200)
        return self.cr.sql_log_count - before

    @staticmethod
    def _texts(page, css_class):
        return [
            " ".join(node.text_content().split())
            for node in page.xpath(f"//*[hasclass('{css_class}')]")
        ]

    def _grant(self, partner, count, quantity=1, date=None):
        """``count`` grants of ``quantity`` points, posted in one go."""
        self.Movement._post(
            [
                {
                    "company_id": self.company.id,
                    "partner_id": partner.id,
                    "unit": "point",
                    "kind": "grant",
                    "quantity": quantity,
                    "reason": f"Goodwill {index}",
                    **({"date": date} if date else {}),
                }
                for index in range(count)
            ]
        )


@tagged("post_install", "-at_install")
class TestPortalSupportPage(PortalPagesCase):
    def test_balances_of_the_customer(self):
        self._sell(self.customer, self.pack_100)
        # bought four months ago, valid six: expires within 90 days, not 30
        self._sell(self.customer, self.pack_40, purchase_date=self._months_ago(4))
        self._sell(self.customer, self.block_6h)
        self.authenticate("ada", "ada-portal-1")
        page = self._page("/my/support")
        self.assertEqual(self._texts(page, "support_plan_name"), ["Test plan"])
        self.assertEqual(self._texts(page, "support_points_available"), ["140"])
        self.assertEqual(self._texts(page, "support_points_captured"), ["0"])
        self.assertEqual(self._texts(page, "support_points_expiring_30"), ["0"])
        self.assertEqual(self._texts(page, "support_points_expiring_90"), ["40"])
        self.assertEqual(self._texts(page, "support_minutes_available"), ["06:00"])
        self.assertEqual(self._texts(page, "support_block_left"), ["06:00"])
        lot = self.env["support.lot"].search(
            [("partner_id", "=", self.customer.id), ("unit", "=", "minute")]
        )
        self.assertEqual(
            self._texts(page, "support_block_expiry"),
            [lot.date_expiry.strftime("%m/%d/%Y")],
            "dates in the user's language format",
        )
        self.assertFalse(page.xpath("//*[hasclass('support_low_balance')]"))

    def test_another_customer_sees_only_their_own_balances(self):
        self._sell(self.customer, self.pack_100)
        self._sell(self.customer, self.block_6h)
        self.authenticate("otto", "otto-portal-1")
        page = self._page("/my/support")
        self.assertEqual(self._texts(page, "support_points_available"), ["0"])
        self.assertFalse(page.xpath("//tr[hasclass('support_block')]"))
        self.assertTrue(page.xpath("//*[hasclass('support_no_plan')]"))

    def test_the_banner_and_the_notice_follow_one_renewal_rule(self):
        """Both measure the threshold on the last block bought: a large older
        block left over does not raise the banner while no notice is sent."""
        self.plan.write({"renewal_threshold_percent": 100, "billable_share": 100})
        block_1h = self.env["product.product"].create(
            {
                "name": "Support, 1-hour block",
                "type": "service",
                "support_grant_type": "hours",
                "support_quantity": 1,
            }
        )
        self._sell(self.customer, self.pack_100)  # points are not low
        self._sell(self.customer, self.block_6h)
        self._sell(self.customer, block_1h)
        subscription = self.customer._get_support_subscription()
        ticket = self._ticket(self.cat_free)
        self.authenticate("ada", "ada-portal-1")
        # 420 minutes; the last block's 60 are the threshold, not the 6 hours'
        for logged, left, due in ((220, 200, False), (160, 40, True)):
            self._log(ticket, logged)
            self.assertEqual(self._minutes_left(), left)
            page = self._page("/my/support")
            banner = bool(page.xpath("//*[hasclass('support_low_balance')]"))
            self.assertEqual(banner, due, f"banner at {left} minutes left")
            self.assertEqual(
                bool(subscription.renewal_order_id), due, f"notice at {left}"
            )
        self.assertEqual(subscription.renewal_order_id.order_line.product_id, block_1h)

    def _promises(self):
        page = self._page("/my/support")
        return [
            " ".join(item.text_content().split())
            for item in page.xpath("//ul[hasclass('support_sla_promises')]/li")
        ]

    def test_the_promise_is_the_policy_that_governs_the_tickets(self):
        default = self.env.company.support_sla_policy_id
        self.assertFalse(self.plan.sla_policy_id)
        self.assertTrue(default.target_ids.clause_ids, "the demo's company default")
        ticket = self._ticket(self.cat_free)
        self.assertEqual(ticket.sla_policy_id, default)
        self.authenticate("ada", "ada-portal-1")
        promises = self._promises()
        self.assertTrue(promises, "the company default is promised")
        for target in default.target_ids.filtered("clause_ids"):
            self.assertIn(target.summary, " ".join(promises))

        calendar = self.env.company.resource_calendar_id
        own = self.env["support.sla.policy"].create(
            {
                "name": "One business day",
                "calendar_id": calendar.id,
                "target_ids": [
                    Command.create(
                        {
                            "severity_id": default.target_ids[:1].severity_id.id,
                            "kind": "first_response",
                            "clause_ids": [
                                Command.create({"hours": 8, "calendar_id": calendar.id})
                            ],
                        }
                    )
                ],
            }
        )
        self.plan.sla_policy_id = own
        promises = self._promises()
        self.assertEqual(len(promises), 1)
        self.assertIn(own.target_ids.summary, promises[0])

    def test_low_balance_offers_to_renew(self):
        self.plan.renewal_threshold_minutes = 120
        self._sell(self.customer, self.pack_100)
        self.authenticate("ada", "ada-portal-1")
        page = self._page("/my/support")
        self.assertTrue(page.xpath("//*[hasclass('support_low_balance')]"))
        options = page.xpath("//form[hasclass('support_renew')]//option/@value")
        self.assertEqual(
            sorted(options), sorted([str(self.pack_100.id), str(self.block_6h.id)])
        )

    def test_home_links_to_the_support_page_with_a_counter(self):
        self._sell(self.customer, self.pack_100)
        self._sell(self.customer, self.block_6h)
        self.authenticate("ada", "ada-portal-1")
        page = self._page("/my")
        self.assertTrue(
            page.xpath("//div[hasclass('o_portal_index_card')]/a[@href='/my/support']")
        )
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["support_lot_count"]}
        )
        self.assertEqual(counters["support_lot_count"], 2)
        self.authenticate("otto", "otto-portal-1")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["support_lot_count"]}
        )
        self.assertEqual(counters["support_lot_count"], 0)

    def test_page_needs_a_signed_in_user(self):
        response = self.url_open("/my/support", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])


@tagged("post_install", "-at_install")
class TestPortalStatement(PortalPagesCase):
    def test_three_parts(self):
        self._sell(self.customer, self.pack_100)
        in_progress = self._ticket(self.cat_fixed)
        in_progress.action_approve_cost()
        resolved = self._ticket(self.cat_fixed, name="Done")
        resolved.action_approve_cost()
        resolved.stage_id = self.stage_done
        self.assertEqual(resolved.points_deducted, 25)
        self.authenticate("ada", "ada-portal-1")
        page = self._page("/my/support/statement")
        self.assertEqual(
            [
                row.xpath("td[hasclass('support_quantity')]")[0].text_content()
                for row in page.xpath("//tr[hasclass('support_modification')]")
            ],
            ["100"],
        )
        self.assertEqual(
            self._texts(page, "support_source"), [self.customer.sale_order_ids.name]
        )
        self.assertEqual(
            page.xpath("//tr[hasclass('support_in_progress')]//a/@href"),
            [f"/my/ticket/{in_progress.id}"],
        )
        self.assertEqual(
            page.xpath("//tr[hasclass('support_resolved')]//a/@href"),
            [f"/my/ticket/{resolved.id}"],
        )
        self.assertEqual(
            page.xpath(
                "//tr[hasclass('support_resolved')]"
                "/td[hasclass('support_quantity')]/span/text()"
            ),
            ["25"],
        )

    def test_free_and_ranged_tickets_say_their_price(self):
        """A go-live ticket is on the statement as free, with the reason; a
        ranged price reads as its range until it is final."""
        self._sell(self.customer, self.pack_100)
        self.customer.support_go_live_date = fields.Datetime.now() - timedelta(hours=5)
        free = self._ticket(self.cat_fixed, name="After go-live")
        free.stage_id = self.stage_done
        self.customer.support_go_live_date = fields.Datetime.now() - timedelta(days=9)
        ranged = self._ticket(
            self.cat_from.copy(
                {"name": "Ranged", "points_price": 40, "points_price_max": 60}
            )
        )
        ranged.action_approve_cost()
        self.authenticate("ada", "ada-portal-1")
        page = self._page("/my/support/statement")
        in_progress = page.xpath("//tr[hasclass('support_in_progress')]")
        self.assertEqual(
            [
                row.xpath("td[hasclass('support_price')]")[0].text_content()
                for row in in_progress
            ],
            ["40–60 points"],
        )
        resolved = page.xpath("//tr[hasclass('support_resolved')]")
        self.assertEqual(
            [
                (
                    row.xpath(".//a/@href")[0],
                    row.xpath("td[hasclass('support_price')]")[0].text_content(),
                    row.xpath("td[hasclass('support_quantity')]")[0].text_content(),
                )
                for row in resolved
            ],
            [(f"/my/ticket/{free.id}", "Free: opened within the go-live window", "0")],
        )
        ticket_page = self._page(f"/my/ticket/{ranged.id}")
        self.assertEqual(
            self._texts(ticket_page, "support_points_cost"), ["40–60 points"]
        )
        free_page = self._page(f"/my/ticket/{free.id}")
        self.assertEqual(
            self._texts(free_page, "support_points_cost"),
            ["Free: opened within the go-live window"],
        )

    def test_another_customer_sees_none_of_it(self):
        self._sell(self.customer, self.pack_100)
        self._ticket(self.cat_fixed).action_approve_cost()
        self.authenticate("otto", "otto-portal-1")
        page = self._page("/my/support/statement")
        self.assertFalse(page.xpath("//tr[hasclass('support_modification')]"))
        self.assertFalse(page.xpath("//tr[hasclass('support_in_progress')]"))
        response = self.url_open("/my/support/statement.csv")
        rows = list(csv.reader(io.StringIO(response.text)))
        self.assertEqual(len(rows), 1, "the header alone")

    def test_pages_and_period(self):
        self._grant(self.customer, 45)
        self.authenticate("ada", "ada-portal-1")
        page = self._page("/my/support/statement")
        self.assertEqual(len(page.xpath("//tr[hasclass('support_modification')]")), 20)
        last_page = page.xpath(
            "//section[hasclass('support_part_modifications')]"
            "//ul[hasclass('pagination')]//a[text()='3']/@href"
        )
        self.assertEqual(len(last_page), 1)
        self.assertTrue(last_page[0].startswith("/my/support/statement/page/3?"))
        page = self._page(last_page[0])
        self.assertEqual(len(page.xpath("//tr[hasclass('support_modification')]")), 5)
        self.assertEqual(self._texts(page, "support_source")[-1], "Goodwill 0")
        page = self._page("/my/support/statement?filterby=last_year")
        self.assertFalse(page.xpath("//tr[hasclass('support_modification')]"))

    def test_csv(self):
        self._sell(self.customer, self.pack_100)
        self._ticket(self.cat_fixed).action_approve_cost()
        self.authenticate("ada", "ada-portal-1")
        page = self._page("/my/support/statement")
        link = page.xpath("//a[hasclass('support_statement_csv')]/@href")[0]
        self.assertEqual(urlparse(link).path, "/my/support/statement.csv")
        self.assertEqual(parse_qs(urlparse(link).query), {"filterby": ["all"]})
        response = self.url_open(link)
        self.assertEqual(response.headers["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.reader(io.StringIO(response.text)))
        self.assertEqual([row[-1] for row in rows[1:]], ["100", "-25"])
        self.assertEqual(rows[1][3], self.customer.sale_order_ids.name)

    def test_query_count_does_not_grow_with_history(self):
        self._sell(self.customer, self.pack_100)
        self._ticket(self.cat_fixed).action_approve_cost()
        self._grant(self.customer, 10)
        self.authenticate("ada", "ada-portal-1")
        urls = ["/my/support", "/my/support/statement"]
        small = [self._count_queries(url) for url in urls]
        # an older history: the first page shows the same rows, plus a pager
        self._grant(
            self.customer, 990, date=fields.Datetime.now() - timedelta(days=400)
        )
        self.assertEqual([self._count_queries(url) for url in urls], small)


@tagged("post_install", "-at_install")
class TestPortalRenewal(PortalPagesCase):
    def _csrf(self):
        page = self._page("/my/support")
        return page.xpath(
            "//form[hasclass('support_renew')]//input[@name='csrf_token']/@value"
        )[0]

    def _renew(self, product, token):
        return self.url_open(
            "/my/support/renew",
            data={"product_id": product.id, "csrf_token": token},
            allow_redirects=False,
        )

    def test_request_a_quotation_once(self):
        self.authenticate("ada", "ada-portal-1")
        token = self._csrf()
        response = self._renew(self.block_6h, token)
        self.assertEqual(response.status_code, 303)
        order = self.env["sale.order"].search([("partner_id", "=", self.contact.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.order_line.product_id, self.block_6h)
        location = urlparse(response.headers["Location"])
        self.assertEqual(location.path, f"/my/orders/{order.id}")
        self.assertEqual(parse_qs(location.query)["access_token"], [order.access_token])
        self.assertEqual(
            self._renew(self.block_6h, token).headers["Location"],
            response.headers["Location"],
        )
        self.assertEqual(
            self.env["sale.order"].search_count([("partner_id", "=", self.contact.id)]),
            1,
        )
        self.assertEqual(self.url_open(response.headers["Location"]).status_code, 200)

    def test_only_a_product_of_the_plan(self):
        self.authenticate("ada", "ada-portal-1")
        response = self._renew(self.licence, self._csrf())
        self.assertEqual(response.status_code, 404)
        self.assertFalse(
            self.env["sale.order"].search([("partner_id", "=", self.contact.id)])
        )

    def test_needs_csrf_and_a_plan(self):
        self.authenticate("ada", "ada-portal-1")
        self.assertEqual(self._renew(self.block_6h, "forged").status_code, 400)
        self.authenticate("otto", "otto-portal-1")
        page = self._page("/my/support")
        self.assertFalse(page.xpath("//form[hasclass('support_renew')]"))
        # any valid token of Otto's session: the page's own script carries it
        token = re.search(
            r'csrf_token: "([^"]+)"', self.url_open("/my/support").text
        ).group(1)
        response = self._renew(self.block_6h, token)
        self.assertEqual(response.status_code, 404)
        self.assertFalse(
            self.env["sale.order"].search([("partner_id", "=", self.other_contact.id)])
        )


@tagged("post_install", "-at_install")
class TestPortalTicketDispute(PortalPagesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._sell(cls.customer, cls.pack_100)
        cls.team.user_id = cls.manager

    def _dispute(self, ticket, token, reason="A bug of yours"):
        return self.url_open(
            f"/my/ticket/{ticket.id}/dispute-cost",
            data={"csrf_token": token, "reason": reason},
            allow_redirects=False,
        )

    def _activities(self, ticket):
        return self.env["mail.activity"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )

    def test_ticket_figures(self):
        ticket = self._ticket(self.cat_fixed)
        ticket.action_approve_cost()
        self.authenticate("ada", "ada-portal-1")
        page = self._page(f"/my/ticket/{ticket.id}")
        self.assertEqual(
            self._texts(page, "support_price"),
            [ticket.category_id.points_price_display],
        )
        self.assertEqual(self._texts(page, "support_points_estimate"), ["25"])
        self.assertEqual(
            page.xpath("//dd[hasclass('support_points_captured')]/span/text()"),
            ["25"],
        )
        self.assertEqual(self._texts(page, "support_points_deducted"), ["0"])

    def test_dispute_notifies_the_manager_once(self):
        ticket = self._ticket(self.cat_fixed)
        self.authenticate("ada", "ada-portal-1")
        page = self._page(f"/my/ticket/{ticket.id}")
        form = page.xpath("//form[hasclass('support_dispute_cost')]")[0]
        self.assertEqual(form.get("action"), f"/my/ticket/{ticket.id}/dispute-cost")
        token = form.xpath(".//input[@name='csrf_token']/@value")[0]
        response = self._dispute(ticket, token)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(ticket.cost_dispute_reason, "A bug of yours")
        activity = self._activities(ticket)
        self.assertEqual(activity.user_id, self.manager)
        self._dispute(ticket, token, reason="Again")
        self.assertEqual(self._activities(ticket), activity, "one dispute at a time")
        self.assertEqual(ticket.cost_dispute_reason, "A bug of yours")
        page = self._page(f"/my/ticket/{ticket.id}")
        self.assertFalse(page.xpath("//form[hasclass('support_dispute_cost')]"))
        self.assertTrue(page.xpath("//*[hasclass('support_dispute_open')]"))

    def test_dispute_needs_a_reason_and_csrf(self):
        ticket = self._ticket(self.cat_fixed)
        self.authenticate("ada", "ada-portal-1")
        token = self._page(f"/my/ticket/{ticket.id}").xpath(
            "//form[hasclass('support_dispute_cost')]//input[@name='csrf_token']/@value"
        )[0]
        self.assertEqual(self._dispute(ticket, "forged").status_code, 400)
        response = self._dispute(ticket, token, reason="  ")
        self.assertEqual(response.status_code, 303)
        page = self._page(response.headers["Location"])
        self.assertEqual(
            page.xpath("normalize-space(//div[hasclass('support_points_error')])"),
            "Tell us why the cost seems wrong to you.",
        )
        self.assertFalse(ticket.cost_dispute_date)
        self.assertFalse(self._activities(ticket))

    def test_another_customer_cannot_dispute(self):
        ticket = self._ticket(self.cat_fixed)
        self.authenticate("otto", "otto-portal-1")
        own = self._ticket(self.cat_fixed, contact=self.other_contact)
        token = self._page(f"/my/ticket/{own.id}").xpath(
            "//form[hasclass('support_dispute_cost')]//input[@name='csrf_token']/@value"
        )[0]
        self.assertEqual(self._dispute(ticket, token).status_code, 404)
        self.assertFalse(ticket.cost_dispute_date)
        self.assertFalse(self._activities(ticket))


@tagged("post_install", "-at_install")
class TestPortalTour(HttpCase):
    def test_customer_tour(self):
        ticket = self.env.ref("support_entitlements.ticket_northwind_shipping")
        self.assertEqual(ticket.points_cost_state, "to_approve")
        customer = self.env.ref("support_entitlements.partner_northwind")
        orders = self.env["sale.order"].search(
            [("partner_id", "child_of", customer.id)]
        )
        self.start_tour("/my", "support_portal_balances", login="customer")
        self.assertTrue(ticket.cost_approved_date)
        quotation = (
            self.env["sale.order"].search([("partner_id", "child_of", customer.id)])
            - orders
        )
        self.assertEqual(quotation.state, "draft")
        self.assertTrue(quotation.order_line.product_id)

    def test_hour_blocks_tour(self):
        customer = self.env.ref("support_entitlements.partner_bluefin")
        self.assertTrue(
            self.env["account.analytic.line"].search_count(
                [("ticket_id.commercial_partner_id", "=", customer.id)]
            ),
            "the demo customer has time logged on their tickets",
        )
        self.start_tour("/my/support", "support_portal_time", login="customer2")
