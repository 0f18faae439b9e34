# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from odoo.addons.support_entitlements.tests.test_portal_phone import PhoneTourMixin


@tagged("post_install", "-at_install")
class TestSupportRoomPhone(PhoneTourMixin, HttpCase):
    """The rooms, a room's onboarding and the knowledge board on a 390 px
    phone, with room to spare and with larger text."""

    tour_login = "customer"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.project = cls.env.ref("support_chatroom.project_northwind")
        # names as long as customers give them
        cls.project.name = (
            "Northwind Outfitters: migration of the web shop and the warehouse"
        )
        cls.env["support.faq"].create(
            {
                "question": "How do I export every order of last year to a spreadsheet "
                "without the cancelled ones?",
                "answer": "<p>Open Sales, filter on the year, group by state and "
                "export: https://example.com/a/very/long/link/that/does/not/break/"
                "by/itself/anywhere/in/the/answer</p>",
                "company_id": cls.project.company_id.id,
                "is_published": True,
            }
        )

    def test_rooms_fit_a_phone(self):
        self._tour_with_screenshot(
            "/my/support-rooms", "support_room_phone_rooms", "rooms"
        )

    def test_room_fits_a_phone(self):
        self.assertTrue(
            self.project.item_ids.filtered(
                lambda item: item.owner_type == "customer" and item.state == "todo"
            ),
            "the demo room has an item for the customer to tick",
        )
        self._tour_with_screenshot(
            f"/my/support-rooms/{self.project.id}", "support_room_phone_room", "room"
        )

    def test_faq_fits_a_phone(self):
        self._tour_with_screenshot("/my/support-faq", "support_room_phone_faq", "faq")


@tagged("post_install", "-at_install")
class TestSupportRoomSmallPhone(TestSupportRoomPhone):
    browser_size = "360x740"
