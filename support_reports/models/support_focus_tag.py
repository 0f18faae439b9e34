# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

MAX_FOCUS_TAGS = 3


class SupportFocusTag(models.Model):
    """A ticket tag managers decided to work on during one month.

    At the month's end the record tells whether the tag's tickets went down
    against the month before.
    """

    _name = "support.focus.tag"
    _inherit = ["support.input.limits"]
    _description = "Focus Tag of a Month"
    _order = "month desc, id"
    _rec_name = "tag_id"

    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the month; stored as its first day.",
    )
    tag_id = fields.Many2one("helpdesk.ticket.tag", required=True, ondelete="cascade")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    note = fields.Char(help="What the team does about it.")
    ticket_count = fields.Integer(string="Tickets", compute="_compute_counts")
    previous_count = fields.Integer(string="Previous month", compute="_compute_counts")
    outcome = fields.Selection(
        [
            ("running", "Month running"),
            ("down", "Went down"),
            ("not_down", "Did not go down"),
        ],
        compute="_compute_counts",
    )

    _sql_constraints = [
        (
            "month_tag_unique",
            "UNIQUE(month, tag_id, company_id)",
            "A tag is a focus tag of a month once.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("month"):
                vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("month"):
            vals["month"] = fields.Date.to_date(vals["month"]).replace(day=1)
        return super().write(vals)

    @api.constrains("month", "company_id")
    def _check_focus_count(self):
        for focus in self:
            count = self.search_count(
                [("month", "=", focus.month), ("company_id", "=", focus.company_id.id)]
            )
            if count > MAX_FOCUS_TAGS:
                raise ValidationError(
                    self.env._(
                        "Pick at most %(max)s focus tags a month.", max=MAX_FOCUS_TAGS
                    )
                )

    def _ticket_counts(self):
        """{(tag id, company id, first day of month): tickets created}, for
        the months of these focus tags and the months before, in one query."""
        if not self:
            return {}
        start = datetime.combine(
            min(self.mapped("month")) - relativedelta(months=1), time.min
        )
        end = datetime.combine(
            max(self.mapped("month")) + relativedelta(months=1), time.min
        )
        # months in UTC, as the dates tickets are stored with
        groups = (
            self.env["helpdesk.ticket"]
            .with_context(tz="UTC")
            ._read_group(
                [
                    ("tag_ids", "in", self.tag_id.ids),
                    ("company_id", "in", self.company_id.ids),
                    ("create_date", ">=", start),
                    ("create_date", "<", end),
                ],
                ["tag_ids", "company_id", "create_date:month"],
                ["__count"],
            )
        )
        return {
            (tag.id, company.id, fields.Date.to_date(month)): count
            for tag, company, month, count in groups
        }

    @api.depends("month", "tag_id", "company_id")
    def _compute_counts(self):
        this_month = fields.Date.context_today(self).replace(day=1)
        counts = self.filtered(lambda f: f.month and f.tag_id)._ticket_counts()
        for focus in self:
            if not (focus.month and focus.tag_id):
                focus.ticket_count = focus.previous_count = 0
                focus.outcome = False
                continue
            key = (focus.tag_id.id, focus.company_id.id)
            focus.ticket_count = counts.get((*key, focus.month), 0)
            focus.previous_count = counts.get(
                (*key, focus.month - relativedelta(months=1)), 0
            )
            if focus.month >= this_month:
                focus.outcome = "running"
            elif focus.ticket_count < focus.previous_count:
                focus.outcome = "down"
            else:
                focus.outcome = "not_down"
