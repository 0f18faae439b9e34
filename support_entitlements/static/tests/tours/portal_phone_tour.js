/** @odoo-module **/
// Copyright 2026 Support Suite Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

// Each value checked must end this far inside the window: a page that fits
// only to the pixel breaks on the next browser release or font.
const SPARE_PX = 8;
// The second pass enlarges every text by this much (rem sizes follow the
// root font), standing in for wider fonts and another browser's metrics.
const LARGER_TEXT = "112.5%";

/** Whether an ancestor that fits the window clips ``element`` to itself. */
function isClipped(element, width) {
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
        if (getComputedStyle(parent).overflowX !== "visible") {
            const box = parent.getBoundingClientRect();
            return box.left >= -0.5 && box.right <= width + 0.5;
        }
    }
    return false;
}

function isShown(element) {
    const style = getComputedStyle(element);
    if (style.display === "none" || style.visibility === "hidden") {
        return false;
    }
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
}

/**
 * What does not fit a window of the current width: the page scrolling
 * sideways, any element reaching out of the window, a box of the page's
 * content cutting off or scrolling what it holds, and each of ``selectors``
 * missing or ending within SPARE_PX of an edge.
 */
export function layoutProblems(selectors) {
    const width = document.documentElement.clientWidth;
    const problems = [];
    const pageWidth = document.documentElement.scrollWidth;
    if (pageWidth > width) {
        problems.push(`the page is ${pageWidth} px wide in a ${width} px window`);
    }
    for (const element of document.querySelectorAll("body *")) {
        if (!isShown(element)) {
            continue;
        }
        const box = element.getBoundingClientRect();
        const where = `${element.tagName.toLowerCase()}.${[...element.classList].join(".")}`;
        if (box.left < -0.5 || box.right > width + 0.5) {
            const aside = ".o_tooltip, .o_tour_pointer, .o_notification_manager, " +
                ".visually-hidden, .visually-hidden-focusable";
            if (!element.closest(aside) && !isClipped(element, width)) {
                problems.push(`${where} spans ${box.left}-${box.right} px of ${width} px`);
            }
            continue;
        }
        if (!element.closest("main")) {
            continue;
        }
        const overflowX = getComputedStyle(element).overflowX;
        if (overflowX !== "visible" && element.scrollWidth > element.clientWidth + 1) {
            problems.push(
                `${where} cuts off or scrolls its content ` +
                    `(${element.scrollWidth} px in ${element.clientWidth} px)`
            );
        }
    }
    for (const selector of selectors) {
        const elements = [...document.querySelectorAll(selector)].filter(isShown);
        if (!elements.length) {
            problems.push(`not shown: ${selector}`);
        }
        for (const element of elements) {
            const box = element.getBoundingClientRect();
            if (box.left < SPARE_PX - 0.5 || box.right > width - SPARE_PX + 0.5) {
                problems.push(
                    `${selector} spans ${box.left}-${box.right} px, ` +
                        `closer than ${SPARE_PX} px to an edge of ${width} px`
                );
            }
        }
    }
    return problems;
}

/**
 * Steps that fail unless the page fits the window's width, as it is and
 * with larger text, and each of ``selectors`` is shown whole with room to
 * spare (the trigger waits for the first).
 */
export function fitsTheWidth(selectors) {
    const check = (label) => {
        const problems = layoutProblems(selectors);
        if (problems.length) {
            throw new Error(`${label}: ${problems.slice(0, 12).join("; ")}`);
        }
    };
    return [
        {
            content: `The page fits the window: ${selectors.join(", ")}`,
            trigger: selectors[0],
            run() {
                check("Does not fit");
            },
        },
        {
            content: "It still fits with larger text",
            trigger: selectors[0],
            run() {
                const root = document.documentElement;
                const previous = root.style.fontSize;
                root.style.fontSize = LARGER_TEXT;
                try {
                    check(`Does not fit with text at ${LARGER_TEXT}`);
                } finally {
                    root.style.fontSize = previous;
                }
            },
        },
    ];
}

registry.category("web_tour.tours").add("support_portal_phone_support", {
    url: "/my/support",
    steps: () =>
        fitsTheWidth([
            ".support_points_available",
            ".support_plan_name",
            ".support_cases_left",
            ".support_low_balance a[href='#support_renew']",
            "a.support_statement_link",
            ".support_minutes_available",
            "tr.support_block td.support_block_left",
            "tr.support_block td.support_block_expiry",
            "form.support_renew button[type='submit']",
        ]),
});

registry.category("web_tour.tours").add("support_portal_phone_statement", {
    url: "/my/support/statement",
    steps: () =>
        fitsTheWidth([
            "tr.support_modification td.support_quantity",
            "tr.support_modification td.support_source",
            "a.support_statement_csv",
            ".support_part_modifications .pagination",
            "tr.support_in_progress td.support_quantity",
            "tr.support_resolved td.support_quantity",
            "tr.support_modification .o_support_label",
        ]),
});

registry.category("web_tour.tours").add("support_portal_phone_time", {
    url: "/my/support/time",
    steps: () =>
        fitsTheWidth([
            "tr.support_time_time td.support_time_balance",
            "tr.support_time_time td.support_time_charged",
            "tr.support_time_time td.support_time_label",
            "tr.support_time_block td.support_block_remaining",
            "tr.support_time_block td.support_block_credited",
            "tr.support_time_block td.support_block_used",
            "tr.support_time_block .o_support_label",
            "a.support_time_pdf",
            "a.support_time_csv",
        ]),
});

registry.category("web_tour.tours").add("support_portal_phone_ticket", {
    steps: () =>
        fitsTheWidth([
            ".support_points_cost",
            ".support_points_state",
            ".support_ticket_figures .support_points_captured",
            ".support_ticket_figures .support_price",
            "form.support_dispute_cost button[type='submit']",
            ".o_portal_ticket_sla",
        ]),
});
