# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user

from .common import SupportCase


class TimeCase(SupportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan.write({"billable_share": 75, "rounding_minutes": 5})
        cls._subscribe(cls.customer)


class TestHourBlocks(TimeCase):
    def test_a_block_is_a_lot_of_minutes(self):
        order = self._sell(self.customer, self.block_6h)
        lot = order.order_line.support_lot_ids
        self.assertEqual((lot.unit, lot.quantity), ("minute", 360))
        self.assertEqual(self.customer.support_time_available, "06:00")
        self.assertEqual(self._balance()["available"], 0, "points are another balance")

    def test_tracking_report_figures(self):
        """A sequence of entries gives the exact remaining minutes after each."""
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_free)
        first = self._log(ticket, 40)  # 75 % of 40 = 30
        self.assertEqual(
            (first.support_charged_minutes, self._minutes_left()), (30, 330)
        )
        second = self._log(ticket, 25)  # 18.75, rounded up to 20
        self.assertEqual(
            (second.support_charged_minutes, self._minutes_left()), (20, 310)
        )
        presales = self._log(ticket, 60, support_billing="presales")
        self.assertEqual(
            (presales.support_charged_minutes, self._minutes_left()), (0, 310)
        )
        self._log(ticket, 90)  # 67.5 -> 70
        self.assertEqual(self._minutes_left(), 240)
        second.unit_amount = 45 / 60  # 33.75 -> 35: a correction of 15 more
        self.assertEqual(self._minutes_left(), 225)
        first.unlink()  # its 30 minutes come back
        self.assertEqual(self._minutes_left(), 255)
        movements = self.Movement.search(
            [("partner_id", "=", self.customer.id), ("unit", "=", "minute")],
            order="sequence_number",
        )
        self.assertEqual(
            [(move.kind, move.quantity) for move in movements],
            [
                ("purchase", 360),
                ("deduction", -30),
                ("deduction", -20),
                ("deduction", -70),
                ("deduction", -15),
                ("refund", 30),
            ],
            "history is never rewritten: corrections are new movements",
        )
        self.assertEqual(self.customer.support_time_available, "04:15")

    def test_time_is_not_points(self):
        """Minutes charged on a ticket are not points spent on it."""
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_free)
        self._log(ticket, 40)
        self.assertEqual(self._minutes_left(), 330)
        self.assertEqual(
            (ticket.points_captured, ticket.points_deducted, ticket.points_cost_state),
            (0, 0, "free"),
        )

    def test_points_of_a_ticket_read_afresh(self):
        """A ticket's points are the same whether its movements are read or not."""
        # minutes are movements of the ticket too only where the plan charges
        # points tickets both ways
        self.plan.ticket_charge = "both"
        self._sell(self.customer, self.pack_100)
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_fixed)
        ticket.with_user(self.agent).action_approve_cost()
        self._log(ticket, 40)
        self.assertEqual((ticket.points_captured, ticket.points_deducted), (25, 0))
        self.env.invalidate_all()
        self.assertEqual((ticket.points_captured, ticket.points_deducted), (25, 0))
        self.assertEqual(len(ticket.support_movement_ids), 2, "a capture, 30 minutes")
        # what the writer keeps on the ticket counts its point movements only
        self.assertIsNone(
            self.env["support.movement"]
            ._check_chain_integrity(self.company)
            .get("broken_balance")
        )

    def test_entry_crossing_the_end_of_a_block_is_split(self):
        old = self._sell(
            self.customer, self.block_6h, purchase_date=self.today - timedelta(days=200)
        )
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_free)
        self._log(ticket, 460)  # 345 minutes charged
        entry = self._log(
            ticket, 40
        )  # 30 minutes: 15 left on the old block, 15 on the new
        moves = entry.support_movement_ids.sorted("id")
        self.assertEqual(moves.mapped("quantity"), [-15, -15])
        self.assertEqual(moves[0].lot_id, old.order_line.support_lot_ids)
        self.assertEqual(entry.support_charged_minutes, 30)

    def test_overdraft_down_to_the_plan_limit_then_settled(self):
        self.plan.minutes_overdraft_limit = 30
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_free)
        self._log(ticket, 500)  # 375 charged: 15 into the overdraft
        self.assertEqual(self._minutes_left(), -15)
        with self.assertRaises(UserError):
            self._log(ticket, 40)  # 30 more would reach -45
        self.assertEqual(self._minutes_left(), -15)
        self._sell(self.customer, self.block_6h)
        self.assertEqual(
            self._minutes_left(), 345, "the new block settled the overdraft first"
        )

    def test_no_time_beyond_the_blocks_without_overdraft(self):
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_free)
        with self.assertRaises(UserError):
            self._log(ticket, 600)
        self.assertFalse(
            ticket.timesheet_ids, "the entry is refused, nothing is half-posted"
        )
        self.assertEqual(self._minutes_left(), 360)


