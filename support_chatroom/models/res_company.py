# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    support_trial_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Trial Support",
        domain=[("share", "=", False)],
        help="Level-1 agent on duty in the rooms of customers who have not bought "
        "a plan yet.",
    )
    support_leadership_user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="res_company_support_leadership_rel",
        column1="company_id",
        column2="user_id",
        string="Leadership in Rooms",
        domain=[("share", "=", False)],
        help="Members of every customer room of the company (COO, CEO...).",
    )

    def write(self, vals):
        res = super().write(vals)
        if {"support_trial_user_id", "support_leadership_user_ids"} & set(vals):
            self.env["support.project"]._support_resync(
                [("company_id", "in", self.ids)]
            )
        return res
