# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from dateutil.relativedelta import relativedelta
from psycopg2 import errors as pg_errors

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .support_movement import UNITS

_logger = logging.getLogger(__name__)


class SupportLot(models.Model):
    """Credits a customer received at once: a pack, a block, a grant.

    Lots are consumed earliest-expiry first; what remains on a lot is the sum
    of its movements.
    """

    _name = "support.lot"
    _description = "Support Credit Lot"
    _order = "date_expiry, id"

    name = fields.Char(required=True, readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    unit = fields.Selection(UNITS, required=True, readonly=True)
    quantity = fields.Integer(
        string="Credited", required=True, readonly=True, help="What the lot credited."
    )
    origin = fields.Selection(
        [
            ("purchase", "Purchase"),
            ("grant", "Grant"),
            ("licence", "Licence grant"),
            ("refund", "Refund"),
            ("adjustment", "Adjustment"),
        ],
        required=True,
        readonly=True,
    )
    date_purchase = fields.Date(string="Purchase date", required=True, readonly=True)
    date_expiry = fields.Date(string="Expiry date", required=True, readonly=True)
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Order line",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    product_id = fields.Many2one("product.product", readonly=True)
    movement_ids = fields.One2many("support.movement", "lot_id", readonly=True)
    available = fields.Integer(compute="_compute_balance")
    captured = fields.Integer(compute="_compute_balance")
    expiry_notice_sent = fields.Boolean(readonly=True, copy=False)

    _sql_constraints = [
        (
            "quantity_positive",
            "CHECK(quantity > 0)",
            "A lot must credit more than zero.",
        ),
        (
            "expiry_after_purchase",
            "CHECK(date_expiry >= date_purchase)",
            "A lot cannot expire before it was purchased.",
        ),
    ]

    def init(self):
        # Spending looks for a customer's lots not expired yet (see
        # support.movement._lot_balances_sql): the years of spent lots before
        # them are not read.
        tools.create_index(
            self.env.cr,
            "support_lot_open_idx",
            self._table,
            ["partner_id", "company_id", "unit", "date_expiry"],
        )

    @api.constrains("quantity", "date_purchase", "date_expiry")
    def _check_quantity_dates(self):
        # Same rules as the SQL constraints, with a translated message.
        for lot in self:
            if lot.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "A lot must credit more than zero (got %(quantity)s).",
                        quantity=lot.quantity,
                    )
                )
            if lot.date_expiry < lot.date_purchase:
                raise ValidationError(
                    self.env._(
                        "Lot %(lot)s cannot expire (%(expiry)s) before it was "
                        "purchased (%(purchase)s).",
                        lot=lot.name,
                        expiry=lot.date_expiry,
                        purchase=lot.date_purchase,
                    )
                )

    def _compute_balance(self):
        self.env["support.movement"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT lot_id, SUM(quantity), SUM(captured_quantity)
                  FROM support_movement WHERE lot_id IN %s GROUP BY lot_id
                """,
                tuple(self.ids) or (0,),
            )
        )
        sums = {
            lot_id: (available, captured)
            for lot_id, available, captured in self.env.cr.fetchall()
        }
        for lot in self:
            lot.available, lot.captured = sums.get(lot.id, (0, 0))

    @api.model
    def _credit(
        self,
        partner,
        unit,
        quantity,
        origin,
        name,
        company=None,
        date_purchase=None,
        validity_months=24,
        sale_line=None,
        product=None,
        kind=None,
        reason=None,
        ticket=None,
    ):
        """Create a lot and post the movement that credits it.

        A customer in overdraft (or with lots driven negative by a reversal)
        is settled first from the new lot, as the plans promise.
        """
        company = company or self.env.company
        partner = partner.commercial_partner_id
        date_purchase = date_purchase or fields.Date.today()
        if quantity <= 0:
            raise ValidationError(
                self.env._(
                    "A credit must be more than zero (got %(quantity)s).",
                    quantity=quantity,
                )
            )
        if validity_months <= 0:
            raise ValidationError(
                self.env._("Credits must be valid for at least one month.")
            )
        movements = self.env["support.movement"]
        head = movements.env["support.ledger.head"]._lock(company.id, partner.id)
        # Creating credits is the effect of an allowed action (a confirmed
        # sale, a manager's adjustment); users do not create lots by hand.
        lot = self.sudo().create(
            {
                "name": name,
                "company_id": company.id,
                "partner_id": partner.id,
                "unit": unit,
                "quantity": quantity,
                "origin": origin,
                "date_purchase": date_purchase,
                "date_expiry": date_purchase + relativedelta(months=validity_months),
                "sale_line_id": sale_line.id if sale_line else False,
                "product_id": product.id if product else False,
            }
        )
        common = {"company_id": company.id, "partner_id": partner.id, "unit": unit}
        vals_list = [
            dict(
                common,
                lot_id=lot.id,
                kind=kind or ("purchase" if origin == "purchase" else "grant"),
                quantity=quantity,
                sale_line_id=sale_line.id if sale_line else False,
                ticket_id=ticket.id if ticket else False,
                reason=reason,
            )
        ]
        left = quantity
        for lot_id, available, _captured, _expiry in movements._lot_balances(
            partner, unit, company
        ):
            if left <= 0:
                break
            if available < 0:
                settled = min(-available, left)
                left -= settled
                vals_list += [
                    dict(
                        common,
                        lot_id=lot.id,
                        kind="settlement",
                        quantity=-settled,
                        reason=name,
                    ),
                    dict(
                        common,
                        lot_id=lot_id,
                        kind="settlement",
                        quantity=settled,
                        reason=name,
                    ),
                ]
        # the new lot and the customer's own lots of this unit, under the lock
        movements._post(vals_list, head=head)
        return lot.sudo(self.env.su)

    @api.model
    def _cron_expire_lots(self, today=None):
        """Post an expiry movement for what is left on every expired lot.

        Set-based: one query finds the expired remainders, one inserts their
        movements, whatever their number. A second run finds nothing left; a
        run in a second worker waits for the lock, then fails its
        serialisation check and stops without posting anything twice.
        """
        today = today or fields.Date.today()
        cr = self.env.cr
        self.env.flush_all()
        cr.execute(
            SQL(
                """
                SELECT lot.company_id, lot.partner_id, lot.id, lot.unit,
                       SUM(m.quantity)
                  FROM support_lot lot
                  JOIN support_movement m ON m.lot_id = lot.id
                 WHERE lot.date_expiry < %s
              GROUP BY lot.id
                HAVING SUM(m.quantity) > 0
              ORDER BY lot.company_id, lot.id
                """,
                today,
            )
        )
        rows = cr.fetchall()
        if not rows:
            return 0
        reason = self.env._("Expired")
        vals_list = [
            {
                "company_id": company_id,
                "partner_id": partner_id,
                "lot_id": lot_id,
                "unit": unit,
                "kind": "expiry",
                "quantity": -available,
                "reason": reason,
            }
            for company_id, partner_id, lot_id, unit, available in rows
        ]
        try:
            with cr.savepoint():
                # the ledger's one writer, in one statement for every customer
                self.env["support.movement"]._post(vals_list, bulk=True)
        except (pg_errors.SerializationFailure, pg_errors.LockNotAvailable):
            _logger.info(
                "Support lot expiry already running in another worker; skipped"
            )
            return 0
        self.env["support.movement"].invalidate_model()
        return len(rows)

    @api.model
    def _cron_send_expiry_notices(self):
        """Tell customers, once per lot, that points will expire soon."""
        today = fields.Date.today()
        template = self.env.ref("support_entitlements.mail_template_points_expiring")
        for company in self.env["res.company"].search([]):
            horizon = today + relativedelta(days=company.support_expiry_notice_days)
            lots = self.search(
                [
                    ("company_id", "=", company.id),
                    ("expiry_notice_sent", "=", False),
                    ("date_expiry", ">=", today),
                    ("date_expiry", "<=", horizon),
                ]
            )
            lots = lots.filtered(lambda lot: lot.available > 0)
            for partner_lots in lots.grouped("partner_id").values():
                template.with_context(expiring_lots=partner_lots).send_mail(
                    partner_lots[0].id,
                    email_layout_xmlid="mail.mail_notification_light",
                )
            lots.expiry_notice_sent = True
