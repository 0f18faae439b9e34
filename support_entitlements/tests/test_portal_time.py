# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import io
import re
from datetime import timedelta
from urllib.parse import urlparse

from lxml import html

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .test_portal_pages import PortalPagesCase


class PortalTimeCase(PortalPagesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan.write({"billable_share": 75, "rounding_minutes": 5})

    def _history(self):
        """The tracking report's sequence: 6 h bought, four entries, one of
        them not charged, one corrected afterwards."""
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_free)
        self._log(ticket, 40, name="Diagnosis")  # 75 % of 40 = 30
        second = self._log(ticket, 25, name="Fix")  # 18.75 -> 20
        self._log(ticket, 60, name="Shop tour", support_billing="presales")
        self._log(ticket, 90, name="Upgrade")  # 67.5 -> 70
        second.unit_amount = 45 / 60  # 33.75 -> 35
        return ticket

    def test_a_block_past_its_date_is_expired_on_every_page(self):
        """Before the expiry job has run, what is left on a block past its
        date is gone on every page, as the one balance method says."""
        self._sell(self.customer, self.block_6h, purchase_date=self._months_ago(13))
        self._sell(self.customer, self.block_6h)
        self.assertFalse(
            self.Movement.search(
                [("partner_id", "=", self.customer.id), ("kind", "=", "expiry")]
            ),
            "the expiry job has not run",
        )
        self.assertEqual(self._minutes_left(), 360)
        self.assertEqual(self.customer.support_minutes_available, 360)
        blocks = self.env[
            "report.support_entitlements.report_support_time"
        ]._get_block_totals(self.customer, self.env.company)
        past = [b for b in blocks if b["date_expiry"] < self.today]
        self.assertEqual([(b["remaining"], b["expired"]) for b in past], [(0, 360)])
        self.assertEqual(sum(b["remaining"] for b in blocks), 360)
        self.authenticate("ada", "ada-portal-1")
        support = self._page("/my/support")
        self.assertEqual(self._texts(support, "support_block_left"), ["06:00"])
        tracking = self._page("/my/support/time")
        self.assertEqual(
            sorted(self._texts(tracking, "support_block_remaining")), ["00:00", "06:00"]
        )

    def _rows(self, page):
        return [
            {
                name: " ".join(
                    row.xpath(f"td[hasclass('support_time_{name}')]")[0]
                    .text_content()
                    .split()
                )
                for name in ("ticket", "who", "logged", "charged", "balance")
            }
            | {
                "reason": " ".join(
                    " ".join(node.text_content().split())
                    for node in row.xpath(".//*[hasclass('support_time_reason')]")
                )
            }
            for row in page.xpath("//tr[hasclass('support_time_line')]")
        ]


