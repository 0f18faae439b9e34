# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

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
    support_go_live_date = fields.Datetime(
        string="Go-live",
        help="When the customer's shop went live: tickets opened in the 72 hours "
        "after it are not charged.",
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
