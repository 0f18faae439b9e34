# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

PHASES = [
    ("data", "Data"),
    ("design", "Design"),
    ("setup", "Setup"),
    ("development", "Development"),
    ("golive", "Go-live"),
]
OWNER_TYPES = [("department", "Department"), ("customer", "Customer")]


class SupportChecklistTemplateLine(models.Model):
    _name = "support.checklist.template.line"
    _inherit = ["support.input.limits"]
    _support_ranges = {"next_action_days": (0, 366)}
    _description = "Onboarding Checklist Template Item"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        comodel_name="support.checklist.template",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    phase = fields.Selection(selection=PHASES, required=True, default="data")
    owner_type = fields.Selection(
        selection=OWNER_TYPES, string="Owner", required=True, default="department"
    )
    segment_id = fields.Many2one(
        comodel_name="support.segment",
        string="Department",
        help="Department whose manager owns the item.",
    )
    mandatory = fields.Boolean(
        default=True, help="The phase cannot close while this item is open."
    )
    requires_approval = fields.Boolean(
        help="The customer approves the item with a comment (e.g. a mockup)."
    )
    next_action_days = fields.Integer(
        string="Next Action In (days)",
        help="Next action date of the item, in days from the project's start.",
    )
