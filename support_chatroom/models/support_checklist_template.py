# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SupportChecklistTemplate(models.Model):
    _name = "support.checklist.template"
    _inherit = ["support.input.limits"]
    _description = "Onboarding Checklist Template"
    _support_ranges = {"design_target_days": (1, 366)}
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    line_ids = fields.One2many(
        comodel_name="support.checklist.template.line",
        inverse_name="template_id",
        string="Items",
        copy=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    active = fields.Boolean(default=True)
    design_target_days = fields.Integer(
        string="Data and design within (days)",
        default=30,
        help="From the project's start: past it with the data or design phase "
        "still open, the account manager and the customer's room are told, once "
        "(the agreement: 15 to 30 days).",
    )

    @api.constrains("name", "line_ids")
    def _check_has_items(self):
        for template in self:
            if not template.line_ids:
                raise ValidationError(
                    self.env._(
                        "The checklist template “%(name)s” has no item: add at "
                        "least one item.",
                        name=template.name,
                    )
                )
