"""Figures of issue 17: postings of different customers do not wait for each
other.

Run them with their output:
    ./setup/test -- tests/benchmarks/bench_ledger_clients.py -s
N clients, each on its own database connection and working for its own
customer, approve that customer's tickets (each approval captures points,
so it locks the customer's chain and posts). Baseline: the same clients
writing a plain ticket field. Printed: approvals per second, plain writes
per second, their ratio, and the serialisation retries. The data is
committed (separate transactions are the subject) under fresh names.
"""

import json
import os
import threading
import time
import uuid
from functools import partial

import pytest

import odoo
from odoo import SUPERUSER_ID, api
from odoo.service.model import retrying
from odoo.tests import new_test_user
from odoo.tools import config

TICKETS = int(os.environ.get("SUPPORT_BENCH_CLIENT_TICKETS", 15))
CLIENTS = [
    int(count) for count in os.environ.get("SUPPORT_BENCH_CLIENTS", "1,2,4").split(",")
]


def _registry():
    return odoo.modules.registry.Registry(config["db_name"])


def _setup(clients):
    """Per client: a customer with points, a plan, TICKETS priced tickets."""
    tag = uuid.uuid4().hex[:8]
    prepared = []
    with _registry().cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        agent = new_test_user(
            env,
            login=f"bench_agent_{tag}",
            groups="base.group_user,support_entitlements.group_support_agent",
        )
        plan = env["support.plan"].create(
            {"name": f"Bench {tag}", "cost_approval": "customer_or_agent"}
        )
        category = env["helpdesk.ticket.category"].create(
            {"name": f"Bench {tag}", "points_price_type": "fixed", "points_price": 1}
        )
        for index in range(clients):
            customer = env["res.partner"].create(
                {"name": f"Bench {tag} {index}", "is_company": True}
            )
            env["support.subscription"]._subscribe(customer, plan)
            env["support.lot"]._credit(customer, "point", 10_000, "grant", "Bench")
            tickets = env["helpdesk.ticket"].create(
                [
                    {
                        "name": f"Bench {number}",
                        "description": "<p>x</p>",
                        "partner_id": customer.id,
                        "category_id": category.id,
                    }
                    for number in range(TICKETS)
                ]
            )
            prepared.append(tickets.ids)
    return agent.id, prepared


def _run(agent_id, work, action):
    """Run ``action(env, ticket)`` for every ticket of every client, each
    client in its own thread and transaction per ticket; (seconds, retries)."""
    registry = _registry()
    barrier = threading.Barrier(len(work))
    retries = []
    errors = []

    def client(ticket_ids):
        try:
            barrier.wait(timeout=60)
            for ticket_id in ticket_ids:
                attempts = [0]

                def once(env, ticket_id=ticket_id, attempts=attempts):
                    attempts[0] += 1
                    action(env["helpdesk.ticket"].browse(ticket_id))

                with registry.cursor() as cr:
                    env = api.Environment(cr, agent_id, {"tracking_disable": True})
                    retrying(partial(once, env), env)
                retries.append(attempts[0] - 1)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=client, args=(ids,)) for ids in work]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    elapsed = time.perf_counter() - start
    assert not errors, errors
    return elapsed, sum(retries)


@pytest.mark.allowed_error_log("could not serialize access due to concurrent update")
def test_approvals_scale_with_clients(capsys):
    figures = []
    for clients in CLIENTS:
        agent_id, work = _setup(clients)
        approvals = clients * TICKETS
        seconds, retries = _run(
            agent_id, work, lambda ticket: ticket.action_approve_cost()
        )
        plain_seconds, _plain_retries = _run(
            agent_id,
            work,
            lambda ticket: ticket.write({"name": f"{ticket.name}."}),
        )
        figures.append(
            {
                "clients": clients,
                "approvals_per_s": round(approvals / seconds, 1),
                "plain_writes_per_s": round(approvals / plain_seconds, 1),
                "ratio": round(plain_seconds / seconds, 2),
                "serialisation_retries": retries,
            }
        )
        with _registry().cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            tickets = env["helpdesk.ticket"].browse(
                [ticket_id for ids in work for ticket_id in ids]
            )
            assert set(tickets.mapped("points_cost_state")) == {"captured"}
            assert (
                env["support.movement"]._check_chain_integrity(env.company)[
                    "broken_sequence"
                ]
                is None
            )
    with capsys.disabled():
        print()
        print("clients | approvals/s | plain writes/s | ratio | retries")
        for row in figures:
            print(
                f"{row['clients']:7} | {row['approvals_per_s']:11} | "
                f"{row['plain_writes_per_s']:14} | {row['ratio']:5} | "
                f"{row['serialisation_retries']}"
            )
        print("RESULT " + json.dumps(figures))
