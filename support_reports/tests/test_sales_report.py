# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo.tests import new_test_user, tagged

from odoo.addons.support_entitlements.tests.common import SupportCase


@tagged("post_install", "-at_install")
class TestSalesReport(SupportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Subscribed since yesterday: the analysis dates movements and orders
        # in UTC, which may still be yesterday in the user's time zone.
        cls.env["support.subscription"]._subscribe(
            cls.customer, cls.plan, date_start=cls.today - relativedelta(days=1)
        )
        cls.order_100 = cls.env["sale.order"].browse(
            cls._sell(cls.customer, cls.pack_100, user=cls.salesperson).id
        )
        # Sold eight months ago with a six-month validity: expired by now.
        cls.order_40 = cls._sell(
            cls.customer,
            cls.pack_40,
            purchase_date=cls.today - relativedelta(months=8),
        )
        cls.order_hours = cls._sell(cls.other_customer, cls.block_6h)
        cls.Report = cls.env["support.sales.report"]
        cls.partners = cls.customer | cls.other_customer

    def _movements(self):
        return self.Movement.search([("partner_id", "in", self.partners.ids)])

    def _report_total(self, measure, domain=()):
        groups = self.Report.read_group(
            [("partner_id", "in", self.partners.ids), *domain], [measure], []
        )
        return groups[0][measure] or 0

    def _expected(self, units, kinds, sign, movements=None):
        movements = movements if movements is not None else self._movements()
        return sign * sum(
            m.quantity + m.captured_quantity
            for m in movements
            if m.unit in units and m.kind in kinds
        )

    def _consume(self):
        ticket = self._ticket(self.cat_fixed)
        ticket.action_approve_cost()
        ticket.stage_id = self.stage_done
        hours_ticket = self._ticket(self.cat_free, contact=self.other_contact)
        self._log(hours_ticket, 90)
        return ticket

    def test_sold_points_and_hours_equal_the_ledger(self):
        self._consume()
        self.assertEqual(
            self._report_total("points_sold"),
            self._expected({"point"}, {"purchase", "grant"}, 1),
        )
        self.assertEqual(self._report_total("points_sold"), 140)
        self.assertAlmostEqual(
            self._report_total("hours_sold"),
            self._expected({"minute", "training_minute"}, {"purchase", "grant"}, 1)
            / 60,
        )

    def test_consumed_refunded_expired_equal_the_ledger(self):
        ticket = self._consume()
        consumed = self._expected({"point"}, {"deduction"}, -1)
        self.assertEqual(consumed, 25, "the fixed-price ticket was deducted")
        self.assertEqual(self._report_total("points_consumed"), consumed)
        self.assertAlmostEqual(
            self._report_total("hours_consumed"),
            self._expected({"minute", "training_minute"}, {"deduction"}, -1) / 60,
        )
        self.assertAlmostEqual(self._report_total("hours_consumed"), 1.5)
        ticket.with_user(self.agent).action_mark_product_bug()
        refunded = self._expected({"point"}, {"refund"}, 1)
        self.assertEqual(refunded, 25, "a product bug returns the ticket's points")
        self.assertEqual(self._report_total("points_refunded"), refunded)
        self.env["support.lot"]._cron_expire_lots()
        expired = self._expected({"point"}, {"expiry"}, -1)
        self.assertTrue(expired, "the pack sold eight months ago expired")
        self.assertEqual(self._report_total("points_expired"), expired)

    def test_revenue_per_plan_equals_the_order_lines(self):
        lines = (self.order_100 | self.order_40 | self.order_hours).order_line
        self.assertAlmostEqual(
            self._report_total("revenue"), sum(lines.mapped("price_subtotal"))
        )
        by_plan = {
            group["plan_id"] and group["plan_id"][0]: group["revenue"]
            for group in self.Report.read_group(
                [("partner_id", "in", self.partners.ids)], ["revenue"], ["plan_id"]
            )
        }
        customer_lines = (self.order_100 | self.order_40).order_line
        self.assertAlmostEqual(
            by_plan[self.plan.id], sum(customer_lines.mapped("price_subtotal"))
        )
        self.assertAlmostEqual(
            by_plan[False], sum(self.order_hours.order_line.mapped("price_subtotal"))
        )

    def test_per_salesperson(self):
        groups = self.Report.read_group(
            [("partner_id", "in", self.partners.ids)], ["points_sold"], ["user_id"]
        )
        by_user = {g["user_id"] and g["user_id"][0]: g["points_sold"] for g in groups}
        self.assertEqual(by_user[self.salesperson.id], 100)
        self.assertNotEqual(self.order_40.user_id, self.salesperson)
        self.assertEqual(by_user[self.order_40.user_id.id], 40)

    def test_empty_period(self):
        groups = self.Report.read_group(
            [("date", "<", "2000-01-01")], ["points_sold", "revenue"], []
        )
        self.assertFalse(groups[0]["points_sold"])
        self.assertEqual(groups[0]["__count"], 0)
        self.assertFalse(groups[0]["revenue"])
        # a bounded period around the sales counts them exactly
        recent = [
            ("partner_id", "in", self.partners.ids),
            ("date", ">=", self.today - relativedelta(days=2)),
            ("date", "<=", self.today + relativedelta(days=2)),
        ]
        groups = self.Report.read_group(recent, ["points_sold", "revenue"], [])
        self.assertEqual(groups[0]["points_sold"], 140)
        lines = (self.order_100 | self.order_40 | self.order_hours).order_line
        self.assertAlmostEqual(
            groups[0]["revenue"], sum(lines.mapped("price_subtotal"))
        )
        self.assertAlmostEqual(groups[0]["revenue"], 610)
        # and the same customers in a period after them have nothing
        later = [
            ("partner_id", "in", self.partners.ids),
            ("date", ">=", self.today + relativedelta(days=3)),
        ]
        groups = self.Report.read_group(later, ["points_sold", "revenue"], [])
        self.assertEqual(groups[0]["__count"], 0)
        self.assertFalse(groups[0]["points_sold"])

    def test_other_company_is_hidden(self):
        company = self.env["res.company"].create({"name": "Other support company"})
        user = new_test_user(
            self.env,
            login="other_company_manager",
            groups="base.group_user,support_entitlements.group_support_manager",
            company_id=company.id,
            company_ids=[company.id],
        )
        self.assertTrue(
            self.Report.search_count([("partner_id", "in", self.partners.ids)])
        )
        self.assertFalse(
            self.Report.with_user(user).search_count(
                [("partner_id", "in", self.partners.ids)]
            )
        )
