"""The suite's pages that only read are marked for Odoo's read replica, and
really only read.

Odoo runs a route whose ``readonly`` is true on ``db_replica_host`` when one
is set; in test mode it runs it in a READ ONLY transaction instead, so a page
that writes fails there and Odoo retries it on the primary with a warning.
tests/test_production.py runs the same pages on a real replica.
"""

import re
import time
from unittest.mock import patch

from werkzeug.routing import Map, Rule

from odoo.http import root
from odoo.tests import HttpCase
from odoo.tools import config

from odoo.addons.support_entitlements.controllers.replica import (
    SESSION_KEY,
    replica_allowed,
)


class TestReadOnlyPages(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.project = cls.env.ref("support_chatroom.project_northwind")
        cls.mia = cls.env.ref("support_entitlements.user_portal_mia")
        cls.statement = cls.env["support.statement"]._get_or_create(
            cls.env.ref("support_entitlements.partner_northwind"),
            cls.env.cr.now().date().replace(day=1),
            cls.env.cr.now().date(),
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Read replica: approve me",
                "description": "<p>x</p>",
                "partner_id": cls.mia.partner_id.id,
                "category_id": cls.env.ref("support_entitlements.category_level1").id,
            }
        )

    def _customer_pages(self):
        return [
            "/my/support",
            "/my/support/statement",
            "/my/support/statement/page/2?part=modifications",
            "/my/support/statement.csv?filterby=this_year",
            "/my/support/statement.pdf",
            "/my/support/time",
            "/my/support/time/page/2",
            "/my/support/time.csv",
            "/my/support/time.pdf",
            "/my/support-rooms",
            f"/my/support-rooms/{self.project.id}",
            "/my/support-faq?search=shipping",
        ]

    def _backend_pages(self):
        return [f"/support_reports/statement/{self.statement.id}/xlsx"]

    def test_pages_that_only_read_are_marked_for_the_replica(self):
        IrHttp = self.env["ir.http"]
        converters = IrHttp._get_converters()
        routes = Map(strict_slashes=False, converters=converters)
        for url, endpoint in IrHttp._generate_routing_rules(
            sorted(self.env.registry._init_modules), converters=converters
        ):
            # the suite's own routes (other converters need a request)
            if url.startswith(("/my/support", "/support_reports/")):
                routes.add(Rule(url, endpoint=endpoint))
        router = routes.bind("localhost")
        for url in self._customer_pages() + self._backend_pages():
            endpoint, _args = router.match(url.split("?")[0])
            with self.subTest(url=url):
                self.assertIs(endpoint.routing["readonly"], replica_allowed)

    def _get_all(self, urls):
        """Each page answers 200 in a read-only transaction: a write would
        make Odoo retry it on the primary, and log that it did."""
        with self.assertNoLogs("odoo.http", level="WARNING"):
            for url in urls:
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200, url)
                self.assertTrue(response.content, url)

    def test_customer_pages_write_nothing(self):
        self.authenticate("customer", "customer")
        self._get_all(self._customer_pages())

    def test_backend_downloads_write_nothing(self):
        self.authenticate("admin", "admin")
        self._get_all(self._backend_pages())
        response = self.url_open(self._backend_pages()[0])
        self.assertEqual(response.content[:2], b"PK", "an XLSX workbook")

    def test_backend_download_is_not_found_for_others(self):
        self.authenticate("customer2", "customer2")
        response = self.url_open(self._backend_pages()[0])
        self.assertEqual(response.status_code, 404)

    def _session(self):
        return root.session_store.get(self.session.sid)

    def _approve_on_the_portal(self):
        page = self.url_open(f"/my/ticket/{self.ticket.id}").text
        csrf_token = re.search(r'csrf_token: "([^"]+)"', page).group(1)
        return self.url_open(
            f"/my/ticket/{self.ticket.id}/approve-cost",
            data={"csrf_token": csrf_token},
        )

    def test_a_session_that_wrote_reads_from_the_primary(self):
        self.authenticate("customer", "customer")
        with patch.dict(config.options, {"db_replica_host": "127.0.0.1"}):
            self.url_open("/my/support")
            self.assertNotIn(SESSION_KEY, self._session(), "a GET writes nothing")
            before = time.time()
            response = self._approve_on_the_portal()
            self.assertEqual(response.status_code, 200)
        self.assertTrue(self.ticket.cost_approved_date)
        wrote_at = self._session()[SESSION_KEY]
        self.assertGreaterEqual(wrote_at, before)
        self.assertLessEqual(wrote_at, time.time())
        # tests/test_production.py shows the next page then runs on the primary

    def test_without_a_replica_the_session_is_left_alone(self):
        self.authenticate("customer", "customer")
        self.assertEqual(self._approve_on_the_portal().status_code, 200)
        self.assertTrue(self.ticket.cost_approved_date)
        self.assertNotIn(SESSION_KEY, self._session())