class TestNotCharged(TimeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._sell(cls.customer, cls.block_6h)

    def test_reasons_not_to_charge(self):
        ticket = self._ticket(self.cat_free)
        for reason in ("own_bug", "presales", "warranty"):
            self._log(ticket, 60, support_billing=reason)
        self.assertEqual(self._minutes_left(), 360)
        bug_ticket = self._ticket(self.cat_free, support_billing="own_bug")
        entry = self._log(bug_ticket, 60)
        self.assertEqual(
            (entry.support_billing, entry.support_charged_minutes), ("own_bug", 0)
        )

    def test_project_preparation_is_charged_only_if_declined(self):
        prep = self._ticket(
            self.cat_free, support_billing="deferred", support_project_state="pending"
        )
        self._log(prep, 120)
        self.assertEqual(self._minutes_left(), 360)
        with self.assertRaises(UserError):
            prep.with_user(self.agent).action_support_project_declined()
        prep.support_project_reason = "The customer chose to wait a year"
        prep.with_user(self.agent).action_support_project_declined()
        self.assertEqual(self._minutes_left(), 270)
        commissioned = self._ticket(self.cat_free, support_billing="deferred")
        self._log(commissioned, 120)
        commissioned.with_user(self.agent).action_support_project_commissioned()
        self.assertEqual(self._minutes_left(), 270)

    def test_go_live_window(self):
        self.customer.support_go_live_date = fields.Datetime.now() - timedelta(hours=10)
        in_window = self._ticket(self.cat_free)
        self.assertTrue(in_window.support_go_live_free)
        self._log(in_window, 60)
        self.assertEqual(self._minutes_left(), 360)
        self.customer.support_go_live_date = fields.Datetime.now() - timedelta(hours=80)
        late = self._ticket(self.cat_free)
        self.assertFalse(late.support_go_live_free)
        self._log(late, 60)
        self.assertEqual(self._minutes_left(), 315)

    def test_training_block_of_the_plan(self):
        self.plan.training_hours = 2
        self._sell(self.other_customer, self.plan_product)
        ticket = self._ticket(self.cat_free, contact=self.other_contact)
        self._log(ticket, 90, support_billing="training")
        balance = self._balance(self.other_customer, unit="training_minute")
        self.assertEqual(balance["available"], 30)
        self.assertEqual(self._minutes_left(self.other_customer), 0)


class TestOneChargePerTicket(TimeCase):
    """A ticket is paid once, in the unit its category says."""

    def _report_reason(self, entry):
        rows, _total = self.env[
            "report.support_entitlements.report_support_time"
        ]._get_lines(self.customer, self.company)
        return next(row["reason"] for row in rows if row["res_id"] == entry.id)

    def test_points_customer_without_hours_logs_time(self):
        self._sell(self.customer, self.pack_100)
        ticket = self._ticket(self.cat_fixed)
        ticket.with_user(self.agent).action_approve_cost()
        entry = self._log(ticket, 30)
        self.assertTrue(ticket.support_time_covered)
        self.assertEqual(entry.support_charged_minutes, 0)
        self.assertFalse(entry.support_movement_ids, "no hour block is touched")
        self.assertEqual(ticket.points_captured, 25, "the points are the charge")
        self.assertEqual(entry.support_charge_reason, "Covered by the ticket's points")
        self.assertEqual(self._report_reason(entry), "Covered by the ticket's points")
        ticket.stage_id = self.stage_done
        self.assertEqual(ticket.points_deducted, 25)
        self.assertEqual(self._minutes_left(), 0)

    def test_points_and_hours_customer_pays_once(self):
        self._sell(self.customer, self.pack_100)
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_fixed)
        ticket.with_user(self.agent).action_approve_cost()
        self._log(ticket, 40)
        self.assertEqual(self._minutes_left(), 360, "the hours stay whole")
        self.assertEqual(ticket.support_time_charged_minutes, 0)
        # a free category is charged by time, as before
        self._log(self._ticket(self.cat_free), 40)
        self.assertEqual(self._minutes_left(), 330)

    def test_plan_charging_points_tickets_both_ways(self):
        self.plan.ticket_charge = "both"
        self._sell(self.customer, self.pack_100)
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_fixed)
        ticket.with_user(self.agent).action_approve_cost()
        self._log(ticket, 40)
        self.assertFalse(ticket.support_time_covered)
        self.assertEqual(
            (ticket.points_captured, self._minutes_left()), (25, 330), "both, as chosen"
        )
        self.assertIn("also consumes hour blocks", ticket.support_charge_rule)

    def test_plan_sold_by_the_hour_charges_time_only(self):
        self.plan.ticket_charge = "time"
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_fixed)
        self.assertEqual(
            (ticket.points_estimate, ticket.points_cost_state),
            (0, "free"),
            "no points to approve",
        )
        self._log(ticket, 40)
        self.assertEqual(self._minutes_left(), 330)
        self.assertIn("Charged by time", ticket.support_charge_rule)

    def test_a_price_given_by_hand_is_the_one_charge(self):
        """A free category priced by an agent is paid in points: its time is
        not charged to hours as well; a plan sold by the hour takes no price
        in points."""
        self._sell(self.customer, self.pack_100)
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_free)
        ticket.with_user(self.agent).points_cost = 30
        ticket.with_user(self.agent).action_approve_cost()
        self._log(ticket, 40)
        self.assertTrue(ticket.support_time_covered)
        self.assertEqual(
            (ticket.points_captured, self._minutes_left()), (30, 360), "paid once"
        )
        self.plan.ticket_charge = "time"
        timed = self._ticket(self.cat_fixed)
        with self.assertRaises(ValidationError):
            timed.with_user(self.agent).points_cost = 25
        self.assertEqual(timed.points_cost_display, "No charge")

    def test_a_closed_ticket_keeps_its_rule(self):
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_free)
        self._log(ticket, 40)
        ticket.stage_id = self.stage_done
        ticket.with_user(self.manager).category_id = self.cat_fixed
        self.assertFalse(ticket.support_time_covered)
        self.assertEqual(self._minutes_left(), 330, "no minute given back")

    def test_recategorised_ticket_gives_its_minutes_back(self):
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_free)
        entry = self._log(ticket, 40)
        self.assertEqual(self._minutes_left(), 330)
        ticket.category_id = self.cat_fixed
        self.assertEqual(self._minutes_left(), 360)
        self.assertEqual(
            entry.support_movement_ids.sorted("id").mapped("kind"),
            ["deduction", "refund"],
            "a correction, not a rewrite",
        )
        self.assertIn("Paid in points", ticket.support_charge_rule)


