# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .in_use import check_not_in_use

PRICE_TYPES = [
    ("free", "Free"),
    ("fixed", "Fixed price"),
    ("from", "From (the agent finalises)"),
    ("per_unit", "Base plus a price per unit"),
    ("on_request", "Upon request"),
]


class HelpdeskTicketCategory(models.Model):
    _name = "helpdesk.ticket.category"
    _inherit = ["helpdesk.ticket.category", "support.input.limits"]
    _support_ranges = {
        # a ticket's estimate (price plus units x unit price) stays a number
        # the database holds
        "points_price": (0, 100_000),
        "points_price_max": (0, 100_000),
        "points_unit_price": (0, 100_000),
    }

    points_price_type = fields.Selection(
        PRICE_TYPES, string="Priced", default="free", required=True
    )
    points_price = fields.Integer(
        string="Points",
        help="The price; the minimum for a 'from' price; the base for a price "
        "per unit.",
    )
    points_price_max = fields.Integer(
        string="Up to",
        help="For a 'from' price given as a range (80–100 points): its upper end.",
    )
    points_unit_price = fields.Integer(string="Points per unit")
    points_unit_name = fields.Char(
        string="Unit",
        translate=True,
        help="What the agent counts, e.g. 'additional store on the same server'.",
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        # the tickets' price and history are read through their category
        check_not_in_use(self, [("helpdesk.ticket", "category_id")])

    @api.constrains(
        "points_price_type",
        "points_price",
        "points_price_max",
        "points_unit_price",
        "points_unit_name",
    )
    def _check_points_price(self):
        for category in self:
            if (
                min(
                    category.points_price,
                    category.points_price_max,
                    category.points_unit_price,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Prices in points cannot be negative (%(category)s).",
                        category=category.name,
                    )
                )
            if category.points_price_type == "per_unit" and (
                category.points_unit_price <= 0 or not category.points_unit_name
            ):
                raise ValidationError(
                    self.env._(
                        "A price per unit needs the unit's name and its price in "
                        "points (%(category)s).",
                        category=category.name,
                    )
                )
            if (
                category.points_price_max
                and category.points_price_max < category.points_price
            ):
                raise ValidationError(
                    self.env._(
                        "The upper end of a price range cannot be below its start "
                        "(%(category)s).",
                        category=category.name,
                    )
                )

    def _points_estimate(self, units=0):
        """The estimated price in points of a ticket in this category: for a
        range (80–100 points), its upper end, which the customer approves
        and which is captured until the agent sets the final price."""
        self.ensure_one()
        if self.points_price_type == "from" and self.points_price_max:
            return self.points_price_max
        if self.points_price_type in ("fixed", "from"):
            return self.points_price
        if self.points_price_type == "per_unit":
            return self.points_price + max(units, 0) * self.points_unit_price
        return 0

    def _points_range_refusal(self, cost):
        """Why the current user may not price a ticket of this category at
        ``cost``, or None: outside the category's range (80–100 points) only
        a support manager sets the price. A category without a range has
        none to leave."""
        if not (
            self.points_price_type == "from"
            and self.points_price_max
            and not self.points_price <= cost <= self.points_price_max
        ) or self.env.user.has_group("support_entitlements.group_support_manager"):
            return None
        return self.env._(
            "%(cost)s points lie outside the price range of %(category)s "
            "(%(range)s): only a support manager sets a price outside it.",
            cost=cost,
            category=self.name,
            range=self.points_price_display,
        )

    @api.depends(
        "points_price_type",
        "points_price",
        "points_price_max",
        "points_unit_price",
        "points_unit_name",
    )
    @api.depends_context("lang")
    def _compute_points_price_display(self):
        for category in self:
            kind = category.points_price_type
            if kind == "free":
                text = self.env._("Free")
            elif kind == "fixed":
                text = self.env._("%(points)s points", points=category.points_price)
            elif kind == "from" and category.points_price_max:
                text = self.env._(
                    "%(low)s–%(high)s points",
                    low=category.points_price,
                    high=category.points_price_max,
                )
            elif kind == "from":
                text = self.env._(
                    "from %(points)s points", points=category.points_price
                )
            elif kind == "per_unit":
                text = self.env._(
                    "%(base)s + %(unit_price)s points per %(unit)s",
                    base=category.points_price,
                    unit_price=category.points_unit_price,
                    unit=category.points_unit_name,
                )
            else:
                text = self.env._("Upon request")
            category.points_price_display = text

    points_price_display = fields.Char(
        string="Price", compute="_compute_points_price_display"
    )
