/** @odoo-module **/
// Copyright 2026 Support Suite Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {registry} from "@web/core/registry";

/**
 * A step that fails unless the page fits the window's width and each of
 * ``selectors`` is shown whole within it (the trigger waits for the first).
 */
function fitsTheWidth(selectors) {
    return {
        content: `The page fits the window: ${selectors.join(", ")}`,
        trigger: selectors[0],
        run() {
            const width = document.documentElement.clientWidth;
            const pageWidth = document.documentElement.scrollWidth;
            if (pageWidth > width) {
                throw new Error(
                    `The page overflows: ${pageWidth} px wide in a ${width} px window`
                );
            }
            for (const selector of selectors) {
                const element = document.querySelector(selector);
                if (!element) {
                    throw new Error(`Missing: ${selector}`);
                }
                const box = element.getBoundingClientRect();
                if (!box.width || !box.height) {
                    throw new Error(`Not shown: ${selector}`);
                }
                // a table may scroll sideways in its wrapper: what it hides is cut off
                const wrapper = element.closest(".table-responsive");
                const right = wrapper
                    ? Math.min(width, wrapper.getBoundingClientRect().right)
                    : width;
                if (box.left < 0 || box.right > right + 0.5) {
                    throw new Error(
                        `Cut off: ${selector} spans ${box.left}-${box.right} px ` +
                            `of a ${right} px wide view`
                    );
                }
            }
        },
    };
}

registry.category("web_tour.tours").add("support_portal_phone_support", {
    url: "/my/support",
    steps: () => [
        fitsTheWidth([
            ".support_points_available",
            ".support_plan_name",
            ".support_cases_left",
            ".support_low_balance a[href='#support_renew']",
            "a.support_statement_link",
            ".support_minutes_available",
            "tr.support_block",
            "form.support_renew button[type='submit']",
        ]),
    ],
});

registry.category("web_tour.tours").add("support_portal_phone_statement", {
    url: "/my/support/statement",
    steps: () => [
        fitsTheWidth([
            "tr.support_modification",
            "a.support_statement_csv",
            ".support_part_modifications .pagination",
            "tr.support_in_progress",
            "tr.support_resolved",
        ]),
    ],
});

registry.category("web_tour.tours").add("support_portal_phone_time", {
    url: "/my/support/time",
    steps: () => [
        fitsTheWidth([
            "tr.support_time_time td.support_time_balance",
            "tr.support_time_time td.support_time_charged",
            "tr.support_time_time td.support_time_label",
            "tr.support_time_block td.support_block_remaining",
            "a.support_time_pdf",
            "a.support_time_csv",
        ]),
    ],
});
