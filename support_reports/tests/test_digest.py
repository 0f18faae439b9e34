# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

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

    def test_emailed_to_chosen_users(self):
        self.company.support_digest_user_ids = self.manager
        mails = self.Digest._cron_send_digest("weekly")
        mail = mails.filtered(lambda m: self.manager.partner_id in m.recipient_ids)
        self.assertEqual(len(mail), 1)
        self.assertIn("Send the product data", mail.body_html)
        self.assertIn("weekly", mail.subject.lower())

    def test_dashboard_for_managers_only(self):
        digest = self.Digest.with_user(self.manager).create({"period": "weekly"})
        self.assertIn("Acme onboarding", digest.body_html)
        with self.assertRaises(AccessError):
            self.Digest.with_user(self.agent).create({"period": "daily"})
