# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    support_statement_opt_in = fields.Boolean(
        string="Monthly support statement",
        help="Email this customer a support tracking report every month.",
    )
