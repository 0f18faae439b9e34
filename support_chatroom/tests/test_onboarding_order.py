# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user

from .common import SupportRoomCase


class TestOnboardingOrder(SupportRoomCase):
    """Data and design come first (the agreement's order): setup and
    development items wait for the customer's approvals of the data and
    design phases, unless a support manager lets the project go on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="room-support-manager",
            groups="base.group_user,support_entitlements.group_support_manager",
        )
        phases = {phase.phase: phase for phase in cls.project.phase_ids}
        Item = cls.env["support.checklist.item"]
        cls.server_ready = Item.create(
            {"phase_id": phases["setup"].id, "name": "Server ready"}
        )
        cls.access_sent = Item.create(
            {
                "phase_id": phases["setup"].id,
                "name": "Access sent",
                "owner_type": "customer",
            }
        )
        cls.module_built = Item.create(
            {"phase_id": phases["development"].id, "name": "Module built"}
        )
        cls.mockup = cls.project.item_ids.filtered(
            lambda item: item.name == "Mockup approved"
        )

    def test_setup_waits_for_the_approvals(self):
        for item in (self.server_ready, self.module_built):
            with self.assertRefused(UserError, "Mockup approved"):
                item.with_user(self.agent).action_done()
            self.assertEqual(item.state, "todo")
        with self.assertRefused(UserError, "waits for the approvals"):
            self.access_sent.with_user(self.portal_ann).sudo()._complete_by_customer()
        self.assertEqual(self.access_sent.state, "todo")
        # the data and design phases go on meanwhile
        self.project.item_ids.filtered(
            lambda item: item.name == "Welcome forms"
        ).with_user(self.agent).action_done()
        self.mockup.with_user(self.portal_ann).sudo()._complete_by_customer("Fine")
        self.assertEqual(self.mockup.state, "approved")
        self.server_ready.with_user(self.agent).action_done()
        self.access_sent.with_user(self.portal_ann).sudo()._complete_by_customer()
        self.assertEqual(
            (self.server_ready.state, self.access_sent.state), ("done", "done")
        )

    def test_a_manager_lets_setup_start_with_a_reason_read_in_the_room(self):
        with self.assertRefused(UserError, "Only a support manager"):
            self.project.with_user(self.agent).action_support_override_order("Hurry")
        with self.assertRefused(UserError, "Say why"):
            self.project.with_user(self.manager).action_support_override_order("  ")
        form = Form(
            self.env["support.order.override.wizard"]
            .with_user(self.manager)
            .with_context(default_project_id=self.project.id)
        )
        form.reason = "The shop opens on Monday"
        form.save().action_apply()
        self.assertEqual(
            (self.project.order_override_reason, self.project.order_override_by_id),
            ("The shop opens on Monday", self.manager),
        )
        notice = self.room.message_ids[:1]
        self.assertIn("The shop opens on Monday", notice.body)
        self.assertEqual(notice.message_type, "comment")
        self.server_ready.with_user(self.agent).action_done()
        self.assertEqual(self.server_ready.state, "done")

    def test_the_override_is_not_typed_in(self):
        for values in (
            {"order_override_reason": "Typed"},
            {"order_override_by_id": self.manager.id},
        ):
            with self.assertRefused(UserError, "cannot be written directly"):
                self.project.with_user(self.manager).write(values)
        self.assertFalse(self.project.order_override_reason)
        with self.assertRefused(UserError, "cannot be written directly"):
            self.env["support.project"].with_user(self.manager).create(
                {
                    "name": "Typed override",
                    "partner_id": self.customer.id,
                    "order_override_reason": "Typed",
                }
            )
        with self.assertRefused(UserError, "under 2000 characters"):
            self.project.with_user(self.manager).action_support_override_order(
                "x" * 2001
            )
        # nor can the development room be pointed at another channel
        with self.assertRefused(UserError, "cannot be written directly"):
            self.project.with_user(self.manager).write({"dev_channel_id": self.room.id})
        self.assertFalse(self.project.order_override_reason)
        with self.assertRefused(UserError, "Mockup approved"):
            self.server_ready.action_done()

    def test_data_and_design_past_their_target_are_told_once(self):
        self.template.design_target_days = 15
        start = self.project.start_date
        Project = self.env["support.project"]
        # (the demo's projects may be told: only this one's notice is asserted)
        self.assertNotIn(
            self.project, Project._cron_warn_design_overdue(start + timedelta(days=15))
        )
        told = Project._cron_warn_design_overdue(start + timedelta(days=16))
        self.assertIn(self.project, told)
        [note] = self.project.message_ids.filtered(
            lambda message: "days planned" in (message.body or "")
        )
        self.assertIn("15 days", note.body)
        self.assertEqual(note.partner_ids, self.account_manager.partner_id)
        room_notice = self.room.message_ids.filtered(
            lambda message: "days planned" in (message.body or "")
        )
        self.assertEqual(room_notice.message_type, "comment")
        self.assertNotIn(
            self.project,
            Project._cron_warn_design_overdue(start + timedelta(days=17)),
            "once",
        )

    def test_closed_data_and_design_are_not_told(self):
        early = self.project.item_ids.filtered(
            lambda item: item.phase in ("data", "design")
        )
        early.filtered(lambda item: item.owner_type == "department").action_done()
        for item in early.filtered(lambda item: item.state == "todo"):
            item.with_user(self.portal_ann).sudo()._complete_by_customer("Fine")
        self.project.phase_ids.filtered(
            lambda phase: phase.phase in ("data", "design")
        ).action_close()
        self.assertNotIn(
            self.project,
            self.env["support.project"]._cron_warn_design_overdue(
                self.project.start_date + timedelta(days=60)
            ),
        )

    def test_the_target_has_a_sane_range(self):
        for days in (0, 400):
            with self.assertRaises(UserError):
                self.template.design_target_days = days
