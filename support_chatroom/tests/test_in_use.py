# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import SupportRoomCase


@tagged("post_install", "-at_install")
class TestSegmentInUse(SupportRoomCase):
    """A segment that checklists and room questions point to is archived,
    not deleted: who was asked what stays readable."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env,
            login="segment-admin",
            groups="base.group_system,support_entitlements.group_support_manager",
        )

    def test_a_segment_of_checklists_is_archived_not_deleted(self):
        segment = self.env.ref("support_chatroom.segment_data")
        items = self.project.item_ids.filtered(lambda item: item.segment_id == segment)
        self.assertTrue(items)
        with self.assertRaises(UserError) as caught:
            segment.with_user(self.admin).unlink()
        self.assertIn("Archive it instead", str(caught.exception))
        self.assertTrue(segment.exists())
        segment.with_user(self.admin).action_archive()
        self.assertEqual(items.segment_id, segment)

    def test_an_unused_segment_is_deleted(self):
        segment = self.env["support.segment"].create(
            {"name": "Never asked", "code": "never"}
        )
        segment.with_user(self.admin).unlink()
        self.assertFalse(segment.exists())
