# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, models
from odoo.exceptions import UserError
from odoo.tools import config

_logger = logging.getLogger(__name__)


class SupportDemoHistory(models.AbstractModel):
    """A year of support, played for the demo database.

    Each step runs the suite's own flows (sale orders confirmed, tickets
    approved, worked and closed, time logged, disputes, refunds, expiry)
    with the clock set back to its day, in the order the days came: the
    ledger's writer dates and chains every movement as it would have then.
    Only the demo data calls it, while its module loads.
    """

    _name = "support.demo.history"
    _description = "Support demo history"

    @api.model
    def _load(self):
        # Not a client's tool: the clock is the process's while it runs, and
        # only module loading (no request is served by this registry) may
        # turn it back.
        if self.pool.ready or not self.env.su:
            raise UserError(self.env._("The demo history loads with the demo data."))
        if not config.get("stop_after_init"):
            # a server's other threads would read the same clock meanwhile
            _logger.warning(
                "The demo's year of history loads only when the database is "
                "created from the command line (-i ... --stop-after-init)."
            )
            return
        from freezegun import freeze_time

        now = datetime.now().replace(microsecond=0)
        steps = sorted(self._support_steps(now), key=lambda step: step[0])
        env = self.env(context=dict(self.env.context, tracking_disable=False))
        with freeze_time(steps[0][0]) as clock:
            for moment, step in steps:
                clock.move_to(moment)
                step(env)
                env.flush_all()
        env.invalidate_all()

    # --- the story ---------------------------------------------------------

    @api.model
    def _support_steps(self, now):
        """[(naive UTC moment, callable(env))] of the year, in any order."""

        def day(months, days=0, hour=9):
            return self._support_day(now, months, days, hour)

        steps = []
        steps += self._support_northwind_steps(day)
        steps += self._support_kestrel_steps(day)
        steps += [(day(1, 10, 12), self._support_bluefin_plan)]
        return steps

    @api.model
    def _support_day(self, now, months, days=0, hour=9):
        """The Tuesday of the week ``months`` before ``now``, ``days`` earlier
        (negative: later, up to Friday), at ``hour`` UTC: the same story
        whatever the weekday the demo loads on. The last days (``months``
        0) count back from ``now`` itself."""
        if not months:
            moment = now - timedelta(days=days)
        else:
            moment = now - relativedelta(months=months)
            moment -= timedelta(days=moment.weekday() - 1 + days)
            while moment.weekday() >= 5:
                moment -= timedelta(days=1)
        return moment.replace(hour=hour, minute=0, second=0)

    def _ref(self, env, xmlid):
        return env.ref(xmlid if "." in xmlid else f"support_entitlements.{xmlid}")

    def _support_sell(self, env, partner, products, user="user_salesperson"):
        order = env["sale.order"].create(
            {
                "partner_id": self._ref(env, partner).id,
                "user_id": self._ref(env, user).id,
                "order_line": [
                    Command.create({"product_id": self._ref(env, product).id})
                    for product in products
                ],
            }
        )
        order.action_confirm()
        return order

    def _support_ticket(self, env, contact, name, category, tags, **values):
        severity = (
            "severity_technical_question"
            if category == "category_level1" and "support_billing" not in values
            else "severity_non_critical"
        )
        ticket = env["helpdesk.ticket"].create(
            {
                "name": name,
                "description": f"<p>{name}</p>",
                "partner_id": self._ref(env, contact).id,
                "user_id": self._ref(env, "user_support_agent").id,
                "category_id": self._ref(env, category).id,
                "tag_ids": [Command.set([self._ref(env, tag).id for tag in tags])],
                "severity_id": self._ref(env, severity).id,
                "create_date": datetime.now(),
                **values,
            }
        )
        return ticket

    def _support_find(self, env, name):
        return env["helpdesk.ticket"].search([("name", "=", name)], limit=1)

    def _support_reply(self, env, name):
        """The agent's first answer (the SLA's first response)."""
        self._support_find(env, name).with_user(
            self._ref(env, "user_support_agent")
        ).message_post(
            body=env._("Thank you, we are looking into it."),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _support_stage(self, env, name, stage):
        ticket = self._support_find(env, name)
        ticket.with_user(self._ref(env, "user_support_agent")).stage_id = self._ref(
            env, f"helpdesk_mgmt.helpdesk_ticket_stage_{stage}"
        )

    # Northwind (Mia): a store on incident points since its licence, the
    # incident plan two months ago; a dispute answered with a lower price,
    # a bug of the product refunded.
    NORTHWIND_TICKETS = [
        # (months ago, name, category, tags)
        (11, "Shipping zones for Switzerland", "category_level1", ["tag_shipping"]),
        (10, "CSV import skips variants", "category_level2", ["tag_import"]),
        (9, "Import of customer groups", "category_level1", ["tag_import"]),
        (8, "VAT on digital goods", "category_level1", ["tag_taxes"]),
        (7, "Import mapping for prices", "category_level1", ["tag_import"]),
        (5, "Free shipping threshold", "category_level1", ["tag_shipping"]),
        (3, "Slow category pages", "category_level1", ["tag_performance"]),
        (1, "Checkout asks twice for the address", "category_level1", ["tag_checkout"]),
    ]

    def _support_northwind_steps(self, day):
        mia = "user_portal_mia"
        steps = [
            (
                day(23, 10),
                lambda env: self._support_sell(
                    env,
                    "partner_northwind",
                    ["product_store_licence", "product_points_120"],
                ),
            ),
            (
                day(2, hour=11),
                lambda env: self._support_sell(
                    env,
                    "partner_northwind",
                    ["product_plan_incident", "product_points_300"],
                ),
            ),
        ]
        for months, name, category, tags in self.NORTHWIND_TICKETS:
            steps += self._support_points_ticket(
                day(months), "partner_northwind_mia", mia, name, category, tags
            )
        # a dispute: the customer thinks it was a question, not a store
        # problem; the manager agrees and lowers the price before closing
        disputed = "Orders stuck in 'pending'"
        steps += self._support_points_ticket(
            day(6),
            "partner_northwind_mia",
            mia,
            disputed,
            "category_level2",
            ["tag_checkout"],
            close=False,
        )
        steps += [
            (
                day(6) + timedelta(hours=5),
                lambda env: (
                    self._support_find(env, disputed)
                    .with_user(self._ref(env, mia))
                    .action_dispute_cost(
                        "It was a settings question, not a store problem."
                    )
                ),
            ),
            (
                day(6, -1),
                lambda env: (
                    self._support_find(env, disputed)
                    .with_user(self._ref(env, "base.user_admin"))
                    ._support_change_cost(
                        10, "Agreed: a settings question is a level 1 consultation."
                    )
                ),
            ),
            (
                day(6, -2),
                lambda env: self._support_stage(env, disputed, "done"),
            ),
        ]
        # a bug of the product: its points come back after the fix
        bug = "Coupon codes ignored at checkout"
        steps += self._support_points_ticket(
            day(4),
            "partner_northwind_mia",
            mia,
            bug,
            "category_level2",
            ["tag_checkout"],
        )
        steps += [
            (
                day(4, -3),
                lambda env: (
                    self._support_find(env, bug)
                    .with_user(self._ref(env, "user_support_agent"))
                    .action_mark_product_bug()
                ),
            )
        ]
        return steps

    def _support_points_ticket(
        self, moment, contact, approver, name, category, tags, close=True
    ):
        """Opened, approved by the customer, worked, and closed two days on."""

        def approve(env):
            self._support_find(env, name).with_user(
                self._ref(env, approver)
            ).action_approve_cost()

        steps = [
            (
                moment,
                lambda env: self._support_ticket(env, contact, name, category, tags),
            ),
            (
                moment + timedelta(minutes=40),
                lambda env: self._support_reply(env, name),
            ),
            (moment + timedelta(hours=1), approve),
            (
                moment + timedelta(hours=2),
                lambda env: self._support_stage(env, name, "in_progress"),
            ),
        ]
        if close:
            steps.append(
                (
                    moment + timedelta(days=2),
                    lambda env: self._support_stage(env, name, "done"),
                )
            )
        return steps

    # Kestrel (Lena): the Priority Support Plan for a year, renewed last
    # week; its time used block by block, a renewal notice and the block
    # bought from it, the training hours it did not use expired, a
    # technical question over the cap.
    KESTREL_TICKETS = [
        # (months ago, name, tags, minutes logged, billing)
        (11, "Set up the garden-furniture catalogue", ["tag_import"], 90, "billable"),
        (10, "Training: stock and purchase", [], 60, "training"),
        (9, "Delivery slots per region", ["tag_shipping"], 75, "billable"),
        (8, "Training: promotions", [], 60, "training"),
        (7, "Bulk price update", ["tag_import"], 100, "billable"),
        (6, "Sales tax for plants", ["tag_taxes"], 60, "billable"),
        (5, "Newsletter sign-up at checkout", ["tag_checkout"], 80, "billable"),
        (3, "Page speed on mobile", ["tag_performance"], 120, "billable"),
        (2, "Shipping labels", ["tag_shipping"], 90, "billable"),
        (1, "Gift cards", ["tag_checkout"], 255, "billable"),
    ]
    KESTREL_SCORES = {9: 9, 5: 7, 2: 10}
    # the month the first answer came two days late, past the SLA
    KESTREL_LATE_REPLY = 5

    def _support_kestrel_steps(self, day):
        steps = [
            (
                day(12, 5),
                lambda env: self._support_sell(
                    env,
                    "partner_kestrel",
                    [
                        "product_plan_priority",
                        "product_block_6h",
                        "product_training_3h",
                    ],
                ),
            ),
            # the renewal notice of the month before was a quotation: signed
            (day(4, hour=12), self._support_kestrel_renew),
            # the plan renewed for a second year before it ended (two more
            # training hours)
            (
                day(0, 11, hour=11),
                lambda env: self._support_sell(
                    env, "partner_kestrel", ["product_plan_priority"]
                ),
            ),
            # what is left of the first year's training hours expires (the
            # block's last day lies 4 to 10 days back)
            (day(0, 3, hour=2), self._support_expire),
        ]
        steps += self._support_cap_steps(day(0, 2, hour=10))
        for months, name, tags, minutes, billing in self.KESTREL_TICKETS:
            steps += self._support_time_ticket(
                day(months),
                name,
                tags,
                minutes,
                billing,
                self.KESTREL_SCORES.get(months),
                late=months == self.KESTREL_LATE_REPLY,
            )
        return steps

    def _support_time_ticket(
        self, moment, name, tags, minutes, billing, score, late=False
    ):
        def open_ticket(env):
            self._support_ticket(
                env,
                "partner_kestrel_lena",
                name,
                "category_level1" if billing == "training" else "category_default",
                tags,
                support_billing=billing,
            )

        def log(env):
            ticket = self._support_find(env, name)
            env["account.analytic.line"].create(
                {
                    "name": name,
                    "ticket_id": ticket.id,
                    "project_id": self._ref(env, "project_customer_support").id,
                    "employee_id": self._ref(env, "employee_support_agent").id,
                    "unit_amount": minutes / 60,
                    "date": datetime.now().date(),
                }
            )

        def answer(env):
            nps = self._support_find(env, name).support_nps_ids[:1]
            if nps and score is not None:
                nps.sudo()._support_answer(score)

        return [
            (moment, open_ticket),
            (
                moment + (timedelta(days=2) if late else timedelta(hours=1)),
                lambda env: self._support_reply(env, name),
            ),
            (moment + timedelta(hours=3), log),
            (
                moment + timedelta(days=3 if late else 1),
                lambda env: self._support_stage(env, name, "done"),
            ),
            (moment + timedelta(days=4 if late else 2), answer),
        ]

    def _support_cap_steps(self, moment):
        """A technical question that needs more than the plan's 30 minutes:
        the agent confirms going on (the customer is told), and logs more."""
        name = "Discount rule for bulk orders"

        def log(minutes):
            def step(env):
                env["account.analytic.line"].create(
                    {
                        "name": name,
                        "ticket_id": self._support_find(env, name).id,
                        "project_id": self._ref(env, "project_customer_support").id,
                        "employee_id": self._ref(env, "employee_support_agent").id,
                        "unit_amount": minutes / 60,
                        "date": datetime.now().date(),
                    }
                )

            return step

        return [
            (
                moment,
                lambda env: self._support_ticket(
                    env,
                    "partner_kestrel_lena",
                    name,
                    "category_default",
                    ["tag_checkout"],
                    severity_id=self._ref(env, "severity_technical_question").id,
                ),
            ),
            (
                moment + timedelta(minutes=30),
                lambda env: self._support_reply(env, name),
            ),
            (moment + timedelta(hours=1), log(25)),
            (
                moment + timedelta(hours=2),
                lambda env: (
                    self._support_find(env, name)
                    .with_user(self._ref(env, "user_support_agent"))
                    .action_support_exceed_cap()
                ),
            ),
            (moment + timedelta(hours=3), log(20)),
        ]

    def _support_kestrel_renew(self, env):
        orders = env["sale.order"].search(
            [
                ("partner_id", "=", self._ref(env, "partner_kestrel").id),
                ("state", "in", ("draft", "sent")),
            ]
        )
        if orders:
            orders.with_user(self._ref(env, "user_salesperson")).action_confirm()
            # the salesperson's "hours running low" to-do is done with it
            orders.activity_ids.action_done()
        else:
            self._support_sell(env, "partner_kestrel", ["product_block_6h"])

    def _support_expire(self, env):
        env["support.lot"]._cron_expire_lots()

    def _support_bluefin_plan(self, env):
        # Bluefin takes the Priority Support Plan with a first 6-hour block,
        # and three hours of training beyond the plan's two
        self._support_sell(
            env,
            "partner_bluefin",
            ["product_plan_priority", "product_block_6h", "product_training_3h"],
        )
