# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.support_entitlements.tests.common import SupportCase


@tagged("post_install", "-at_install")
class TestTags(SupportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Tag = cls.env["helpdesk.ticket.tag"]
        cls.tags = Tag.create([{"name": f"Report tag {index}"} for index in range(12)])
        cls.this_month = cls.today.replace(day=1)
        cls.last_month = cls.this_month - relativedelta(months=1)
        # Tag i gets i + 1 tickets this month and 3 last month.
        cls.tickets = cls.env["helpdesk.ticket"]
        for index, tag in enumerate(cls.tags):
            cls._tickets(tag, index + 1, cls.this_month)
            cls._tickets(tag, 3, cls.last_month)

    @classmethod
    def _tickets(cls, tag, count, month):
        tickets = cls.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"{tag.name} {number}",
                    "description": "<p>x</p>",
                    "partner_id": cls.contact.id,
                    "tag_ids": [(6, 0, tag.ids)],
                }
                for number in range(count)
            ]
        )
        when = datetime.combine(month, time(10))
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s WHERE id IN %s",
            (when, tuple(tickets.ids)),
        )
        tickets.invalidate_recordset(["create_date"])
        cls.tickets |= tickets
        return tickets

    def _count(self, tag, month):
        start = datetime.combine(month, time.min)
        return len(
            self.tickets.filtered(
                lambda t: (
                    tag in t.tag_ids
                    and start <= t.create_date < start + relativedelta(months=1)
                )
            )
        )

    def test_top_ten_of_the_month_with_change(self):
        rows = self.env["support.tag.report"].search(
            [
                ("month", "=", self.this_month),
                ("tag_id", "in", self.tags.ids),
                ("company_id", "=", self.company.id),
            ]
        )
        self.assertEqual(len(rows), 12)
        top = rows.filtered(lambda row: row.rank <= 10).sorted("rank")
        self.assertEqual(top.tag_id, self.tags[2:][::-1])
        for row in rows:
            count = self._count(row.tag_id, self.this_month)
            previous = self._count(row.tag_id, self.last_month)
            self.assertEqual(row.ticket_count, count)
            self.assertEqual(row.previous_count, previous)
            self.assertEqual(row.change, count - previous)

    def test_focus_tags_at_month_end(self):
        Focus = self.env["support.focus.tag"].with_user(self.manager)
        focus = Focus.create(
            [
                {"month": self.last_month + relativedelta(days=5), "tag_id": tag.id}
                for tag in self.tags[:2]
            ]
        )
        self.assertEqual(focus.mapped("month"), [self.last_month] * 2)
        # Last month (3 tickets each) against the month before (none): up.
        self.assertEqual(focus.mapped("outcome"), ["not_down", "not_down"])
        current = Focus.create(
            [{"month": self.this_month, "tag_id": tag.id} for tag in self.tags[:3]]
        )
        self.assertEqual(set(current.mapped("outcome")), {"running"})
        # This month as seen next month: tag 0 went from 3 to 1, tag 2 stayed at 3.
        next_month = self.this_month + relativedelta(months=1)
        with freeze_time(datetime.combine(next_month, time(12))):
            current.invalidate_recordset(["outcome"])
            outcomes = dict(zip(current.tag_id, current.mapped("outcome"), strict=True))
        self.assertEqual(outcomes[self.tags[0]], "down")
        self.assertEqual(outcomes[self.tags[2]], "not_down")
        for row in current:
            self.assertEqual(row.ticket_count, self._count(row.tag_id, self.this_month))
            self.assertEqual(
                row.previous_count, self._count(row.tag_id, self.last_month)
            )

    def test_at_most_three_focus_tags_a_month(self):
        Focus = self.env["support.focus.tag"].with_user(self.manager)
        Focus.create([{"tag_id": tag.id} for tag in self.tags[:3]])
        with self.assertRaises(ValidationError):
            Focus.create({"tag_id": self.tags[3].id})

    def test_other_company_is_hidden(self):
        company = self.env["res.company"].create({"name": "Other tag company"})
        user = new_test_user(
            self.env,
            login="other_tag_manager",
            groups="base.group_user,support_entitlements.group_support_manager",
            company_id=company.id,
            company_ids=[company.id],
        )
        Report = self.env["support.tag.report"]
        domain = [("tag_id", "in", self.tags.ids)]
        self.assertTrue(Report.search_count(domain))
        self.assertFalse(Report.with_user(user).search_count(domain))
