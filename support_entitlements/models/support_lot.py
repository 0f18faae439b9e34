# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from dateutil.relativedelta import relativedelta
from psycopg2 import errors as pg_errors

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .support_movement import LOT_BALANCE_FIELDS, UNITS

_logger = logging.getLogger(__name__)


class SupportLot(models.Model):
    """Credits a customer received at once: a pack, a block, a grant.

    Lots are consumed earliest-expiry first; what remains on a lot is the sum
    of its movements, kept on the lot by the ledger's writer.
    """

    _name = "support.lot"
    _description = "Support Credit Lot"
    _order = "date_expiry, id"

    name = fields.Char(required=True, readonly=True)
    # partner_id leads support_lot_open_idx (see init), and lots are never
    # looked up by company alone: no index of their own, which the writer's
    # update of every posted lot would also have to maintain
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
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
    # kept by the ledger's writer (support.movement._post) with each movement
    # on the lot, verified by the integrity check; nothing else changes them
    available = fields.Integer(readonly=True, default=0, copy=False)
    captured = fields.Integer(readonly=True, default=0, copy=False)
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
        # Balances and the expiry job read the lots with something left
        # (see support.movement._balances_now_sql), however many spent lots
        # a customer has. ``has_left`` (not an ORM field: PostgreSQL keeps it
        # from ``available``) is what those indexes filter on: a capture or
        # a deduction that leaves something changes no indexed value, so
        # PostgreSQL updates the lot in place (HOT), with room kept on each
        # page for that.
        self.env.cr.execute(
            """
            ALTER TABLE support_lot SET (fillfactor = 80);
            ALTER TABLE support_lot ADD COLUMN IF NOT EXISTS has_left boolean
                GENERATED ALWAYS AS (available > 0) STORED;
            CREATE INDEX IF NOT EXISTS support_lot_left_idx
                ON support_lot (partner_id, company_id, unit, date_expiry)
                WHERE has_left;
            CREATE INDEX IF NOT EXISTS support_lot_expired_left_idx
                ON support_lot (date_expiry) WHERE has_left;
            """
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

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_balance_untouched(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_balance_untouched(vals)
        return super().write(vals)

    def _check_balance_untouched(self, vals):
        # What is left on a lot is the sum of its movements, which only the
        # ledger's writer posts: not a value any client (or sudo) sets.
        if any(name in vals for name in LOT_BALANCE_FIELDS):
            raise UserError(
                self.env._(
                    "What is left on a lot follows its movements; post an "
                    "adjustment instead."
                )
            )

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
                SELECT company_id, partner_id, id, unit, available
                  FROM support_lot
                 WHERE date_expiry < %s AND has_left
              ORDER BY company_id, id
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
