/** @odoo-module **/
// Copyright 2026 Support Suite Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {_t} from "@web/core/l10n/translation";
import {threadActionsRegistry} from "@mail/core/common/thread_actions";
import {useComponent} from "@odoo/owl";
import {useService} from "@web/core/utils/hooks";

// supportRoom comes with the channel's data (_channel_basic_info).
threadActionsRegistry.add("support-customer-card", {
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
    icon: "fa fa-fw fa-id-card-o",
    name: _t("Customer Card"),
    async open(component) {
        const action = await component.supportOrm.call(
            "discuss.channel",
            "action_support_customer_card",
            [[component.thread.id]]
        );
        await component.supportAction.doAction(action);
    },
    sequence: 45,
    sequenceGroup: 20,
});

threadActionsRegistry.add("support-plan-setup", {
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
    icon: "fa fa-fw fa-calendar",
    name: _t("Plan Setup Meeting"),
    async open(component) {
        const action = await component.supportOrm.call(
            "discuss.channel",
            "action_support_plan_setup",
            [[component.thread.id]]
        );
        await component.supportAction.doAction(action);
    },
    sequence: 46,
    sequenceGroup: 20,
});
