# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.base.models.ir_qweb import QWebException
from odoo.addons.support_entitlements.tests.common import SupportCase


@tagged("post_install", "-at_install")
class TestTrackingReport(SupportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._subscribe(cls.customer)
        cls._sell(cls.customer, cls.pack_100)
        cls._sell(cls.customer, cls.block_6h)
        cls.Statement = cls.env["support.statement"]
        cls.month_start = cls.today.replace(day=1)
        cls.month_end = cls.month_start + relativedelta(months=1, days=-1)

    def _activity(self):
        ticket = self._ticket(self.cat_fixed)
        ticket.action_approve_cost()
        ticket.stage_id = self.stage_done
        hours_ticket = self._ticket(self.cat_free)
        charged = self._log(hours_ticket, 75)
        free = self._log(hours_ticket, 20, support_billing="warranty")
        return ticket, charged, free

    def _statement(self, date_from=None, date_to=None):
        return self.Statement._get_or_create(
            self.customer, date_from or self.month_start, date_to or self.month_end
        )

    def test_every_movement_with_running_balances(self):
        self._activity()
        data = self._statement()._get_report_data()
        movements = self.Movement.search(
            [("partner_id", "=", self.customer.id)], order="date, sequence_number"
        )
        self.assertEqual(
            [line["movement"] for line in data["movements"]], list(movements)
        )
        for unit in ("point", "minute", "training_minute"):
            running = 0
            for line in data["movements"]:
                if line["unit"] == unit:
                    running += line["movement"].quantity
                    self.assertEqual(line["available"], running)
            # The closing balance is the one every screen shows.
            balance = self._balance(unit=unit)
            self.assertEqual(data["totals"][unit]["closing"], balance["available"])
            self.assertEqual(data["totals"][unit]["captured"], balance["captured"])
        self.assertEqual(data["totals"]["point"]["closing"], 75)
        self.assertEqual(data["totals"]["minute"]["closing"], 360 - 75)

    def test_charged_and_free_time_entries(self):
        _ticket, charged, free = self._activity()
        data = self._statement()._get_report_data()
        self.assertEqual(data["time_entries"], charged | free)
        self.assertEqual(data["time_charged_minutes"], charged.support_charged_minutes)
        self.assertEqual(charged.support_charged_minutes, 75)
        self.assertEqual(free.support_charged_minutes, 0)
        self.assertAlmostEqual(data["time_hours"], (75 + 20) / 60)

    def test_totals_per_lot(self):
        self._activity()
        data = self._statement()._get_report_data()
        lots = self.env["support.lot"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual({line["lot"] for line in data["lots"]}, set(lots))
        for line in data["lots"]:
            self.assertEqual(line["closing"], line["lot"].available)
            self.assertEqual(
                line["change"], sum(line["lot"].movement_ids.mapped("quantity"))
            )

    def test_opening_balance_of_a_later_period(self):
        self._activity()
        later = self.month_end + relativedelta(days=1)
        data = self._statement(
            later, later + relativedelta(months=1)
        )._get_report_data()
        self.assertFalse(data["movements"])
        self.assertEqual(
            data["totals"]["point"]["opening"], self._balance()["available"]
        )
        self.assertEqual(data["totals"]["point"]["closing"], 75)

    def test_empty_period_renders(self):
        statement = self._statement(
            fields.Date.to_date("2001-01-01"), fields.Date.to_date("2001-01-31")
        )
        data = statement._get_report_data()
        self.assertFalse(data["movements"])
        self.assertFalse(data["time_entries"])
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "support_reports.report_support_tracking", statement.ids
        )
        self.assertIn(b"No movement in this period", html)
        self.assertTrue(statement._render_xlsx().startswith(b"PK"))

    def test_pdf_with_wkhtmltopdf(self):
        self._activity()
        statement = self._statement()
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("support_reports.report_support_tracking", statement.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_end_before_start_is_refused(self):
        wizard = Form(self.env["support.tracking.report.wizard"].with_user(self.agent))
        wizard.partner_id = self.customer
        wizard.date_from = self.month_end
        wizard.date_to = self.month_start
        with self.assertRaisesRegex(ValidationError, "end cannot be before"):
            wizard.save()
        with self.assertRaises(ValidationError):
            self.Statement._get_or_create(
                self.customer, self.month_end, self.month_start
            )

    def test_wizard_prints(self):
        wizard = (
            self.env["support.tracking.report.wizard"]
            .with_user(self.agent)
            .create({"partner_id": self.customer.id})
        )
        action = wizard.action_print_pdf()
        self.assertEqual(
            action["report_name"], "support_reports.report_support_tracking"
        )
        statement = wizard._get_statement()
        self.assertEqual(
            wizard.action_print_xlsx(),
            {
                "type": "ir.actions.act_url",
                "url": f"/support_reports/statement/{statement.id}/xlsx",
                "target": "download",
            },
        )
        # the download renders the file; none is stored
        self.assertFalse(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", statement._name), ("res_id", "=", statement.id)]
            )
        )

    def test_portal_user_gets_only_their_own_statement(self):
        own = self._statement()
        other = self.Statement._get_or_create(
            self.other_customer, self.month_start, self.month_end
        )
        Report = self.env["ir.actions.report"].with_user(self.portal_user)
        html, _type = Report._render_qweb_html(
            "support_reports.report_support_tracking", own.ids
        )
        self.assertIn(b"Support tracking report", html)
        with self.assertRaises(QWebException) as caught:
            Report._render_qweb_html(
                "support_reports.report_support_tracking", other.ids
            )
        self.assertIsInstance(caught.exception.__cause__, AccessError)
        with self.assertRaises(AccessError):
            other.with_user(self.portal_user)._get_report_data()
        self.assertEqual(
            self.Statement.with_user(self.portal_user).search(
                [("id", "in", (own | other).ids)]
            ),
            own,
        )


@tagged("post_install", "-at_install")
class TestMonthlyStatement(SupportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._subscribe(cls.customer)
        cls._subscribe(cls.other_customer)
        cls.customer.support_statement_opt_in = True
        cls.Statement = cls.env["support.statement"]

    def test_sent_once_per_customer_and_month(self):
        sent = self.Statement._cron_send_monthly_statements()
        self.assertIn(self.customer, sent.partner_id)
        self.assertNotIn(self.other_customer, sent.partner_id, "did not opt in")
        mine = sent.filtered(lambda s: s.partner_id == self.customer)
        self.assertEqual(
            mine.date_to, self.today.replace(day=1) - relativedelta(days=1)
        )
        self.assertTrue(mine.sent_date)
        mail = self.env["mail.mail"].search(
            [("model", "=", "support.statement"), ("res_id", "=", mine.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertTrue(mail.attachment_ids)
        again = self.Statement._cron_send_monthly_statements()
        self.assertNotIn(self.customer, again.partner_id, "never twice a month")

    def test_printed_statement_is_still_sent(self):
        today = self.today
        date_to = today.replace(day=1) - relativedelta(days=1)
        printed = self.Statement._get_or_create(
            self.customer, date_to.replace(day=1), date_to
        )
        sent = self.Statement._cron_send_monthly_statements()
        self.assertIn(printed, sent)
