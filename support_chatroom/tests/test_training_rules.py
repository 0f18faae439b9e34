# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import html

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.support_entitlements.tests.common import SupportCase


class TrainingCase(SupportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a salesperson, without access to the projects
        cls.account_manager = new_test_user(
            cls.env,
            login="training-am",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        cls.customer.user_id = cls.account_manager
        cls.plan.training_hours = 2
        cls._sell(cls.customer, cls.plan_product)
        cls.onboarding = cls.env["support.project"].create(
            {"name": "Launch", "partner_id": cls.customer.id}
        )

    def _training_left(self):
        return self._balance(unit="training_minute")["available"]

    def _finish_setup(self):
        for phase in self.onboarding.phase_ids.filtered(
            lambda phase: phase.phase in ("data", "design", "setup")
        ):
            phase.sudo().state = "done"


class TestTrainingRules(TrainingCase):
    """Training follows setup (the agreement): before setup is done, a
    plan's training hours are used only with the account manager's
    recorded approval."""

    def test_training_waits_for_setup(self):
        ticket = self._ticket(self.cat_free)
        with self.assertRaises(UserError) as refused:
            self._log(ticket, 60, support_billing="training")
        self.assertIn(
            "Training starts once setup is done (Launch)", str(refused.exception)
        )
        self.assertEqual(self._training_left(), 120, "nothing was consumed")
        self.assertFalse(ticket.timesheet_ids)
        # other time is not concerned
        self._log(ticket, 30, support_billing="presales")
        self._finish_setup()
        self._log(ticket, 60, support_billing="training")
        self.assertEqual(self._training_left(), 60)

    def test_an_entry_cannot_become_training_before_setup(self):
        ticket = self._ticket(self.cat_free)
        entry = self._log(ticket, 30, support_billing="presales")
        with self.assertRaises(UserError):
            entry.with_user(self.agent).support_billing = "training"
        self.assertEqual(entry.support_billing, "presales")
        self.assertEqual(self._training_left(), 120)

    def test_the_account_manager_lets_training_start(self):
        ticket = self._ticket(self.cat_free)
        with self.assertRaises(UserError) as refused:
            self.onboarding.with_user(self.agent).action_support_approve_training()
        self.assertIn("Only the account manager", str(refused.exception))
        self.onboarding.with_user(
            self.account_manager
        ).action_support_approve_training()
        self.assertEqual(self.onboarding.training_approved_by_id, self.account_manager)
        self.assertTrue(self.onboarding.training_approved_date)
        self.assertIn(
            "lets training start before setup is done",
            self.onboarding.message_ids[0].body,
        )
        self._log(ticket, 60, support_billing="training")
        self.assertEqual(self._training_left(), 60)

    def test_the_approval_is_the_actions_alone(self):
        for values in (
            {"training_approved_date": "2026-12-07 10:00:00"},
            {"training_approved_by_id": self.agent.id},
        ):
            with self.subTest(values=values), self.assertRaises(UserError):
                self.onboarding.with_user(self.agent).write(values)
        self.assertFalse(self.onboarding.training_approved_date)
        portal = new_test_user(
            self.env, login="training-portal", groups="base.group_portal"
        )
        with self.assertRaises(UserError):
            self.onboarding.with_user(portal).action_support_approve_training()
        self._finish_setup()
        with self.assertRaises(UserError) as refused:
            self.onboarding.with_user(self.manager).action_support_approve_training()
        self.assertIn("Setup is done", str(refused.exception))

    def test_a_customer_without_onboarding_uses_training(self):
        self.plan.training_hours = 2
        self._sell(self.other_customer, self.plan_product)
        ticket = self._ticket(self.cat_free, contact=self.other_contact)
        self._log(ticket, 30, support_billing="training")
        self.assertEqual(
            self._balance(self.other_customer, unit="training_minute")["available"], 90
        )

    def test_training_outside_a_ticket_waits_too(self):
        line = self.env["account.analytic.line"].with_user(self.agent)
        values = {
            "name": "Training call",
            "support_partner_id": self.customer.id,
            "support_contact_kind": "phone",
            "support_billing": "training",
            "project_id": self.project.id,
            "employee_id": self.agent_employee.id,
            "unit_amount": 1.0,
        }
        with self.assertRaises(UserError):
            line.create(values)
        self.assertEqual(self._training_left(), 120)

    def test_a_ticket_turned_to_training_waits_too(self):
        ticket = self._ticket(self.cat_free)
        self._log(ticket, 60, support_billing="presales")
        with self.assertRaises(UserError):
            ticket.support_billing = "training"
        self.assertEqual(self._training_left(), 120)

    def test_a_training_block_is_sold_like_hours(self):
        block = self.env["product.product"].create(
            {
                "name": "Training, 3 hours",
                "type": "service",
                "list_price": 270,
                "support_grant_type": "training",
                "support_quantity": 3,
                "support_validity_months": 12,
            }
        )
        order = self._sell(self.customer, block, quantity=2)
        lot = order.order_line.support_lot_ids
        self.assertEqual((lot.unit, lot.quantity), ("training_minute", 360))
        self.assertEqual(self._training_left(), 480)
        self.assertEqual(self._balance(unit="minute")["available"], 0)


@tagged("post_install", "-at_install")
class TestTrainingOnThePortal(HttpCase, TrainingCase):
    def test_the_customer_sees_training_hours(self):
        new_test_user(
            self.env,
            login="training-ann",
            password="training-ann",
            groups="base.group_portal",
            partner_id=self.contact.id,
        )
        self.authenticate("training-ann", "training-ann")
        response = self.url_open("/my/support")
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.content)
        (left,) = page.xpath("//*[contains(@class, 'support_training_available')]")
        self.assertEqual(left.text_content().strip(), "02:00")
