# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import formatLang

from .in_use import check_not_in_use


class SupportSlaClause(models.Model):
    _name = "support.sla.clause"
    _inherit = ["support.input.limits"]
    _support_ranges = {"hours": (0, 10_000)}
    _description = "SLA Clause"
    _order = "target_id, hours, id"
    _check_company_auto = True

    target_id = fields.Many2one(
        comodel_name="support.sla.target",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="target_id.company_id", store=True)
    hours = fields.Float(required=True, help="Working hours counted on the calendar.")
    calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        required=True,
        ondelete="restrict",
        check_company=True,
        help="Its working hours, time zone and holidays count towards this clause.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_clause_vals(vals)
        clauses = super().create(vals_list)
        clauses.target_id.policy_id._recompute_open_tickets()
        return clauses

    def write(self, vals):
        self._check_clause_vals(vals, partial=True)
        res = super().write(vals)
        if {"hours", "calendar_id"} & set(vals):
            self.target_id.policy_id._recompute_open_tickets()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        # the tickets' deadlines and breach history were counted on it
        check_not_in_use(
            self,
            [("support.ticket.sla", "target_id.clause_ids")],
            archivable=False,
            hint=self.env._(
                "Archive its SLA policy and give new tickets a new one instead."
            ),
        )

    def _check_clause_vals(self, vals, partial=False):
        # Checked before the database sees the row, so the user gets a
        # sentence rather than a NOT NULL violation (or a NaN, an infinity,
        # a year past 9999 when the deadline is planned).
        if (not partial or "calendar_id" in vals) and not vals.get("calendar_id"):
            raise ValidationError(
                self.env._("Each SLA clause needs a calendar to count hours on.")
            )

    def _format_hours(self):
        """The clause's hours in the reader's language (6, 1.50)."""
        self.ensure_one()
        whole = self.hours == int(self.hours)
        return formatLang(self.env, self.hours, digits=0 if whole else 2)

    @api.constrains("hours")
    def _check_hours(self):
        for clause in self:
            if clause.hours <= 0:
                raise ValidationError(
                    self.env._(
                        "An SLA clause must count a positive number of hours, "
                        "not %(hours)s.",
                        hours=clause._format_hours(),
                    )
                )

    @api.constrains("calendar_id", "target_id")
    def _check_calendar(self):
        # moved to another policy's target, its company (a related field)
        # changes without check_company seeing it: ask Odoo's check again
        self._check_company(["calendar_id"])
        self.calendar_id._check_sla_usable()
