/** @odoo-module **/
// Copyright 2026 Support Suite Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {_t} from "@web/core/l10n/translation";
import {threadActionsRegistry} from "@mail/core/common/thread_actions";
import {useComponent} from "@odoo/owl";
import {useService} from "@web/core/utils/hooks";

// supportRoom comes with the channel's data (_channel_basic_info).
// An action of a customer's room, for employees: it calls ``method`` on the
// channel and runs the action the server returns.
function roomAction(method, icon, name, sequence) {
    return {
        condition(component) {
            return (
                component.thread?.model === "discuss.channel" &&
                component.thread.supportRoom &&
                component.store?.self?.isInternalUser
            );
        },
        setup() {
            const component = useComponent();
            component.supportOrm = useService("orm");
            component.supportAction = useService("action");
        },
        icon,
        name,
        async open(component) {
            const action = await component.supportOrm.call("discuss.channel", method, [
                [component.thread.id],
            ]);
            await component.supportAction.doAction(action);
        },
        sequence,
        sequenceGroup: 20,
    };
}

threadActionsRegistry.add(
    "support-customer-card",
    roomAction("action_support_customer_card", "fa fa-fw fa-id-card-o", _t("Customer Card"), 45)
);
threadActionsRegistry.add(
    "support-plan-setup",
    roomAction("action_support_plan_setup", "fa fa-fw fa-calendar", _t("Plan Setup Meeting"), 46)
);
