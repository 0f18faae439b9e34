# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SupportDutyDay(models.Model):
    """Who is on duty on one of a team's days off.

    The team's week is its working calendar (the SLA policy's): on a day
    off that has a duty entry, blocking tickets escalate to the person on
    duty, then to the next level the entry names; an entry without anyone
    says that nobody is on duty (the seed's Sunday). The team is reminded on
    Friday who is on duty at the weekend (``helpdesk.ticket.team``).
    """

    _name = "support.duty.day"
    _inherit = ["support.input.limits"]
    _description = "Support Duty Day"
    _order = "date, team_id"
    _check_company_auto = True

    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="team_id.company_id", store=True, index=True, precompute=True
    )
    date = fields.Date(required=True)
    user_id = fields.Many2one(
        "res.users",
        string="On duty",
        domain=[("share", "=", False)],
        check_company=True,
        help="Empty: nobody is on duty that day; blocking tickets escalate as "
        "the escalation levels say.",
    )
    backup_user_id = fields.Many2one(
        "res.users",
        string="Next level",
        domain=[("share", "=", False)],
        check_company=True,
        help="Told when the person on duty has not reacted to a blocking ticket "
        "by the second escalation level.",
    )
    note = fields.Char()

    _sql_constraints = [
        (
            "team_date_unique",
            "UNIQUE(team_id, date)",
            "A team has one duty entry per day.",
        ),
    ]

    @api.constrains("team_id", "user_id", "backup_user_id")
    def _check_people(self):
        for day in self:
            people = day.user_id | day.backup_user_id
            members = day.team_id.user_ids
            if members and people - members:
                raise ValidationError(
                    self.env._(
                        "%(users)s is not a member of the team %(team)s.",
                        users=", ".join((people - members).mapped("name")),
                        team=day.team_id.display_name,
                    )
                )
            if day.backup_user_id and not day.user_id:
                raise ValidationError(
                    self.env._(
                        "Name the person on duty before the next level (%(date)s).",
                        date=day.date,
                    )
                )
            if day.user_id and day.user_id == day.backup_user_id:
                raise ValidationError(
                    self.env._(
                        "The next level must be someone else than the person on duty."
                    )
                )
