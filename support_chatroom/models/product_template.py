# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    support_checklist_template_id = fields.Many2one(
        comodel_name="support.checklist.template",
        string="Onboarding Checklist",
        company_dependent=True,
        help="Selling this product (a plan or a setup) opens the customer's "
        "onboarding project and room with this checklist, unless the customer "
        "has one already.",
    )
