/** @odoo-module **/
// Copyright 2026 Support Suite Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("support_portal_home", {
    url: "/my",
    steps: () => [
        {
            content: "The portal home shows the tickets card once its counter is loaded",
            trigger: ".o_portal_index_card a[href='/my/tickets']",
            run: "click",
        },
        {
            content: "The customer's own ticket is listed",
            trigger: "table a:contains('Checkout page returns an error')",
        },
        {
            content: "Another customer's ticket is not",
            trigger: "body:not(:has(a:contains('Product import stops at line 200')))",
        },
    ],
});
