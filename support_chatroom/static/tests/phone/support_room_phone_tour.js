/** @odoo-module **/
// Copyright 2026 Support Suite Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {fitsTheWidth} from "@support_entitlements/../tests/tours/portal_phone_tour";
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("support_room_phone_rooms", {
    url: "/my/support-rooms",
    steps: () =>
        fitsTheWidth([
            "tr.o_support_room_row td.o_support_room_name a",
            "tr.o_support_room_row td.o_support_room_phase",
            "tr.o_support_room_row a.o_support_open_chat",
        ]),
});

registry.category("web_tour.tours").add("support_room_phone_room", {
    steps: () =>
        fitsTheWidth([
            ".o_support_room_page h3",
            ".o_support_room_page a.o_support_open_chat",
            ".o_support_segment .o_support_segment_manager",
            ".o_support_item .o_support_item_state",
            ".o_support_item_form button[type='submit']",
        ]),
});

registry.category("web_tour.tours").add("support_room_phone_faq", {
    url: "/my/support-faq",
    steps: () =>
        fitsTheWidth([
            ".o_support_faq_search button[type='submit']",
            ".o_support_faq .o_support_faq_question",
            ".o_support_faq .o_support_faq_answer",
        ]),
});
