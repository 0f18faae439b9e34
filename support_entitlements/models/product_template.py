# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# What one unit sold may grant (input_limits.py).
SUPPORT_RANGES = {
    "support_quantity": (0, 1_000_000),
    "support_validity_months": (0, 120),
}


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "support.input.limits"]
    _support_ranges = SUPPORT_RANGES

    support_grant_type = fields.Selection(
        [
            ("points", "Point pack"),
            ("hours", "Prepaid hour block"),
            ("training", "Training hour block"),
            ("plan", "Support plan subscription"),
            ("licence", "Licence with free points"),
        ],
        string="Grants support",
        help="What a customer receives when this product is sold: points, a "
        "plan subscription, or free points with their first licence.",
    )
    support_quantity = fields.Integer(
        string="Points or hours granted",
        help="Points (or hours, for an hour or training block) credited per unit sold.",
    )
    support_validity_months = fields.Integer(
        string="Credit validity (months)",
        help="How long the credited points stay valid; empty to use the "
        "customer's plan (or 24 months without a plan).",
    )
    support_plan_id = fields.Many2one(
        "support.plan", string="Support plan", ondelete="restrict"
    )
    support_grant_on = fields.Selection(
        [("confirm", "Order confirmed"), ("paid", "Invoice paid")],
        string="Credit when",
        default="confirm",
        help="Credit the customer when the sale order is confirmed, or only "
        "once its invoice is paid.",
    )

    @api.constrains(
        "support_grant_type",
        "support_quantity",
        "support_validity_months",
        "support_plan_id",
    )
    def _check_support_grant(self):
        for product in self:
            if product.support_validity_months < 0:
                raise ValidationError(self.env._("A validity cannot be negative."))
            if (
                product.support_grant_type in ("points", "licence", "hours", "training")
                and product.support_quantity <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(product)s grants points or hours: say how many (more "
                        "than zero).",
                        product=product.display_name,
                    )
                )
            if product.support_grant_type == "plan" and not product.support_plan_id:
                raise ValidationError(
                    self.env._(
                        "%(product)s sells a support plan: choose which.",
                        product=product.display_name,
                    )
                )
