"""Captures from separate database transactions never overspend.

These tests commit real data through their own cursors (a TransactionCase
would hide the concurrency inside one transaction). The data stays: ledger
movements are never deleted, and the test database is rebuilt for each run.
"""

import threading
import uuid
from functools import partial

import pytest

import odoo
from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.service.model import retrying
from odoo.tests import new_test_user
from odoo.tools import config


def _registry():
    return odoo.modules.registry.Registry(config["db_name"])


def _setup(points, costs):
    """Commit a customer with ``points`` and one approved-to-be ticket per cost."""
    tag = uuid.uuid4().hex[:8]
    with _registry().cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        customer = env["res.partner"].create(
            {"name": f"Concurrent {tag}", "is_company": True}
        )
        contact = env["res.partner"].create(
            {"name": f"Contact {tag}", "parent_id": customer.id}
        )
        plan = env["support.plan"].create(
            {"name": f"Plan {tag}", "cost_approval": "customer_or_agent"}
        )
        env["support.subscription"]._subscribe(customer, plan)
        env["support.lot"]._credit(customer, "point", points, "grant", f"Grant {tag}")
        category = env["helpdesk.ticket.category"].create(
            {"name": f"Priced {tag}", "points_price_type": "fixed", "points_price": 1}
        )
        tickets = env["helpdesk.ticket"].create(
            [
                {
                    "name": f"T{index} {tag}",
                    "description": "<p>x</p>",
                    "partner_id": contact.id,
                    "category_id": category.id,
                    "points_cost": cost,
                }
                for index, cost in enumerate(costs)
            ]
        )
        agent = new_test_user(
            env,
            login=f"agent_{tag}",
            groups="base.group_user,support_entitlements.group_support_agent",
        )
        return customer.id, tickets.ids, agent.id


def _approve_concurrently(ticket_ids, agent_id):
    registry = _registry()
    barrier = threading.Barrier(len(ticket_ids))
    errors = []

    def approve(ticket_id):
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, agent_id, {"tracking_disable": True})
                barrier.wait(timeout=30)
                ticket = env["helpdesk.ticket"].browse(ticket_id)
                retrying(partial(ticket.action_approve_cost), env)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [
        threading.Thread(target=approve, args=(ticket_id,)) for ticket_id in ticket_ids
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors


def _state(customer_id, ticket_ids):
    with _registry().cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        customer = env["res.partner"].browse(customer_id)
        tickets = env["helpdesk.ticket"].browse(ticket_ids)
        movements = env["support.movement"].search([("partner_id", "=", customer_id)])
        integrity = env["support.movement"]._check_chain_integrity(env.company)
        return {
            "balance": env["support.movement"]._get_balances(customer)[customer_id],
            "states": sorted(tickets.mapped("points_cost_state")),
            "captured": sum(tickets.mapped("points_captured")),
            "kinds": sorted(movements.mapped("kind")),
            "broken": integrity["broken_sequence"],
        }


@pytest.mark.allowed_error_log("could not serialize access due to concurrent update")
@pytest.mark.parametrize(
    "points, costs, captured_tickets",
    [
        (100, [60, 60], 1),
        (100, [25] * 8, 4),
    ],
    ids=["two transactions", "eight transactions"],
)
def test_concurrent_captures_never_overspend(points, costs, captured_tickets):
    customer_id, ticket_ids, agent_id = _setup(points, costs)
    _approve_concurrently(ticket_ids, agent_id)
    state = _state(customer_id, ticket_ids)
    captured = sum(costs[:captured_tickets])
    assert state["captured"] == captured
    assert state["balance"] == {
        "available": points - captured,
        "captured": captured,
        "expiring": 0,
    }
    waiting = len(costs) - captured_tickets
    assert (
        state["states"]
        == ["captured"] * captured_tickets + ["waiting_points"] * waiting
    )
    assert state["kinds"] == ["capture"] * captured_tickets + ["grant"], (
        "no movement lost or doubled"
    )
    assert state["broken"] is None, "the hash chain stays intact"


@pytest.mark.allowed_error_log("could not serialize access due to concurrent update")
def test_concurrent_time_entries_never_overspend_a_block():
    tag = uuid.uuid4().hex[:8]
    with _registry().cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        customer = env["res.partner"].create(
            {"name": f"Timed {tag}", "is_company": True}
        )
        contact = env["res.partner"].create(
            {"name": f"Contact {tag}", "parent_id": customer.id}
        )
        plan = env["support.plan"].create({"name": f"Hours {tag}"})
        env["support.subscription"]._subscribe(customer, plan)
        env["support.lot"]._credit(customer, "minute", 60, "grant", f"Block {tag}")
        project = env["project.project"].create(
            {"name": f"P {tag}", "allow_timesheets": True}
        )
        tickets = env["helpdesk.ticket"].create(
            [
                {
                    "name": f"T{index} {tag}",
                    "description": "<p>x</p>",
                    "partner_id": contact.id,
                    "project_id": project.id,
                }
                for index in range(2)
            ]
        )
        agent = new_test_user(
            env,
            login=f"timer_{tag}",
            groups="base.group_user,support_entitlements.group_support_agent",
        )
        employee = env["hr.employee"].create(
            {"name": f"Timer {tag}", "user_id": agent.id}
        )
        ids = (customer.id, tickets.ids, agent.id, employee.id, project.id)
    customer_id, ticket_ids, agent_id, employee_id, project_id = ids
    registry = _registry()
    barrier = threading.Barrier(2)
    outcomes = []

    def log(ticket_id):
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, agent_id, {"tracking_disable": True})
                barrier.wait(timeout=30)
                retrying(
                    partial(
                        env["account.analytic.line"].create,
                        {
                            "name": "Work",
                            "ticket_id": ticket_id,
                            "project_id": project_id,
                            "employee_id": employee_id,
                            "unit_amount": 0.75,
                        },
                    ),
                    env,
                )
            outcomes.append("logged")
        except UserError:
            outcomes.append("refused")

    threads = [
        threading.Thread(target=log, args=(ticket_id,)) for ticket_id in ticket_ids
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes) == ["logged", "refused"]
    with _registry().cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        customer = env["res.partner"].browse(customer_id)
        balance = env["support.movement"]._get_balances(customer, unit="minute")[
            customer_id
        ]
        kinds = sorted(
            env["support.movement"]
            .search([("partner_id", "=", customer_id)])
            .mapped("kind")
        )
        assert balance["available"] == 15
        assert kinds == ["deduction", "grant"]
        assert (
            env["support.movement"]._check_chain_integrity(env.company)[
                "broken_sequence"
            ]
            is None
        )


