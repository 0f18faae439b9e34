"""What the web form refuses, the other doors refuse too: XML-RPC, JSON-RPC
and URLs, through the HTTP server, each with a clear sentence and nothing
changed."""

import json
import xmlrpc.client

from odoo.tests import HttpCase

PASSWORDS = {"agent": "agent", "customer": "customer"}


class TestRpcRefusals(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = cls.env.ref("support_entitlements.user_support_agent")
        cls.mia = cls.env.ref("support_entitlements.user_portal_mia")
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "RPC: a cost to approve",
                "description": "<p>x</p>",
                "partner_id": cls.mia.partner_id.id,
                "category_id": cls.env.ref("support_entitlements.category_level2").id,
            }
        )
        cls.project = cls.env.ref("support_chatroom.project_northwind")

    def _xmlrpc(self, login, model, method, *args, **kwargs):
        user = self.env["res.users"].search([("login", "=", login)])
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            user.id,
            PASSWORDS[login],
            model,
            method,
            list(args),
            kwargs,
        )

    def _json_call(self, model, method, *args, **kwargs):
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": model,
                        "method": method,
                        "args": list(args),
                        "kwargs": kwargs,
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _ticket_state(self):
        self.env.invalidate_all()
        return self.ticket.read(
            [
                "cost_approved_date",
                "points_captured",
                "cost_dispute_date",
                "points_cost",
            ]
        )[0]

    def test_xmlrpc_write_of_an_approval_is_refused(self):
        before = self._ticket_state()
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self._xmlrpc(
                "agent",
                "helpdesk.ticket",
                "write",
                [self.ticket.id],
                {"cost_approved_date": "2026-01-01 00:00:00", "points_captured": 999},
            )
        self.assertIn("cannot be written directly", caught.exception.faultString)
        self.assertNotIn("Traceback", caught.exception.faultString.splitlines()[-1])
        self.assertEqual(self._ticket_state(), before)

    def test_xmlrpc_context_key_does_not_change_an_approved_cost(self):
        self.ticket.with_user(self.agent).action_approve_cost()
        before = self._ticket_state()
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self._xmlrpc(
                "agent",
                "helpdesk.ticket",
                "write",
                [self.ticket.id],
                {"points_cost": 1},
                context={"support_cost_reason": "x"},
            )
        self.assertIn("Change price", caught.exception.faultString)
        self.assertEqual(self._ticket_state(), before)

    def test_json_rpc_dispute_with_a_number_is_a_sentence(self):
        self.authenticate("customer", "customer")
        answer = self._json_call(
            "helpdesk.ticket", "action_dispute_cost", [self.ticket.id], 12345
        )
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.UserError")
        self.assertEqual(
            answer["error"]["data"]["message"],
            "Tell us why the cost seems wrong to you.",
        )
        self.assertFalse(self._ticket_state()["cost_dispute_date"])

    def test_xmlrpc_actions_return_a_value(self):
        item = self.project.item_ids.filtered(lambda i: i.state == "todo")[:1]
        self.assertTrue(item)
        self.assertIs(
            self._xmlrpc("agent", "support.checklist.item", "action_done", [item.id]),
            True,
        )
        self.env.invalidate_all()
        self.assertEqual(item.state, "done")
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self._xmlrpc(
                "agent", "support.checklist.item", "write", [item.id], {"state": "todo"}
            )
        self.assertIn("cannot be written directly", caught.exception.faultString)

    def test_pages_parse_their_numbers(self):
        self.authenticate("customer", "customer")
        for url in ("/my/support/time?page=abc", "/my/support/statement?page=1e9"):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 400, url)
            self.assertIn(b"The page number must be a whole number.", response.content)
        for url in (
            "/my/support/time/page/100000000000000000000",
            "/my/support/statement/page/100000000000000000000?part=resolved",
        ):
            self.assertEqual(self.url_open(url).status_code, 200, url)

    def test_report_options_are_parsed(self):
        self.authenticate("admin", "admin")
        partner = self.mia.partner_id.commercial_partner_id
        for begin in ("not-a-date", "2026-02-30", "1900-01-01", 5):
            options = json.dumps({"begin": begin})
            response = self.url_open(
                "/report/html/support_entitlements.report_support_time/"
                f"{partner.id}?options={options}"
            )
            self.assertEqual(response.status_code, 400, begin)
            self.assertIn(b"is not a date of a support report", response.content)

    def test_rpc_sizes_and_ranges_are_sentences(self):
        """What no field of the suite can hold is refused with a sentence over
        both protocols: no overflow, no traceback in the log, nothing kept."""
        plans = self.env["support.plan"].with_context(active_test=False)
        count = plans.search_count([])
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self._xmlrpc_as_admin("support.plan", "create", {"name": "x" * 1_000_000})
        self.assertIn("at most 256 characters", caught.exception.faultString)
        self.authenticate("admin", "admin")
        plan = self.env.ref("support_entitlements.plan_incident")
        policy = self.env["support.sla.policy"].search([], limit=1)
        for model, record, vals, says in (
            ("support.plan", plan, {"sequence": 10**12}, "out of range"),
            ("support.plan", plan, {"duration_months": 10**6}, "from 1 to 120"),
            ("support.plan", plan, {"cost_approval": "nobody"}, "not one of"),
            ("support.sla.policy", policy, {"at_risk_percent": 500}, "1 to 100"),
        ):
            with self.subTest(model=model, vals=vals):
                before = record.read(list(vals))[0]
                answer = self._json_call(model, "write", [record.id], vals)
                self.assertEqual(
                    answer["error"]["data"]["name"],
                    "odoo.exceptions.ValidationError",
                )
                self.assertIn(says, answer["error"]["data"]["message"])
                self.env.invalidate_all()
                self.assertEqual(record.read(list(vals))[0], before)
        self.assertEqual(plans.search_count([]), count)

    def _xmlrpc_as_admin(self, model, method, *args):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, 2, "admin", model, method, list(args), {}
        )

    def _refused(self, answer, says, kind="odoo.exceptions.ValidationError"):
        self.assertIn("error", answer, answer)
        self.assertEqual(answer["error"]["data"]["name"], kind)
        self.assertIn(says, answer["error"]["data"]["message"])

    def test_rpc_sweep_of_values_that_crashed(self):
        """What a hostile sweep sent and the server answered with a crash:
        each is a sentence now, the log stays clean (conftest) and nothing
        is kept."""
        ticket = self.ticket
        item = self.project.item_ids[:1]
        severity = ticket.severity_id
        self.authenticate("agent", "agent")
        self._refused(
            self._json_call(
                "helpdesk.ticket", "write", [ticket.id], {"points_units": 3000}
            ),
            "0 to 1000",
        )
        self._refused(
            self._json_call(
                "helpdesk.ticket", "write", [ticket.id], {"severity_id": "abc"}
            ),
            "is not a record",
        )
        self._refused(
            self._json_call(
                "support.checklist.item", "write", [item.id], {"phase_id": "abc"}
            ),
            "is not a record",
        )
        for ids in (
            [],
            [
                ticket.id,
                self.env.ref("support_entitlements.ticket_northwind_checkout").id,
            ],
        ):
            self._refused(
                self._json_call("helpdesk.ticket", "action_open_cost_wizard", ids),
                "one record at a time",
                "odoo.exceptions.UserError",
            )
        self._refused(
            self._json_call("helpdesk.ticket", "action_open_support_room", [ticket.id]),
            "no customer project",
            "odoo.exceptions.UserError",
        )
        self.env.invalidate_all()
        self.assertEqual((ticket.points_units, ticket.severity_id), (0, severity))

        self.authenticate("sales", "sales")
        orders = self.env["sale.order"].search_count([])
        block = self.env.ref("support_entitlements.product_block_6h")
        for quantity, says, kind in (
            (1e8, "at most", "odoo.exceptions.UserError"),
            (float("nan"), "out of range", "odoo.exceptions.ValidationError"),
        ):
            answer = self._json_call(
                "sale.order",
                "create",
                {
                    "partner_id": self.mia.partner_id.commercial_partner_id.id,
                    "order_line": [
                        [0, 0, {"product_id": block.id, "product_uom_qty": quantity}]
                    ],
                },
            )
            self._refused(answer, says, kind)
        answer = self._json_call(
            "sale.order",
            "create",
            {
                "partner_id": self.mia.partner_id.commercial_partner_id.id,
                "support_unplanned": True,
            },
        )
        self._refused(answer, "cannot be written directly", "odoo.exceptions.UserError")
        self.assertEqual(self.env["sale.order"].search_count([]), orders)

        self.authenticate("admin", "admin")
        plan = self.env.ref("support_entitlements.plan_incident")
        packs = plan.pack_product_ids
        self._refused(
            self._json_call(
                "support.plan",
                "write",
                [plan.id],
                {"pack_product_ids": [[6, 0, [10**12]]]},
            ),
            "is not a record",
        )
        segment = self.env.ref("support_chatroom.segment_data")
        self._refused(
            self._json_call("support.segment", "write", [segment.id], {"code": 12345}),
            "a text is expected",
        )
        self._refused(
            self._json_call(
                "support.adjustment.wizard",
                "create",
                {
                    "partner_id": self.mia.partner_id.id,
                    "quantity": 5,
                    "validity_months": 0,
                    "reason": "zero months",
                },
            ),
            "from 1 to 120",
        )
        self.env.invalidate_all()
        self.assertEqual(plan.pack_product_ids, packs)
        self.assertEqual(segment.code, "data")

    def test_rpc_sweep_actions_and_pages(self):
        wizard = self.env["support.tracking.report.wizard"].create(
            {"partner_id": self.mia.partner_id.commercial_partner_id.id}
        )
        action = self._xmlrpc_as_admin(
            "support.tracking.report.wizard", "action_print_pdf", [wizard.id]
        )
        # the report, or first the company's document layout to choose
        self.assertIn(action["type"], ("ir.actions.report", "ir.actions.act_window"))
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self._xmlrpc(
                "customer", "support.ledger.chain", "action_check_integrity", [1]
            )
        self.assertIn("Only support managers", caught.exception.faultString)
        self.authenticate("customer", "customer")
        response = self.url_open("/my/support-faq?search=%00")
        self.assertEqual(response.status_code, 200)

    def test_onboarding_and_nps_refuse_other_doors(self):
        """Over XML-RPC: the customer cannot plan a meeting, allow training,
        answer or write a question of "would you recommend us?", nor name
        who asked a knowledge-board question; nothing changes."""
        refusals = [
            (
                "customer",
                "support.project",
                "action_support_schedule_setup",
                [self.project.id],
                "2030-01-01 10:00:00",
            ),
            (
                "customer",
                "support.project",
                "action_support_approve_training",
                [self.project.id],
            ),
            (
                "agent",
                "support.project",
                "write",
                [self.project.id],
                {"training_approved_date": "2026-01-01 00:00:00"},
            ),
            ("agent", "support.faq", "create", {"question": "Q", "asked_by_id": 1}),
            ("customer", "support.faq", "create", {"question": "Q"}),
        ]
        before = self.project.read(
            ["setup_event_id", "training_approved_date", "training_approved_by_id"]
        )[0]
        for login, model, method, *args in refusals:
            with self.subTest(login=login, model=model, method=method):
                with self.assertRaises(xmlrpc.client.Fault) as caught:
                    self._xmlrpc(login, model, method, *args)
                self.assertNotIn("Traceback", caught.exception.faultString[:200])
        self.env.invalidate_all()
        self.assertEqual(
            self.project.read(
                ["setup_event_id", "training_approved_date", "training_approved_by_id"]
            )[0],
            before,
        )
        # private methods are no door at all
        with self.assertRaises(xmlrpc.client.Fault):
            self._xmlrpc("customer", "support.faq", "_support_ask", 1, "Q")
