# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import SupportCase
from .sla_common import SlaCase, berlin


@tagged("post_install", "-at_install")
class TestConfigurationInUse(SlaCase):
    """Severities, SLA policies and targets that tickets use are archived,
    not deleted: deleting them would take the tickets' SLA history along."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env,
            login="in-use-admin",
            groups="base.group_system,support_entitlements.group_support_manager",
        )
        cls.ticket = cls.create_ticket(berlin(2026, 12, 1, 10, 0), cls.critical)

    def _history(self):
        self.env.invalidate_all()
        return self.ticket.severity_id, self.ticket.sla_policy_id, self.ticket.sla_ids

    def assertKept(self, records, says):
        before = self._history()
        with self.assertRaises(UserError) as caught:
            records.with_user(self.admin).unlink()
        self.assertIn(says, str(caught.exception))
        self.assertTrue(records.exists())
        self.assertEqual(self._history(), before)

    def test_a_severity_on_tickets_is_archived_not_deleted(self):
        self.assertTrue(self.ticket.sla_ids)
        self.assertKept(self.critical, "Archive it instead")
        self.critical.with_user(self.admin).action_archive()
        self.assertEqual(self.ticket.severity_id, self.critical, "history readable")
        self.assertTrue(self.ticket.sla_ids)

    def test_an_sla_policy_in_use_is_archived_not_deleted(self):
        self.assertKept(self.policy, "Archive it instead")

    def test_the_company_default_policy_is_kept(self):
        default = self.policy.copy({"name": "Company default"})
        self.env.company.support_sla_policy_id = default
        self.assertKept(default, "use it")

    def test_a_target_with_ticket_lines_is_kept(self):
        target = self.line(self.ticket).target_id
        self.assertKept(target, "cannot be deleted")

    def test_a_calendar_that_deadlines_count_on_is_archived_not_deleted(self):
        self.assertKept(self.duty, "Archive it instead")
        self.assertKept(self.business, "SLA Clause")
        self.duty.with_user(self.admin).action_archive()
        self.assertTrue(self.line(self.ticket).deadline)

    def test_a_clause_tickets_were_planned_on_is_kept(self):
        clause = self.line(self.ticket).target_id.clause_ids[:1]
        self.assertKept(clause, "Archive its SLA policy")

    def test_unused_configuration_is_deleted(self):
        unused = self.env["support.severity"].create({"name": "Never used"})
        unused.with_user(self.admin).unlink()
        self.assertFalse(unused.exists())


@tagged("post_install", "-at_install")
class TestSalesConfigurationInUse(SupportCase):
    """Plans that customers subscribe to or products sell, and categories
    that tickets are priced by, are archived, not deleted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env,
            login="in-use-sales-admin",
            groups="base.group_system,helpdesk_mgmt.group_helpdesk_manager,"
            "support_entitlements.group_support_manager",
        )

    def _ledger(self):
        self.env.invalidate_all()
        movements = self.Movement.search([("partner_id", "=", self.customer.id)])
        return len(movements), sum(movements.mapped("quantity"))

    def assertKept(self, records, says):
        before = self._ledger()
        with self.assertRaises(UserError) as caught:
            records.with_user(self.admin).unlink()
        self.assertIn(says, str(caught.exception))
        self.assertIn("Archive it instead", str(caught.exception))
        self.assertTrue(records.exists())
        self.assertEqual(self._ledger(), before)

    def test_a_subscribed_plan_is_archived_not_deleted(self):
        self._subscribe(self.customer)
        self.assertKept(self.plan, "Support Plan Subscription")
        self.plan.with_user(self.admin).action_archive()
        self.assertEqual(self.customer.support_plan_id, self.plan)

    def test_a_plan_a_product_sells_is_kept(self):
        plan = self.plan.copy({"name": "Sold, not yet subscribed"})
        self.plan_product.support_plan_id = plan
        self.assertKept(plan, "Product")

    def test_a_category_of_tickets_is_archived_not_deleted(self):
        ticket = self._ticket(self.cat_fixed)
        self.assertKept(self.cat_fixed, "Helpdesk Ticket")
        self.cat_fixed.with_user(self.admin).action_archive()
        self.assertEqual(ticket.category_id, self.cat_fixed)

    def test_unused_plans_and_categories_are_deleted(self):
        plan = self.plan.copy({"name": "Never sold"})
        category = self.cat_free.copy({"name": "Never used"})
        plan.with_user(self.admin).unlink()
        category.with_user(self.admin).unlink()
        self.assertFalse(plan.exists() or category.exists())
