/** @odoo-module **/
// Copyright 2026 Support Suite Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

/**
 * A step that downloads its trigger's link as the browser would and fails
 * unless ``check(response, text)`` holds.
 */
function download(content, trigger, check) {
    return {
        content,
        trigger,
        async run() {
            const response = await fetch(this.anchor.getAttribute("href"));
            const text = await response.text();
            if (!response.ok || !check(response, text)) {
                throw new Error(`${content}: download failed (${response.status})`);
            }
        },
    };
}

const isAttachment = (response) =>
    (response.headers.get("Content-Disposition") || "").startsWith("attachment");
const hasRows = (response, text) => text.trim().split("\n").length >= 2;

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
        download(
            "The customer downloads the statement as CSV",
            "a.support_statement_csv[href^='/my/support/statement.csv']",
            hasRows
        ),
        download(
            "and as PDF",
            "a.support_statement_pdf[href^='/my/support/statement.pdf']",
            isAttachment
        ),
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

registry.category("web_tour.tours").add("support_portal_time", {
    url: "/my/support",
    steps: () => [
        {
            content: "The customer reads the time left on their hour blocks",
            trigger: ".support_minutes_available:contains(/^\\s*\\d+:\\d\\d\\s*$/)",
        },
        {
            content: "and opens the support tracking report",
            trigger: "a.support_time_link",
            run: "click",
        },
        {
            content: "Each line shows the time left after it",
            trigger: "tr.support_time_time td.support_time_balance:contains(/^\\s*-?\\d+:\\d\\d\\s*$/)",
        },
        {
            content: "The blocks have their totals",
            trigger: "tr.support_time_block td.support_block_remaining",
        },
        download(
            "The customer downloads the report as PDF",
            "a.support_time_pdf[href^='/my/support/time.pdf']",
            isAttachment
        ),
        download(
            "and as CSV",
            "a.support_time_csv[href^='/my/support/time.csv']",
            hasRows
        ),
    ],
});
