# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from pytz import timezone, utc

from odoo import fields, models

from odoo.addons.support_entitlements.models.action_fields import ensure_one_action


def _tomorrow_at_ten(record):
    """Tomorrow at 10:00 in the user's time zone, as naive UTC."""
    tz = timezone(record.env.user.tz or "UTC")
    local = datetime.now(tz) + timedelta(days=1)
    ten = tz.localize(
        local.replace(hour=10, minute=0, second=0, microsecond=0, tzinfo=None)
    )
    return ten.astimezone(utc).replace(tzinfo=None)


class SupportSetupMeetingWizard(models.TransientModel):
    """The account manager proposes the slot of the setup meeting."""

    _name = "support.setup.meeting.wizard"
    _description = "Plan the Setup Meeting"

    project_id = fields.Many2one("support.project", required=True, readonly=True)
    start = fields.Datetime(required=True, default=_tomorrow_at_ten)
    hours = fields.Float(string="Duration", required=True, default=1.0)

    def action_apply(self):
        ensure_one_action(self)
        self.project_id.action_support_schedule_setup(self.start, self.hours)
        return {"type": "ir.actions.act_window_close"}
