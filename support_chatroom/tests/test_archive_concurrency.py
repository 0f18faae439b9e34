# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two agents archive the same room message at the same time: one ticket.

Like the suite's ledger concurrency tests, these transactions commit through
their own cursors (a TransactionCase would hide the race inside one
transaction); the test database is rebuilt for each run.
"""

import threading
import uuid
from functools import partial

import pytest

import odoo
from odoo import SUPERUSER_ID, api
from odoo.service.model import retrying
from odoo.tests import new_test_user
from odoo.tools import config


def _registry():
    return odoo.modules.registry.Registry(config["db_name"])


def _setup():
    tag = uuid.uuid4().hex[:8]
    with _registry().cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        customer = env["res.partner"].create(
            {"name": f"Concurrent {tag}", "is_company": True}
        )
        contact = env["res.partner"].create(
            {"name": f"Contact {tag}", "parent_id": customer.id}
        )
        project = env["support.project"].create(
            {"name": f"Project {tag}", "partner_id": customer.id}
        )
        agents = env["res.users"]
        for index in range(2):
            agents |= new_test_user(
                env,
                login=f"room_agent_{index}_{tag}",
                groups="base.group_user,support_entitlements.group_support_agent",
                email=f"room_agent_{index}_{tag}@example.com",
            )
        project.channel_id._add_members(users=agents, post_joined_message=False)
        message = project.channel_id.message_post(
            body="Both of you, please archive this",
            author_id=contact.id,
            message_type="comment",
            attachments=[("spec.txt", b"the spec")],
        )
        # each agent opened the dialog (its own request) before both click
        wizard_ids = [
            env["support.archive.ticket.wizard"]
            .with_user(agent)
            .create({"message_id": message.id, "name": "Spec"})
            .id
            for agent in agents
        ]
        return message.id, list(zip(agents.ids, wizard_ids, strict=True))


def _archive_concurrently(clicks):
    registry = _registry()
    barrier = threading.Barrier(len(clicks))
    errors = []

    def archive(agent_id, wizard_id):
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, agent_id, {"tracking_disable": True})
                wizard = env["support.archive.ticket.wizard"].browse(wizard_id)
                barrier.wait(timeout=30)
                retrying(partial(wizard.action_archive), env)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=archive, args=click) for click in clicks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors


@pytest.mark.allowed_error_log("could not serialize access due to concurrent update")
def test_concurrent_archives_make_one_ticket():
    message_id, clicks = _setup()
    _archive_concurrently(clicks)
    with _registry().cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        message = env["mail.message"].browse(message_id)
        tickets = env["helpdesk.ticket"].search(
            [("support_message_ids", "in", message.ids)]
        )
        project_tickets = env["helpdesk.ticket"].search(
            [("name", "=", "Spec"), ("support_project_id", "!=", False)]
        )
        assert len(tickets) == 1
        assert (
            project_tickets.filtered(
                lambda t: t.support_project_id.channel_id.id == message.res_id
            )
            == tickets
        ), "no second ticket for the same message"
        attachments = env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", tickets.id)]
        )
        assert attachments.mapped("name") == ["spec.txt"]
        channel = env["discuss.channel"].browse(message.res_id)
        notices = channel.message_ids.filtered(
            lambda m: "Archived into ticket" in (m.body or "")
        )
        assert len(notices) == 1
