# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user

from .common import SupportRoomCase


class TestDevelopmentRoom(SupportRoomCase):
    """Development is discussed privately, beside the customer's room: the
    leadership (the CEO), the account manager and whom the project names,
    never the customer."""

    def test_a_private_room_beside_the_customers(self):
        action = self.project.with_user(self.agent).action_open_dev_room()
        dev = self.project.dev_channel_id
        self.assertTrue(dev)
        self.assertNotEqual(dev, self.room)
        self.assertIn(f"discuss.channel_{dev.id}", action["url"])
        self.assertEqual(dev.channel_type, "group")
        self.assertEqual(dev.support_dev_project_id, self.project)
        members = self._member_partners(dev)
        self.assertEqual(
            members,
            (self.leader | self.account_manager | self.agent).partner_id,
        )
        self.assertNotIn(self.portal_ann.partner_id, members)
        # opened again: the same room
        self.project.with_user(self.agent).action_open_dev_room()
        self.assertEqual(self.project.dev_channel_id, dev)
        # the customer neither finds it nor joins it with its link
        Channel = self.env["discuss.channel"]
        self.assertFalse(
            Channel.with_user(self.portal_ann).search([("id", "=", dev.id)])
        )
        with self.assertRefused(UserError, "reserved to the support team"):
            dev.with_user(self.portal_ann).sudo()._find_or_create_persona_for_channel(
                guest_name="x", timezone="UTC", country_code="DE"
            )
        self.assertNotIn(self.portal_ann.partner_id, self._member_partners(dev))

    def test_named_members_join_it(self):
        self.project.with_user(self.agent).action_open_dev_room()
        developer = new_test_user(
            self.env, login="room-developer", groups="base.group_user"
        )
        self.project.dev_member_ids = developer
        members = self._member_partners(self.project.dev_channel_id)
        self.assertIn(developer.partner_id, members)
        with self.assertRefused(ValidationError, "without the customer"):
            self.project.dev_member_ids |= self.portal_ann
        self.assertNotIn(
            self.portal_ann.partner_id,
            self._member_partners(self.project.dev_channel_id),
        )

    def test_only_the_support_team_opens_it(self):
        with self.assertRefused(UserError, "for the support team"):
            self.project.with_user(self.bystander).sudo().action_open_dev_room()
        self.assertFalse(self.project.dev_channel_id)
