/** @odoo-module **/
// Copyright 2026 Support Suite Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {inputFiles} from "@web/../tests/utils";
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("support_room_customer_post", {
    url: "/my",
    steps: () => [
        {
            content: "The portal home has the support room entry",
            trigger: ".o_portal_index_card a[href='/my/support-rooms']",
            run: "click",
        },
        {
            content: "Open the project",
            trigger: ".o_support_room_row a:contains('Northwind wholesale shop launch')",
            run: "click",
        },
        {
            content: "The onboarding shows the approved mockup",
            trigger: ".o_support_item[data-state='approved']:contains('Design mockup')",
        },
        {
            content: "Open the chat room",
            trigger: "a.o_support_open_chat",
            run: "click",
        },
        {
            content: "The room's messages are shown",
            trigger: ".o-mail-Thread .o-mail-Message:contains('Welcome to your support room')",
        },
        {
            content: "Write a question for the design manager",
            trigger: ".o-mail-Composer-input",
            run: "edit Here is our logo for the header #design",
        },
        {
            content: "Attach the logo",
            trigger: ".o-mail-Composer button[aria-label='Attach files']",
            async run() {
                const logo = new File(["northwind logo"], "logo.txt", {
                    type: "text/plain",
                });
                await inputFiles(".o-mail-Composer-coreMain .o_input_file", [logo]);
            },
        },
        {
            content: "Wait for the upload",
            trigger: ".o-mail-AttachmentCard[title='logo.txt']:not(.o-isUploading)",
        },
        {
            content: "Send",
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The message is in the room with its attachment",
            trigger:
                ".o-mail-Message:contains('logo for the header') .o-mail-AttachmentCard[title='logo.txt']",
        },
    ],
});

registry.category("web_tour.tours").add("support_room_customer_ticket", {
    url: "/my",
    steps: () => [
        {
            content: "Open the tickets",
            trigger: ".o_portal_index_card a[href='/my/tickets']",
            run: "click",
        },
        {
            content: "The archived message is a ticket",
            trigger: "table a:contains('New header logo')",
            run: "click",
        },
        {
            content: "Its description is the room message",
            trigger: "body:contains('Here is our logo for the header')",
        },
    ],
});

registry.category("web_tour.tours").add("support_room_agent_archive", {
    steps: () => [
        {
            content: "The agent reads the customer's card from the room",
            trigger: ".o-mail-Discuss-header button[title='Customer Card']",
            run: "click",
        },
        {
            content: "The card shows the customer and its onboarding",
            trigger: ".modal .o_support_customer_card:contains('Northwind Outfitters')",
        },
        {
            content: "Close the card",
            trigger: ".modal .modal-footer button:contains('Close')",
            run: "click",
        },
        {
            content: "Open the actions of the customer's message",
            trigger: ".o-mail-Message:contains('logo for the header')",
            run: "hover && click .o-mail-Message:contains('logo for the header') [title='Expand']",
        },
        {
            content: "Archive it into a ticket",
            trigger:
                ".o-mail-Message-moreMenu [title='Archive into a Ticket'], .o-mail-Message [title='Archive into a Ticket']",
            run: "click",
        },
        {
            content: "Give the ticket a title",
            trigger: ".modal .o_field_widget[name='name'] input",
            run: "edit New header logo",
        },
        {
            content: "Archive",
            trigger: ".modal button[name='action_archive']",
            run: "click",
        },
        {
            content: "The new ticket opens",
            trigger: ".o_breadcrumb .active:contains('New header logo')",
        },
    ],
});

registry.category("web_tour.tours").add("support_setup_meeting_customer", {
    url: "/my/support-rooms",
    steps: () => [
        {
            content: "Open the project",
            trigger: ".o_support_room_row a:contains('Acme launch')",
            run: "click",
        },
        {
            content: "The setup meeting is shown with its time",
            trigger: ".o_support_setup_meeting_when:contains('Setup meeting:')",
        },
        {
            content: "The meeting can be joined from the page",
            trigger: "a.o_support_setup_meeting_join[href*='/calendar/join_videocall/']",
        },
    ],
});

registry.category("web_tour.tours").add("support_faq_customer_ask", {
    url: "/my/support-faq",
    steps: () => [
        {
            content: "Write the question",
            trigger: ".o_support_faq_ask input[name='question']",
            run: "edit How do I print shipping labels?",
        },
        {
            content: "Add details only the team reads",
            trigger: ".o_support_faq_ask textarea[name='details']",
            run: "edit We use the Zebra printer.",
        },
        {
            content: "Ask",
            trigger: ".o_support_faq_ask button[type='submit']",
            run: "click",
        },
        {
            content: "The question waits for an answer, shown to the customer only",
            trigger:
                ".o_support_own_question:contains('How do I print shipping labels?'):contains('Waiting for an answer')",
        },
    ],
});

registry.category("web_tour.tours").add("support_room_plan_setup", {
    steps: () => [
        {
            content: "Plan the setup meeting from the room",
            trigger: ".o-mail-Discuss-header button[title='Plan Setup Meeting']",
            run: "click",
        },
        {
            content: "The wizard names the room's project",
            trigger: ".modal .o_field_widget[name='project_id']:contains('Acme launch')",
        },
        {
            content: "Propose the slot",
            trigger: ".modal .modal-footer button[name='action_apply']",
            run: "click",
        },
        {
            content: "The room is told when the meeting is",
            trigger: ".o-mail-Message:contains('Setup meeting:')",
        },
    ],
});
