# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import html

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import SupportRoomCase


class TestSupportRoom(SupportRoomCase):
    def test_room_is_a_private_group_of_the_configured_people(self):
        self.assertEqual(self.room.channel_type, "group")
        self.assertEqual(self.room.support_project_id, self.project)
        members = self._member_partners(self.room)
        expected = (
            self.portal_ann
            | self.account_manager
            | self.data_manager
            | self.design_manager
            | self.leader
            | self.trial_agent
        ).partner_id
        self.assertEqual(expected - members, self.env["res.partner"])
        self.assertNotIn(self.portal_olga.partner_id, members)
        self.assertNotIn(self.bystander.partner_id, members)
        self.assertNotIn(self.contact_bob, members, "a contact without a login")

    def test_membership_follows_configuration_changes(self):
        self.segment_data.manager_id = self.bystander
        self.assertIn(self.bystander.partner_id, self._member_partners(self.room))
        new_leader = new_test_user(self.env, login="room-coo", groups="base.group_user")
        self.company.support_leadership_user_ids |= new_leader
        self.assertIn(new_leader.partner_id, self._member_partners(self.room))
        new_am = new_test_user(self.env, login="room-am2", groups="base.group_user")
        self.customer.user_id = new_am
        self.assertIn(new_am.partner_id, self._member_partners(self.room))

    def test_a_salesperson_changing_the_account_manager_updates_the_room(self):
        """Whoever may change a customer's salesperson moves the room along,
        without rights on onboarding projects."""
        salesperson = new_test_user(
            self.env,
            login="room-sales",
            groups="base.group_user,base.group_partner_manager,sales_team.group_sale_salesman",
        )
        self.assertFalse(
            self.env["support.project"].with_user(salesperson).has_access("read")
        )
        new_am = new_test_user(self.env, login="room-am3", groups="base.group_user")
        self.customer.with_user(salesperson).user_id = new_am
        self.assertIn(new_am.partner_id, self._member_partners(self.room))

    def test_contact_given_a_login_joins_the_room(self):
        self.assertNotIn(self.contact_bob, self._member_partners(self.room))
        new_test_user(
            self.env,
            login="room-bob",
            groups="base.group_portal",
            partner_id=self.contact_bob.id,
        )
        self.assertIn(self.contact_bob, self._member_partners(self.room))

    def test_duty_trial_support_before_first_plan_then_account_manager(self):
        self.assertEqual(self.project.duty_user_id, self.trial_agent)
        pack = self.env["sale.order"].create(
            {
                "partner_id": self.contact_ann.id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.env.ref(
                                "support_entitlements.product_points_60"
                            ).id
                        },
                    )
                ],
            }
        )
        pack.action_confirm()
        self.assertEqual(
            self.project.duty_user_id, self.trial_agent, "a point pack is no plan"
        )
        plan = self.env.ref("support_entitlements.product_plan_incident")
        order = self.env["sale.order"].create(
            {
                "partner_id": self.contact_ann.id,
                "order_line": [(0, 0, {"product_id": plan.id})],
            }
        )
        self.assertEqual(self.project.duty_user_id, self.trial_agent)
        order.action_confirm()
        self.assertEqual(self.project.duty_user_id, self.account_manager)
        handover = self.room.message_ids[:1]
        self.assertIn(self.trial_agent.name, handover.body)
        self.assertIn(self.account_manager.name, handover.body)
        self.assertIn("Hand-over", handover.body)

    def test_selling_a_setup_product_opens_the_room(self):
        newcomer = self.env["res.partner"].create(
            {"name": "Newcomer Ltd", "is_company": True}
        )
        plain = self.env["product.product"].create({"name": "Stickers"})
        setup = self.env["product.product"].create(
            {"name": "Shop setup", "support_checklist_template_id": self.template.id}
        )
        Project = self.env["support.project"]
        for product in (plain, setup, setup):
            self.env["sale.order"].create(
                {
                    "partner_id": newcomer.id,
                    "order_line": [(0, 0, {"product_id": product.id})],
                }
            ).action_confirm()
            if product == plain:
                self.assertFalse(Project.search([("partner_id", "=", newcomer.id)]))
        project = Project.search([("partner_id", "=", newcomer.id)])
        self.assertEqual(len(project), 1, "one project, even after a second sale")
        self.assertEqual(project.template_id, self.template)
        self.assertEqual(project.channel_id.channel_type, "group")
        self.assertEqual(len(project.item_ids), 4)

    def test_agent_takes_duty_with_visible_handover(self):
        messages_before = len(self.room.message_ids)
        self.project.with_user(self.agent).action_take_duty()
        self.assertEqual(self.project.duty_user_id, self.agent)
        self.assertEqual(len(self.room.message_ids), messages_before + 1)
        self.assertIn(self.agent.name, self.room.message_ids[:1].body)
        self.assertIn(self.agent.partner_id, self._member_partners(self.room))
        with self.assertRaises(UserError):
            self.project.with_user(self.bystander).action_take_duty()
        # past the access rights, the duty itself is refused to a non-agent
        with self.assertRaises(UserError) as caught:
            self.project.with_user(self.bystander).sudo().action_take_duty()
        self.assertNotIsInstance(caught.exception, AccessError)
        self.assertIn("Only a support agent can be on duty.", str(caught.exception))
        self.assertEqual(self.project.duty_user_id, self.agent)

    def test_segment_tag_notifies_the_segment_manager(self):
        # like the /mail/message/post route, which posts as sudo for members
        room = self.room.with_user(self.portal_ann).sudo()
        tagged = room.message_post(
            body="Which columns does the product file need? #Data",
            message_type="comment",
        )
        self.assertEqual(tagged.support_segment_id, self.segment_data)
        self.assertIn(self.data_manager.partner_id, tagged.partner_ids)
        self.assertNotIn(self.design_manager.partner_id, tagged.partner_ids)
        notified = self.env["mail.notification"].search(
            [("mail_message_id", "=", tagged.id)]
        )
        self.assertIn(self.data_manager.partner_id, notified.res_partner_id)
        untagged = room.message_post(body="Thanks!", message_type="comment")
        self.assertFalse(untagged.support_segment_id)
        self.assertFalse(untagged.partner_ids)

    def test_room_for_partner_of_another_company_is_refused(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        foreign = self.env["res.partner"].create(
            {"name": "Foreign Shop", "is_company": True, "company_id": other_company.id}
        )
        channels_before = self.env["discuss.channel"].search_count([])
        # Odoo's check_company: a UserError naming the customer
        with self.assertRefused(UserError, "“Customer” (partner_id: 'Foreign Shop')"):
            self.env["support.project"].create(
                {"name": "Wrong", "partner_id": foreign.id}
            )
        self.assertFalse(
            self.env["support.project"].search([("partner_id", "=", foreign.id)])
        )
        self.assertEqual(self.env["discuss.channel"].search_count([]), channels_before)

    def test_other_customer_cannot_reach_the_room(self):
        Channel = self.env["discuss.channel"]
        self.assertFalse(
            Channel.with_user(self.portal_olga).search([("id", "=", self.room.id)])
        )
        self.assertEqual(
            Channel.with_user(self.portal_ann).search([("id", "=", self.room.id)]),
            self.room,
        )
        # holding the room's invitation token is not enough to join it
        with self.assertRaises(UserError):
            self.room.with_user(self.portal_olga)._find_or_create_persona_for_channel(
                guest_name="x", timezone="UTC", country_code="DE"
            )
        # as the invitation route calls it (sudo), the room's own check refuses
        with self.assertRaises(UserError) as caught:
            self.room.with_user(
                self.portal_olga
            ).sudo()._find_or_create_persona_for_channel(
                guest_name="x", timezone="UTC", country_code="DE"
            )
        self.assertNotIsInstance(caught.exception, AccessError)
        self.assertIn("This room is reserved to its members.", str(caught.exception))
        self.assertNotIn(self.portal_olga.partner_id, self._member_partners(self.room))
        self.assertFalse(
            self.env["support.project"]
            .with_user(self.portal_olga)
            .search([("id", "=", self.project.id)])
        )

    def test_room_intro_says_who_answers_what(self):
        intro = self.room.message_ids[-1:]
        self.assertFalse(intro.partner_ids, "showing the tags asks no manager")
        self.assertFalse(intro.support_segment_id)
        self.assertIn(self.data_manager.name, intro.body)
        self.assertIn(self.segment_data.name, intro.body)

    def test_customer_card_in_the_room_is_for_agents(self):
        action = self.room.with_user(self.agent).action_support_customer_card()
        self.assertEqual(action["res_model"], "res.partner")
        self.assertEqual(action["res_id"], self.customer.id)
        with self.assertRaises(AccessError):
            self.room.with_user(self.portal_ann).sudo().action_support_customer_card()
        chat = (
            self.env["discuss.channel"]
            .with_user(self.agent)
            .create({"name": "Team chat", "channel_type": "group"})
        )
        with self.assertRaises(UserError):
            chat.action_support_customer_card()
        # the web client shows the room's actions on rooms only
        self.assertTrue(self.room._channel_basic_info()["supportRoom"])
        self.assertFalse(chat._channel_basic_info()["supportRoom"])
        card = html.fromstring(self.project.with_user(self.agent).customer_card_html)
        self.assertIn(
            "Data", card.xpath("string(//dd[hasclass('o_support_card_phase')])")
        )
