# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fields that change only through the method that enforces their rule.

Approving a cost, disputing it, marking a product bug, and the figures the
ledger keeps (points captured and deducted, minutes charged) are business
actions, not values to type in. The methods that own them check who may act,
then write through ``sudo()``: a superuser environment is what no client can
send (XML-RPC, JSON-RPC and imports run as their user), unlike a context key,
so it is the authority here.
"""

from odoo.exceptions import UserError


def check_action_fields(records, vals, guarded, create=False, defaults=None):
    """Refuse ``vals`` when it writes one of ``guarded`` outside its action;
    on ``create``, an empty value (what a form sends for them) or the value
    in ``defaults`` (e.g. a new item's state, to do) is no write."""
    defaults = defaults or {}
    names = {
        name
        for name in guarded & vals.keys()
        if not create
        or (vals[name] not in (False, None, "") and vals[name] != defaults.get(name))
    }
    if not names or records.env.su:
        return
    env = records.env
    labels = sorted(records._fields[name]._description_string(env) for name in names)
    raise UserError(
        env._(
            "%(fields)s cannot be written directly: use the action that changes "
            "them (such as Approve the cost, Dispute, Mark as done or Close the "
            "phase), which checks who may do it; ledger figures follow the ledger.",
            fields=", ".join(labels),
        )
    )


def ensure_one_action(records):
    """An action of one record, called on none or several (any client may):
    a sentence instead of Odoo's "Expected singleton"."""
    if len(records) != 1:
        raise UserError(
            records.env._(
                "This action works on one record at a time, not %(count)s.",
                count=len(records),
            )
        )
