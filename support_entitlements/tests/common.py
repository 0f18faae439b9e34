# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user


class SupportCase(TransactionCase):
    """Customers, staff, a plan, point packs and priced categories."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.today = fields.Date.today()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Acme Shop", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Ada Acme", "parent_id": cls.customer.id, "email": "ada@acme.test"}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Shop", "is_company": True}
        )
        cls.other_contact = cls.env["res.partner"].create(
            {
                "name": "Otto Other",
                "parent_id": cls.other_customer.id,
                "email": "otto@other.test",
            }
        )
        cls.portal_user = new_test_user(
            cls.env, login="ada", groups="base.group_portal", partner_id=cls.contact.id
        )
        cls.other_portal_user = new_test_user(
            cls.env,
            login="otto",
            groups="base.group_portal",
            partner_id=cls.other_contact.id,
        )
        cls.agent = new_test_user(
            cls.env,
            login="agent_t",
            groups="base.group_user,support_entitlements.group_support_agent",
        )
        cls.manager = new_test_user(
            cls.env,
            login="manager_t",
            groups="base.group_user,support_entitlements.group_support_manager",
        )
        cls.salesperson = new_test_user(
            cls.env,
            login="sales_t",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        cls.plan = cls.env["support.plan"].create(
            {
                "name": "Test plan",
                "duration_months": 12,
                "cost_approval": "customer_or_agent",
                "overdraft_limit": 0,
            }
        )
        product = cls.env["product.product"]
        cls.pack_100 = product.create(
            {
                "name": "100 points",
                "type": "service",
                "list_price": 50,
                "support_grant_type": "points",
                "support_quantity": 100,
                "support_validity_months": 24,
            }
        )
        cls.pack_40 = product.create(
            {
                "name": "40 points",
                "type": "service",
                "list_price": 20,
                "support_grant_type": "points",
                "support_quantity": 40,
                "support_validity_months": 6,
            }
        )
        cls.licence = product.create(
            {
                "name": "Licence",
                "type": "service",
                "list_price": 300,
                "support_grant_type": "licence",
                "support_quantity": 30,
            }
        )
        cls.plan_product = product.create(
            {
                "name": "Plan, 1 year",
                "type": "service",
                "list_price": 100,
                "support_grant_type": "plan",
                "support_plan_id": cls.plan.id,
            }
        )
        cls.plan.subscription_product_id = cls.plan_product
        category = cls.env["helpdesk.ticket.category"]
        cls.cat_fixed = category.create(
            {"name": "Level 2", "points_price_type": "fixed", "points_price": 25}
        )
        cls.cat_free = category.create(
            {"name": "General question", "points_price_type": "free"}
        )
        cls.cat_from = category.create(
            {"name": "Server install", "points_price_type": "from", "points_price": 150}
        )
        cls.cat_per_unit = category.create(
            {
                "name": "Security audit",
                "points_price_type": "per_unit",
                "points_price": 150,
                "points_unit_price": 60,
                "points_unit_name": "additional store",
            }
        )
        cls.cat_on_request = category.create(
            {"name": "Other", "points_price_type": "on_request"}
        )
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_cancelled = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_cancelled"
        )
        cls.Movement = cls.env["support.movement"]
        cls.block_6h = product.create(
            {
                "name": "Priority support, 6-hour block",
                "type": "service",
                "list_price": 540,
                "support_grant_type": "hours",
                "support_quantity": 6,
                "support_validity_months": 12,
            }
        )
        cls.project = cls.env["project.project"].create(
            {"name": "Support", "allow_timesheets": True}
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Support team",
                "allow_timesheet": True,
                "default_project_id": cls.project.id,
                "user_ids": [Command.link(cls.agent.id), Command.link(cls.manager.id)],
            }
        )
        cls.agent_employee = cls.env["hr.employee"].create(
            {"name": "Agent T", "user_id": cls.agent.id}
        )
        cls.manager_employee = cls.env["hr.employee"].create(
            {"name": "Manager T", "user_id": cls.manager.id}
        )

    @classmethod
    def _sell(cls, partner, product, quantity=1, purchase_date=None, user=None):
        env = cls.env(user=user) if user else cls.env
        order = env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_uom_qty": quantity}
                    )
                ],
            }
        )
        ctx = {"support_purchase_date": purchase_date} if purchase_date else {}
        order.with_context(**ctx).action_confirm()
        return order

    @classmethod
    def _subscribe(cls, partner, plan=None):
        return cls.env["support.subscription"]._subscribe(partner, plan or cls.plan)

    def _ticket(self, category, contact=None, **values):
        return self.env["helpdesk.ticket"].create(
            {
                "name": "Help",
                "description": "<p>Help</p>",
                "partner_id": (contact or self.contact).id,
                "category_id": category.id,
                "team_id": self.team.id,
                "project_id": self.project.id,
                **values,
            }
        )

    def _log(self, ticket, minutes, user=None, **values):
        """A time entry of ``minutes`` on ``ticket``, as the agent by default."""
        user = user or self.agent
        return (
            self.env["account.analytic.line"]
            .with_user(user)
            .create(
                {
                    "name": "Work",
                    "ticket_id": ticket.id,
                    "project_id": ticket.project_id.id or self.project.id,
                    "unit_amount": minutes / 60,
                    "employee_id": user.employee_id.id,
                    **values,
                }
            )
        )

    def _minutes_left(self, partner=None):
        return self._balance(partner, unit="minute")["available"]

    def _balance(self, partner=None, **kwargs):
        return self.Movement._get_balances(partner or self.customer, **kwargs)[
            (partner or self.customer).id
        ]

    def _months_ago(self, months, days=0):
        return self.today - relativedelta(months=months, days=days)