class TestWithoutPlan(SupportCase):
    def test_points_ticket_time_is_not_billed(self):
        """Time on a ticket paid in points is no quotation either."""
        self._sell(self.customer, self.pack_100)
        ticket = self._ticket(self.cat_fixed)
        self._log(ticket, 30)
        self.assertFalse(ticket.support_unplanned_line_ids)

    def test_minimum_two_hours_on_a_draft_quotation(self):
        ticket = self._ticket(self.cat_free)
        self._log(ticket, 30)
        line = ticket.support_unplanned_line_ids
        self.assertEqual(line.order_id.state, "draft")
        self.assertTrue(line.order_id.support_unplanned)
        self.assertEqual(line.product_uom_qty, 2.0, "at least two hours")
        self.assertEqual(
            line.product_id, self.env.ref("support_entitlements.product_support_time")
        )
        self.assertTrue(line.order_id.activity_ids, "the salesperson is told")
        self._log(ticket, 120)
        self.assertEqual(line.product_uom_qty, 2.5)
        self.assertFalse(self.Movement.search([("partner_id", "=", self.customer.id)]))


class TestRenewal(TimeCase):
    def test_one_notice_per_crossing(self):
        self.plan.renewal_threshold_minutes = 60
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_free)
        subscription = self.env["support.subscription"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self._log(ticket, 360)  # 270 charged, 90 left
        self.assertFalse(subscription.renewal_order_id)
        self._log(ticket, 60)  # 45 charged, 45 left
        quotation = subscription.renewal_order_id
        self.assertEqual(quotation.order_line.product_id, self.block_6h)
        self.assertTrue(quotation.access_token)
        notice = quotation.message_ids.filtered(
            lambda msg: "running low" in (msg.subject or "")
        )
        self.assertEqual(len(notice), 1)
        self.assertTrue(quotation.activity_ids)
        self._log(ticket, 20)
        self.assertEqual(
            subscription.renewal_order_id, quotation, "no duplicate notice"
        )
        self._sell(self.customer, self.block_6h)
        self._log(ticket, 5)
        self.assertFalse(subscription.renewal_order_id, "a top-up arms the next notice")
        self._log(ticket, 480)
        self.assertTrue(subscription.renewal_order_id)
        self.assertNotEqual(subscription.renewal_order_id, quotation)


class TestBadTimeInput(TimeCase):
    def test_refused_inputs(self):
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_free)
        with self.assertRaises(ValidationError):
            self._log(ticket, -30)
        ticket.stage_id = self.stage_done
        with self.assertRaises(UserError):
            self._log(ticket, 30)
        self.assertEqual(self._minutes_left(), 360)
        entry = self._log(ticket, 40, user=self.manager)
        self.assertEqual(entry.support_charged_minutes, 30, "a manager may")
        with self.assertRaises(ValidationError):
            self.block_6h.support_quantity = 0
        with self.assertRaises(ValidationError):
            self.plan.billable_share = 120


