# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import format_duration

# What decides the plan a customer has on a day.
PLAN_KEYS = {"plan_id", "date_start", "date_end", "cancelled", "partner_id"}


class SupportSubscription(models.Model):
    """A customer's subscription to a plan, from a start to an end date."""

    _name = "support.subscription"
    _inherit = ["support.input.limits"]
    _description = "Support Plan Subscription"
    _check_company_auto = True
    _order = "date_start desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
        domain="[('is_company', '=', True)]",
    )
    plan_id = fields.Many2one(
        "support.plan", required=True, ondelete="restrict", check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    date_start = fields.Date(required=True, default=fields.Date.today)
    date_end = fields.Date(required=True)
    cancelled = fields.Boolean(readonly=True, copy=False)
    sale_line_ids = fields.Many2many(
        "sale.order.line",
        relation="sale_order_line_support_subscription_rel",
        column1="support_subscription_id",
        column2="sale_order_line_id",
        string="Order lines",
        readonly=True,
        copy=False,
    )
    is_active = fields.Boolean(compute="_compute_is_active", search="_search_is_active")
    renewal_order_id = fields.Many2one(
        "sale.order",
        string="Renewal quotation",
        readonly=True,
        copy=False,
        help="The quotation of the last renewal notice; emptied when a top-up "
        "lifts the balance above the threshold again.",
    )

    def init(self):
        # a customer's subscription on a date: the overlap check, the plan
        # lookups and the sales analysis of support_reports
        tools.create_index(
            self.env.cr,
            "support_subscription_partner_company_start_idx",
            self._table,
            ["partner_id", "company_id", "date_start"],
        )

    @api.depends("date_start", "date_end", "cancelled")
    def _compute_is_active(self):
        today = fields.Date.today()
        for subscription in self:
            subscription.is_active = subscription._is_active_on(today)

    def _is_active_on(self, day):
        """Whether this subscription runs on ``day`` (as ``is_active`` today)."""
        self.ensure_one()
        return not self.cancelled and self.date_start <= day <= self.date_end

    def _search_is_active(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValidationError(
                self.env._("Unsupported search on active subscriptions.")
            )
        domain = self._active_on_domain(fields.Date.today())
        return domain if (operator == "=") == value else ["!", *domain]

    @api.model
    def _active_on_domain(self, day):
        """The subscriptions that run on ``day`` (see ``_is_active_on``)."""
        return [
            ("cancelled", "=", False),
            ("date_start", "<=", day),
            ("date_end", ">=", day),
        ]

    @api.depends("plan_id", "partner_id")
    def _compute_display_name(self):
        for subscription in self:
            subscription.display_name = self.env._(
                "%(plan)s of %(customer)s",
                plan=subscription.plan_id.name or "",
                customer=subscription.partner_id.display_name or "",
            )

    @api.constrains(
        "partner_id", "company_id", "date_start", "date_end", "cancelled", "plan_id"
    )
    def _check_one_active_plan(self):
        for subscription in self:
            if subscription.date_end < subscription.date_start:
                raise ValidationError(
                    self.env._("A subscription cannot end before it starts.")
                )
            if subscription.partner_id != subscription.partner_id.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Plans are subscribed by companies, not by their contacts."
                    )
                )
            if subscription.cancelled:
                continue
            overlapping = self.search_count(
                [
                    ("id", "!=", subscription.id),
                    ("partner_id", "=", subscription.partner_id.id),
                    ("company_id", "=", subscription.company_id.id),
                    ("cancelled", "=", False),
                    ("date_start", "<=", subscription.date_end),
                    ("date_end", ">=", subscription.date_start),
                ]
            )
            if overlapping:
                raise ValidationError(
                    self.env._(
                        "%(customer)s already has a plan during these dates: a "
                        "customer has at most one plan at a time.",
                        customer=subscription.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        subscriptions = super().create(vals_list)
        # support.plan._support_active_terms
        self.env.registry.clear_cache()
        subscriptions._follow_plan()
        return subscriptions

    def write(self, vals):
        result = super().write(vals)
        if {"company_id", *PLAN_KEYS} & vals.keys():
            # support.plan._support_active_terms
            self.env.registry.clear_cache()
        if PLAN_KEYS & vals.keys():
            self._follow_plan()
        return result

    def unlink(self):
        result = super().unlink()
        # support.plan._support_active_terms
        self.env.registry.clear_cache()
        return result

    def _follow_plan(self):
        """Tickets of these customers follow their (new) plan's SLA policy."""
        tickets = self.env["helpdesk.ticket"].search(
            [
                ("commercial_partner_id", "in", self.partner_id.ids),
                ("closed", "=", False),
            ]
        )
        tickets._sla_follow_plans()

    @api.model
    def _subscribe(self, partner, plan, sale_line=None, date_start=None):
        """Start a subscription, or extend the current one of the same plan."""
        partner = partner.commercial_partner_id
        date_start = date_start or fields.Date.today()
        current = self.search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", plan.company_id.id),
                ("cancelled", "=", False),
                ("date_end", ">=", date_start),
            ],
            order="date_end desc",
            limit=1,
        )
        lines = [(4, sale_line.id)] if sale_line else []
        if current and current.plan_id == plan:
            current.write(
                {
                    "date_end": current.date_end
                    + relativedelta(months=plan.duration_months),
                    "sale_line_ids": lines,
                }
            )
            return current
        if current and current.date_start >= date_start:
            current.cancelled = True
        elif current:
            # A change of plan: the old one ends the day before the new one.
            current.date_end = date_start - relativedelta(days=1)
        return self.create(
            {
                "partner_id": partner.id,
                "plan_id": plan.id,
                "company_id": plan.company_id.id,
                "date_start": date_start,
                "date_end": date_start
                + relativedelta(months=plan.duration_months, days=-1),
                "sale_line_ids": lines,
            }
        )

    def _unsubscribe_line(self, sale_line):
        """Undo what one order line did: shorten the renewal, or cancel."""
        plan_months = sale_line.product_id.support_plan_id.duration_months
        for subscription in self:
            remaining = subscription.sale_line_ids - sale_line
            if remaining:
                subscription.write(
                    {
                        "date_end": subscription.date_end
                        - relativedelta(months=plan_months),
                        "sale_line_ids": [(3, sale_line.id)],
                    }
                )
            else:
                subscription.write(
                    {"cancelled": True, "sale_line_ids": [(3, sale_line.id)]}
                )

    def _support_send_renewal(self, product, minutes_left):
        """Quotation for a new block, mailed to the customer; an activity for sales."""
        self.ensure_one()
        partner = self.partner_id
        salesperson = partner.user_id or self.sale_line_ids.order_id.user_id[:1]
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "company_id": self.company_id.id,
                "user_id": salesperson.id or False,
                "order_line": [(0, 0, {"product_id": product.id})],
            }
        )
        order._portal_ensure_token()
        template = self.env.ref("support_entitlements.mail_template_renewal_notice")
        order.with_context(support_minutes_left=minutes_left).message_post_with_source(
            template, subtype_xmlid="mail.mt_comment"
        )
        order.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=salesperson.id or self.env.uid,
            summary=self.env._("Support hours running low"),
            note=self.env._(
                "%(customer)s has %(left)s of prepaid support left; a renewal "
                "quotation was sent.",
                customer=partner.display_name,
                left=format_duration(minutes_left / 60),
            ),
        )
        return order
