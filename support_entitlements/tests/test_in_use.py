# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

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

    def test_unused_configuration_is_deleted(self):
        unused = self.env["support.severity"].create({"name": "Never used"})
        unused.with_user(self.admin).unlink()
        self.assertFalse(unused.exists())