@tagged("post_install", "-at_install")
class TestPortalTimeReport(PortalTimeCase):
    def test_lines_with_the_time_left_after_each(self):
        ticket = self._history()
        self.authenticate("ada", "ada-portal-1")
        page = self._page("/my/support")
        self.assertEqual(
            page.xpath("//a[hasclass('support_time_link')]/@href"), ["/my/support/time"]
        )
        page = self._page("/my/support/time")
        rows = self._rows(page)
        # newest first; the block's credit is the oldest line
        self.assertEqual(
            [(row["logged"], row["charged"], row["balance"]) for row in rows],
            [
                ("01:30", "01:10", "03:45"),
                ("01:00", "00:00", "04:55"),
                ("00:45", "00:35", "04:55"),
                ("00:40", "00:30", "05:30"),
                ("", "06:00", "06:00"),
            ],
        )
        self.assertEqual(rows[0]["ticket"], ticket.number)
        self.assertEqual(rows[0]["who"], "Agent T")
        self.assertEqual(rows[1]["reason"], "Not charged: pre-sales question")
        self.assertEqual(
            [row["reason"] for row in rows if row["reason"]], [rows[1]["reason"]]
        )
        self.assertEqual(
            page.xpath(
                "//tr[hasclass('support_time_line')][1]"
                "/td[hasclass('support_time_ticket')]/a/@href"
            ),
            [f"/my/ticket/{ticket.id}"],
        )
        block = page.xpath("//tr[hasclass('support_time_block')]")
        self.assertEqual(len(block), 1)
        self.assertEqual(
            [
                block[0].xpath(f"td[hasclass('support_block_{name}')]")[0].text
                for name in ("credited", "used", "expired", "remaining")
            ],
            ["06:00", "02:15", "00:00", "03:45"],
            "totals of the block",
        )

    def test_period_keeps_the_running_balance(self):
        ticket = self._history()
        # an entry logged with a date of last year: 75 % of 60 = 45
        last_year = self.today.replace(month=1, day=1) - timedelta(days=100)
        self._log(ticket, 60, date=last_year)
        self.authenticate("ada", "ada-portal-1")
        page = self._page("/my/support/time?filterby=last_30")
        rows = self._rows(page)
        self.assertEqual(len(rows), 5, "the old entry is out of the period")
        self.assertEqual(rows[0]["balance"], "03:00", "but its time still counts")
        # last year holds that entry alone, before any block was bought
        page = self._page("/my/support/time?filterby=last_year")
        self.assertEqual(
            [(row["charged"], row["balance"]) for row in self._rows(page)],
            [("00:45", "-00:45")],
        )
        self._grant(self.customer, 1)  # points only: no line here
        page = self._page("/my/support/time?filterby=last_90&page=1")
        self.assertEqual(len(self._rows(page)), 5)

    def test_pages(self):
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_free)
        for _index in range(55):
            self._log(ticket, 1, support_billing="presales")
        self.authenticate("ada", "ada-portal-1")
        page = self._page("/my/support/time")
        self.assertEqual(len(self._rows(page)), 50)
        second = page.xpath("//ul[hasclass('pagination')]//a[text()='2']/@href")
        self.assertTrue(second[0].startswith("/my/support/time/page/2"))
        rows = self._rows(self._page(second[0]))
        self.assertEqual(len(rows), 6)
        self.assertEqual(rows[-1]["charged"], "06:00", "the purchase, last")

    def test_csv_oldest_first(self):
        self._history()
        self.authenticate("ada", "ada-portal-1")
        page = self._page("/my/support/time")
        link = page.xpath("//a[hasclass('support_time_csv')]/@href")[0]
        self.assertEqual(urlparse(link).path, "/my/support/time.csv")
        response = self.url_open(link)
        self.assertEqual(response.headers["Content-Type"], "text/csv; charset=utf-8")
        rows = list(csv.reader(io.StringIO(response.text)))
        header = rows[0]
        remaining = header.index("Remaining")
        reason = header.index("Reason not charged")
        self.assertEqual(
            [row[remaining] for row in rows[1:]],
            ["06:00", "05:30", "04:55", "04:55", "03:45"],
        )
        self.assertEqual(rows[4][reason], "Not charged: pre-sales question")
        self.assertEqual(rows[3][header.index("Time charged")], "00:35")

    def test_pdf_downloads(self):
        """In tests Odoo renders reports as HTML (no wkhtmltopdf): parse it."""
        self._history()
        self._sell(self.customer, self.pack_100)
        self.authenticate("ada", "ada-portal-1")
        page = self._page("/my/support/time")
        link = page.xpath("//a[hasclass('support_time_pdf')]/@href")[0]
        response = self.url_open(link)
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        report = html.fromstring(response.content)
        balances = report.xpath(
            "//table[hasclass('o_support_time_lines')]/tbody/tr/td[last()]/text()"
        )
        self.assertEqual(balances, ["06:00", "05:30", "04:55", "04:55", "03:45"])
        page = self._page("/my/support/statement")
        link = page.xpath("//a[hasclass('support_statement_pdf')]/@href")[0]
        report = html.fromstring(self.url_open(link).content)
        self.assertEqual(
            report.xpath(
                "//table[hasclass('o_support_modifications')]/tbody/tr/td[last()]"
                "/span/text()"
            ),
            ["100"],
        )

    def test_pdf_with_wkhtmltopdf(self):
        self._history()
        reports = self.env["ir.actions.report"].with_context(
            force_report_rendering=True
        )
        for ref in (
            "support_entitlements.action_report_support_time",
            "support_entitlements.action_report_support_statement",
        ):
            pdf, report_type = reports._render_qweb_pdf(ref, self.customer.ids)
            self.assertEqual(report_type, "pdf")
            self.assertTrue(pdf.startswith(b"%PDF"), ref)

    def test_another_customer_sees_none_of_it(self):
        self._history()
        self.authenticate("otto", "otto-portal-1")
        page = self._page("/my/support/time")
        self.assertFalse(self._rows(page))
        self.assertFalse(page.xpath("//tr[hasclass('support_time_block')]"))
        self.assertTrue(page.xpath("//*[hasclass('support_time_empty')]"))
        rows = list(csv.reader(io.StringIO(self.url_open("/my/support/time.csv").text)))
        self.assertEqual(len(rows), 1, "the header alone")
        # Odoo's generic report URL with Ada's customer: refused
        for name in ("report_support_time", "report_support_statement"):
            response = self.url_open(
                f"/report/html/support_entitlements.{name}/{self.customer.id}"
            )
            self.assertEqual(response.status_code, 403, name)

    def test_backend_print_is_for_the_support_team(self):
        self._history()
        reports = self.env["ir.actions.report"]
        html_report, _type = reports.with_user(self.agent)._render_qweb_html(
            "support_entitlements.action_report_support_time", self.customer.ids
        )
        balances = html.fromstring(html_report).xpath(
            "//table[hasclass('o_support_time_lines')]/tbody/tr/td[last()]/text()"
        )
        self.assertEqual(balances[-1], "03:45")
        with self.assertRaises(AccessError):
            reports.with_user(self.salesperson)._render_qweb_html(
                "support_entitlements.action_report_support_statement",
                self.customer.ids,
            )
        with self.assertRaises(AccessError):
            reports.with_user(self.portal_user)._render_qweb_html(
                "support_entitlements.action_report_support_time",
                self.other_customer.ids,
            )

    def test_query_count_does_not_grow_with_history(self):
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_free)
        for _index in range(10):
            self._log(ticket, 1)
        self.authenticate("ada", "ada-portal-1")
        small = self._count_queries("/my/support/time")
        for _index in range(90):
            self._log(ticket, 1, support_billing="presales")
        self.assertEqual(self._count_queries("/my/support/time"), small)


