# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from .common import SupportRoomCase


class TestOnboardingNps(SupportRoomCase):
    """When onboarding ends, the customer is asked once whether they would
    recommend us, as after a ticket."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Onboarding team", "user_id": cls.leader.id}
        )
        cls.project.team_id = cls.team
        cls.project.item_ids.filtered(
            lambda item: item.name == "Mockup approved"
        ).with_user(cls.portal_ann).sudo()._complete_by_customer("Fine")
        cls.project.item_ids.filtered(
            lambda item: item.mandatory and item.state == "todo"
        ).sudo().write({"state": "done"})

    def _close_all(self):
        for phase in self.project.phase_ids.sorted("sequence"):
            if phase.state == "open":
                phase.with_user(self.agent).action_close()

    def test_the_end_of_onboarding_asks_once(self):
        phases = self.project.phase_ids.sorted("sequence")
        for phase in phases[:-1]:
            phase.with_user(self.agent).action_close()
        Nps = self.env["support.nps"]
        self.assertFalse(Nps.search([("project_id", "=", self.project.id)]))
        phases[-1].with_user(self.agent).action_close()
        nps = Nps.search([("project_id", "=", self.project.id)])
        self.assertEqual(len(nps), 1)
        self.assertEqual(
            (nps.partner_id, nps.user_id, nps.team_id, nps.about),
            (
                self.contact_ann,
                self.account_manager,
                self.team,
                "the onboarding of Acme launch",
            ),
        )
        mail = self.env["mail.mail"].search(
            [("model", "=", "support.nps"), ("res_id", "=", nps.id)]
        )
        self.assertIn("the onboarding of Acme launch", mail.body_html)
        # reopened and closed again: no second question
        phases[-1].with_user(self.agent).action_reopen()
        phases[-1].with_user(self.agent).action_close()
        self.assertEqual(Nps.search([("project_id", "=", self.project.id)]), nps)

    def test_a_detractor_reaches_the_team_lead_on_the_project(self):
        self._close_all()
        nps = self.env["support.nps"].search([("project_id", "=", self.project.id)])
        nps._support_answer(4, "Setup took too long.")
        activity = self.project.activity_ids.filtered(
            lambda activity: activity.user_id == self.leader
        )
        self.assertEqual(len(activity), 1)
        self.assertIn("Setup took too long.", activity.note)
