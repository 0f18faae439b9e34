# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"
    _support_ranges = {
        "support_digest_low_points": (0, 1_000_000),
        "support_digest_low_minutes": (0, 1_000_000),
    }

    support_digest_low_points = fields.Integer(
        string="Low balance (points)",
        default=20,
        help="The digest lists customers with fewer points available than this.",
    )
    support_digest_low_minutes = fields.Integer(
        string="Low balance (minutes)",
        default=120,
        help="The digest lists customers with fewer prepaid minutes than this.",
    )