class TestTechnicalQuestions(TimeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._sell(cls.customer, cls.block_6h)
        cls.technical = cls.env["support.severity"].create(
            {"name": "Technical", "is_technical": True}
        )
        cls.incident = cls.env["support.severity"].create(
            {"name": "Incident", "is_blocking": True}
        )
        cls.plan.annual_case_allowance = 2

    def test_cap_per_request_needs_confirmation_and_tells_the_customer(self):
        ticket = self._ticket(self.cat_free, severity_id=self.technical.id)
        self.assertEqual(
            (ticket.support_cap_minutes, ticket.support_cap_remaining), (30, "00:30")
        )
        self._log(ticket, 20)
        self.assertEqual(ticket.support_cap_remaining, "00:10")
        with self.assertRaises(UserError):
            self._log(ticket, 15)
        self.assertEqual(len(ticket.timesheet_ids), 1)
        ticket.with_user(self.agent).action_support_exceed_cap()
        told = ticket.message_ids.filtered(
            lambda msg: "more than the 30 minutes" in (msg.body or "")
        )
        self.assertIn(self.contact, told.partner_ids)
        self._log(ticket, 15)
        self.assertEqual(ticket.support_cap_remaining, "-00:05")

    def test_plan_sets_its_own_cap(self):
        self.plan.technical_cap_minutes = 0
        ticket = self._ticket(self.cat_free, severity_id=self.technical.id)
        self._log(ticket, 90)
        self.assertFalse(ticket.support_cap_minutes)
        incident = self._ticket(self.cat_free, severity_id=self.incident.id)
        self.assertFalse(incident.support_cap_minutes, "incidents are not capped")

    def test_yearly_allowance_of_cases(self):
        first = self._ticket(
            self.cat_free, severity_id=self.technical.id, support_case_request="remote"
        )
        self.assertTrue(first.support_counts_as_case)
        self.assertEqual(first.support_cases_left, "1 of 2 used")
        plain = self._ticket(self.cat_free, severity_id=self.technical.id)
        self.assertFalse(
            plain.support_counts_as_case, "a plain question does not count"
        )
        incident = self._ticket(
            self.cat_free,
            severity_id=self.incident.id,
            support_case_request="expedited",
        )
        self.assertFalse(incident.support_counts_as_case, "incidents never count")
        second = self._ticket(
            self.cat_free, severity_id=self.technical.id, support_case_request="level2"
        )
        self.assertEqual(second.support_cases_left, "2 of 2 used")
        with self.assertRaises(ValidationError):
            self._ticket(
                self.cat_free,
                severity_id=self.technical.id,
                support_case_request="expedited",
            )
        self.assertEqual(plain.support_cases_left, "2 of 2 used")


class TestSeveralAgents(TimeCase):
    """hr_timesheet shows an agent only their own time entries: the rules on
    a ticket's time must count everyone's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_agent = new_test_user(
            cls.env,
            login="agent_t2",
            groups="base.group_user,support_entitlements.group_support_agent",
        )
        cls.env["hr.employee"].create(
            {"name": "Agent T2", "user_id": cls.other_agent.id}
        )
        cls.technical = cls.env["support.severity"].create(
            {"name": "Technical", "is_technical": True}
        )

    def test_cap_counts_every_agents_time(self):
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_free, severity_id=self.technical.id)
        self._log(ticket, 20)
        self.env.invalidate_all()  # the other agent's own request
        self.assertEqual(
            len(ticket.with_user(self.other_agent).timesheet_ids),
            0,
            "the other agent does not see the first agent's entry",
        )
        with self.assertRaises(UserError):
            self._log(ticket, 15, user=self.other_agent)
        self.assertEqual(ticket.support_cap_remaining, "00:10")

    def test_billing_change_follows_every_agents_entries(self):
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_free)
        self._log(ticket, 40)  # 75 % of 40 = 30
        self.assertEqual(self._minutes_left(), 330)
        self.env.invalidate_all()  # the other agent's own request
        ticket.with_user(self.other_agent).support_billing = "presales"
        self.assertEqual(self._minutes_left(), 360, "the first agent's time refunded")

    def test_time_without_plan_bills_every_agents_hours(self):
        customer = self.other_customer
        ticket = self._ticket(self.cat_free, contact=self.other_contact)
        self._log(ticket, 30)
        self.env.invalidate_all()  # the other agent's own request
        self._log(ticket, 120, user=self.other_agent)
        line = ticket.support_unplanned_line_ids
        self.assertEqual(line.order_id.partner_id, customer)
        self.assertEqual(line.product_uom_qty, 2.5)


class TestTimeOutsideTickets(TimeCase):
    """Time with a customer by phone, e-mail or in the room, outside a
    ticket (seed 004), consumes hour blocks by the same rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._sell(cls.customer, cls.block_6h)

    def _log_with(self, partner, minutes, **values):
        return (
            self.env["account.analytic.line"]
            .with_user(self.agent)
            .create(
                {
                    "name": "Call about the import",
                    "support_partner_id": partner.id,
                    "support_contact_kind": "phone",
                    "project_id": self.project.id,
                    "employee_id": self.agent_employee.id,
                    "unit_amount": minutes / 60,
                    **values,
                }
            )
        )

    def test_a_call_consumes_hour_blocks_with_share_and_rounding(self):
        entry = self._log_with(self.contact, 38)
        self.assertEqual(entry.support_partner_id, self.customer, "the company's time")
        # 38 min × 75 % = 28.5, rounded up to 5 minutes
        self.assertEqual(entry.support_charged_minutes, 30)
        self.assertEqual(self._minutes_left(), 330)
        entry.with_user(self.agent).unit_amount = 1
        self.assertEqual(entry.support_charged_minutes, 45)
        self.assertEqual(self._minutes_left(), 315)
        # a correction is a new movement
        self.assertEqual(
            entry.support_movement_ids.sorted("id").mapped("quantity"), [-30, -15]
        )
        entry.with_user(self.agent).unlink()
        self.assertEqual(self._minutes_left(), 360)

    def test_reasons_not_to_charge_and_training(self):
        self._log_with(self.customer, 60, support_billing="presales")
        self.assertEqual(self._minutes_left(), 360)
        self.plan.training_hours = 2
        self._sell(self.customer, self.plan_product)
        self._log_with(self.customer, 30, support_billing="training")
        self.assertEqual(self._balance(unit="training_minute")["available"], 90)
        self.assertEqual(self._minutes_left(), 360)

    def test_the_tracking_report_lists_it(self):
        entry = self._log_with(self.customer, 40, support_contact_kind="room")
        rows, _total = self.env[
            "report.support_entitlements.report_support_time"
        ]._get_lines(self.customer, self.company)
        (row,) = [row for row in rows if row["kind"] == "time"]
        self.assertEqual(row["res_id"], entry.id)
        self.assertEqual(row["label"], "Chat room: Call about the import")
        self.assertEqual((row["logged"], row["charged"], row["balance"]), (40, 30, 330))
        self.assertFalse(row["ticket_id"])

    def test_bad_input_changes_nothing(self):
        with self.assertRaises(ValidationError):
            self._log_with(self.customer, -30)
        with self.assertRaises(UserError):
            self._log_with(self.customer, 25 * 60)
        ticket = self._ticket(self.cat_free)
        with self.assertRaises(ValidationError):
            self._log(ticket, 30, support_partner_id=self.other_customer.id)
        entry = self._log_with(self.customer, 40)
        with self.assertRaises(UserError) as refused:
            entry.with_user(self.agent).support_partner_id = self.other_customer
        self.assertIn("charged to Acme Shop", str(refused.exception))
        self.assertEqual(entry.support_partner_id, self.customer)
        self.assertEqual(self._minutes_left(), 330)
        # a customer that is not a record id: a sentence, not a database error
        for garbage in ("abc", 2**40, [1, 2], 10**9):
            with self.assertRaises(UserError), self.env.cr.savepoint():
                self._log_with(self.customer, 30, support_partner_id=garbage)
        # 0 is no customer: plain time, charged to nobody
        plain = self._log_with(self.customer, 30, support_partner_id=0)
        self.assertFalse(plain.support_partner_id)
        self.assertFalse(plain.support_movement_ids)
        self.assertEqual(self._minutes_left(), 330)

    def test_a_charged_entry_stays_in_its_company(self):
        entry = self._log_with(self.customer, 40)
        other = self.env["res.company"].create({"name": "Other support company"})
        self.agent.write({"company_ids": [(4, other.id)]})
        elsewhere = self.env["project.project"].create(
            {"name": "Support elsewhere", "company_id": other.id}
        )
        with self.assertRaises(UserError) as refused:
            entry.with_user(self.agent).with_context(
                allowed_company_ids=[self.company.id, other.id]
            ).project_id = elsewhere
        self.assertIn("charged to Acme Shop", str(refused.exception))
        self.assertEqual(entry.project_id, self.project)
        self.assertEqual(self._minutes_left(), 330)
        # written straight over RPC, where the analytic account lets it
        entry.account_id.sudo().company_id = False
        with self.assertRaises(UserError) as refused:
            entry.sudo().company_id = other
        self.assertIn("charged to Acme Shop", str(refused.exception))
        self.assertEqual(entry.company_id, self.company)

    def test_only_the_support_team_charges_a_customer(self):
        self.env["hr.employee"].create(
            {"name": "Sales T", "user_id": self.salesperson.id}
        )
        with self.assertRaises(UserError) as refused:
            self.env["account.analytic.line"].with_user(self.salesperson).create(
                {
                    "name": "Call",
                    "support_partner_id": self.customer.id,
                    "project_id": self.project.id,
                    "unit_amount": 1.0,
                }
            )
        self.assertIn("Only the support team", str(refused.exception))
        self.assertEqual(self._minutes_left(), 360)

    def test_a_customer_without_time_is_refused(self):
        with self.assertRaises(UserError) as refused:
            self._log_with(self.other_customer, 30)
        self.assertIn("sell a new block", str(refused.exception))
        self.assertFalse(
            self.env["account.analytic.line"].search(
                [("support_partner_id", "=", self.other_customer.id)]
            )
        )
