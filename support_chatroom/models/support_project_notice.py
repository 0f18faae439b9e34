# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SupportProjectNotice(models.Model):
    """That a project's people were told something once (the data and
    design stage running past its target): its unique key makes the notice
    go out once, whichever worker sends it."""

    _name = "support.project.notice"
    _description = "Onboarding Project Notice"
    _order = "notified_date desc"

    project_id = fields.Many2one(
        "support.project", required=True, readonly=True, ondelete="cascade"
    )
    kind = fields.Selection(
        [("design_overdue", "Data and design past their target")],
        required=True,
        readonly=True,
    )
    notified_date = fields.Datetime(required=True, readonly=True)

    _sql_constraints = [
        (
            "project_kind_unique",
            "UNIQUE(project_id, kind)",
            "A project is told each notice once.",
        ),
    ]