@tagged("post_install", "-at_install")
class TestPortalTicketTime(PortalTimeCase):
    def test_ticket_shows_time_charged_and_dates(self):
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_free)
        self._log(ticket, 40)  # 75 % of 40 = 30
        self._log(ticket, 25)  # 18.75 -> 20
        next_action = self.today + timedelta(days=2)
        deadline = self.today + timedelta(days=9)
        ticket.write(
            {
                "next_action_date": next_action,
                "scope_complete": True,
                "deadline_date": deadline,
            }
        )
        self.authenticate("ada", "ada-portal-1")
        page = self._page(f"/my/ticket/{ticket.id}")
        self.assertEqual(self._texts(page, "support_time_charged"), ["00:50"])
        self.assertEqual(
            page.xpath("//*[hasclass('o_portal_ticket_next_action')]/span/text()"),
            [next_action.strftime("%m/%d/%Y")],
        )
        self.assertEqual(
            page.xpath("//*[hasclass('o_portal_ticket_deadline')]/span/text()"),
            [deadline.strftime("%m/%d/%Y")],
        )


@tagged("post_install", "-at_install")
class TestPortalColleagues(PortalTimeCase):
    """The company decides whether a customer's contacts share its support."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.colleague = cls.env["res.partner"].create(
            {"name": "Cleo Acme", "parent_id": cls.customer.id}
        )
        cls.colleague_user = new_test_user(
            cls.env,
            login="cleo",
            password="cleo-portal-1",
            groups="base.group_portal",
            partner_id=cls.colleague.id,
        )
        cls.accounts = cls.env["res.partner"].create(
            {"name": "Acme accounts", "parent_id": cls.customer.id, "type": "invoice"}
        )
        new_test_user(
            cls.env,
            login="acc",
            password="acc-portal-1",
            groups="base.group_portal",
            partner_id=cls.accounts.id,
        )
        cls._sell(cls.customer, cls.pack_100)

    def _ticket_ids(self):
        page = self._page("/my/tickets")
        return {
            int(urlparse(href).path.rsplit("/", 1)[-1])
            for href in page.xpath("//a[starts-with(@href, '/my/ticket/')]/@href")
        }

    def test_colleagues_share_by_default(self):
        self.assertTrue(self.company.support_portal_colleagues)
        ticket = self._ticket(self.cat_fixed)
        self.authenticate("cleo", "cleo-portal-1")
        page = self._page("/my/support")
        self.assertEqual(self._texts(page, "support_points_available"), ["100"])
        self.assertEqual(self._ticket_ids(), {ticket.id})
        self.assertEqual(self.url_open(f"/my/ticket/{ticket.id}").status_code, 200)

    def test_each_contact_to_their_own(self):
        self.company.support_portal_colleagues = False
        ada_ticket = self._ticket(self.cat_fixed)
        cleo_ticket = self._ticket(self.cat_fixed, contact=self.colleague)
        self.authenticate("cleo", "cleo-portal-1")
        for url in ("/my/support", "/my/support/statement", "/my/support/time"):
            self.assertEqual(self.url_open(url).status_code, 404, url)
        self.assertEqual(self._ticket_ids(), {cleo_ticket.id})
        response = self.url_open(f"/my/ticket/{ada_ticket.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303, "not hers: back to /my")
        self.assertEqual(urlparse(response.headers["Location"]).path, "/my")
        cleo = self.env["helpdesk.ticket"].with_user(self.colleague_user)
        self.assertEqual(cleo.search([]), cleo_ticket)
        self.assertFalse(
            self.env["support.movement"].with_user(self.colleague_user).search([])
        )
        # the invoicing contact still reads the balances
        self.authenticate("acc", "acc-portal-1")
        page = self._page("/my/support")
        self.assertEqual(self._texts(page, "support_points_available"), ["100"])
        # and turning sharing back on takes effect at once
        self.company.support_portal_colleagues = True
        self.assertEqual(cleo.search([]), ada_ticket | cleo_ticket)


@tagged("post_install", "-at_install")
class TestPortalTicketTokens(PortalTimeCase):
    """A shared ticket link works with its own token, and for nothing else."""

    def test_token_shows_that_ticket_only(self):
        ticket = self._ticket(self.cat_fixed)
        other = self._ticket(self.cat_fixed, contact=self.other_contact)
        ticket._portal_ensure_token()
        other._portal_ensure_token()
        page = self._page(f"/my/ticket/{ticket.id}?access_token={ticket.access_token}")
        self.assertEqual(self._texts(page, "support_points_estimate"), ["25"])
        for url in (
            f"/my/ticket/{other.id}?access_token={ticket.access_token}",
            f"/my/ticket/{other.id}?access_token=forged",
            f"/my/ticket/{other.id}",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertEqual(response.status_code, 303, url)
            self.assertEqual(urlparse(response.headers["Location"]).path, "/my")
        # a signed-in customer with another customer's token: no more
        self.authenticate("otto", "otto-portal-1")
        response = self.url_open(
            f"/my/ticket/{ticket.id}?access_token={other.access_token}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)

    def test_a_token_does_not_spend_points(self):
        self._sell(self.customer, self.pack_100)
        ticket = self._ticket(self.cat_fixed)
        ticket._portal_ensure_token()
        self.assertEqual(ticket.points_cost_state, "to_approve")
        page = self._page(f"/my/ticket/{ticket.id}?access_token={ticket.access_token}")
        self.assertFalse(page.xpath("//form[hasclass('support_approve_cost')]"))
        # a valid CSRF token of the visitor's session, so that only the
        # routes' need of a signed-in user stands in the way
        csrf = re.search(
            r'csrf_token: "([^"]+)"',
            self.url_open(
                f"/my/ticket/{ticket.id}?access_token={ticket.access_token}"
            ).text,
        ).group(1)
        for action in ("approve-cost", "dispute-cost"):
            response = self.url_open(
                f"/my/ticket/{ticket.id}/{action}",
                data={
                    "access_token": ticket.access_token,
                    "reason": "No",
                    "csrf_token": csrf,
                },
                allow_redirects=False,
            )
            self.assertIn(response.status_code, (303, 400), action)
            self.assertEqual(response.status_code, 303, action)
            self.assertIn("/web/login", response.headers["Location"], action)
        self.assertFalse(ticket.cost_approved_date)
        self.assertFalse(ticket.cost_dispute_date)
        self.assertEqual(self._balance()["captured"], 0)

    def test_support_pages_have_no_token_access(self):
        self._history()
        for url in (
            "/my/support",
            "/my/support/statement.csv",
            "/my/support/time.csv",
            "/my/support/time.pdf",
            "/my/support/statement.pdf",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertEqual(response.status_code, 303, url)
            self.assertIn("/web/login", response.headers["Location"])
