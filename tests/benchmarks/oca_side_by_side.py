"""Side by side with OCA helpdesk_mgmt_sla, in a scratch database.

Not part of the suite (OCA's addon is not a dependency). To run it, unpack
``odoo-addon-helpdesk_mgmt_sla`` 18.0 into a folder, create a database with
both addons and run this file in ``odoo shell``::

    pip download odoo-addon-helpdesk_mgmt_sla==18.0.* --no-deps -d /tmp/oca
    unzip /tmp/oca/*.whl -d /tmp/oca
    odoo-bin -c odoo.conf --addons-path=...,/tmp/oca/odoo/addons -d side \\
        -i support_entitlements,helpdesk_mgmt_sla --without-demo=all --stop-after-init
    odoo-bin shell -c odoo.conf -d side --no-http < tests/benchmarks/oca_side_by_side.py

Both compute the deadlines of the same 10 000 open tickets on the same
business-hours calendar, each in one call: OCA's ``set_sla()`` and our
``_sla_recompute()``. Nothing is committed.
"""
# ruff: noqa: F821 (``env`` is given by odoo shell)

import time
from datetime import timedelta

from odoo import Command, fields
from odoo.tools import SQL

TICKETS = 10_000


def calendar(name, days, hour_from, hour_to):
    return env["resource.calendar"].create(
        {
            "name": name,
            "tz": "Europe/Berlin",
            "attendance_ids": [Command.clear()]
            + [
                Command.create(
                    {
                        "name": f"{name} {day}",
                        "dayofweek": str(day),
                        "hour_from": hour_from,
                        "hour_to": hour_to,
                    }
                )
                for day in days
            ],
        }
    )


business = calendar("Side business hours", range(5), 9, 18)
duty = calendar("Side weekend duty", (5, 6), 0, 24)
critical = env["support.severity"].create({"name": "Side critical"})
non_critical = env["support.severity"].create({"name": "Side non-critical"})


def target(severity, kind, *clauses):
    return Command.create(
        {
            "severity_id": severity.id,
            "kind": kind,
            "clause_ids": [
                Command.create({"hours": hours, "calendar_id": cal.id})
                for hours, cal in clauses
            ],
        }
    )


policy = env["support.sla.policy"].create(
    {
        "name": "Side policy",
        "calendar_id": business.id,
        "target_ids": [
            target(critical, "first_response", (6, business), (12, duty)),
            target(non_critical, "first_response", (12, business)),
            target(non_critical, "resolution", (72, business)),
        ],
    }
)
team = env["helpdesk.ticket.team"].create(
    {
        "name": "Side team",
        "use_sla": True,
        "resource_calendar_id": business.id,
        "sla_policy_id": policy.id,
    }
)
stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
for name, hours in (("Side first response", 12), ("Side resolution", 72)):
    env["helpdesk.sla"].create(
        {
            "name": name,
            "team_ids": [Command.set(team.ids)],
            "hours": hours,
            "stage_id": stage_done.id,
        }
    )
env.flush_all()
env.cr.execute(
    SQL(
        """
        INSERT INTO helpdesk_ticket
               (number, name, description, company_id, team_id, stage_id,
                severity_id, sla_policy_id, sla_start_date, priority, active,
                sequence, create_date, write_date, create_uid, write_uid)
        SELECT 'SIDE' || n, 'Side ticket ' || n, '<p>side</p>', %(company)s,
               %(team)s, %(stage)s, (%(severities)s::int[])[1 + mod(n, 2)],
               %(policy)s, %(origin)s::timestamp + n * interval '1 minute', '1',
               TRUE, 10, %(origin)s::timestamp + n * interval '1 minute',
               now(), 1, 1
          FROM generate_series(1, %(count)s) AS n
        RETURNING id
        """,
        company=env.company.id,
        team=team.id,
        stage=env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new").id,
        severities=[critical.id, non_critical.id],
        policy=policy.id,
        origin=fields.Datetime.now() - timedelta(hours=1),
        count=TICKETS,
    )
)
tickets = env["helpdesk.ticket"].browse([row[0] for row in env.cr.fetchall()])


def measure(label, function):
    env.invalidate_all()
    queries = env.cr.sql_log_count
    started = time.perf_counter()
    function()
    env.flush_all()
    elapsed = time.perf_counter() - started
    print(f"{label}: {elapsed:.2f} s, {env.cr.sql_log_count - queries} queries")
    return elapsed


print(f"Deadlines of {TICKETS} open tickets, one batch each")
oca = measure("OCA helpdesk_mgmt_sla set_sla() (2 SLAs per ticket)", tickets.set_sla)
ours = measure(
    "support_entitlements _sla_recompute() (1.5 targets, 2 clauses on critical)",
    tickets._sla_recompute,
)
print(f"ratio ours/OCA: {ours / oca:.2f}")
env.cr.rollback()
