/** @odoo-module **/
// Copyright 2026 Support Suite Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("support_feature_request_room", {
    steps: () => [
        {
            content: "Open the actions of the customer's message",
            trigger: ".o-mail-Message:contains('dark mode')",
            run: "hover && click .o-mail-Message:contains('dark mode') [title='Expand']",
        },
        {
            content: "Count it as a feature request",
            trigger:
                ".o-mail-Message-moreMenu [title='Feature Request'], .o-mail-Message [title='Feature Request']",
            run: "click",
        },
        {
            content: "No proposal matches yet: name a new one",
            trigger: ".modal .o_field_widget[name='new_proposal'] input",
            run: "edit Dark mode",
        },
        {
            content: "Count the request",
            trigger: ".modal button[name='action_apply']",
            run: "click",
        },
        {
            content: "The new proposal opens",
            trigger: ".o_breadcrumb .active:contains('Dark mode')",
        },
        {
            content: "...from the customer",
            trigger: ".o_field_widget[name='mention_ids'] .o_data_row:contains('Mia')",
        },
    ],
});

registry.category("web_tour.tours").add("support_feature_request_ticket", {
    steps: () => [
        {
            content: "The ticket asks for a feature",
            trigger: ".o_form_view .o_form_statusbar button:contains('Feature request')",
            run: "click",
        },
        {
            content: "Pick the proposal asked for",
            trigger: ".modal .o_field_widget[name='proposal_id'] input",
            run: "edit Dark",
        },
        {
            content: "It is proposed already",
            trigger: ".o-autocomplete--dropdown-item a:contains('Dark mode')",
            run: "click",
        },
        {
            content: "Count the request",
            trigger: ".modal button[name='action_apply']",
            run: "click",
        },
        {
            content: "The proposal now counts the ticket too",
            trigger: ".o_field_widget[name='mention_ids'] .o_data_row:eq(1)",
        },
    ],
});
