# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .action_fields import ensure_one_action

# The days a support report's period may start or end on.
REPORT_FIRST_DAY = date(2000, 1, 1)
REPORT_LAST_DAY = date(2100, 12, 31)


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "support.input.limits"]

    support_subscription_ids = fields.One2many(
        "support.subscription", "partner_id", string="Support subscriptions"
    )
    # Every subscription of the customer, read as the system whoever asks: what
    # _get_support_subscription chooses from. Not stored, so it is read once
    # per transaction and dropped by the ORM when a subscription is created,
    # deleted or moved to another customer. (The one2many above is left to
    # the user's own access rights.)
    support_subscription_all_ids = fields.Many2many(
        "support.subscription",
        string="All support subscriptions",
        compute="_compute_support_subscription_all_ids",
        compute_sudo=True,
    )
    support_plan_id = fields.Many2one(
        "support.plan", string="Support plan", compute="_compute_support_balances"
    )
    support_plan_end = fields.Date(
        string="Plan ends", compute="_compute_support_balances"
    )
    support_points_available = fields.Integer(
        string="Points available", compute="_compute_support_balances"
    )
    support_points_captured = fields.Integer(
        string="Points captured", compute="_compute_support_balances"
    )
    support_points_expiring = fields.Integer(
        string="Points expiring within 30 days", compute="_compute_support_balances"
    )

    support_go_live_date = fields.Datetime(
        string="Go-live",
        help="When the customer's shop went live: tickets opened in the 72 hours "
        "after it are not charged.",
    )
    support_minutes_available = fields.Integer(
        string="Prepaid minutes left", compute="_compute_support_balances"
    )
    support_time_available = fields.Char(
        string="Prepaid time left", compute="_compute_support_balances"
    )

    @api.depends("support_subscription_ids")
    def _compute_support_subscription_all_ids(self):
        subscriptions = (
            self.env["support.subscription"]
            .sudo()
            .search_fetch(
                [("partner_id", "in", self.ids)],
                [
                    "partner_id",
                    "company_id",
                    "plan_id",
                    "date_start",
                    "date_end",
                    "cancelled",
                ],
            )
        )
        by_partner = defaultdict(list)
        for subscription in subscriptions:
            by_partner[subscription.partner_id.id].append(subscription.id)
        for partner in self:
            partner.support_subscription_all_ids = subscriptions.browse(
                by_partner[partner.id]
            )

    @api.depends_context("company")
    def _compute_support_balances(self):
        balances = self.env["support.movement"]._get_balances(self)
        minutes = self.env["support.movement"]._get_balances(self, unit="minute")
        subscriptions = self.env["support.subscription"].search(
            [
                ("partner_id", "in", self.commercial_partner_id.ids),
                ("company_id", "=", self.env.company.id),
                ("is_active", "=", True),
            ]
        )
        by_partner = {
            subscription.partner_id.id: subscription for subscription in subscriptions
        }
        for partner in self:
            commercial = partner.commercial_partner_id
            balance = balances.get(commercial.id, {})
            subscription = by_partner.get(commercial.id)
            partner.support_points_available = balance.get("available", 0)
            partner.support_points_captured = balance.get("captured", 0)
            partner.support_points_expiring = balance.get("expiring", 0)
            left = minutes.get(commercial.id, {}).get("available", 0)
            partner.support_minutes_available = left
            partner.support_time_available = self._support_format_minutes(left)
            partner.support_plan_id = subscription.plan_id if subscription else False
            partner.support_plan_end = subscription.date_end if subscription else False

    def write(self, vals):
        res = super().write(vals)
        if "type" in vals and self.user_ids:
            # portal record rules ask _support_portal_customer(); their
            # domains are cached per user
            self.env.registry.clear_cache()
        return res

    def _support_portal_customer(self):
        """The customer whose balances and tickets this contact reads in the
        portal, or an empty recordset.

        Every contact of the customer when the company lets colleagues share
        (the default, as helpdesk_mgmt shows a customer's tickets to all its
        contacts); otherwise only the customer's own account and its invoicing
        contacts, who receive the bills those balances come from.
        """
        self.ensure_one()
        commercial = self.commercial_partner_id
        if (
            self.env.company.support_portal_colleagues
            or self == commercial
            or self.type == "invoice"
        ):
            return commercial
        return self.browse()

    @api.model
    def _support_report_scope(self, docids, data):
        """(customers, company, begin, end) of a support report's rendering,
        once the reader was checked (see _support_check_report_access)."""
        data = data if isinstance(data, dict) else {}
        company_id = data.get("company_id") or self.env.company.id
        if not isinstance(company_id, int) or isinstance(company_id, bool):
            raise UserError(self.env._("The report's company must be given by its id."))
        company = self.env["res.company"].browse(company_id)
        partners = self.browse(docids)
        partners._support_check_report_access(company)
        begin = self._support_report_date(data.get("begin"))
        end = self._support_report_date(data.get("end"))
        return partners, company, begin, end

    @api.model
    def _support_report_date(self, value):
        """A report option's date (YYYY-MM-DD), refused with a sentence when
        it is not one or lies outside 2000-2100."""
        if not value:
            return None
        try:
            day = fields.Date.to_date(value)
        except (TypeError, ValueError):
            day = None
        if not day or not REPORT_FIRST_DAY <= day <= REPORT_LAST_DAY:
            raise UserError(
                self.env._(
                    "%(value)s is not a date of a support report: give a day "
                    "between 2000-01-01 and 2100-12-31, as YYYY-MM-DD.",
                    value=str(value)[:40],
                )
            )
        return day

    def _support_check_report_access(self, company):
        """Reports that read the ledger in SQL, past record rules, are for the
        support team of ``company`` and for the customer's own portal contacts
        (as the portal pages); anyone else, e.g. through /report/ URLs, is
        refused."""
        if self.env.su:
            return
        if company not in self.env.companies or (
            not self.env.user.has_group("support_entitlements.group_support_agent")
            and self - self.env.user.partner_id._support_portal_customer()
        ):
            raise AccessError(
                self.env._(
                    "You are not allowed to read this customer's support report."
                )
            )

    def _get_support_balances(self, unit="point", expiring_days=30):
        """This customer's balances: {"available", "captured", "expiring"}."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        return self.env["support.movement"]._get_balances(
            commercial, unit=unit, expiring_days=expiring_days
        )[commercial.id]

    @api.model
    def _support_format_minutes(self, minutes):
        """Minutes as H:MM, the way time is logged and reported."""
        sign = "-" if minutes < 0 else ""
        hours, rest = divmod(abs(int(minutes)), 60)
        return f"{sign}{hours}:{rest:02d}"

    def _support_check_renewal(self):
        """One renewal notice per crossing of the plan's threshold.

        Below the threshold, the customer gets a ready quotation (to sign and
        pay in the portal) and the salesperson an activity, once; a top-up
        that lifts the balance above the threshold arms the next notice.
        """
        movements = self.env["support.movement"]
        for partner in self.commercial_partner_id:
            subscription = partner._get_support_subscription()
            plan = subscription.plan_id
            if not plan or not (
                plan.renewal_threshold_minutes or plan.renewal_threshold_percent
            ):
                continue
            left = movements._get_balances(
                partner, unit="minute", company=subscription.company_id
            )[partner.id]["available"]
            due, last_block = plan._support_renewal_due(
                partner, subscription.company_id, left
            )
            if not due:
                subscription.renewal_order_id = False
                continue
            if subscription.renewal_order_id:
                continue  # already told for this crossing
            product = (
                last_block.product_id
                or plan.pack_product_ids.filtered(
                    lambda product: product.support_grant_type == "hours"
                )[:1]
            )
            if not product:
                continue
            subscription.renewal_order_id = subscription._support_send_renewal(
                product, left
            )

    def _get_support_subscription(self, company=None):
        """This customer's active subscription in the company (one or none)."""
        if not self:
            return self.env["support.subscription"]
        self.ensure_one()
        return self.commercial_partner_id._support_active_subscription(company)

    def _support_active_subscription(self, company=None):
        """``_get_support_subscription`` of a commercial partner.

        For callers that hold one already (a ticket's commercial partner): the
        partner's own record is not read to find its commercial partner.
        """
        if not self:
            return self.env["support.subscription"].sudo()
        self.ensure_one()
        company = company or self.env.company
        today = fields.Date.today()
        # Subscriptions are read for their terms by whoever works a ticket,
        # including portal customers approving a cost. A ticket operation asks
        # several times (SLA policy, approval mode, overdraft): the customer's
        # subscriptions are read once per transaction (see
        # support_subscription_all_ids), and their dates and state are
        # compared on each call, so the answer follows any change, and the
        # passing of a day.
        for subscription in self.sudo().support_subscription_all_ids:
            if subscription.company_id == company and subscription._is_active_on(today):
                return subscription
        return self.env["support.subscription"].sudo()

    def _support_case_usage(self, company=None):
        """(subscription, support cases used in its current year) of this
        customer in the company; (empty, 0) without a subscription."""
        self.ensure_one()
        company = company or self.env.company
        subscription = self._get_support_subscription(company)
        if not subscription:
            return subscription, 0
        first = subscription.date_start
        years = relativedelta(fields.Date.today(), first).years
        start = first + relativedelta(years=years)
        # sudo: the allowance counts all of the customer's cases, whoever asks
        # (the customer in the portal, an agent of another team)
        used = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search_count(
                [
                    ("commercial_partner_id", "=", self.commercial_partner_id.id),
                    ("company_id", "=", company.id),
                    ("support_counts_as_case", "=", True),
                    ("create_date", ">=", start),
                    ("create_date", "<", start + relativedelta(years=1)),
                ]
            )
        )
        return subscription, used

    def _get_support_plan(self, company=None):
        """The plan of this customer's active subscription in the company."""
        return self._get_support_subscription(company).plan_id.sudo(self.env.su)

    def _support_retry_waiting_tickets(self):
        """Capture points for approved tickets that waited for them."""
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "in", self.commercial_partner_id.ids),
                    ("points_cost_state", "=", "waiting_points"),
                ],
                order="cost_approved_date, id",
            )
        )
        # The customer approved these costs; buying points lets them start.
        for ticket in tickets:
            ticket._support_sync_charge(raise_if_short=False)

    def _support_request_quotation(self, product):
        """A quotation of ``product`` for this contact, to sign in the portal.

        An open quotation (draft or sent) of the same product for the same
        customer is returned instead of a new one: asking twice is one request.
        """
        self.ensure_one()
        # The customer may ask for a quotation, not write sale orders.
        orders = self.env["sale.order"].sudo()
        order = orders.search(
            [
                ("partner_id", "child_of", self.commercial_partner_id.id),
                ("company_id", "=", self.env.company.id),
                ("state", "in", ("draft", "sent")),
                ("order_line.product_id", "=", product.id),
            ],
            order="id desc",
            limit=1,
        )
        if not order:
            order = orders.create(
                {
                    "partner_id": self.id,
                    "company_id": self.env.company.id,
                    "user_id": self.commercial_partner_id.user_id.id,
                    "order_line": [(0, 0, {"product_id": product.id})],
                }
            )
        return order.sudo(self.env.su)

    def action_view_support_movements(self):
        ensure_one_action(self)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "support_entitlements.support_movement_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action

    def action_support_renewal_quotation(self):
        """Draft a quotation renewing the plan and the last pack bought."""
        ensure_one_action(self)
        commercial = self.commercial_partner_id
        plan = (
            commercial._get_support_plan()
            or commercial.support_subscription_ids[:1].plan_id
        )
        products = plan.subscription_product_id
        last_lot = self.env["support.lot"].search(
            [
                ("partner_id", "=", commercial.id),
                ("product_id", "!=", False),
                ("origin", "=", "purchase"),
            ],
            order="date_purchase desc, id desc",
            limit=1,
        )
        products |= last_lot.product_id or plan.pack_product_ids[:1]
        if not products:
            raise UserError(
                self.env._(
                    "%(customer)s has no plan or earlier purchase to renew: add "
                    "the products to a quotation yourself.",
                    customer=commercial.display_name,
                )
            )
        order = self.env["sale.order"].create(
            {
                "partner_id": commercial.id,
                "order_line": [
                    (0, 0, {"product_id": product.id}) for product in products
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
        }
