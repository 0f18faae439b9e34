"""Figures of issue 17: postings of different customers do not wait for each
other, measured the way production runs.

Run them with their output:
    ./setup/test -- tests/benchmarks/bench_ledger_clients.py -s
Full sizes (the issue's table):
    SUPPORT_BENCH_CLIENT_TICKETS=40 SUPPORT_BENCH_CLIENTS=1,4,8 ./setup/test -- \
        tests/benchmarks/bench_ledger_clients.py -s
Each side's requests go in SUPPORT_BENCH_CLIENT_ROUNDS rounds (3), approvals
and plain writes in turn. A round of 8 clients lasts a second or two, and on a
two-core machine (the clients share it with the server) the ratio of one
short run swings by 0.1 to 0.2; SUPPORT_BENCH_CLIENT_TICKETS=100 gives
steadier figures.

One ``odoo-bin --workers=4`` on a copy of the test database. N client
processes over XML-RPC, each working for its own customer, approve that
customer's tickets (each approval captures points: it locks the customer's
chain and posts). Baseline: the same processes writing a plain ticket field
on the same number of tickets, against the same server. Printed: approvals
per second, plain writes per second, their ratio, and the serialisation
retries the server logged during each run.

Then the same-customer race: 8 clients approve 20 tickets of 10 points each
of one customer who holds 100 points; exactly 10 are captured, nothing is
overspent, and the chain is intact.
"""

import json
import os
import re
import subprocess
import sys
import textwrap
import time

from tests.test_production import (  # noqa: F401 - pytest fixtures
    OdooServer,
    _shell,
    logdir,
    scratch_db,
)

TICKETS = int(os.environ.get("SUPPORT_BENCH_CLIENT_TICKETS", 30))
# each side's requests are sent in rounds, approvals and plain writes in turn,
# so that what the machine does meanwhile weighs on both alike
ROUNDS = int(os.environ.get("SUPPORT_BENCH_CLIENT_ROUNDS", 3))
CLIENTS = [
    int(count) for count in os.environ.get("SUPPORT_BENCH_CLIENTS", "1,4,8").split(",")
]
WORKERS = int(os.environ.get("SUPPORT_BENCH_WORKERS", 4))
RACE_CLIENTS = 8
RACE_TICKETS = 20
PASSWORD = "bench-agent-password"

SETUP = """
import json, uuid
from odoo.tests import new_test_user
env = env(context=dict(env.context, tracking_disable=True))
tag = uuid.uuid4().hex[:8]
agent = env["res.users"].search([("login", "=", "bench_agent")])
if not agent:
    agent = new_test_user(
        env, login="bench_agent", password={password!r},
        groups="base.group_user,support_entitlements.group_support_agent",
    )
plan = env["support.plan"].create(
    {{"name": "Bench " + tag, "cost_approval": "customer_or_agent"}}
)
category = env["helpdesk.ticket.category"].create(
    {{"name": "Bench " + tag, "points_price_type": "fixed",
      "points_price": {price}}}
)
work = []
for index in range({customers}):
    customer = env["res.partner"].create(
        {{"name": "Bench %s %s" % (tag, index), "is_company": True}}
    )
    env["support.subscription"]._subscribe(customer, plan)
    env["support.lot"]._credit(customer, "point", {points}, "grant", "Bench")
    tickets = env["helpdesk.ticket"].create([
        {{"name": "Bench %s" % number, "description": "<p>x</p>",
          "partner_id": customer.id, "category_id": category.id}}
        for number in range({tickets})
    ])
    work.append(tickets.ids)
env.cr.commit()
print("WORK " + json.dumps(work))
"""

# one client: signs in, waits for the common start, then works through its
# tickets one request each; prints how long that took
CLIENT = """
import json, sys, time, xmlrpc.client
url, db, login, password, action, start_at, ids = json.loads(sys.argv[1])
uid = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common").authenticate(
    db, login, password, {})
models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object", allow_none=True)
time.sleep(max(0.0, start_at - time.time()))
given_up = 0
for ticket_id in ids:
    while True:
        try:
            if action == "read":
                models.execute_kw(db, uid, password, "helpdesk.ticket", "read",
                                  [[ticket_id], ["name", "points_cost_state"]])
            elif action == "approve":
                models.execute_kw(db, uid, password, "helpdesk.ticket",
                                  "action_approve_cost", [[ticket_id]])
            else:
                models.execute_kw(db, uid, password, "helpdesk.ticket", "write",
                                  [[ticket_id], {"name": "Written %s" % time.time()}])
            break
        except xmlrpc.client.Fault as fault:
            # the server gave up after its own retries (only ever seen when
            # clients race for one customer): send the request again
            if "could not serialize access" not in fault.faultString:
                raise
            given_up += 1
print(json.dumps([time.time(), given_up]))
"""

RETRY = re.compile(r"tries left, try again|maximum number of tries reached")


def _setup(dbname, customers, tickets, points, price):
    out = _shell(
        dbname,
        SETUP.format(
            password=PASSWORD,
            customers=customers,
            tickets=tickets,
            points=points,
            price=price,
        ),
    )
    line = next(line for line in out.splitlines() if line.startswith("WORK "))
    return json.loads(line[5:])


