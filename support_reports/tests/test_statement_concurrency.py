# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two workers running the monthly statement job send one statement.

The test commits its customer through its own cursor (a TransactionCase would
hide the concurrency inside one transaction); the test database is rebuilt for
each run, and the customer's name is unique so that a reused one still works.
"""

import threading
import uuid

import pytest

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import config


def _registry():
    return odoo.modules.registry.Registry(config["db_name"])


@pytest.mark.allowed_error_log("could not serialize access due to concurrent update")
def test_two_workers_send_one_statement():
    tag = uuid.uuid4().hex[:8]
    registry = _registry()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        customer = env["res.partner"].create(
            {
                "name": f"Statement {tag}",
                "is_company": True,
                "email": f"statement-{tag}@example.com",
                "support_statement_opt_in": True,
            }
        )
        plan = env["support.plan"].create({"name": f"Plan {tag}"})
        env["support.subscription"]._subscribe(customer, plan)
        customer_id = customer.id
    barrier = threading.Barrier(2)
    errors = []
    claims = []

    def run_job():
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                barrier.wait(timeout=30)
                sent = env["support.statement"]._cron_send_monthly_statements()
                claims.append(
                    sent.filtered(lambda s: s.partner_id.id == customer_id).ids
                )
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run_job) for _index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert sorted(len(ids) for ids in claims) == [0, 1], claims
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        statements = env["support.statement"].search([("partner_id", "=", customer_id)])
        assert len(statements) == 1
        mails = env["mail.mail"].search(
            [("model", "=", "support.statement"), ("res_id", "=", statements.id)]
        )
        assert len(mails) == 1, "one email, not one per worker"
