# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


def create_team_off_now(env, name):
    """A team working one weekday only, three days from today (UTC): now
    is out of its hours, whenever the test runs."""
    today = fields.Date.today()
    calendar = env["resource.calendar"].create(
        {
            "name": name,
            "tz": "UTC",
            "attendance_ids": [
                Command.clear(),
                Command.create(
                    {
                        "name": "The one day",
                        "dayofweek": str((today.weekday() + 3) % 7),
                        "hour_from": 9,
                        "hour_to": 18,
                        "day_period": "morning",
                    }
                ),
            ],
        }
    )
    policy = env["support.sla.policy"].create(
        {"name": name, "calendar_id": calendar.id}
    )
    return env["helpdesk.ticket.team"].create(
        {"name": name, "sla_policy_id": policy.id}
    )


class SupportRoomCase(BaseCommon):
    """A customer with two portal contacts, a salesperson as account manager,
    segment managers, a trial support agent and a leader."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.agent = new_test_user(
            cls.env,
            login="room-agent",
            groups="base.group_user,support_entitlements.group_support_agent",
        )
        cls.trial_agent = new_test_user(
            cls.env,
            login="room-trial",
            groups="base.group_user,support_entitlements.group_support_agent",
        )
        cls.account_manager = new_test_user(
            cls.env,
            login="room-am",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        cls.data_manager = new_test_user(
            cls.env, login="room-data", groups="base.group_user"
        )
        cls.design_manager = new_test_user(
            cls.env, login="room-design", groups="base.group_user"
        )
        cls.leader = new_test_user(cls.env, login="room-ceo", groups="base.group_user")
        cls.bystander = new_test_user(
            cls.env, login="room-bystander", groups="base.group_user"
        )
        for user in (
            cls.agent,
            cls.trial_agent,
            cls.account_manager,
            cls.data_manager,
            cls.design_manager,
            cls.leader,
            cls.bystander,
        ):
            # mentions in a room notify partners that have an email
            user.email = f"{user.login}@example.com"
        cls.company.write(
            {
                "support_trial_user_id": cls.trial_agent.id,
                "support_leadership_user_ids": [(6, 0, cls.leader.ids)],
            }
        )
        cls.segment_data = cls.env.ref("support_chatroom.segment_data")
        cls.segment_design = cls.env.ref("support_chatroom.segment_design")
        cls.segment_data.manager_id = cls.data_manager
        cls.segment_design.manager_id = cls.design_manager
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Acme Stores",
                "is_company": True,
                "user_id": cls.account_manager.id,
            }
        )
        cls.contact_ann = cls.env["res.partner"].create(
            {"name": "Ann Acme", "parent_id": cls.customer.id, "email": "ann@acme.test"}
        )
        cls.contact_bob = cls.env["res.partner"].create(
            {"name": "Bob Acme", "parent_id": cls.customer.id, "email": "bob@acme.test"}
        )
        cls.portal_ann = new_test_user(
            cls.env,
            login="room-ann",
            groups="base.group_portal",
            partner_id=cls.contact_ann.id,
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Shop", "is_company": True}
        )
        cls.other_contact = cls.env["res.partner"].create(
            {"name": "Olga Other", "parent_id": cls.other_customer.id}
        )
        cls.portal_olga = new_test_user(
            cls.env,
            login="room-olga",
            groups="base.group_portal",
            partner_id=cls.other_contact.id,
        )
        cls.template = cls.env["support.checklist.template"].create(
            {
                "name": "Launch",
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "phase": "data",
                            "name": "Welcome forms",
                            "owner_type": "customer",
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "phase": "design",
                            "name": "Mockup approved",
                            "owner_type": "customer",
                            "requires_approval": True,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "phase": "data",
                            "name": "Import checked",
                            "owner_type": "department",
                            "segment_id": cls.env.ref(
                                "support_chatroom.segment_data"
                            ).id,
                            "next_action_days": 3,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "phase": "data",
                            "name": "Nice to have",
                            "mandatory": False,
                        },
                    ),
                ],
            }
        )
        cls.project = (
            cls.env["support.project"]
            .with_user(cls.agent)
            .create(
                {
                    "name": "Acme launch",
                    "partner_id": cls.contact_ann.id,
                    "template_id": cls.template.id,
                }
            )
            .sudo(False)
        )
        cls.project = cls.env["support.project"].browse(cls.project.id)
        cls.room = cls.project.channel_id

    def _member_partners(self, channel):
        return channel.channel_member_ids.partner_id

    @contextmanager
    def assertRefused(self, exception, text):
        """assertRaises (which rolls the failed operation back) plus the message."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(text, str(caught.exception))
