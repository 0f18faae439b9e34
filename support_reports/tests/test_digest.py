# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import importlib.util
import os
from datetime import timedelta

from freezegun import freeze_time
from lxml import html

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import format_date

from odoo.addons.support_entitlements.tests.common import SupportCase


@tagged("post_install", "-at_install")
class TestDigest(SupportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._subscribe(cls.customer)
        cls._subscribe(cls.other_customer)
        cls._sell(cls.customer, cls.pack_100)
        cls._sell(cls.other_customer, cls.pack_40)
        cls.company.support_digest_low_points = 50
        cls.support_project = cls.env["support.project"].create(
            {"name": "Acme onboarding", "partner_id": cls.customer.id}
        )
        phase = cls.support_project.phase_ids[:1]
        cls.overdue_item = cls.env["support.checklist.item"].create(
            {
                "phase_id": phase.id,
                "name": "Send the product data",
                "next_action_date": cls.today - timedelta(days=2),
            }
        )
        cls.future_item = cls.env["support.checklist.item"].create(
            {
                "phase_id": phase.id,
                "name": "Approve the mockup",
                "next_action_date": cls.today + timedelta(days=2),
            }
        )
        cls.Digest = cls.env["support.digest"]

    def _data(self):
        return self.Digest._get_digest_data("daily", self.company)

    def test_projects_by_phase_and_overdue_actions(self):
        data = self._data()
        projects = self.env["support.project"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(sum(count for _phase, count in data["phases"]), len(projects))
        self.assertIn(self.overdue_item, data["overdue"])
        self.assertNotIn(self.future_item, data["overdue"])

    def test_low_and_expiring_balances(self):
        data = self._data()
        low = {(p, unit): amount for p, unit, amount in data["low"]}
        # 40 points is below the threshold of 50; 100 is not.
        self.assertEqual(
            low[(self.other_customer, "point")],
            self._balance(self.other_customer)["available"],
        )
        self.assertNotIn((self.customer, "point"), low)
        self.assertIn((self.customer, "minute"), low, "no prepaid hours at all")

    def test_breaching_tickets(self):
        severity = self.env["support.severity"].search([], limit=1)
        ticket = self._ticket(self.cat_free)
        target = self.env["support.sla.target"].search([], limit=1)
        line = self.env["support.ticket.sla"].create(
            {
                "ticket_id": ticket.id,
                "target_id": target.id,
                "deadline": fields.Datetime.now() - timedelta(hours=1),
                "status": "breached",
                "breached": True,
            }
        )
        self.assertTrue(severity)
        self.assertIn(line, self._data()["sla_lines"])
        ticket.stage_id = self.stage_done
        self.assertNotIn(line, self._data()["sla_lines"], "closed tickets drop out")

    def test_new_proposals_and_tag_trend(self):
        proposal = self.env["support.proposal"].create({"name": "Dark mode"})
        tag = self.env["helpdesk.ticket.tag"].create({"name": "Digest tag"})
        self._ticket(self.cat_free, tag_ids=[(6, 0, tag.ids)])
        data = self._data()
        self.assertIn(proposal, data["proposals"])
        self.assertIn((tag, 1, 0), data["tags"])

    def _kpis(self, start, end, user=None):
        digest = (
            self.env.ref("digest.digest_digest_default")
            .with_user(user or self.manager)
            .with_context(start_datetime=start, end_datetime=end)
        )
        # the values depend on the context's period: digest.digest reads
        # them afresh each time too
        digest.invalidate_model()
        names = [name for name in digest._fields if name.startswith("kpi_support_")]
        return {
            name: digest[name]
            for name in names
            if name.endswith("_value") and digest[name[: -len("_value")]]
        }

    def test_kpis_count_the_period(self):
        now = fields.Datetime.now()
        day = (now - timedelta(days=1), now + timedelta(minutes=1))
        # the demo's own tickets of the day count too: compare with before
        before = self._kpis(*day)
        self.env["support.proposal"].create({"name": "Dark mode"})
        ticket = self._ticket(self.cat_free)
        # two closed tickets asked; one promoter and one detractor answer
        closed = self._ticket(self.cat_free, user_id=self.agent.id)
        closed |= self._ticket(self.cat_free, user_id=self.agent.id)
        closed.stage_id = self.stage_done
        answers = closed.support_nps_ids
        self.assertEqual(len(answers), 2)
        answers[0].sudo()._support_answer(10)
        answers[1].sudo()._support_answer(3)
        target = self.env["support.sla.target"].search([], limit=1)
        self.env["support.ticket.sla"].create(
            {
                "ticket_id": ticket.id,
                "target_id": target.id,
                "deadline": now - timedelta(hours=1),
                "breached_date": now - timedelta(hours=1),
                "status": "breached",
                "breached": True,
            }
        )
        self.support_project.go_live_date = now - timedelta(hours=2)
        after = self._kpis(*day)
        added = {
            name: after[name] - before[name]
            for name in after
            if name != "kpi_support_nps_value"
        }
        self.assertEqual(
            added,
            {
                "kpi_support_ticket_opened_value": 3,
                "kpi_support_sla_breached_value": 1,
                "kpi_support_project_live_value": 1,
                "kpi_support_proposal_value": 1,
                "kpi_support_nps_detractors_value": 1,
            },
        )
        # the score: promoters' share less detractors', in points
        scores = (
            self.env["support.nps"]
            .search(
                [
                    ("company_id", "=", self.company.id),
                    ("answered_date", ">=", day[0]),
                    ("answered_date", "<", day[1]),
                ]
            )
            .mapped("score")
        )
        promoters = len([score for score in scores if score >= 9])
        detractors = len([score for score in scores if score <= 6])
        self.assertEqual(
            after["kpi_support_nps_value"],
            round(100 * (promoters - detractors) / len(scores)),
        )
        long_ago = self._kpis(now - timedelta(days=400), now - timedelta(days=399))
        self.assertEqual(set(long_ago.values()), {0}, "nothing that long ago")

    def test_digest_email_carries_the_kpis_for_managers(self):
        digest = self.env.ref("digest.digest_digest_default")
        kpis = digest._compute_kpis(self.company, self.manager)
        by_name = {kpi["kpi_name"]: kpi for kpi in kpis}
        self.assertEqual(
            by_name["kpi_support_ticket_opened"]["kpi_action"].split("?")[0],
            "support_reports.support_digest_action",
            "the count links to the lists",
        )
        self.assertIn("kpi_support_nps", by_name)
        # an agent's digest skips them (digest.digest catches the AccessError)
        agent_kpis = digest._compute_kpis(self.company, self.agent)
        self.assertFalse(
            [kpi for kpi in agent_kpis if kpi["kpi_name"].startswith("kpi_support_")]
        )
        self.manager.email = "manager@example.com"
        digest._action_send_to_user(self.manager, consume_tips=False)
        mail = self.env["mail.mail"].search(
            [("email_to", "ilike", "manager@example.com")],
            order="id desc",
            limit=1,
        )
        page = html.fromstring(mail.body_html)
        self.assertIn(
            "Support Tickets Opened",
            [" ".join(node.text_content().split()) for node in page.iter("span")],
        )
        self.assertTrue(page.xpath("//a[contains(@href, 'support_digest_action')]"))

    def test_each_column_counts_its_own_period(self):
        """The emailed digest reads each KPI for a period and the one before:
        the score and the detractors show the period of their column."""
        ticket = self._ticket(self.cat_free, user_id=self.agent.id)
        ticket.stage_id = self.stage_done
        self.assertTrue(ticket.support_nps_ids)
        # an hour ago: the digest's periods end at its own second
        with freeze_time(fields.Datetime.now() - timedelta(hours=1)):
            ticket.support_nps_ids.sudo()._support_answer(2)
        digest = self.env.ref("digest.digest_digest_default")
        by_name = {
            kpi["kpi_name"]: kpi
            for kpi in digest._compute_kpis(self.company, self.manager)
        }
        timeframes = digest._compute_timeframes(self.company)
        for index, (_label, ((start, end), _before)) in enumerate(timeframes, 1):
            direct = self._kpis(start, end)
            for kpi in ("kpi_support_nps", "kpi_support_nps_detractors"):
                self.assertEqual(
                    by_name[kpi][f"kpi_col{index}"]["value"],
                    direct[f"{kpi}_value"],
                    f"{kpi}, column {index}",
                )
        self.assertGreaterEqual(
            by_name["kpi_support_nps_detractors"]["kpi_col1"]["value"], 1
        )

    def test_upgrade_subscribes_the_old_recipients(self):
        """Databases from before: the users the digest was emailed to get
        Odoo's digest, with the support KPIs on."""
        path = os.path.join(
            os.path.dirname(__file__),
            "..",
            "migrations",
            "18.0.1.1.0",
            "post-migrate.py",
        )
        spec = importlib.util.spec_from_file_location("support_digest_migrate", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        # the table the old field kept, as Odoo leaves it until the end of
        # the upgrade
        self.env.cr.execute(
            "CREATE TABLE res_company_support_digest_user_rel "
            "(company_id integer, user_id integer)"
        )
        self.env.cr.execute(
            "INSERT INTO res_company_support_digest_user_rel VALUES (%s, %s)",
            (self.company.id, self.manager.id),
        )
        digest = self.env.ref("digest.digest_digest_default")
        digest.write(dict.fromkeys(migration.KPIS, False))
        digest.user_ids -= self.manager
        migration.migrate(self.env.cr, "18.0.1.0.0")
        digest.invalidate_recordset()
        self.assertIn(self.manager, digest.user_ids)
        self.assertTrue(all(digest[kpi] for kpi in migration.KPIS))
        self.assertEqual(
            set(migration.KPIS),
            {
                name
                for name, field in digest._fields.items()
                if name.startswith("kpi_support_") and field.type == "boolean"
            },
            "every support KPI is turned on",
        )

    def test_dashboard_for_managers_only(self):
        digest = self.Digest.with_user(self.manager).create({"period": "weekly"})
        self.assertIn("Acme onboarding", digest.body_html)
        # the overdue action's date in the reader's language
        overdue = [
            " ".join(item.text_content().split())
            for item in html.fromstring(digest.body_html).xpath(
                "//ul[hasclass('o_digest_overdue')]/li"
            )
        ]
        day = format_date(
            self.env(user=self.manager), self.overdue_item.next_action_date
        )
        self.assertIn(f"Acme onboarding: Send the product data ({day})", overdue)
        with self.assertRaises(AccessError):
            self.Digest.with_user(self.agent).create({"period": "daily"})
