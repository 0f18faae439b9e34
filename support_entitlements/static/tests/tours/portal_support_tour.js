/** @odoo-module **/
// Copyright 2026 Support Suite Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("support_portal_balances", {
    url: "/my",
    steps: () => [
        {
            content: "The portal home links to the support balances",
            trigger: ".o_portal_index_card a[href='/my/support']",
            run: "click",
        },
        {
            content: "The customer reads the points available",
            trigger: ".support_points_available:contains(/^\\s*\\d+\\s*$/)",
        },
        {
            content: "and goes to the tickets",
            trigger: "a[href='/my/home']",
            run: "click",
        },
        {
            trigger: ".o_portal_index_card a[href='/my/tickets']",
            run: "click",
        },
        {
            trigger: "table a:contains('How do I add a shipping zone?')",
            run: "click",
        },
        {
            content: "The customer approves the ticket's cost",
            trigger: "form.support_approve_cost button[type='submit']",
            run: "click",
        },
        {
            content: "The cost is approved: the form is gone",
            trigger: "#support_ticket_points:not(:has(form.support_approve_cost))",
        },
        {
            trigger: "a[href='/my/home']",
            run: "click",
        },
        {
            trigger: ".o_portal_index_card a[href='/my/support']",
            run: "click",
        },
        {
            trigger: "a.support_statement_link",
            run: "click",
        },
        {
            content: "The statement lists the balance modifications",
            trigger: "tr.support_modification",
        },
        {
            content: "and offers its CSV download",
            trigger: "a.support_statement_csv[href^='/my/support/statement.csv']",
        },
        {
            trigger: ".breadcrumb a[href='/my/support']",
            run: "click",
        },
        {
            content: "The customer asks for more support",
            trigger: "form.support_renew button[type='submit']",
            run: "click",
        },
        {
            content: "and lands on the quotation",
            trigger: "#portal_sale_content",
        },
    ],
});
