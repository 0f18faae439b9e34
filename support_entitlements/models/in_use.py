# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Configuration that tickets or their history point to is archived, not
deleted: deleting it would take the tickets' severity, SLA lines, breach
history or escalations with it."""

from odoo.exceptions import UserError


def check_not_in_use(records, uses, archivable=True, hint=None):
    """Refuse to delete ``records`` while a record of ``uses`` (model, field)
    points to one of them, saying what uses it; ``hint`` says what to do
    instead when the records cannot be archived."""
    env = records.env
    for model, field in uses:
        # every use counts, whichever company or customer it belongs to and
        # whether the reader could see it: sudo, and archived records too
        count = (
            env[model]
            .sudo()
            .with_context(active_test=False)
            .search_count([(field, "in", records.ids)])
        )
        if not count:
            continue
        names = ", ".join(records.mapped("display_name"))
        what = env["ir.model"]._get(model).name
        if archivable:
            raise UserError(
                env._(
                    "%(records)s cannot be deleted: %(count)s %(what)s use it. "
                    "Archive it instead; what uses it keeps its history.",
                    records=names,
                    count=count,
                    what=what,
                )
            )
        message = env._(
            "%(records)s cannot be deleted: %(count)s %(what)s use it.",
            records=names,
            count=count,
            what=what,
        )
        raise UserError(f"{message} {hint}" if hint else message)