def _run(server, action, work):
    """Every client process works through its tickets at once: the seconds
    from the common start to the last one done, the retries the server
    logged, and the requests it gave up on (sent again by the client)."""
    logged = len(RETRY.findall(server.log_text()))
    start_at = time.time() + 3 + 0.2 * len(work)
    clients = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                textwrap.dedent(CLIENT),
                json.dumps(
                    [
                        server.url,
                        server.dbname,
                        "bench_agent",
                        PASSWORD,
                        action,
                        start_at,
                        ids,
                    ]
                ),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for ids in work
    ]
    ends = []
    given_up = 0
    for client in clients:
        out, err = client.communicate(timeout=600)
        assert client.returncode == 0, err[-3000:]
        end, client_given_up = json.loads(out.strip().splitlines()[-1])
        ends.append(end)
        given_up += client_given_up
    retries = len(RETRY.findall(server.log_text())) - logged
    return max(ends) - start_at, retries, given_up


def _state(dbname, ticket_ids):
    out = _shell(
        dbname,
        f"""
        import json
        tickets = env["helpdesk.ticket"].browse({ticket_ids!r})
        states = tickets.mapped("points_cost_state")
        balances = env["support.movement"]._get_balances(tickets.partner_id, "point")
        report = env["support.movement"]._check_chain_integrity(env.company)
        print("STATE " + json.dumps({{
            "captured": states.count("captured"),
            "states": sorted(set(states)),
            "available": sum(row["available"] for row in balances.values()),
            "intact": report["broken_sequence"] is None
            and not report.get("broken_balance"),
        }}))
        """,
    )
    line = next(line for line in out.splitlines() if line.startswith("STATE "))
    return json.loads(line[6:])


def test_approvals_scale_with_workers(scratch_db, logdir, capsys):  # noqa: F811
    figures = []
    prepared = {
        clients: _setup(scratch_db, clients, 2 * TICKETS, 10_000, 1)
        for clients in CLIENTS
    }
    race = _setup(scratch_db, 1, RACE_CLIENTS * RACE_TICKETS, 100, 10)[0]
    with OdooServer(scratch_db, logdir, workers=WORKERS) as server:
        # every worker loads its registry and caches on its first requests:
        # not what is measured
        _run(server, "read", [ids[:TICKETS] for ids in prepared[max(CLIENTS)]])
        for clients, work in prepared.items():
            # the plain writes on one half of each customer's tickets, the
            # approvals on the other: the same number of requests each, in
            # rounds taken in turn
            plain_seconds = seconds = 0.0
            plain_retries = retries = given_up = 0
            for index in range(ROUNDS):
                part = slice(index * TICKETS // ROUNDS, (index + 1) * TICKETS // ROUNDS)
                round_seconds, round_retries, _given_up = _run(
                    server, "write", [ids[:TICKETS][part] for ids in work]
                )
                plain_seconds += round_seconds
                plain_retries += round_retries
                round_seconds, round_retries, round_given_up = _run(
                    server, "approve", [ids[TICKETS:][part] for ids in work]
                )
                seconds += round_seconds
                retries += round_retries
                given_up += round_given_up
            # customers of their own never conflict: no retry, none given up
            assert (retries, given_up, plain_retries) == (0, 0, 0), server.log_text()[
                -5000:
            ]
            requests = clients * TICKETS
            figures.append(
                {
                    "clients": clients,
                    "approvals_per_s": round(requests / seconds, 1),
                    "plain_writes_per_s": round(requests / plain_seconds, 1),
                    "ratio": round(plain_seconds / seconds, 2),
                    "serialisation_retries": retries,
                    "plain_retries": plain_retries,
                }
            )
        _print(capsys, figures)
        race_seconds, race_retries, race_given_up = _run(
            server,
            "approve",
            [race[index::RACE_CLIENTS] for index in range(RACE_CLIENTS)],
        )
    for clients, work in prepared.items():
        state = _state(scratch_db, [ticket for ids in work for ticket in ids[TICKETS:]])
        assert state["states"] == ["captured"], (clients, state)
        assert state["intact"], state
    race_state = _state(scratch_db, race)
    # 100 points pay exactly 10 tickets of 10; the others wait for points
    assert race_state["captured"] == 10, race_state
    assert race_state["available"] == 0, race_state
    assert race_state["intact"], race_state
    with capsys.disabled():
        print(
            f"same customer, {RACE_CLIENTS} clients x {RACE_TICKETS} approvals "
            f"of 10 points, 100 held: {race_state['captured']} captured, "
            f"available {race_state['available']}, chain intact "
            f"{race_state['intact']}, {race_retries} retries, "
            f"{race_given_up} requests given up by the server and sent again, "
            f"{race_seconds:.1f} s"
        )
        print(
            "RESULT " + json.dumps({"throughput": figures, "same_customer": race_state})
        )


def _print(capsys, figures):
    with capsys.disabled():
        print()
        print(
            f"odoo-bin --workers={WORKERS}, {TICKETS} requests per client and "
            f"side, in {ROUNDS} rounds taken in turn"
        )
        print("clients | approvals/s | plain writes/s | ratio | retries")
        for row in figures:
            print(
                f"{row['clients']:7} | {row['approvals_per_s']:11} | "
                f"{row['plain_writes_per_s']:14} | {row['ratio']:5} | "
                f"{row['serialisation_retries']}"
            )
