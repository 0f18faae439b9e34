# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import SupportCase


class TestSecurity(SupportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._subscribe(cls.customer)
        cls._subscribe(cls.other_customer)
        cls._sell(cls.customer, cls.pack_100)
        cls._sell(cls.other_customer, cls.pack_40)

    def test_portal_user_sees_only_own_commercial_partner(self):
        lots = self.env["support.lot"].with_user(self.portal_user)
        movements = self.env["support.movement"].with_user(self.portal_user)
        subscriptions = self.env["support.subscription"].with_user(self.portal_user)
        self.assertEqual(lots.search([]).partner_id, self.customer)
        self.assertEqual(movements.search([]).partner_id, self.customer)
        self.assertEqual(subscriptions.search([]).partner_id, self.customer)
        other_lot = self.env["support.lot"].search(
            [("partner_id", "=", self.other_customer.id)]
        )
        with self.assertRaises(AccessError):
            other_lot.with_user(self.portal_user).read(["quantity"])
        other_movement = self.env["support.movement"].search(
            [("partner_id", "=", self.other_customer.id)]
        )
        with self.assertRaises(AccessError):
            other_movement.with_user(self.portal_user).read(["quantity"])
        other_subscription = self.env["support.subscription"].search(
            [("partner_id", "=", self.other_customer.id)]
        )
        self.assertTrue(other_subscription)
        with self.assertRaises(AccessError):
            other_subscription.with_user(self.portal_user).read(["date_end"])

    def test_nobody_writes_lots_or_movements_directly(self):
        lot = self.env["support.lot"].search([("partner_id", "=", self.customer.id)])
        for user in (self.portal_user, self.agent, self.salesperson, self.manager):
            with self.assertRaises(AccessError):
                lot.with_user(user).write({"quantity": 1000})
        self.assertEqual(lot.quantity, 100)

    def test_plans_are_configured_by_managers(self):
        for user in (self.agent, self.salesperson, self.portal_user):
            with self.assertRaises(AccessError):
                self.plan.with_user(user).write({"overdraft_limit": 500})
        self.plan.with_user(self.manager).write({"overdraft_limit": 50})
        self.assertEqual(self.plan.overdraft_limit, 50)

    def test_multi_company_isolation(self):
        other_company = self.env["res.company"].create({"name": "Second Support Co"})
        outsider = new_test_user(
            self.env,
            login="outsider",
            groups="base.group_user,support_entitlements.group_support_manager",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        self.assertFalse(self.env["support.movement"].with_user(outsider).search([]))
        self.assertFalse(self.env["support.lot"].with_user(outsider).search([]))
        self.assertFalse(self.env["support.plan"].with_user(outsider).search([]))
        # what the first company holds exists, the outsider just cannot see it
        subscriptions = self.env["support.subscription"].search(
            [("company_id", "=", self.company.id)]
        )
        chains = self.env["support.ledger.chain"]._get_ledger(self.company)
        heads = self.env["support.ledger.head"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertTrue(subscriptions)
        self.assertTrue(chains)
        self.assertTrue(heads, "the demo's customers have chains")
        self.assertFalse(
            self.env["support.subscription"].with_user(outsider).search([])
        )
        self.assertFalse(
            self.env["support.ledger.chain"].with_user(outsider).search([])
        )
        self.assertFalse(self.env["support.ledger.head"].with_user(outsider).search([]))
        self.assertEqual(
            self.env["support.ledger.chain"].with_user(self.manager).search([]),
            chains,
        )
        balances = (
            self.env["support.movement"]
            .with_user(outsider)
            ._get_balances(self.customer, company=other_company)
        )
        self.assertEqual(
            balances[self.customer.id]["available"], 0, "balances are per company"
        )

    def test_sales_staff_see_balances(self):
        partner = self.customer.with_user(self.salesperson)
        self.assertEqual(partner.support_points_available, 100)
        self.assertTrue(
            self.env["support.movement"].with_user(self.salesperson).search_count([])
        )
