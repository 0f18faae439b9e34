# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.support_entitlements.models.in_use import check_not_in_use


class SupportSegment(models.Model):
    _name = "support.segment"
    _inherit = ["support.input.limits"]
    _description = "Question Segment"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Tag to write in a room message, after a #, to ask this segment's "
        "manager (e.g. #data).",
    )
    sequence = fields.Integer(default=10)
    manager_id = fields.Many2one(
        comodel_name="res.users",
        domain=[("share", "=", False)],
        index=True,
        help="Department manager who answers this segment's questions and is a "
        "member of every room.",
    )
    description = fields.Text(help="What questions this segment covers.")
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    active = fields.Boolean(default=True)

    _sql_constraints = (
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A segment tag must be unique per company.",
        ),
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if isinstance(vals.get("code"), str):
                vals["code"] = vals["code"].strip().lstrip("#").lower()
        segments = super().create(vals_list)
        segments._sync_company_rooms()
        return segments

    def write(self, vals):
        if isinstance(vals.get("code"), str):
            vals["code"] = vals["code"].strip().lstrip("#").lower()
        res = super().write(vals)
        if {"manager_id", "active", "company_id"} & set(vals):
            self._sync_company_rooms()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        # who asked and who answered what stays readable in the rooms
        check_not_in_use(
            self,
            [
                ("support.checklist.item", "segment_id"),
                ("support.checklist.template.line", "segment_id"),
                ("mail.message", "support_segment_id"),
                ("support.faq", "segment_id"),
            ],
        )

    def _sync_company_rooms(self):
        self.env["support.project"]._support_resync(
            [("company_id", "in", self.company_id.ids)], duty=False
        )
