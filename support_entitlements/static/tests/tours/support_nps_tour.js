/** @odoo-module **/
// Copyright 2026 Support Suite Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("support_nps_answer", {
    steps: () => [
        {
            content: "The score clicked in the mail is chosen",
            trigger: "input[name='score'][value='10']:checked",
        },
        {
            content: "Add a comment",
            trigger: "textarea[name='comment']",
            run: "edit Keep it up",
        },
        {
            content: "Send the answer",
            trigger: ".o_support_nps_form button[type='submit']",
            run: "click",
        },
        {
            content: "The customer is thanked with their score",
            trigger: ".o_support_nps_thanks .o_support_nps_score:contains('10')",
        },
    ],
});
