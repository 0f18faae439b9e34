# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import pathlib
from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged
from odoo.tests.common import ChromeBrowser, get_db_name
from odoo.tools import config

from .test_portal_pages import PortalPagesCase


class PhoneTourMixin:
    """Tours on a phone-sized window, with a screenshot of how they end."""

    browser_size = "390x844"
    touch_enabled = True
    tour_login = None

    def _screenshot_path(self, name):
        return (
            pathlib.Path(config["screenshots"])
            / get_db_name()
            / "screenshots"
            / f"{type(self).__name__}_{name}.png"
        )

    def _tour_with_screenshot(self, url, tour, name):
        """Run ``tour`` and save what the browser shows at its end."""
        path = self._screenshot_path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        stop = ChromeBrowser.stop

        def stop_after_screenshot(browser):
            try:
                shot = browser._websocket_request(
                    "Page.captureScreenshot", params={"format": "png"}, timeout=30
                )
                path.write_bytes(base64.b64decode(shot["data"]))
            finally:
                stop(browser)

        with patch.object(ChromeBrowser, "stop", stop_after_screenshot):
            self.start_tour(url, tour, login=self.tour_login)
        self.assertTrue(path.is_file(), f"no screenshot at {path}")
        self.assertGreater(path.stat().st_size, 0, f"empty screenshot at {path}")
        self.assertEqual(path.read_bytes()[:8], b"\x89PNG\r\n\x1a\n")
        return path


@tagged("post_install", "-at_install")
class TestPortalPhone(PhoneTourMixin, PortalPagesCase):
    """The support pages on a phone: nothing wider than a 390 px screen,
    with room to spare, also with larger text (see portal_phone_tour.js)."""

    tour_login = "ada"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # everything the page can show: cases, the low-balance notice, packs
        cls.plan.write({"annual_case_allowance": 5, "renewal_threshold_minutes": 480})
        cls._sell(cls.customer, cls.pack_100)
        cls._sell(cls.customer, cls.pack_40)
        cls._sell(cls.customer, cls.block_6h)
        # more than a page of modifications, so that the pager shows too
        cls.Movement._post(
            [
                {
                    "company_id": cls.company.id,
                    "partner_id": cls.customer.id,
                    "unit": "point",
                    "kind": "grant",
                    "quantity": 1,
                    "reason": f"Goodwill for the outage of the Northern data "
                    f"centre, week {index}",
                }
                for index in range(25)
            ]
        )

    def _ticket_with_points(self, name, close=False):
        ticket = self._ticket(self.cat_fixed, name=name)
        ticket.action_approve_cost()
        if close:
            ticket.stage_id = self.stage_done
        return ticket

    def test_support_page_fits_a_phone(self):
        self._tour_with_screenshot(
            "/my/support", "support_portal_phone_support", "support"
        )

    def test_statement_fits_a_phone(self):
        self._ticket_with_points(
            "The checkout page returns an error after the last update"
        )
        self._ticket_with_points(
            "Product import stops at line 200 of the catalogue", close=True
        )
        self._tour_with_screenshot(
            "/my/support/statement", "support_portal_phone_statement", "statement"
        )

    def test_tracking_report_fits_a_phone(self):
        ticket = self._ticket(self.cat_free)
        self._log(ticket, 40, name="Checked the payment provider's logs with the shop")
        self._log(ticket, 60, name="Shop tour", support_billing="presales")
        self._tour_with_screenshot(
            "/my/support/time", "support_portal_phone_time", "tracking_report"
        )

    def test_ticket_page_fits_a_phone(self):
        severity = self.env["support.severity"].create({"name": "Phone severity"})
        self.team.sla_policy_id = self.env["support.sla.policy"].create(
            {
                "name": "Phone policy",
                "calendar_id": self.company.resource_calendar_id.id,
                "target_ids": [
                    Command.create(
                        {
                            "severity_id": severity.id,
                            "kind": "first_response",
                            "clause_ids": [
                                Command.create(
                                    {
                                        "hours": 8,
                                        "calendar_id": (
                                            self.company.resource_calendar_id.id
                                        ),
                                    }
                                )
                            ],
                        }
                    )
                ],
            }
        )
        self._sell(self.customer, self.pack_100)
        ticket = self._ticket(
            self.cat_fixed,
            name="Payment provider answers with an error on every third order",
            severity_id=severity.id,
        )
        ticket.action_approve_cost()
        self.assertTrue(ticket.sla_ids, "the page shows the ticket's service levels")
        self._tour_with_screenshot(
            f"/my/ticket/{ticket.id}", "support_portal_phone_ticket", "ticket"
        )


@tagged("post_install", "-at_install")
class TestPortalSmallPhone(TestPortalPhone):
    """The same pages on a 360 px wide phone, the narrowest in common use."""

    browser_size = "360x740"
