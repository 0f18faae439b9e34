"""One customer, one balance: every page, report, alert and digest that says
what is left says the same, while a lot is past its date and the expiry job
has not run yet, and after it ran.
"""

from dateutil.relativedelta import relativedelta
from lxml import html

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import format_duration

from odoo.addons.support_entitlements.tests.common import SupportCase


@tagged("post_install", "-at_install")
class TestOneBalance(HttpCase, SupportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user.password = "ada-portal-1"
        cls.plan.renewal_threshold_minutes = 120
        cls.subscription = cls._subscribe(cls.customer)
        today = fields.Date.today()
        # past their date, the expiry job not run: 100 points, 6 hours
        cls._sell(
            cls.customer, cls.pack_100, purchase_date=today - relativedelta(months=25)
        )
        cls._sell(
            cls.customer, cls.block_6h, purchase_date=today - relativedelta(months=13)
        )
        # what is really left: 40 points, and 1 hour of a new block
        cls._sell(cls.customer, cls.pack_40)
        cls._sell(cls.customer, cls.block_6h)
        ticket = cls._ticket(cls, cls.cat_free)
        cls._log(cls, ticket, 300)
        company = cls.env.company
        company.support_digest_low_points = 50
        company.support_digest_low_minutes = 90

    def _page(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        page = html.fromstring(response.content)
        for label in page.xpath("//span[hasclass('o_support_label')]"):
            label.drop_tree()
        return page

    @staticmethod
    def _texts(page, css_class):
        return [
            " ".join(node.text_content().split())
            for node in page.xpath(f"//*[hasclass('{css_class}')]")
        ]

    def _figures(self):
        """(points left, minutes left) as each reader tells them."""
        customer, company = self.customer, self.env.company
        figures = {}
        balances = self.env["support.movement"]._get_balances
        figures["method"] = (
            balances(customer, "point", 30, company)[customer.id]["available"],
            format_duration(
                balances(customer, "minute", 30, company)[customer.id]["available"] / 60
            ),
        )
        self.authenticate("ada", "ada-portal-1")
        page = self._page("/my/support")
        figures["/my/support"] = (
            int(self._texts(page, "support_points_available")[0]),
            self._texts(page, "support_minutes_available")[0],
        )
        self.assertTrue(
            page.xpath("//div[hasclass('support_low_balance')]"),
            "below the plan's 2 hours: the banner asks to renew",
        )
        time_page = self._page("/my/support/time")
        remaining = [
            sum(
                int(hours) * 60 + int(minutes)
                for hours, minutes in (
                    text.split(":")
                    for text in self._texts(time_page, "support_block_remaining")
                )
            )
        ]
        figures["/my/support/time"] = (
            figures["method"][0],
            format_duration(remaining[0] / 60),
        )
        statement = self.env["support.statement"]._get_or_create(
            customer, fields.Date.today().replace(day=1), fields.Date.today()
        )
        totals = statement._get_report_data()["totals"]
        figures["statement"] = (
            totals["point"]["closing"],
            format_duration(totals["minute"]["closing"] / 60),
        )
        customer.invalidate_recordset()
        figures["customer card"] = (
            customer.support_points_available,
            customer.support_time_available,
        )
        digest = self.env["support.digest"]._get_digest_data("weekly", company)
        low = {unit: left for who, unit, left in digest["low"] if who == customer}
        figures["digest"] = (
            low["point"],
            format_duration(low["minute"] / 60),
        )
        return figures

    def test_every_reader_says_the_same(self):
        before = self._figures()
        self.assertEqual(before["method"], (40, "01:00"))
        for reader, figures in before.items():
            self.assertEqual(figures, before["method"], reader)
        self.assertTrue(
            self.subscription.renewal_order_id,
            "the renewal notice went out on the same figure",
        )
        self.env["support.lot"]._cron_expire_lots()
        after = self._figures()
        for reader, figures in after.items():
            self.assertEqual(figures, before["method"], f"{reader}, after the job")