def test_customers_never_wait_for_each_other():
    """Each customer's postings lock only that customer's chain: a second
    customer's approval goes through while a first one is still open."""
    first_customer, first_tickets, first_agent = _setup(100, [10])
    second_customer, second_tickets, second_agent = _setup(100, [10])
    registry = _registry()
    with registry.cursor() as first, registry.cursor() as second:
        first_env = api.Environment(first, first_agent, {"tracking_disable": True})
        second_env = api.Environment(second, second_agent, {"tracking_disable": True})
        # both transactions see the database as it is now
        second.execute("SELECT 1")
        first_env["helpdesk.ticket"].browse(first_tickets).action_approve_cost()
        first_env.flush_all()
        # the first posting holds its lock: the second must not need it
        second.execute("SET LOCAL lock_timeout = '3s'")
        second_env["helpdesk.ticket"].browse(second_tickets).action_approve_cost()
        second_env.flush_all()
        second.commit()
        first.commit()
    for customer_id, ticket_ids in (
        (first_customer, first_tickets),
        (second_customer, second_tickets),
    ):
        state = _state(customer_id, ticket_ids)
        assert state["states"] == ["captured"]
        assert state["balance"]["available"] == 90
        assert state["broken"] is None


def test_two_answers_at_once_record_one():
    """Two requests answering the same "would you recommend us?" at once (a
    double click, two tabs): one answer is kept, the other is told."""
    tag = uuid.uuid4().hex[:8]
    with _registry().cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        customer = env["res.partner"].create({"name": f"NPS {tag}", "is_company": True})
        contact = env["res.partner"].create(
            {
                "name": f"NPS contact {tag}",
                "parent_id": customer.id,
                "email": "n@x.test",
            }
        )
        ticket = env["helpdesk.ticket"].create(
            {"name": f"NPS {tag}", "description": "<p>x</p>", "partner_id": contact.id}
        )
        ticket.stage_id = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        nps_id = ticket.support_nps_ids.id
    assert nps_id
    registry = _registry()
    barrier = threading.Barrier(2)
    outcomes = []

    def answer(score):
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                barrier.wait(timeout=30)
                nps = env["support.nps"].browse(nps_id)
                retrying(partial(nps._support_answer, score), env)
                outcomes.append(("answered", score))
        except UserError as error:
            outcomes.append(("refused", str(error)))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(("error", repr(exc)))

    threads = [threading.Thread(target=answer, args=(score,)) for score in (9, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    kinds = sorted(kind for kind, _detail in outcomes)
    assert kinds == ["answered", "refused"], outcomes
    with _registry().cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        nps = env["support.nps"].browse(nps_id)
        answered = next(detail for kind, detail in outcomes if kind == "answered")
        assert nps.score == answered
        refused = next(detail for kind, detail in outcomes if kind == "refused")
        assert "answered already" in refused
