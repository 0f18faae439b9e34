# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math

from odoo import api, fields, models
from odoo.exceptions import UserError

# One line credits at most this many units, and this many points or minutes
# (the ledger's whole numbers stay far below PostgreSQL's).
MAX_UNITS = 10_000
MAX_CREDIT = 100_000_000


class SaleOrderLine(models.Model):
    _name = "sale.order.line"
    _inherit = ["sale.order.line", "support.input.limits", "support.posting.mixin"]
    # a NaN or an infinity crashes the amounts before any check of ours
    _support_host_fields = ("product_uom_qty",)

    support_lot_ids = fields.One2many("support.lot", "sale_line_id", readonly=True)
    support_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Support ticket",
        readonly=True,
        index="btree_not_null",
        help="The ticket whose time, for a customer without a plan, this line bills.",
    )
    # the same link as support.subscription.sale_line_ids, seen from the line
    support_subscription_ids = fields.Many2many(
        "support.subscription",
        relation="sale_order_line_support_subscription_rel",
        column1="sale_order_line_id",
        column2="support_subscription_id",
        string="Support subscriptions",
        readonly=True,
        copy=False,
    )

    def _support_granting_lines(self):
        return self.filtered(lambda line: line.product_id.support_grant_type)

    # --- quantities --------------------------------------------------------------

    def _support_check_quantity(self, vals):
        """Support is sold in whole units: a fraction of a pack would be
        credited truncated."""
        if "product_uom_qty" not in vals and "product_id" not in vals:
            return
        for line in self._support_granting_lines():
            quantity = line.product_uom_qty
            if not math.isfinite(quantity) or quantity != int(quantity) or quantity < 1:
                raise UserError(
                    self.env._(
                        "%(product)s is sold in whole units of at least one, "
                        "not %(quantity)s.",
                        product=line.product_id.display_name,
                        quantity=quantity,
                    )
                )
            product = line.product_id
            per_unit = max(
                product.support_quantity
                * (60 if product.support_grant_type in ("hours", "training") else 1),
                product.support_plan_id.training_hours * 60,
            )
            if quantity > MAX_UNITS or quantity * per_unit > MAX_CREDIT:
                raise UserError(
                    self.env._(
                        "%(quantity)s × %(product)s is more support than one order "
                        "line may credit: sell at most %(units)s units, or split it.",
                        product=product.display_name,
                        quantity=int(quantity),
                        units=min(MAX_UNITS, MAX_CREDIT // max(per_unit, 1)),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._support_check_quantity({"product_uom_qty": True, "product_id": True})
        return lines

    def write(self, vals):
        if "product_uom_qty" in vals:
            credited = self.filtered(
                lambda line: (
                    line.product_uom_qty != vals["product_uom_qty"]
                    and (
                        line._support_unreversed_lots() or line.support_subscription_ids
                    )
                )
            )
            if credited:
                raise UserError(
                    self.env._(
                        "%(order)s already credited this support: to change its "
                        "quantity, cancel the order (which reverses the credit) or "
                        "sell the difference on a new order.",
                        order=credited[0].order_id.name,
                    )
                )
        result = super().write(vals)
        self._support_check_quantity(vals)
        return result

    def _support_unreversed_lots(self):
        """The lots this line credited that its cancellation did not reverse."""
        self.ensure_one()
        if not self.support_lot_ids:
            return self.support_lot_ids
        reversed_lots = (
            self.env["support.movement"]
            .sudo()
            .search(
                [("lot_id", "in", self.support_lot_ids.ids), ("kind", "=", "reversal")]
            )
            .lot_id
        )
        return self.support_lot_ids - reversed_lots

    def _support_grant(self):
        """Credit what these lines sell, once per line, with the line as source."""
        lots = self.env["support.lot"]
        subscriptions = self.env["support.subscription"]
        # Demo data and data migrations (run as the superuser) may give the
        # purchase date of backdated sales. A client's context is no such
        # authority: the date decides when credits expire.
        purchase_date = self.env.su and fields.Date.to_date(
            self.env.context.get("support_purchase_date")
        )
        for line in self._support_granting_lines():
            product = line.product_id
            partner = line.order_id.partner_id.commercial_partner_id
            company = line.company_id
            # credited once; after a cancellation reversed it, confirming the
            # order again credits it again
            if (
                line._support_unreversed_lots()
                or line.support_subscription_ids
                or line.product_uom_qty <= 0
            ):
                continue
            if product.support_grant_type == "plan":
                # Subscribing is the effect of the confirmed sale, which the
                # salesperson may do; subscriptions themselves are managed by
                # support managers.
                subscriptions.sudo()._subscribe(
                    partner,
                    product.support_plan_id,
                    sale_line=line,
                    date_start=purchase_date,
                )
                plan = product.support_plan_id
                if plan.training_hours:
                    lots._credit(
                        partner,
                        "training_minute",
                        int(plan.training_hours * 60 * line.product_uom_qty),
                        "grant",
                        f"{line.order_id.name}: {plan.name} training",
                        company=company,
                        date_purchase=purchase_date,
                        validity_months=plan.duration_months,
                        sale_line=line,
                        product=product,
                    )
                continue
            if product.support_grant_type == "licence" and lots.sudo().search_count(
                [
                    ("partner_id", "=", partner.id),
                    ("company_id", "=", company.id),
                    ("origin", "=", "licence"),
                ],
                limit=1,
            ):
                continue  # free points come with the first licence only
            plan = partner._get_support_plan(company)
            validity = (
                product.support_validity_months or plan.credit_validity_months or 24
            )
            hours = product.support_grant_type in ("hours", "training")
            quantity = product.support_quantity * line.product_uom_qty
            if product.support_grant_type == "training":
                unit = "training_minute"
            else:
                unit = "minute" if hours else "point"
            lots._credit(
                partner,
                unit,
                int(quantity * 60 if hours else quantity),
                "licence" if product.support_grant_type == "licence" else "purchase",
                f"{line.order_id.name}: {product.display_name}",
                company=company,
                date_purchase=purchase_date,
                validity_months=validity,
                sale_line=line,
                product=product,
            )
        # Points bought may let waiting tickets start.
        self.order_id.partner_id.commercial_partner_id._support_retry_waiting_tickets()

    def _support_reverse(self):
        """Undo exactly what these lines credited, with reversal movements
        (the protocol: ``support.posting.mixin``; a line reversed already
        holds nothing more to reverse)."""
        lines = self._support_granting_lines()
        for line in lines:
            if line.support_subscription_ids:
                line.support_subscription_ids.sudo()._unsubscribe_line(line)
        lines._support_post_targets()

    # --- support.posting.mixin hooks ----------------------------------------------

    def _support_posting_customer(self):
        lot = self.support_lot_ids[:1]
        return lot.company_id, lot.partner_id

    def _support_posting_read(self, company, partner, **options):
        """What the line's lots still hold of its credit: those not
        reversed yet, read under the customer's lock."""
        posting = super()._support_posting_read(company, partner, **options)
        # whoever may cancel the order undoes its credit: the ledger itself
        # is read by support managers only, hence sudo
        reversed_lots = (
            self.env["support.movement"]
            .sudo()
            .search(
                [
                    ("lot_id", "in", self.support_lot_ids.ids),
                    ("kind", "=", "reversal"),
                ]
            )
            .lot_id
        )
        posting["holdings"]["credited"] = {
            lot.id: lot.quantity for lot in self.support_lot_ids - reversed_lots
        }
        return posting

    def _support_posting_targets(self, posting, **options):
        return [("credited", 0)]

    def _support_posting_moves(self, posting, key, delta, **options):
        lots = self.env["support.lot"].browse(posting["holdings"][key])
        return [
            {
                "lot_id": lot.id,
                "unit": lot.unit,
                "kind": "reversal",
                "quantity": -lot.quantity,
                "sale_line_id": self.id,
                "reason": self.env._(
                    "Order %(order)s cancelled", order=self.order_id.name
                ),
            }
            for lot in lots
        ]
