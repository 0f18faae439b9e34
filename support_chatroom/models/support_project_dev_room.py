# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.support_entitlements.models.action_fields import ensure_one_action


class SupportProject(models.Model):
    """Development is discussed privately, in a room beside the customer's:
    the leadership, the account manager and the project's development
    members; never the customer."""

    # one concern per file (see support_project.py)
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "support.project"

    @api.constrains("dev_member_ids")
    def _check_dev_members(self):
        for project in self:
            customers = project.dev_member_ids.filtered("share")
            if customers:
                raise ValidationError(
                    self.env._(
                        "The development is discussed without the customer: "
                        "%(users)s cannot be a development member.",
                        users=", ".join(customers.mapped("name")),
                    )
                )

    def _dev_room_users(self):
        """Who discusses the development privately: the company's leadership
        (the CEO), the account manager and the project's development
        members; employees only."""
        self.ensure_one()
        users = (
            self.company_id.support_leadership_user_ids
            | self.partner_id.user_id
            | self.dev_member_ids
        )
        return users.filtered(lambda user: not user.share)

    def action_open_dev_room(self):
        """Open the project's private development room, creating it the
        first time."""
        ensure_one_action(self)
        # the system user (the demo data, a server script) may open it for
        # the team; a sudo() environment still acts for its user
        if not self.env.user._is_superuser() and not self.env.user.has_group(
            "support_entitlements.group_support_agent"
        ):
            raise UserError(self.env._("The development room is for the support team."))
        if not self.dev_channel_id:
            # sudo: the room is created for its members, who need not include
            # its creator; access is given by membership only
            channel = (
                self.env["discuss.channel"]
                .sudo()
                .create(
                    {
                        "name": self.env._(
                            "%(project)s: development", project=self.name
                        ),
                        "channel_type": "group",
                        "support_dev_project_id": self.id,
                    }
                )
            )
            # sudo: as the project's room, which only the action fills
            self.sudo().dev_channel_id = channel
        # sudo: membership follows the project, whoever opens it
        users = self._dev_room_users()
        if not self.env.user._is_superuser():
            users |= self.env.user  # who opens it is in it
        self.dev_channel_id.sudo()._add_members(users=users, post_joined_message=False)
        return {
            "type": "ir.actions.act_url",
            "url": f"/odoo/discuss?active_id=discuss.channel_{self.dev_channel_id.id}",
            "target": "self",
        }
