/** @odoo-module **/
// Copyright 2026 Support Suite Authors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {_t} from "@web/core/l10n/translation";
import {isRoomMessage} from "@support_chatroom/js/message_actions";
import {messageActionsRegistry} from "@mail/core/common/message_actions";

// A customer asks for a feature in a room or in a ticket's chatter.
function isRequestMessage(component) {
    const thread = component.props.thread;
    return (
        isRoomMessage(component) ||
        (thread?.model === "helpdesk.ticket" &&
            component.props.message.message_type !== "notification" &&
            component.store.self.isInternalUser)
    );
}

messageActionsRegistry.add("support-feature-request", {
    condition: isRequestMessage,
    icon: "fa fa-lightbulb-o",
    title: _t("Feature Request"),
    onClick: (component) =>
        component.env.services.action.doAction(
            "support_reports.support_proposal_mention_wizard_action",
            {additionalContext: {default_message_id: component.props.message.id}}
        ),
    sequence: 82,
});
