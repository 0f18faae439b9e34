# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext

from odoo.addons.support_entitlements.models.action_fields import ensure_one_action
from odoo.addons.support_entitlements.models.claims import claim_once

SEGMENT_TAG = re.compile(r"(?:^|\s)#([\w-]+)")


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    support_project_id = fields.Many2one(
        comodel_name="support.project",
        string="Onboarding Project",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )

    support_dev_project_id = fields.Many2one(
        comodel_name="support.project",
        string="Development of",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )

    def _channel_basic_info(self):
        info = super()._channel_basic_info()
        # the web client offers the room's actions (archive, card) on rooms only
        info["supportRoom"] = bool(self.support_project_id)
        return info

    def _support_tagged_segments(self, body):
        """Segments tagged in a message body with #code."""
        self.ensure_one()
        codes = {code.lower() for code in SEGMENT_TAG.findall(html2plaintext(body))}
        if not codes:
            return self.env["support.segment"]
        # sudo: customers tag segments in their room without reading the setup
        return (
            self.env["support.segment"]
            .sudo()
            .search(
                [
                    ("code", "in", list(codes)),
                    ("company_id", "=", self.support_project_id.company_id.id),
                ]
            )
        )

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        if (
            len(self) == 1
            and self.support_project_id
            and kwargs.get("body")
            and not self.env.context.get("support_no_segment_tags")
        ):
            segments = self._support_tagged_segments(kwargs["body"])
            if segments:
                # the message is created tagged with its first segment
                kwargs["support_segment_id"] = segments[:1].id
            managers = segments.manager_id.partner_id
            if managers:
                # a mention notifies the segment's manager in their inbox
                kwargs["partner_ids"] = list(
                    set(kwargs.get("partner_ids") or []) | set(managers.ids)
                )
        message = super().message_post(**kwargs)
        if (
            len(self) == 1
            and self.support_project_id
            and message.message_type == "comment"
            and self.env.user.share
            and message.author_id == self.env.user.partner_id
        ):
            self._support_answer_out_of_hours(message)
        return message

    def _support_answer_out_of_hours(self, message):
        """A customer writing in their room outside the team's working
        hours, on a duty day or in the last minutes of the day is told when
        work continues (and, on a duty day, who is on duty): once per pause,
        whichever worker receives the messages."""
        self.ensure_one()
        # sudo: the customer's post answers with the team's week, which the
        # customer does not read
        project = self.sudo().support_project_id
        team = project.team_id
        if not team:
            return
        resume = team._support_work_resumes_at(message.date)
        if not resume:
            return
        claimed = claim_once(
            self.env,
            "support_room_reply",
            {
                "channel_id": self.id,
                "resume_date": resume,
                "replied_date": fields.Datetime.now(),
            },
            ("channel_id", "resume_date"),
        )
        self.env["support.room.reply"].invalidate_model()
        if not claimed:
            return
        sentences = team._support_resume_sentences(
            message.date, resume, message.author_id
        )
        # sudo: posted on the company's behalf, not the customer's
        self.sudo().with_context(support_no_segment_tags=True).message_post(
            body=Markup("<p>%s</p>") % " ".join(sentences),
            author_id=project.company_id.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _get_message_create_valid_field_names(self):
        return super()._get_message_create_valid_field_names() | {"support_segment_id"}

    def _find_or_create_persona_for_channel(
        self, guest_name, timezone, country_code, post_joined_message=True
    ):
        # An invitation link must not open a customer's room to anyone else:
        # its members come from the onboarding project's configuration.
        if self.support_project_id:
            # sudo: who may join depends on the project, not on the joiner's rights
            project = self.sudo().support_project_id
            if self.env.user.partner_id not in project._get_room_partners() and (
                not self.env.user.has_group("support_entitlements.group_support_agent")
            ):
                raise UserError(self.env._("This room is reserved to its members."))
        if self.support_dev_project_id and (
            self.env.user.share or self.env.user._is_public()
        ):
            # the development is discussed without the customer
            raise UserError(self.env._("This room is reserved to the support team."))
        return super()._find_or_create_persona_for_channel(
            guest_name, timezone, country_code, post_joined_message=post_joined_message
        )

    def action_support_customer_card(self):
        """Open the card of the room's customer, for agents."""
        ensure_one_action(self)
        if not self.env.user.has_group("support_entitlements.group_support_agent"):
            raise AccessError(self.env._("The customer card is for support agents."))
        project = self.support_project_id
        if not project:
            raise UserError(self.env._("This conversation is not a customer room."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer Card"),
            "res_model": "res.partner",
            "res_id": project.partner_id.id,
            "views": [
                [self.env.ref("support_chatroom.res_partner_view_form_card").id, "form"]
            ],
            "target": "new",
        }

    def action_support_plan_setup(self):
        """Plan the setup meeting of the room's project from the room."""
        ensure_one_action(self)
        project = self.support_project_id
        if not project:
            raise UserError(self.env._("This conversation is not a customer room."))
        if not self.env.user.has_group("support_entitlements.group_support_agent"):
            raise AccessError(
                self.env._("The setup meeting is planned by the support team.")
            )
        # who may change the project plans its meeting (as from the project),
        # checked as the user even from a sudo() environment
        project.with_user(self.env.user).check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Plan the Setup Meeting"),
            "res_model": "support.setup.meeting.wizard",
            "views": [[False, "form"]],
            "target": "new",
            "context": {"default_project_id": project.id},
        }
