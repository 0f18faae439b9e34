# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from .common import SupportCase


class TestTicketPrice(SupportCase):
    def test_estimate_by_kind_of_price(self):
        self.assertEqual(self._ticket(self.cat_fixed).points_estimate, 25)
        self.assertEqual(self._ticket(self.cat_free).points_estimate, 0)
        self.assertEqual(self._ticket(self.cat_from).points_estimate, 150)
        self.assertEqual(self._ticket(self.cat_on_request).points_estimate, 0)
        audit = self._ticket(self.cat_per_unit)
        self.assertEqual(audit.points_estimate, 150)
        audit.points_units = 3
        self.assertEqual(
            (audit.points_estimate, audit.points_cost), (330, 330), "150 + 3 × 60"
        )

    def test_category_price_display(self):
        self.assertEqual(
            self.cat_per_unit.points_price_display,
            "150 + 60 points per additional store",
        )
        self.cat_from.points_price_max = 180
        self.assertEqual(self.cat_from.points_price_display, "150–180 points")
        self.assertEqual(self.cat_on_request.points_price_display, "Upon request")

    def test_bad_category_prices_are_refused(self):
        category = self.env["helpdesk.ticket.category"]
        with self.assertRaises(ValidationError):
            category.create(
                {"name": "Negative", "points_price_type": "fixed", "points_price": -5}
            )
        with self.assertRaises(ValidationError):
            category.create(
                {
                    "name": "No unit",
                    "points_price_type": "per_unit",
                    "points_price": 10,
                    "points_unit_price": 5,
                }
            )
        with self.assertRaises(ValidationError):
            category.create(
                {
                    "name": "Bad range",
                    "points_price_type": "from",
                    "points_price": 80,
                    "points_price_max": 50,
                }
            )

    def test_category_of_another_company_is_refused(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        foreign = self.env["helpdesk.ticket.category"].create(
            {
                "name": "Foreign",
                "points_price_type": "fixed",
                "points_price": 10,
                "company_id": other_company.id,
            }
        )
        # Odoo's check_company: a UserError naming the category
        with (
            self.assertRaisesRegex(UserError, "(?s)Incompatible companies.*Foreign"),
            self.env.cr.savepoint(),
        ):
            self._ticket(foreign)
        ticket = self._ticket(self.cat_fixed)
        with (
            self.assertRaisesRegex(UserError, "(?s)Incompatible companies.*Foreign"),
            self.env.cr.savepoint(),
        ):
            ticket.category_id = foreign
        self.assertEqual(ticket.category_id, self.cat_fixed)

    def test_from_price_is_a_minimum_the_agent_finalises(self):
        ticket = self._ticket(self.cat_from).with_user(self.agent)
        with self.assertRaises(ValidationError):
            ticket.points_cost = 120
        ticket.points_cost = 190
        self.assertEqual(ticket.points_cost, 190)

    def test_price_upon_request_must_be_set_before_approval(self):
        self._subscribe(self.customer)
        self._sell(self.customer, self.pack_100)
        ticket = self._ticket(self.cat_on_request)
        with self.assertRaises(UserError):
            ticket.with_user(self.agent).action_approve_cost()
        ticket.with_user(self.agent).points_cost = 70
        ticket.with_user(self.agent).action_approve_cost()
        self.assertEqual(ticket.points_captured, 70)


class TestTicketCharge(SupportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._subscribe(cls.customer)
        cls.order = cls._sell(cls.customer, cls.pack_100)

    def test_life_of_a_ticket(self):
        ticket = self._ticket(self.cat_fixed)
        self.assertEqual(ticket.points_cost_state, "to_approve")
        with self.assertRaises(UserError):
            ticket.with_user(self.agent).stage_id = self.stage_progress
        self.assertEqual(ticket.stage_id, self.stage_new)
        ticket.with_user(self.agent).action_approve_cost()
        self.assertEqual(
            (ticket.points_cost_state, ticket.points_captured), ("captured", 25)
        )
        self.assertEqual(
            self._balance(), {"available": 75, "captured": 25, "expiring": 0}
        )
        ticket.with_user(self.agent).stage_id = self.stage_progress
        ticket.with_user(self.agent).stage_id = self.stage_done
        self.assertEqual(ticket.points_cost_state, "charged")
        self.assertEqual((ticket.points_captured, ticket.points_deducted), (0, 25))
        self.assertEqual(
            self._balance(), {"available": 75, "captured": 0, "expiring": 0}
        )
        kinds = ticket.support_movement_ids.sorted("sequence_number").mapped("kind")
        self.assertEqual(kinds, ["capture", "deduction"])

    def test_the_go_live_window_frees_points_too(self):
        """Opened within 72 hours of the go-live, a points ticket is free, as
        its time is; after the window it is priced as usual."""
        self.customer.support_go_live_date = fields.Datetime.now() - timedelta(hours=10)
        ticket = self._ticket(self.cat_fixed)
        self.assertTrue(ticket.support_go_live_free)
        self.assertEqual(
            (ticket.points_estimate, ticket.points_cost_state), (0, "free")
        )
        ticket.with_user(self.agent).stage_id = self.stage_progress
        ticket.with_user(self.agent).stage_id = self.stage_done
        self.assertFalse(ticket.support_movement_ids)
        self.assertEqual(self._balance()["available"], 100)
        self.customer.support_go_live_date = fields.Datetime.now() - timedelta(hours=80)
        late = self._ticket(self.cat_fixed)
        self.assertFalse(late.support_go_live_free)
        self.assertEqual(
            (late.points_estimate, late.points_cost_state), (25, "to_approve")
        )
        self.assertEqual(
            (ticket.support_go_live_free, ticket.points_cost_state),
            (True, "free"),
            "a closed ticket keeps the window it had",
        )

    def test_a_range_left_at_its_top_is_final_when_closed(self):
        category = self.cat_from.copy({"name": "Ranged", "points_price_max": 180})
        self._sell(self.customer, self.pack_100)
        ticket = self._ticket(category)
        ticket.with_user(self.agent).action_approve_cost()
        self.assertEqual(ticket.points_cost_display, "150–180 points")
        ticket.with_user(self.agent).stage_id = self.stage_done
        self.assertEqual(ticket.points_deducted, 180)
        self.assertEqual(ticket.points_cost_display, "180 points")

    def test_after_the_go_live_window_a_ticket_is_a_case(self):
        """Seed agreement: "whatever issue you find after 72 hours will go
        against your support cases, or may be charged"."""
        self.plan.write({"annual_case_allowance": 1, "go_live_cases": True})
        self.customer.support_go_live_date = fields.Datetime.now() - timedelta(hours=80)
        case = self._ticket(self.cat_fixed)
        self.assertEqual(
            (case.support_case_request, case.support_counts_as_case),
            ("go_live", True),
        )
        self.assertEqual(
            (case.points_estimate, case.points_cost_state),
            (0, "free"),
            "paid by the allowance",
        )
        self.assertEqual(case.points_cost_display, "Support case of the plan")
        self.assertEqual(case.support_cases_left, "1 of 1 used")
        charged = self._ticket(self.cat_fixed)
        self.assertFalse(charged.support_counts_as_case, "the allowance is used up")
        self.assertEqual(
            (charged.points_estimate, charged.points_cost_state), (25, "to_approve")
        )
        blocking = self.env["support.severity"].create(
            {"name": "Down", "is_blocking": True}
        )
        self.plan.annual_case_allowance = 5
        urgent = self._ticket(self.cat_fixed, severity_id=blocking.id)
        self.assertFalse(urgent.support_counts_as_case, "blocking is never a case")

    def test_without_the_plan_option_a_late_ticket_is_charged(self):
        self.plan.annual_case_allowance = 3
        self.customer.support_go_live_date = fields.Datetime.now() - timedelta(hours=80)
        ticket = self._ticket(self.cat_fixed)
        self.assertFalse(ticket.support_counts_as_case)
        self.assertEqual(ticket.points_estimate, 25)
        # nor can a client make it one by hand (over RPC, on create or write)
        with self.assertRaises(UserError):
            ticket.with_user(self.agent).support_case_request = "go_live"
        with self.assertRaises(UserError):
            self._ticket(self.cat_fixed).with_user(self.agent).write(
                {"support_case_request": "go_live"}
            )
        self.assertEqual(
            (ticket.support_counts_as_case, ticket.points_estimate), (False, 25)
        )

    def test_free_tickets_need_no_approval(self):
        ticket = self._ticket(self.cat_free)
        self.assertEqual(ticket.points_cost_state, "free")
        ticket.with_user(self.agent).stage_id = self.stage_progress
        ticket.with_user(self.agent).stage_id = self.stage_done
        self.assertFalse(ticket.support_movement_ids)

    def test_cancelling_releases(self):
        ticket = self._ticket(self.cat_fixed)
        ticket.with_user(self.agent).action_approve_cost()
        ticket.with_user(self.agent).stage_id = self.stage_cancelled
        self.assertEqual(ticket.points_cost_state, "released")
        self.assertEqual(
            self._balance(), {"available": 100, "captured": 0, "expiring": 0}
        )

    def test_never_charged_twice_whatever_the_clicks(self):
        ticket = self._ticket(self.cat_fixed).with_user(self.agent)
        ticket.action_approve_cost()
        ticket.action_approve_cost()
        ticket.stage_id = self.stage_done
        ticket.stage_id = self.stage_done
        ticket._support_sync_charge()
        self.assertEqual(self._balance()["available"], 75)
        ticket.stage_id = self.stage_progress  # reopened: captured again, not charged
        self.assertEqual(
            self._balance(), {"available": 75, "captured": 25, "expiring": 0}
        )
        ticket.stage_id = self.stage_done
        self.assertEqual(
            self._balance(), {"available": 75, "captured": 0, "expiring": 0}
        )
        self.assertEqual(ticket.points_deducted, 25)

    def test_product_bug_returns_every_point_even_after_closing(self):
        ticket = self._ticket(self.cat_fixed).with_user(self.agent)
        ticket.action_approve_cost()
        ticket.stage_id = self.stage_done
        self.assertEqual(self._balance()["available"], 75)
        ticket.action_mark_product_bug()
        self.assertEqual(ticket.points_cost_state, "refunded")
        self.assertEqual(
            self._balance(), {"available": 100, "captured": 0, "expiring": 0}
        )
        ticket.action_mark_product_bug()
        ticket.stage_id = self.stage_progress
        self.assertEqual(self._balance()["available"], 100, "a bug stays free")
        message = ticket.message_ids.filtered(
            lambda msg: "bug of our product" in (msg.body or "")
        )
        self.assertIn(self.contact, message.partner_ids, "the customer is told")

    def test_product_bug_while_captured_releases(self):
        ticket = self._ticket(self.cat_fixed).with_user(self.agent)
        ticket.action_approve_cost()
        ticket.action_mark_product_bug()
        self.assertEqual(
            self._balance(), {"available": 100, "captured": 0, "expiring": 0}
        )
        self.assertEqual(
            ticket.support_movement_ids.sorted("sequence_number").mapped("kind"),
            ["capture", "release"],
        )

    def test_a_range_is_approved_at_its_top_and_finalised_inside_it(self):
        """'Transfer of data: 40-60 points': the customer approves 60, which
        is captured; the agent sets the final price inside the range, a
        manager outside it; closing deducts the final price."""
        category = self.env["helpdesk.ticket.category"].create(
            {
                "name": "Transfer of data",
                "points_price_type": "from",
                "points_price": 40,
                "points_price_max": 60,
            }
        )
        ticket = self._ticket(category)
        self.assertEqual(ticket.points_estimate, 60)
        self.assertEqual(ticket.points_cost_display, "40–60 points")
        ticket.with_user(self.agent).action_approve_cost()
        self.assertEqual(ticket.points_captured, 60)
        self.assertEqual(
            ticket.points_cost_display, "40–60 points", "a range until it is final"
        )
        ticket.with_user(self.agent)._support_change_cost(45, "Fewer years to move")
        self.assertEqual(ticket.points_cost_display, "45 points")
        self.assertEqual((ticket.points_cost, ticket.points_captured), (45, 45))
        self.assertEqual(self._balance()["available"], 55, "the rest is released")
        with self.assertRaises(AccessError):
            ticket.with_user(self.agent)._support_change_cost(70, "More stores")
        self.assertEqual(ticket.points_cost, 45)
        ticket.with_user(self.manager)._support_change_cost(70, "Two more stores")
        ticket.with_user(self.agent).stage_id = self.stage_progress
        ticket.with_user(self.agent).stage_id = self.stage_done
        self.assertEqual((ticket.points_captured, ticket.points_deducted), (0, 70))
        self.assertEqual(self._balance()["available"], 30)

    def test_an_agent_prices_a_range_inside_it(self):
        category = self.cat_from.copy({"name": "Ranged", "points_price_max": 180})
        ticket = self._ticket(category).with_user(self.agent)
        with self.assertRaises(ValidationError) as caught:
            ticket.points_cost = 200
        self.assertIn("only a support manager", str(caught.exception))
        ticket.points_cost = 160
        self.assertEqual(ticket.points_cost, 160)

    def test_price_change_while_worked_needs_a_reason_and_tells_the_customer(self):
        ticket = self._ticket(self.cat_fixed).with_user(self.agent)
        ticket.action_approve_cost()
        ticket.stage_id = self.stage_progress
        with self.assertRaises(UserError):
            ticket.points_cost = 40
        wizard = self.env["support.ticket.cost.wizard"].with_user(self.agent)
        with self.assertRaises(UserError):
            wizard.create(
                {"ticket_id": ticket.id, "new_cost": 40, "reason": "  "}
            ).action_apply()
        self.assertEqual(ticket.points_cost, 25)
        form = Form(wizard.with_context(**ticket.action_open_cost_wizard()["context"]))
        form.new_cost = 40
        form.reason = "The server needs investigating too"
        form.save().action_apply()
        self.assertEqual((ticket.points_cost, ticket.points_captured), (40, 40))
        self.assertEqual(self._balance()["available"], 60)
        message = ticket.message_ids.filtered(
            lambda msg: "server needs investigating" in (msg.body or "")
        )
        self.assertIn(self.contact, message.partner_ids)
        wizard.create(
            {"ticket_id": ticket.id, "new_cost": 10, "reason": "Quicker than feared"}
        ).action_apply()
        self.assertEqual(
            self._balance(), {"available": 90, "captured": 10, "expiring": 0}
        )

    def test_chatter_tracks_what_changed_and_only_that(self):
        ticket = self._ticket(self.cat_fixed).with_context(tracking_disable=False)
        self.env.cr.flush()  # a record's own creating transaction is not tracked
        ticket.with_user(self.agent).action_approve_cost()
        ticket.with_user(self.agent).stage_id = self.stage_progress
        ticket.env["support.ticket.cost.wizard"].with_user(self.agent).create(
            {"ticket_id": ticket.id, "new_cost": 40, "reason": "Bigger than feared"}
        ).action_apply()
        self.env.cr.flush()
        tracked = ticket.message_ids.tracking_value_ids
        self.assertEqual(
            sorted(tracked.field_id.mapped("name")), ["points_cost", "stage_id"]
        )
        cost = tracked.filtered(lambda value: value.field_id.name == "points_cost")
        self.assertEqual((cost.old_value_integer, cost.new_value_integer), (25, 40))
        # writing what a field already holds logs nothing
        ticket.with_user(self.agent).write(
            {"stage_id": self.stage_progress.id, "support_billing": "billable"}
        )
        self.env.cr.flush()
        ticket.invalidate_recordset(["message_ids"])
        self.assertEqual(ticket.message_ids.tracking_value_ids, tracked)

    def test_reconsidering_a_closed_ticket_is_for_managers(self):
        ticket = self._ticket(self.cat_fixed).with_user(self.agent)
        ticket.action_approve_cost()
        ticket.stage_id = self.stage_done
        values = {
            "ticket_id": ticket.id,
            "new_cost": 10,
            "reason": "Disputed: it was a setup question",
        }
        with self.assertRaises(AccessError):
            self.env["support.ticket.cost.wizard"].with_user(self.agent).create(
                values
            ).action_apply()
        self.assertEqual(self._balance()["available"], 75)
        self.env["support.ticket.cost.wizard"].with_user(self.manager).create(
            values
        ).action_apply()
        self.assertEqual(self._balance()["available"], 90)
        self.assertEqual(ticket.points_deducted, 10)
        refund = ticket.support_movement_ids.filtered(
            lambda move: move.kind == "refund"
        )
        self.assertEqual(refund.quantity, 15)

    def test_agent_approval_depends_on_the_plan(self):
        self.plan.cost_approval = "customer"
        ticket = self._ticket(self.cat_fixed)
        with self.assertRaises(UserError):
            ticket.with_user(self.agent).action_approve_cost()
        self.assertFalse(ticket.cost_approved_date)
        ticket.with_user(self.portal_user).action_approve_cost()
        self.assertEqual(ticket.cost_approved_by_id, self.portal_user)
        self.assertEqual(ticket.points_captured, 25)

    def test_customer_cannot_approve_another_customers_ticket(self):
        ticket = self._ticket(self.cat_fixed)
        with self.assertRaises(AccessError):
            ticket.with_user(self.other_portal_user).action_approve_cost()
        self.assertFalse(ticket.cost_approved_date)
        self.assertEqual(self._balance()["captured"], 0)

    def test_capture_spans_lots_earliest_expiry_first(self):
        self._sell(self.customer, self.pack_40, purchase_date=self._months_ago(5))
        ticket = self._ticket(self.cat_fixed, points_cost=130)
        ticket.with_user(self.agent).action_approve_cost()
        captures = ticket.support_movement_ids.sorted("sequence_number")
        self.assertEqual(captures.mapped("captured_quantity"), [40, 90])
        self.assertEqual(captures.lot_id.product_id, self.pack_40 | self.pack_100)

    def test_refund_to_an_expired_lot_comes_back_as_a_new_lot(self):
        old = self._sell(
            self.customer, self.pack_40, purchase_date=self._months_ago(5, 25)
        )
        ticket = self._ticket(self.cat_fixed).with_user(self.agent)
        ticket.action_approve_cost()
        ticket.stage_id = self.stage_done
        self.assertEqual(
            ticket.support_movement_ids.lot_id, old.order_line.support_lot_ids
        )
        # Ten days later, the 40-point lot has expired; the ticket turns out a bug.
        lot = old.order_line.support_lot_ids
        self.env.cr.execute(
            "UPDATE support_lot SET date_expiry = %s WHERE id = %s",
            [self._months_ago(0, 1), lot.id],
        )
        self.env.invalidate_all()
        ticket.action_mark_product_bug()
        refund_lot = self.env["support.lot"].search(
            [("partner_id", "=", self.customer.id), ("origin", "=", "refund")]
        )
        self.assertEqual(refund_lot.quantity, 25)
        self.assertGreater(refund_lot.date_expiry, self.today)
        self.assertEqual(self._balance()["available"], 125)


class TestShortOfPoints(SupportCase):
    def test_work_waits_until_points_are_bought(self):
        self._subscribe(self.customer)
        self._sell(self.customer, self.pack_40)
        ticket = self._ticket(self.cat_from)
        ticket.with_user(self.agent).action_approve_cost()
        self.assertEqual(ticket.points_cost_state, "waiting_points")
        self.assertFalse(ticket.support_movement_ids)
        with self.assertRaises(UserError):
            ticket.with_user(self.agent).stage_id = self.stage_progress
        notice = ticket.message_ids.filtered(
            lambda msg: "waits for 150 points" in (msg.body or "")
        )
        self.assertIn(self.contact, notice.partner_ids)
        self._sell(self.customer, self.pack_100, quantity=2)
        self.assertEqual(ticket.points_cost_state, "captured")
        self.assertEqual(
            self._balance(), {"available": 90, "captured": 150, "expiring": 0}
        )
        ticket.with_user(self.agent).stage_id = self.stage_progress

    def test_overdraft_down_to_the_plan_limit(self):
        self.plan.overdraft_limit = 30
        self._subscribe(self.customer)
        self._sell(self.customer, self.pack_40)
        first = self._ticket(self.cat_fixed)
        first.points_cost = 60
        first.with_user(self.agent).action_approve_cost()
        self.assertEqual(first.points_cost_state, "captured")
        self.assertEqual(self._balance()["available"], -20)
        second = self._ticket(self.cat_fixed)
        second.with_user(self.agent).action_approve_cost()
        self.assertEqual(
            second.points_cost_state, "waiting_points", "-45 is beyond the limit"
        )
        self.assertEqual(self._balance()["available"], -20)
        first.with_user(self.agent).stage_id = self.stage_done
        self._sell(self.customer, self.pack_100)
        self.assertEqual(
            self._balance(),
            {"available": 55, "captured": 25, "expiring": 0},
            "the purchase settled the overdraft, then let the second ticket start",
        )

    def test_closing_without_points_is_refused(self):
        self._subscribe(self.customer)
        ticket = self._ticket(self.cat_fixed)
        ticket.with_user(self.agent).action_approve_cost()
        with self.assertRaises(UserError):
            ticket.with_user(self.agent).stage_id = self.stage_done
        self.assertEqual(ticket.stage_id, self.stage_new)
        self.assertFalse(ticket.support_movement_ids)
