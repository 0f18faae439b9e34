# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import logging
from collections import defaultdict
from datetime import datetime, time

import xlsxwriter
from dateutil.relativedelta import relativedelta
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, format_duration

from odoo.addons.support_entitlements.models.support_movement import UNITS

_logger = logging.getLogger(__name__)


class SupportStatement(models.Model):
    """A support tracking report of one customer over one period.

    Printing a period creates (or reuses) its statement; the monthly job
    inserts one per opted-in customer and month, and the unique constraint
    makes that insert the proof that nobody else sent it.
    """

    _name = "support.statement"
    _inherit = ["support.input.limits"]
    _description = "Support Tracking Report"
    _order = "date_from desc, id desc"

    name = fields.Char(compute="_compute_name")
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        domain=[("is_company", "=", True)],
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    date_from = fields.Date(required=True, readonly=True)
    date_to = fields.Date(required=True, readonly=True)
    sent_date = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        (
            "period_unique",
            "UNIQUE(partner_id, company_id, date_from, date_to)",
            "A customer has one tracking report per period.",
        ),
        (
            "period_order",
            "CHECK(date_to >= date_from)",
            "A period cannot end before it starts.",
        ),
    ]

    @api.depends("partner_id", "date_from", "date_to")
    def _compute_name(self):
        for statement in self:
            statement.name = self.env._(
                "%(customer)s, %(date_from)s to %(date_to)s",
                customer=statement.partner_id.display_name,
                date_from=statement.date_from,
                date_to=statement.date_to,
            )

    @api.model
    def _check_period(self, date_from, date_to):
        if date_from and date_to and date_to < date_from:
            raise ValidationError(
                self.env._("The period's end cannot be before its start.")
            )

    @api.model
    def _get_or_create(self, partner, date_from, date_to, company=None):
        """The statement of ``partner`` over the period (created if new)."""
        self._check_period(date_from, date_to)
        company = company or self.env.company
        partner = partner.commercial_partner_id
        values = {
            "partner_id": partner.id,
            "company_id": company.id,
            "date_from": date_from,
            "date_to": date_to,
        }
        statement = self.search([(k, "=", v) for k, v in values.items()], limit=1)
        return statement or self.create(values)

    # --- figures ------------------------------------------------------------------

    def _period_bounds(self):
        return (
            datetime.combine(self.date_from, time.min),
            datetime.combine(self.date_to + relativedelta(days=1), time.min),
        )

    def _opening_balances(self):
        """{unit: available} before the period, from the same ledger sums as
        ``support.movement._get_balances`` (available = sum of quantities)."""
        start, _end = self._period_bounds()
        Movement = self.env["support.movement"]
        Movement.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT unit, SUM(quantity), SUM(captured_quantity)
                  FROM support_movement
                 WHERE partner_id = %s AND company_id = %s AND date < %s
              GROUP BY unit
                """,
                self.partner_id.id,
                self.company_id.id,
                start,
            )
        )
        opening = {unit: (0, 0) for unit, _label in UNITS}
        for unit, available, captured in self.env.cr.fetchall():
            opening[unit] = (int(available), int(captured))
        return opening

    def _get_report_data(self):
        """Everything the tracking report shows, as plain values.

        Returns a dict with ``movements`` (every ledger movement of the period
        with the running available and captured balance of its unit),
        ``time_entries`` (every time entry logged on the customer's tickets in
        the period, charged or not), ``lots`` (per lot: credited, the change
        in the period, what remained at its end) and ``totals`` per unit.
        """
        self.ensure_one()
        # The figures are read with sudo: whoever asks must see the statement.
        self.check_access("read")
        start, end = self._period_bounds()
        Movement = self.env["support.movement"].sudo()
        movements = Movement.search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("company_id", "=", self.company_id.id),
                ("date", ">=", start),
                ("date", "<", end),
            ],
            order="date, sequence_number",
        )
        opening = self._opening_balances()
        running = dict(opening)
        unit_labels = dict(UNITS)
        movement_rows = []
        for movement in movements:
            available, captured = running[movement.unit]
            available += movement.quantity
            captured += movement.captured_quantity
            running[movement.unit] = (available, captured)
            movement_rows.append(
                {
                    "movement": movement,
                    "unit": movement.unit,
                    "quantity": movement.quantity,
                    "captured_quantity": movement.captured_quantity,
                    "available": available,
                    "captured": captured,
                }
            )
        lots = defaultdict(lambda: {"change": 0, "captured_change": 0, "closing": 0})
        for movement in movements:
            lots[movement.lot_id]["change"] += movement.quantity
            lots[movement.lot_id]["captured_change"] += movement.captured_quantity
        closing_by_lot = self._closing_by_lot(end)
        for lot_id, closing in closing_by_lot.items():
            lot = self.env["support.lot"].sudo().browse(lot_id)
            if lot.date_expiry and lot.date_expiry < self.date_to:
                # past its date by the end of the period, the expiry job run
                # or not: nothing is left on it (support.movement._get_balances)
                closing = min(closing, 0)
            if lot in lots or closing:
                lots[lot]["closing"] = closing
        lot_rows = [
            dict(values, lot=lot, unit=lot.unit if lot else False)
            for lot, values in sorted(
                lots.items(),
                key=lambda item: (
                    item[0].date_expiry or fields.Date.to_date("9999-12-31"),
                    item[0].id or 0,
                ),
            )
        ]
        time_entries = (
            self.env["account.analytic.line"]
            .sudo()
            .search(
                [
                    ("ticket_id.commercial_partner_id", "=", self.partner_id.id),
                    ("ticket_id.company_id", "=", self.company_id.id),
                    ("date", ">=", self.date_from),
                    ("date", "<=", self.date_to),
                ],
                order="date, id",
            )
        )
        totals = {}
        for unit, _label in UNITS:
            # Opening and closing are what every screen showed on those days
            # (lots past their date left out, the expiry job run or not);
            # what was used or expired in between follows from them.
            balances = Movement._get_balances(
                self.partner_id, unit, 0, self.company_id, day=self.date_to
            )[self.partner_id.id]
            opening_available = Movement._get_balances(
                self.partner_id,
                unit,
                0,
                self.company_id,
                day=self.date_from - relativedelta(days=1),
            )[self.partner_id.id]["available"]
            credited = sum(
                m.quantity for m in movements if m.unit == unit and m.quantity > 0
            )
            totals[unit] = {
                "label": unit_labels[unit],
                "opening": opening_available,
                "credited": credited,
                "debited": opening_available + credited - balances["available"],
                "closing": balances["available"],
                "captured": balances["captured"],
            }
        return {
            "movements": movement_rows,
            "time_entries": time_entries,
            "time_hours": sum(time_entries.mapped("unit_amount")),
            "time_charged_minutes": sum(time_entries.mapped("support_charged_minutes")),
            "lots": lot_rows,
            "totals": totals,
        }

    def _closing_by_lot(self, end):
        self.env.cr.execute(
            SQL(
                """
                SELECT lot_id, SUM(quantity)
                  FROM support_movement
                 WHERE partner_id = %s AND company_id = %s AND date < %s
                   AND lot_id IS NOT NULL
              GROUP BY lot_id
                """,
                self.partner_id.id,
                self.company_id.id,
                end,
            )
        )
        return dict(self.env.cr.fetchall())

    def _format_quantity(self, unit, quantity):
        if unit in ("minute", "training_minute"):
            return format_duration(quantity / 60)
        return str(quantity)

    def _get_file_name(self):
        self.ensure_one()
        return self.env._(
            "Support tracking report %(customer)s %(date_from)s %(date_to)s",
            customer=self.partner_id.display_name,
            date_from=self.date_from,
            date_to=self.date_to,
        )

    def _render_xlsx(self):
        """The tracking report as an XLSX workbook (bytes)."""
        self.ensure_one()
        data = self._get_report_data()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        sheet = workbook.add_worksheet(self.env._("Movements"))
        sheet.write_row(
            0,
            0,
            [
                self.env._("Date"),
                self.env._("Kind"),
                self.env._("Unit"),
                self.env._("Lot"),
                self.env._("Ticket"),
                self.env._("Reason"),
                self.env._("Change"),
                self.env._("Captured change"),
                self.env._("Available"),
                self.env._("Captured"),
            ],
            bold,
        )
        kinds = dict(self.env["support.movement"]._fields["kind"].selection)
        units = dict(UNITS)
        for row, line in enumerate(data["movements"], start=1):
            movement = line["movement"]
            sheet.write_row(
                row,
                0,
                [
                    fields.Datetime.to_string(movement.date),
                    kinds[movement.kind],
                    units[movement.unit],
                    movement.lot_id.name or "",
                    movement.ticket_id.display_name or "",
                    movement.reason or "",
                    line["quantity"],
                    line["captured_quantity"],
                    line["available"],
                    line["captured"],
                ],
            )
        sheet = workbook.add_worksheet(self.env._("Time entries"))
        sheet.write_row(
            0,
            0,
            [
                self.env._("Date"),
                self.env._("Ticket"),
                self.env._("Description"),
                self.env._("Hours"),
                self.env._("Charged minutes"),
            ],
            bold,
        )
        for row, entry in enumerate(data["time_entries"], start=1):
            sheet.write_row(
                row,
                0,
                [
                    fields.Date.to_string(entry.date),
                    entry.ticket_id.display_name,
                    entry.name or "",
                    entry.unit_amount,
                    entry.support_charged_minutes,
                ],
            )
        sheet = workbook.add_worksheet(self.env._("Lots"))
        sheet.write_row(
            0,
            0,
            [
                self.env._("Lot"),
                self.env._("Unit"),
                self.env._("Credited"),
                self.env._("Change"),
                self.env._("Remaining"),
            ],
            bold,
        )
        for row, line in enumerate(data["lots"], start=1):
            sheet.write_row(
                row,
                0,
                [
                    line["lot"].name or self.env._("Overdraft"),
                    units.get(line["unit"], ""),
                    line["lot"].quantity,
                    line["change"],
                    line["closing"],
                ],
            )
        workbook.close()
        return output.getvalue()

    # --- monthly statements ---------------------------------------------------

    @api.model
    def _cron_send_monthly_statements(self, today=None):
        """Email last month's tracking report to every customer who opted in.

        One statement row per customer, company and month is claimed with a
        single INSERT ... ON CONFLICT: a second worker running at the same
        time waits for the first one's rows, then fails to claim them (or
        finds them sent) and sends nothing. A run that fails rolls its claims
        back with its mails; a statement printed by hand is still sent.
        Returns the statements this run sent.
        """
        today = today or fields.Date.today()
        date_to = today.replace(day=1) - relativedelta(days=1)
        date_from = date_to.replace(day=1)
        self.env.flush_all()
        try:
            with self.env.cr.savepoint():
                claimed = self._claim_monthly_statements(date_from, date_to)
        except pg_errors.SerializationFailure:
            # Another worker claimed the same statements first and sends them.
            _logger.info("Monthly support statements are sent by another worker.")
            return self.browse()
        statements = self.browse(claimed)
        self.invalidate_model(["sent_date"])
        template = self.env.ref("support_reports.mail_template_support_statement")
        for statement in statements:
            template.send_mail(
                statement.id, email_layout_xmlid="mail.mail_notification_light"
            )
        return statements

    @api.model
    def _claim_monthly_statements(self, date_from, date_to):
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO support_statement (
                    partner_id, company_id, date_from, date_to, sent_date,
                    create_uid, create_date, write_uid, write_date
                )
                SELECT customer.partner_id, customer.company_id, %(date_from)s,
                       %(date_to)s, %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM (
                        SELECT partner_id, company_id FROM support_movement
                         UNION
                        SELECT partner_id, company_id FROM support_subscription
                       ) customer
                  JOIN res_partner partner ON partner.id = customer.partner_id
                 WHERE partner.support_statement_opt_in AND partner.active
                 ORDER BY customer.partner_id, customer.company_id
                    ON CONFLICT (partner_id, company_id, date_from, date_to)
                    DO UPDATE SET sent_date = EXCLUDED.sent_date
                 WHERE support_statement.sent_date IS NULL
             RETURNING id
                """,
                date_from=date_from,
                date_to=date_to,
                now=fields.Datetime.now(),
                uid=self.env.uid,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]
