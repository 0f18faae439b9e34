/** @odoo-module **/
// Copyright 2026 Support Suite Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {_t} from "@web/core/l10n/translation";
import {messageActionsRegistry} from "@mail/core/common/message_actions";

// supportRoom comes with the channel's data (_channel_basic_info).
export function isRoomMessage(component) {
    const thread = component.props.thread;
    return (
        thread?.model === "discuss.channel" &&
        thread.supportRoom &&
        component.props.message.message_type === "comment" &&
        component.store.self.isInternalUser
    );
}

messageActionsRegistry
    .add("support-archive-ticket", {
        condition: isRoomMessage,
        icon: "fa fa-life-ring",
        title: _t("Archive into a Ticket"),
        onClick: (component) =>
            component.env.services.action.doAction(
                "support_chatroom.support_archive_ticket_wizard_action",
                {additionalContext: {default_message_id: component.props.message.id}}
            ),
        sequence: 80,
    })
    .add("support-faq", {
        condition: isRoomMessage,
        icon: "fa fa-question-circle",
        title: _t("Frequently Asked"),
        onClick: (component) =>
            component.env.services.action.doAction({
                type: "ir.actions.act_window",
                name: _t("Frequently Asked"),
                res_model: "support.faq",
                views: [[false, "form"]],
                target: "new",
                context: {default_source_message_id: component.props.message.id},
            }),
        sequence: 81,
    });
