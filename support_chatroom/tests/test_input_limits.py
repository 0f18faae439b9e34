# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import SupportRoomCase


@tagged("post_install", "-at_install")
class TestProjectInputLimits(SupportRoomCase):
    """A project's dates are dates of a sane year and its texts have a
    length, over any client: a sentence, and nothing changed."""

    def assertRefused(self, records, vals, says):
        before = records.read(list(vals))[0]
        with self.assertRaises(ValidationError) as caught:
            records.with_user(self.agent).write(vals)
        self.assertIn(says, str(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(records.read(list(vals))[0], before)

    def test_dates_are_dates_of_a_sane_year(self):
        for value, says in (
            ("85360-01-01", "not a date"),
            ("2026-02-30", "not a date"),
            ("not-a-date", "not a date"),
            ("1800-01-01", "from 1970 to 2200"),
        ):
            with self.subTest(value=value):
                self.assertRefused(self.project, {"start_date": value}, says)

    def test_texts_have_a_length_limit(self):
        self.assertRefused(self.project, {"name": "p" * 100_000}, "at most 256")
        item = self.project.item_ids[:1]
        self.assertRefused(item, {"description": "d" * 20_000}, "at most 10000")
