# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import importlib.util
import os
import re
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form
from odoo.tools import mute_logger

from ..models.support_movement import MODIFICATION_KINDS, movement_hash
from .common import SupportCase


class TestLedger(SupportCase):
    def test_posted_movements_cannot_be_changed_or_deleted(self):
        self._sell(self.customer, self.pack_100)
        movement = self.Movement.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(movement.quantity, 100)
        for env in (self.env, self.env(user=self.manager)):
            with self.assertRaises(UserError):
                movement.with_env(env).write({"quantity": 1000})
            with self.assertRaises(UserError):
                movement.with_env(env).unlink()
        self.assertEqual(movement.quantity, 100)

    def test_movements_are_not_created_by_hand(self):
        with self.assertRaises(UserError):
            self.Movement.create(
                {
                    "company_id": self.company.id,
                    "partner_id": self.customer.id,
                    "unit": "point",
                    "kind": "adjustment",
                    "quantity": 500,
                    "date": "2026-01-01 00:00:00",
                }
            )
        # nor for a superuser: the writer alone keeps balances and chains
        with self.assertRaises(UserError):
            self.Movement.sudo().with_context(support_ledger_post=True).create(
                {
                    "company_id": self.company.id,
                    "partner_id": self.customer.id,
                    "unit": "point",
                    "kind": "adjustment",
                    "quantity": 500,
                    "date": "2026-01-01 00:00:00",
                }
            )
        self.assertEqual(self._balance()["available"], 0)

    def _head(self, partner):
        return self.env["support.ledger.head"].search(
            [("company_id", "=", self.company.id), ("partner_id", "=", partner.id)]
        )

    def test_each_customer_has_a_chain_of_their_own(self):
        self._sell(self.customer, self.pack_100)
        self._sell(self.other_customer, self.pack_40)
        self._sell(self.customer, self.pack_40)
        mine = self.Movement.search(
            [("partner_id", "=", self.customer.id)], order="sequence_number"
        )
        self.assertEqual(mine[1].sequence_number, mine[0].sequence_number + 1)
        self.assertEqual(mine[1].previous_hash, mine[0].hash, "linked in its chain")
        self.assertTrue(mine[1].hash.startswith("$2$"), "each hash says its version")
        theirs = self.Movement.search([("partner_id", "=", self.other_customer.id)])
        ledger = self.env["support.ledger.chain"].search(
            [("company_id", "=", self.company.id)]
        )
        self.assertEqual(
            (theirs.sequence_number, theirs.previous_hash),
            (ledger.last_sequence + 1, ledger.last_hash or ""),
            "a new chain starts where the company's ledger starts them",
        )
        self.assertEqual(
            (
                self._head(self.customer).last_sequence,
                self._head(self.customer).last_hash,
            ),
            (mine[1].sequence_number, mine[1].hash),
        )
        result = self.Movement._check_chain_integrity(self.company)
        self.assertIsNone(result["broken_sequence"])
        self.assertEqual(
            result["checked"],
            self.Movement.search_count([("company_id", "=", self.company.id)]),
        )

    def test_integrity_check_reports_the_first_broken_link(self):
        self._sell(self.customer, self.pack_100)
        self._sell(self.customer, self.pack_40)
        movements = self.Movement.search(
            [("partner_id", "=", self.customer.id)], order="sequence_number"
        )
        # Somebody with database access rewrites history behind the ORM's back.
        self.env.cr.execute(
            "UPDATE support_movement SET quantity = 1000 WHERE id = %s",
            [movements[0].id],
        )
        self.env.invalidate_all()
        result = self.Movement.with_user(self.manager)._check_chain_integrity(
            self.company
        )
        self.assertEqual(result["broken_sequence"], movements[0].sequence_number)
        self.assertEqual(result["broken_partner_id"], self.customer.id)

    def test_integrity_check_sees_deleted_movements(self):
        self._sell(self.customer, self.pack_100)
        last = self.Movement.search([("partner_id", "=", self.customer.id)])
        sequence = last.sequence_number
        self.env.cr.execute("DELETE FROM support_movement WHERE id = %s", [last.id])
        self.env.invalidate_all()
        result = self.Movement._check_chain_integrity(self.company)
        self.assertEqual(result["broken_sequence"], sequence)

    def test_integrity_check_is_for_managers(self):
        with self.assertRaises(AccessError):
            self.Movement.with_user(self.agent)._check_chain_integrity(self.company)
        self._sell(self.customer, self.pack_40)
        ledger = self.env["support.ledger.chain"]._get_ledger(self.company)
        ledger.with_user(self.manager).action_check_integrity()
        self.assertFalse(ledger.broken_sequence)
        self.assertEqual(
            ledger.last_check_count,
            self.Movement.search_count([("company_id", "=", self.company.id)]),
        )
        self.assertTrue(ledger.seal_hash, "an intact ledger is sealed")
        with self.assertRaises(AccessError):
            ledger.with_user(self.agent).action_check_integrity()

    def test_the_seal_sees_a_customer_chain_removed(self):
        """Removing a customer's whole chain and its head leaves no broken
        link behind: the company's seal still names it."""
        self._sell(self.customer, self.pack_100)
        self._sell(self.other_customer, self.pack_40)
        ledger = self.env["support.ledger.chain"]._get_ledger(self.company)
        ledger.with_user(self.manager).action_check_integrity()
        gone = self.Movement.search([("partner_id", "=", self.other_customer.id)])
        sequence = gone.sequence_number
        self.env.cr.execute(
            "DELETE FROM support_movement WHERE partner_id = %s;"
            "DELETE FROM support_ledger_head WHERE partner_id = %s",
            [self.other_customer.id, self.other_customer.id],
        )
        self.env.invalidate_all()
        result = self.Movement._check_chain_integrity(self.company)
        self.assertEqual(
            (result["broken_partner_id"], result["broken_sequence"]),
            (self.other_customer.id, sequence),
        )
        with self.assertLogs(
            "odoo.addons.support_entitlements.models.support_ledger_chain", "ERROR"
        ):
            ledger.with_user(self.manager).action_check_integrity()
        self.assertEqual(ledger.broken_partner_id, self.other_customer)
        self.assertEqual(
            self.Movement._check_chain_integrity(self.company)["broken_partner_id"],
            self.other_customer.id,
            "a broken ledger is not sealed again",
        )
        self.env.cr.execute(
            "UPDATE support_ledger_chain SET seal_heads = '{}' WHERE id = %s",
            [ledger.id],
        )
        self.env.invalidate_all()
        self.assertEqual(
            self.Movement._check_chain_integrity(self.company)["broken_sequence"],
            0,
            "nor is a seal rewritten by hand trusted",
        )

    def test_a_movement_outside_every_chain_is_found(self):
        self._sell(self.customer, self.pack_100)
        movement = self.Movement.search([("partner_id", "=", self.customer.id)])
        self.env.cr.execute(
            "UPDATE support_movement SET sequence_number = NULL WHERE id = %s",
            [movement.id],
        )
        self.env.invalidate_all()
        result = self.Movement._check_chain_integrity(self.company)
        self.assertEqual(result["broken_partner_id"], self.customer.id)

    def test_a_removed_head_is_found(self):
        self._sell(self.customer, self.pack_100)
        self.env.cr.execute(
            "DELETE FROM support_ledger_head WHERE partner_id = %s", [self.customer.id]
        )
        self.env.invalidate_all()
        result = self.Movement._check_chain_integrity(self.company)
        self.assertEqual(result["broken_partner_id"], self.customer.id)

    def test_balances_available_captured_expiring(self):
        self._sell(self.customer, self.pack_100, purchase_date=self._months_ago(23, 20))
        self._sell(self.customer, self.pack_40)
        self._subscribe(self.customer)
        ticket = self._ticket(self.cat_fixed)
        ticket.with_user(self.agent).action_approve_cost()
        balance = self._balance(expiring_days=30)
        self.assertEqual(balance, {"available": 115, "captured": 25, "expiring": 75})
        # Capture takes the lot that expires first.
        lot = ticket.support_movement_ids.lot_id
        self.assertEqual(lot.product_id, self.pack_100)
        self.assertEqual(self._balance(expiring_days=1)["expiring"], 0)

    def test_expiring_within_a_second_horizon(self):
        """_get_expiring reads what _get_balances calls expiring, alone."""
        lots = self.env["support.lot"]
        for days, quantity in ((-5, 7), (20, 11), (60, 13), (200, 17)):
            lot = lots._credit(self.customer, "point", quantity, "grant", f"{days}")
            self.env.cr.execute(
                "UPDATE support_lot SET date_purchase = %s, date_expiry = %s"
                " WHERE id = %s",
                [
                    self.today - timedelta(days=400),
                    self.today + timedelta(days=days),
                    lot.id,
                ],
            )
        self.env.invalidate_all()

        def check(expected):
            for days, quantity in expected.items():
                with self.subTest(days=days):
                    expiring = self.Movement._get_expiring(
                        self.customer, expiring_days=days
                    )
                    self.assertEqual(expiring, {self.customer.id: quantity})
                    self.assertEqual(
                        self._balance(expiring_days=days)["expiring"], quantity
                    )

        check({1: 0, 30: 11, 90: 24, 365: 41})
        # a capture empties the lots expiring first; empty lots expire nothing
        self._subscribe(self.customer)
        self._ticket(self.cat_fixed).with_user(self.agent).action_approve_cost()
        check({1: 0, 30: 0, 90: 0, 365: 16})
        self.assertEqual(
            self.Movement._get_expiring(self.other_customer),
            {self.other_customer.id: 0},
        )

    def test_lock_comes_with_the_same_balances(self):
        """Locking and reading in one statement gives what two statements gave."""
        self._sell(self.customer, self.pack_100, purchase_date=self._months_ago(23, 20))
        self._sell(self.customer, self.pack_40)
        self._subscribe(self.customer)
        ticket = self._ticket(self.cat_fixed)
        ticket.with_user(self.agent).action_approve_cost()
        heads = self.env["support.ledger.head"]
        for partner, ticket_filter in (
            (self.customer, None),
            (self.customer, ticket),
            (self.other_customer, None),
        ):
            head, balances = self.Movement._lock_and_lot_balances(
                partner, "point", self.company, ticket=ticket_filter
            )
            self.assertEqual(
                tuple(head), tuple(heads._lock(self.company.id, partner.id))
            )
            self.assertEqual(
                balances,
                self.Movement._lot_balances(
                    partner, "point", self.company, ticket=ticket_filter
                ),
            )
        self.assertEqual(
            self.Movement._lock_and_lot_balances(
                self.other_customer, "point", self.company
            )[1],
            [],
        )
        self.assertEqual(
            [
                row[1:3]
                for row in self.Movement._lot_balances(
                    self.customer, "point", self.company, ticket=ticket
                )
            ],
            [(-25, 25)],
        )

    def _approve_one(self):
        ticket = self._ticket(self.cat_fixed)
        ticket.with_user(self.agent).action_approve_cost()
        return ticket

    def _replace_function_body(self, name, body, clear_cache=True):
        """Give the ledger's function ``name`` another body, keeping its
        arguments."""
        self.env.cr.execute(
            "SELECT pg_get_function_arguments(oid), pg_get_function_result(oid)"
            " FROM pg_proc WHERE proname = %s",
            [name],
        )
        arguments, result = self.env.cr.fetchone()
        self.env.cr.execute(
            f"CREATE OR REPLACE FUNCTION {name}({arguments}) "
            f"RETURNS {result} LANGUAGE plpgsql AS $$ BEGIN {body} END $$"
        )
        if clear_cache:
            self.env.registry.clear_cache()

    def test_ledger_functions_follow_the_code(self):
        """An update replaces the ledger's database functions, an older
        version's definition with other arguments included; postings go
        through them while they are this code's, and through the plain
        statements when they are not (code deployed without -u)."""
        self._sell(self.customer, self.pack_100)
        self._subscribe(self.customer)
        self.env.cr.execute(
            """
            CREATE FUNCTION support_ledger_post(old_ids int[])
            RETURNS TABLE (movement_id int) LANGUAGE sql AS 'SELECT 1'
            """
        )
        self.Movement.init()
        self.env.cr.execute(
            """
            SELECT proname, pronargs FROM pg_proc
             WHERE proname IN ('support_ledger_post', 'support_ledger_lock')
            """
        )
        self.assertEqual(
            sorted(self.env.cr.fetchall()),
            [("support_ledger_lock", 5), ("support_ledger_post", 22)],
        )
        self.assertTrue(self.Movement._ledger_functions_current())
        # this code's functions are the ones postings run (the check above
        # is not run again)
        for name in ("support_ledger_lock", "support_ledger_post"):
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaisesRegex(Exception, f"{name} ran"),
                self.env.cr.savepoint(),
            ):
                self._replace_function_body(
                    name, f"RAISE EXCEPTION '{name} ran';", clear_cache=False
                )
                self._approve_one()
        self.env.registry.clear_cache()
        # another version's body: postings run the plain statements
        self._replace_function_body("support_ledger_post", "RETURN;")
        with self.assertLogs(
            "odoo.addons.support_entitlements.models.support_movement_functions",
            "WARNING",
        ):
            self.assertFalse(self.Movement._ledger_functions_current())
        ticket = self._approve_one()
        self.assertEqual(
            (ticket.points_captured, self._balance(self.customer)["available"]),
            (25, 75),
        )
        self.Movement.init()
        self.assertTrue(self.Movement._ledger_functions_current())
        ticket = self._approve_one()
        self.assertEqual(
            (ticket.points_captured, self._balance(self.customer)["available"]),
            (25, 50),
        )
        result = self.Movement._check_chain_integrity(self.company)
        self.assertIsNone(result["broken_sequence"])
        self.assertFalse(result.get("broken_balance"))

    def test_modification_index_follows_the_kinds(self):
        """An update builds the statement's index again when the kinds it
        covers are not the code's (the statement's count would not use it)."""
        self.env.cr.execute(
            """
            DROP INDEX support_movement_modification_idx;
            CREATE INDEX support_movement_modification_idx
                ON support_movement (partner_id, company_id, unit, date)
                WHERE kind IN ('purchase', 'grant')
            """
        )
        self.Movement.init()
        self.env.cr.execute(
            """
            SELECT pg_get_expr(i.indpred, i.indrelid)
              FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             WHERE c.relname = 'support_movement_modification_idx'
            """
        )
        predicate = self.env.cr.fetchone()[0]
        self.assertEqual(
            sorted(re.findall(r"'(\w+)'", predicate)), sorted(MODIFICATION_KINDS)
        )

    def test_spending_reads_only_what_can_be_spent(self):
        """Spending reads the open lots and the overdraft, as the full read has
        them, and leaves the expired lots of the customer's history out."""
        self._sell(self.customer, self.pack_40, purchase_date=self._months_ago(30))
        self._sell(self.customer, self.pack_100, purchase_date=self._months_ago(23, 20))
        self.plan.overdraft_limit = 100
        self._subscribe(self.customer)
        big = self.cat_fixed.copy({"points_price": 130})
        self._ticket(big).with_user(self.agent).action_approve_cost()
        full = self.Movement._lot_balances(self.customer, "point", self.company)
        expired = [row for row in full if row[0] and row[3] < self.today]
        self.assertEqual([row[1:3] for row in expired], [(40, 0)])
        spendable = [row for row in full if row not in expired]
        self.assertEqual(
            [row[:3] for row in spendable],
            [(spendable[0][0], 0, 100), (None, -30, 30)],
        )
        self.assertEqual(
            self.Movement._lot_balances(
                self.customer, "point", self.company, spendable=True
            ),
            spendable,
        )
        self.assertEqual(
            self.Movement._lock_and_lot_balances(
                self.customer, "point", self.company, spendable=True
            )[1],
            spendable,
        )
        self.assertEqual(
            self.Movement._lot_balances(
                self.other_customer, "point", self.company, spendable=True
            ),
            [],
        )

    def test_subscription_lookup_follows_changes_in_the_transaction(self):
        """The plan is read once per transaction, yet never out of date."""
        self.assertFalse(self.customer._get_support_plan())
        subscription = self._subscribe(self.customer)
        self.assertEqual(self.contact._get_support_plan(), self.plan)
        with freeze_time(subscription.date_end + relativedelta(days=1)):
            self.assertFalse(self.customer._get_support_plan())
        subscription.cancelled = True
        self.assertFalse(self.customer._get_support_plan())
        subscription.cancelled = False
        self.assertEqual(self.customer._get_support_plan(), self.plan)
        other_company = self.env["res.company"].create({"name": "Other company"})
        self.assertFalse(self.customer._get_support_plan(other_company))
        subscription.unlink()
        self.assertFalse(self.customer._get_support_plan())

    def test_ticket_plan_follows_changes_in_the_transaction(self):
        """A ticket's plan is read once per transaction, yet never out of date."""
        ticket = self._ticket(self.cat_free)
        self.assertFalse(ticket._support_plan())
        subscription = self._subscribe(self.customer)
        self.assertEqual(ticket._support_plan(), self.plan)
        subscription.cancelled = True
        self.assertFalse(ticket._support_plan())
        subscription.cancelled = False
        other_plan = self.plan.copy({"name": "Other plan"})
        subscription.plan_id = other_plan
        self.assertEqual(ticket._support_plan(), other_plan)
        subscription.unlink()
        self.assertFalse(ticket._support_plan())

    def test_ticket_reads_the_terms_of_its_plan_as_they_are(self):
        """The terms read at each step of a ticket follow changes of the plan."""
        self._subscribe(self.customer)
        ticket = self._ticket(self.cat_free)
        self.assertEqual(ticket._support_overdraft_limit(), 0)
        self.assertEqual(ticket._support_cost_approval_mode(), "customer_or_agent")
        self.plan.write({"overdraft_limit": 50, "cost_approval": "customer"})
        self.assertEqual(ticket._support_overdraft_limit(), 50)
        self.assertEqual(ticket._support_cost_approval_mode(), "customer")

    def test_lot_constraints(self):
        lots = self.env["support.lot"]
        with self.assertRaises(ValidationError):
            lots._credit(self.customer, "point", 0, "grant", "Nothing")
        with self.assertRaises(ValidationError):
            lots._credit(self.customer, "point", -5, "grant", "Negative")
        with self.assertRaises(ValidationError):
            lots._credit(
                self.customer, "point", 5, "grant", "Never valid", validity_months=0
            )
        lot = lots._credit(self.customer, "point", 5, "grant", "Valid")
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            lot.date_expiry = self._months_ago(1)
        self.assertEqual(self._balance()["available"], 5)

    def test_unit_mismatch_is_refused(self):
        lot = self.env["support.lot"]._credit(
            self.customer, "point", 10, "grant", "Points"
        )
        with self.assertRaises(ValidationError):
            self.Movement._post(
                [
                    {
                        "company_id": self.company.id,
                        "partner_id": self.customer.id,
                        "unit": "minute",
                        "kind": "adjustment",
                        "lot_id": lot.id,
                        "quantity": -5,
                    }
                ]
            )
        with self.assertRaises(ValidationError):
            self.Movement._post(
                [
                    {
                        "company_id": self.company.id,
                        "partner_id": self.other_customer.id,
                        "unit": "point",
                        "kind": "adjustment",
                        "lot_id": lot.id,
                        "quantity": -5,
                    }
                ]
            )
        self.assertEqual(lot.available, 10)

    def test_adjustments_are_new_movements_by_managers(self):
        self._sell(self.customer, self.pack_40)
        wizard = self.env["support.adjustment.wizard"]
        values = {
            "partner_id": self.customer.id,
            "quantity": -15,
            "reason": "Goodwill correction",
        }
        with self.assertRaises(AccessError):
            wizard.with_user(self.agent).create(values)
        wizard.with_user(self.manager).create(values).action_apply()
        self.assertEqual(self._balance()["available"], 25)
        credit = dict(values, quantity=10, reason="Apology for the outage")
        form = Form(wizard.with_user(self.manager))
        form.partner_id = self.customer
        form.quantity = 10
        form.reason = credit["reason"]
        form.save().action_apply()
        self.assertEqual(self._balance()["available"], 35)
        kinds = self.Movement.search([("partner_id", "=", self.customer.id)]).mapped(
            "kind"
        )
        self.assertEqual(sorted(kinds), ["adjustment", "adjustment", "purchase"])
        with self.assertRaises(UserError):
            wizard.with_user(self.manager).create(
                dict(values, quantity=0)
            ).action_apply()
        self.assertEqual(self._balance()["available"], 35)

    def _kept_and_summed(self, partner):
        """What the writer keeps on the customer's lots and balance rows, and
        the same sums computed from the movements."""
        self.env.invalidate_all()
        lots = self.env["support.lot"].search([("partner_id", "=", partner.id)])
        balances = self.env["support.ledger.balance"].search(
            [("partner_id", "=", partner.id)]
        )
        kept = {
            "lots": {lot.id: (lot.available, lot.captured) for lot in lots},
            "units": {
                balance.unit: (
                    balance.available,
                    balance.captured,
                    balance.overdraft_available,
                    balance.overdraft_captured,
                )
                for balance in balances
            },
        }
        summed = {"lots": dict.fromkeys(lots.ids, (0, 0)), "units": {}}
        for movement in self.Movement.search([("partner_id", "=", partner.id)]):
            if movement.lot_id:
                available, captured = summed["lots"][movement.lot_id.id]
                summed["lots"][movement.lot_id.id] = (
                    available + movement.quantity,
                    captured + movement.captured_quantity,
                )
            total = list(summed["units"].get(movement.unit, (0, 0, 0, 0)))
            total[0] += movement.quantity
            total[1] += movement.captured_quantity
            if not movement.lot_id:
                total[2] += movement.quantity
                total[3] += movement.captured_quantity
            summed["units"][movement.unit] = tuple(total)
        return kept, summed

    def test_the_writer_keeps_every_balance(self):
        """Each way a movement is posted moves the lot's and the customer's
        kept balances by exactly that movement."""
        self._subscribe(self.customer)
        self._sell(self.customer, self.pack_40, purchase_date=self._months_ago(7))
        self._sell(self.customer, self.pack_100)
        self._sell(self.customer, self.block_6h)
        ticket = self._ticket(self.cat_fixed)
        ticket.with_user(self.agent).action_approve_cost()  # capture
        ticket.stage_id = self.stage_done  # deduction
        self.env["support.lot"]._cron_expire_lots()  # the bulk writer
        wizard = self.env["support.adjustment.wizard"].with_user(self.manager)
        wizard.create(
            {"partner_id": self.customer.id, "quantity": -120, "reason": "Debt"}
        ).action_apply()  # beyond the lots: the overdraft
        self._sell(self.customer, self.pack_40)  # settles the overdraft
        kept, summed = self._kept_and_summed(self.customer)
        self.assertEqual(kept, summed)
        self.assertEqual(kept["units"]["point"][0], 40 + 100 - 25 - 40 - 120 + 40)
        self.assertEqual(self._balance()["available"], kept["units"]["point"][0])
        self.assertEqual(self._minutes_left(), 360)
        result = self.Movement._check_chain_integrity(self.company)
        self.assertEqual(
            (result["broken_sequence"], result.get("broken_balance")), (None, None)
        )

    def test_balances_are_read_without_the_history(self):
        """Balances and spending read the kept rows: movements written behind
        the writer's back (no kept balance follows) change nothing they show."""
        self._subscribe(self.customer)
        self._sell(self.customer, self.pack_100)
        lot = self.env["support.lot"].search([("partner_id", "=", self.customer.id)])
        self.env.flush_all()
        self.env.cr.execute(
            """
            INSERT INTO support_movement (company_id, partner_id, lot_id, unit, kind,
                quantity, captured_quantity, date, sequence_number, hash)
            VALUES (%s, %s, %s, 'point', 'deduction', -30, 0, now(), 99999, 'x')
            """,
            [self.company.id, self.customer.id, lot.id],
        )
        self.env.invalidate_all()
        self.assertEqual(self._balance()["available"], 100)
        self.assertEqual(
            self.Movement._lot_balances(
                self.customer, "point", self.company, spendable=True
            ),
            [(lot.id, 100, 0, lot.date_expiry)],
        )
        # rebuilding (an upgrade's migration) reads the history, and counts it
        self.env["support.ledger.balance"]._rebuild([self.company.id])
        self.assertEqual(self._balance()["available"], 70)

    def test_integrity_check_names_a_changed_balance(self):
        self._sell(self.customer, self.pack_100)
        self._sell(self.other_customer, self.pack_40)
        lot = self.env["support.lot"].search([("partner_id", "=", self.customer.id)])
        ledger = self.env["support.ledger.chain"]._get_ledger(self.company)
        # somebody with database access gives the customer points
        self.env.cr.execute(
            "UPDATE support_lot SET available = available + 50 WHERE id = %s",
            [lot.id],
        )
        self.env.invalidate_all()
        result = self.Movement._check_chain_integrity(self.company)
        self.assertEqual(
            (
                result["broken_sequence"],
                result["broken_partner_id"],
                result["broken_lot_id"],
            ),
            (None, self.customer.id, lot.id),
        )
        with mute_logger(
            "odoo.addons.support_entitlements.models.support_ledger_chain"
        ):
            ledger.with_user(self.manager).action_check_integrity()
        self.assertTrue(ledger.is_broken)
        self.assertEqual(ledger.broken_lot_id, lot)
        self.env.cr.execute(
            "UPDATE support_lot SET available = available - 50 WHERE id = %s;"
            "UPDATE support_ledger_balance SET captured = 7 WHERE partner_id = %s",
            [lot.id, self.other_customer.id],
        )
        self.env.invalidate_all()
        result = self.Movement._check_chain_integrity(self.company)
        self.assertEqual(
            (result["broken_partner_id"], result["broken_lot_id"]),
            (self.other_customer.id, False),
            "the customer's own total is checked too",
        )

    def test_the_writer_keeps_the_tickets_points(self):
        """A ticket's held and spent points move in the writer's statement;
        nobody else sets them, the integrity check names a ticket whose
        figures were changed, and a rebuild sets them from the movements."""
        self._sell(self.customer, self.pack_100)
        self._subscribe(self.customer)
        ticket = self._ticket(self.cat_fixed)
        ticket.with_user(self.agent).action_approve_cost()
        self.assertEqual((ticket.points_captured, ticket.points_deducted), (25, 0))
        self.assertEqual(ticket.points_cost_state, "captured")
        self.env.invalidate_all()
        self.assertEqual((ticket.points_captured, ticket.points_deducted), (25, 0))
        ticket.with_user(self.agent).stage_id = self.stage_done
        self.assertEqual((ticket.points_captured, ticket.points_deducted), (0, 25))
        self.assertEqual(ticket.points_cost_state, "charged")
        with self.assertRaises(UserError):
            ticket.sudo().write({"points_deducted": 0})
        with self.assertRaises(UserError):
            self._ticket(self.cat_fixed, points_captured=5)
        self.assertEqual(ticket.copy().points_deducted, 0)
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET points_deducted = 0 WHERE id = %s", ticket.ids
        )
        self.env.invalidate_all()
        result = self.Movement._check_chain_integrity(self.company)
        self.assertEqual(
            (result["broken_partner_id"], result["broken_ticket_id"]),
            (self.customer.id, ticket.id),
        )
        self.env["support.ledger.balance"]._rebuild([self.company.id])
        self.assertEqual(ticket.points_deducted, 25)
        self.assertIsNone(
            self.Movement._check_chain_integrity(self.company).get("broken_balance")
        )

    def test_a_posting_locks_its_head_without_rewriting_it(self):
        """The head is locked with a row lock, not an update: a transaction
        posting many times for a customer leaves one version of the head per
        posting (its advance), not two."""
        self._sell(self.customer, self.pack_100)
        self._subscribe(self.customer)
        tickets = [self._ticket(self.cat_fixed) for _index in range(3)]
        self.env.flush_all()

        def head_updates():
            self.env.cr.execute(
                "SELECT n_tup_upd FROM pg_stat_xact_user_tables"
                " WHERE relname = 'support_ledger_head'"
            )
            return self.env.cr.fetchone()[0]

        before = head_updates()
        for ticket in tickets:
            ticket.with_user(self.agent).action_approve_cost()
        self.assertEqual(head_updates() - before, 3)
        self.assertEqual(self._balance()["captured"], 75)

    def test_a_posting_step_writes_its_ticket_once(self):
        """The ticket's kept points ride on the UPDATE its step issues
        anyway (the approval, the stage): one version of the ticket's row,
        and of each of its indexes, per step, not two. The figures are in
        the row after the flush, as the integrity check reads them."""
        self._sell(self.customer, self.pack_100)
        self._subscribe(self.customer)
        ticket = self._ticket(self.cat_fixed)
        self.env.flush_all()

        def ticket_updates():
            self.env.flush_all()
            self.env.cr.execute(
                "SELECT n_tup_upd FROM pg_stat_xact_user_tables"
                " WHERE relname = 'helpdesk_ticket'"
            )
            return self.env.cr.fetchone()[0]

        before = ticket_updates()
        ticket.with_user(self.agent).action_approve_cost()
        self.assertEqual(ticket_updates() - before, 1)
        before = ticket_updates()
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        self.assertEqual(ticket_updates() - before, 1)
        self.env.cr.execute(
            "SELECT points_captured, points_deducted FROM helpdesk_ticket"
            " WHERE id = %s",
            ticket.ids,
        )
        self.assertEqual(self.env.cr.fetchone(), (0, 25))
        self.assertEqual(ticket.points_cost_state, "charged")
        self.assertIsNone(
            self.Movement._check_chain_integrity(self.company).get("broken_balance")
        )

    def test_kept_balances_are_not_written_by_hand(self):
        self._sell(self.customer, self.pack_100)
        lot = self.env["support.lot"].search([("partner_id", "=", self.customer.id)])
        with self.assertRaises(UserError):
            lot.sudo().write({"available": 1000})
        balance = self.env["support.ledger.balance"].search(
            [("partner_id", "=", self.customer.id)]
        )
        with self.assertRaises(UserError):
            balance.sudo().write({"available": 1000})
        with self.assertRaises(UserError):
            balance.sudo().create(
                {
                    "company_id": self.company.id,
                    "partner_id": self.other_customer.id,
                    "unit": "point",
                    "available": 1000,
                }
            )
        with self.assertRaises(AccessError):
            balance.with_user(self.agent).read(["available"])
        self.assertEqual(self._balance()["available"], 100)

    def _lot_updates(self):
        """(updates, of which in place) of lots in this transaction."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables"
            " WHERE relname = 'support_lot'"
        )
        return self.env.cr.fetchone()

    def test_a_capture_updates_its_lot_in_place(self):
        """What is left moves on every capture: no index of the lots holds
        it, so PostgreSQL rewrites no index entry (a HOT update); only a lot
        running out leaves the index of the lots with something left."""
        self._sell(self.customer, self.pack_100)
        self._subscribe(self.customer)
        ticket = self._ticket(self.cat_fixed)
        updates, in_place = self._lot_updates()
        ticket.with_user(self.agent).action_approve_cost()
        after_updates, after_in_place = self._lot_updates()
        self.assertGreaterEqual(after_updates - updates, 1)
        self.assertEqual(after_in_place - in_place, after_updates - updates)
        lot = self.env["support.lot"].search([("partner_id", "=", self.customer.id)])
        self.env.cr.execute("SELECT has_left FROM support_lot WHERE id = %s", lot.ids)
        self.assertTrue(self.env.cr.fetchone()[0])


class TestExpiry(SupportCase):
    def test_expiry_posts_what_is_left_once(self):
        self._sell(self.customer, self.pack_40, purchase_date=self._months_ago(7))
        self._sell(self.customer, self.pack_100)
        self._subscribe(self.customer)
        lots = self.env["support.lot"]
        self.assertEqual(lots._cron_expire_lots(), 1)
        expiry = self.Movement.search(
            [("partner_id", "=", self.customer.id), ("kind", "=", "expiry")]
        )
        self.assertEqual(expiry.quantity, -40)
        self.assertEqual(expiry.lot_id.product_id, self.pack_40)
        self.assertEqual(self._balance()["available"], 100)
        self.assertEqual(lots._cron_expire_lots(), 0, "a second run posts nothing")
        self.assertIsNone(
            self.Movement._check_chain_integrity(self.company)["broken_sequence"]
        )

    def test_expired_points_are_not_captured(self):
        self._sell(self.customer, self.pack_40, purchase_date=self._months_ago(7))
        self._subscribe(self.customer)
        ticket = self._ticket(self.cat_fixed)
        ticket.with_user(self.agent).action_approve_cost()
        self.assertEqual(ticket.points_cost_state, "waiting_points")
        self.assertFalse(ticket.support_movement_ids)

    def test_expiry_query_count_does_not_grow_with_lots(self):
        lots = self.env["support.lot"]
        queries = []
        for count in (2, 25):
            for _index in range(count):
                lots._credit(
                    self.customer,
                    "point",
                    5,
                    "grant",
                    "Old",
                    date_purchase=self._months_ago(30),
                )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            self.assertEqual(lots._cron_expire_lots(), count)
            queries.append(self.cr.sql_log_count - before)
        self.assertEqual(
            queries[0], queries[1], "one set of queries whatever the number of lots"
        )

    def test_expiry_notice_once_per_lot(self):
        self.company.support_expiry_notice_days = 30
        self._sell(self.customer, self.pack_100, purchase_date=self._months_ago(23, 15))
        self._sell(self.customer, self.pack_40)
        lots = self.env["support.lot"]
        mails = self.env["mail.mail"]
        to_customer = [("recipient_ids", "in", self.customer.ids)]
        lots._cron_send_expiry_notices()
        sent = mails.search(to_customer)
        self.assertEqual(len(sent), 1)
        notified = lots.search(
            [("partner_id", "=", self.customer.id), ("expiry_notice_sent", "=", True)]
        )
        self.assertEqual(notified.product_id, self.pack_100)
        self.assertIn(notified.name, sent.body_html)
        lots._cron_send_expiry_notices()
        self.assertEqual(mails.search_count(to_customer), 1, "one notice per lot")


class TestLedgerMigration(SupportCase):
    """A database whose ledger was one chain per company upgrades to one
    chain per customer: nothing is rewritten, everything stays verifiable."""

    def _migration(self, version="18.0.1.1.0"):
        path = os.path.join(
            os.path.dirname(__file__),
            "..",
            "migrations",
            version,
            "post-migrate.py",
        )
        spec = importlib.util.spec_from_file_location("support_post_migrate", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    def _post_the_old_way(self, company, rows):
        """Movements as version 1 hashed them: one chain for the company,
        whose end its ledger row held."""
        last_hash, sequence = "", 0
        for partner, quantity in rows:
            sequence += 1
            values = {
                "company_id": company.id,
                "sequence_number": sequence,
                "partner_id": partner.id,
                "unit": "point",
                "kind": "adjustment",
                "quantity": quantity,
                "captured_quantity": 0,
                "user_id": self.env.uid,
                "date": fields.Datetime.to_datetime("2026-01-05 10:00:00"),
                "reason": "Before customer chains",
            }
            digest = movement_hash(values, last_hash, version=1)
            self.env.cr.execute(
                """
                INSERT INTO support_movement (company_id, sequence_number, partner_id,
                    unit, kind, quantity, captured_quantity, user_id, date, reason,
                    previous_hash, hash)
                VALUES (%(company_id)s, %(sequence_number)s, %(partner_id)s, %(unit)s,
                    %(kind)s, %(quantity)s, %(captured_quantity)s, %(user_id)s,
                    %(date)s, %(reason)s, %(previous)s, %(hash)s)
                """,
                dict(values, previous=last_hash, hash=digest),
            )
            last_hash = digest
        self.env.cr.execute(
            "INSERT INTO support_ledger_chain (company_id, last_sequence, last_hash)"
            " VALUES (%s, %s, %s)",
            [company.id, sequence, last_hash],
        )
        return sequence, last_hash

    def test_old_movements_stay_verifiable_and_new_chains_start_from_them(self):
        company = self.env["res.company"].create({"name": "Upgraded Ltd"})
        self.env.user.company_ids |= company
        first, second = self.env["res.partner"].create(
            [
                {"name": "First", "is_company": True},
                {"name": "Second", "is_company": True},
            ]
        )
        end = self._post_the_old_way(
            company, [(first, 100), (second, 40), (first, -10)]
        )
        self._migration().migrate(self.env.cr, "18.0.1.0.0")
        # and the balances kept since 18.0.1.2.0, from the movements
        self._migration("18.0.1.2.0").migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(
            [
                self._balance(partner, company=company)["available"]
                for partner in (first, second)
            ],
            [90, 40],
        )
        heads = self.env["support.ledger.head"].search(
            [("company_id", "=", company.id)]
        )
        self.assertEqual(
            sorted(
                (head.partner_id.id, head.last_sequence, head.last_hash)
                for head in heads
            ),
            sorted([(first.id, *end), (second.id, *end)]),
            "each customer's chain starts where the company's ended",
        )
        result = self.Movement._check_chain_integrity(company)
        self.assertEqual(
            (
                result["checked"],
                result["broken_sequence"],
                result.get("broken_balance"),
            ),
            (3, None, None),
        )

        lot = self.env["support.lot"]._credit(
            first, "point", 5, "grant", "After the upgrade", company=company
        )
        new = self.Movement.search([("lot_id", "=", lot.id)])
        self.assertEqual((new.sequence_number, new.previous_hash), (end[0] + 1, end[1]))
        self.assertTrue(new.hash.startswith("$2$"))
        result = self.Movement._check_chain_integrity(company)
        self.assertEqual((result["checked"], result["broken_sequence"]), (4, None))

        old = self.Movement.search(
            [("company_id", "=", company.id), ("sequence_number", "=", 2)]
        )
        self.env.cr.execute(
            "UPDATE support_movement SET quantity = 400 WHERE id = %s", [old.id]
        )
        self.env.invalidate_all()
        result = self.Movement._check_chain_integrity(company)
        self.assertEqual(
            (result["broken_sequence"], result["broken_partner_id"]),
            (2, None),
            "a tampered old movement is still named",
        )
