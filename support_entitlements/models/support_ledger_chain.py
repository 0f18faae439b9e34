# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import json
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class SupportLedgerChain(models.Model):
    """A company's ledger: where its customers' chains start, its seal, and
    the outcome of its last integrity check.

    ``last_sequence`` and ``last_hash`` end the company-wide chain of the
    movements hashed before each customer had a chain of their own (hash
    version 1, see the migration to 18.0.1.1.0); every customer's chain
    (``support.ledger.head``) starts from them, and they never change.

    The seal is a chain over the customers' heads: sealing records every
    head (customer, sequence, hash) and hashes the list with the previous
    seal, so that a customer's whole chain, or its head, removed since is
    found by the integrity check.
    """

    _name = "support.ledger.chain"
    _description = "Support Ledger of a Company"
    _log_access = False
    _rec_name = "company_id"

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    last_sequence = fields.Integer(
        string="Movements before customer chains", readonly=True
    )
    last_hash = fields.Char(readonly=True)
    head_count = fields.Integer(string="Customers", compute="_compute_head_count")
    seal_date = fields.Datetime(string="Sealed on", readonly=True)
    seal_hash = fields.Char(readonly=True)
    seal_previous_hash = fields.Char(readonly=True)
    seal_heads = fields.Json(readonly=True)
    last_check_date = fields.Datetime(readonly=True)
    last_check_count = fields.Integer(string="Movements checked", readonly=True)
    is_broken = fields.Boolean(string="Broken", readonly=True)
    broken_sequence = fields.Integer(
        string="First broken movement",
        readonly=True,
        help="Sequence number of the first movement whose hash does not match, "
        "found by the last integrity check; 0 when the ledger is intact.",
    )
    broken_partner_id = fields.Many2one(
        "res.partner",
        string="Broken chain of",
        readonly=True,
        help="The customer whose chain holds that movement.",
    )
    broken_balance = fields.Boolean(
        string="Balance changed",
        readonly=True,
        help="The last check found a balance kept on a lot or a customer that "
        "differs from the sum of its movements.",
    )
    broken_lot_id = fields.Many2one(
        "support.lot",
        string="Changed lot",
        readonly=True,
        help="The lot whose balance differs (empty: the customer's total).",
    )
    broken_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Changed ticket",
        readonly=True,
        help="The ticket whose points held or spent differ from its movements.",
    )

    _sql_constraints = [
        ("company_unique", "UNIQUE(company_id)", "One ledger per company."),
    ]

    def _compute_head_count(self):
        counts = dict(
            self.env["support.ledger.head"]
            .sudo()
            ._read_group(
                [("company_id", "in", self.company_id.ids)],
                ["company_id"],
                ["__count"],
            )
        )
        for ledger in self:
            ledger.head_count = counts.get(ledger.company_id, 0)

    @api.model
    def _get_ledger(self, company):
        """The company's ledger, created on first use (its chains then start
        from nothing)."""
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO support_ledger_chain (company_id, last_sequence, last_hash)
                VALUES (%s, 0, '')
                ON CONFLICT (company_id) DO NOTHING
                """,
                company.id,
            )
        )
        return self.sudo().search([("company_id", "=", company.id)])

    @staticmethod
    def _seal_digest(heads, previous):
        payload = json.dumps(heads, sort_keys=True, separators=(",", ":"))
        return (
            "$2$"
            + hashlib.sha256(f"{previous or ''}\x1f{payload}".encode()).hexdigest()
        )

    def _seal(self):
        """Record every customer head of the company and chain the record to
        the previous seal."""
        for ledger in self:
            self.env.cr.execute(
                SQL(
                    """
                    SELECT partner_id, last_sequence, last_hash
                      FROM support_ledger_head
                     -- the heads that moved: a head locked but never posted
                     -- to still holds its start, which is no movement of its
                     WHERE company_id = %s AND last_hash LIKE %s
                    """,
                    ledger.company_id.id,
                    "$%",
                )
            )
            heads = {
                str(partner_id): [sequence, last_hash]
                for partner_id, sequence, last_hash in self.env.cr.fetchall()
            }
            ledger.sudo().write(
                {
                    "seal_heads": heads,
                    "seal_previous_hash": ledger.seal_hash,
                    "seal_hash": self._seal_digest(heads, ledger.seal_hash),
                    "seal_date": fields.Datetime.now(),
                }
            )

    def _check_seal(self):
        """None when every head the last seal recorded is still there, with
        its movement; else (customer id, sequence number) of the first one
        missing."""
        self.ensure_one()
        heads = self.seal_heads or {}
        if not self.seal_hash:
            return None
        if self._seal_digest(heads, self.seal_previous_hash) != self.seal_hash:
            # the seal itself was changed: what it recorded cannot be trusted
            return (None, 0)
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                SELECT t.partner_id, t.sequence_number
                  FROM unnest(%s::int[], %s::int[], %s::varchar[])
                       AS t(partner_id, sequence_number, hash)
             LEFT JOIN support_ledger_head head
                    ON head.company_id = %s AND head.partner_id = t.partner_id
             LEFT JOIN support_movement m
                    ON m.company_id = %s AND m.partner_id = t.partner_id
                   AND m.sequence_number = t.sequence_number
                 WHERE t.sequence_number > 0
                   AND (head.id IS NULL OR head.last_sequence < t.sequence_number
                        OR m.hash IS DISTINCT FROM t.hash)
              ORDER BY t.partner_id
                 LIMIT 1
                """,
                [int(partner_id) for partner_id in heads],
                [value[0] for value in heads.values()],
                [value[1] for value in heads.values()],
                self.company_id.id,
                self.company_id.id,
            )
        )
        missing = cr.fetchone()
        return tuple(missing) if missing else None

    def _check_manager(self):
        # any reader may call a public method: checking the whole ledger of a
        # company (and recording it) is the support managers' audit
        if not self.env.user.has_group("support_entitlements.group_support_manager"):
            raise AccessError(
                self.env._("Only support managers check the ledger's integrity.")
            )

    def action_check_integrity(self):
        """Check each selected company's ledger and record the outcome; an
        intact ledger is sealed (never one found broken: sealing it would
        hide what was removed)."""
        self._check_manager()
        movements = self.env["support.movement"]
        for ledger in self:
            result = movements._check_chain_integrity(ledger.company_id)
            broken = result["broken_sequence"] is not None or bool(
                result.get("broken_balance")
            )
            ledger.sudo().write(
                {
                    "last_check_date": fields.Datetime.now(),
                    "last_check_count": result["checked"],
                    "is_broken": broken,
                    "broken_sequence": result["broken_sequence"] or 0,
                    "broken_partner_id": result["broken_partner_id"],
                    "broken_balance": bool(result.get("broken_balance")),
                    "broken_lot_id": result.get("broken_lot_id", False),
                    "broken_ticket_id": result.get("broken_ticket_id", False),
                }
            )
            if broken:
                _logger.error(
                    "Support ledger of company %s is broken at movement %s of "
                    "customer %s (balance changed: %s, lot %s)",
                    ledger.company_id.id,
                    result["broken_sequence"],
                    result["broken_partner_id"],
                    ledger.broken_balance,
                    ledger.broken_lot_id.id,
                )
            else:
                ledger._seal()
        if len(self) == 1:
            broken = self.is_broken
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "danger" if broken else "success",
                    "sticky": bool(broken),
                    "message": (
                        self.env._(
                            "What the ledger keeps as the balance of %(customer)s "
                            "(%(what)s) no longer matches its movements: it was "
                            "changed.",
                            customer=self.broken_partner_id.display_name,
                            what=self.broken_lot_id.display_name
                            or self.broken_ticket_id.display_name
                            or self.env._("customer total"),
                        )
                        if broken and self.broken_balance
                        else self.env._(
                            "The ledger is broken at movement %(sequence)s of "
                            "%(customer)s.",
                            sequence=self.broken_sequence,
                            customer=self.broken_partner_id.display_name
                            or self.env._("the company"),
                        )
                        if broken and self.broken_sequence
                        else self.env._(
                            "The ledger's seal does not match what it recorded: "
                            "it was changed."
                        )
                        if broken
                        else self.env._(
                            "The ledger is intact (%(count)s movements checked).",
                            count=self.last_check_count,
                        )
                    ),
                },
            }
        return True

    @api.model
    def _cron_check_integrity(self):
        # every company that has movements has a ledger to check and seal
        companies = self.env["support.movement"].sudo()._read_group([], ["company_id"])
        for (company,) in companies:
            self._get_ledger(company)
        self.search([]).action_check_integrity()
