# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class SupportLedgerChain(models.Model):
    """The head of a company's ledger: last sequence number and hash.

    Locking this row serialises every posting of the company, like Odoo's
    accounting serialises the hashing of posted entries. Under PostgreSQL's
    repeatable read, taking the lock also fails (and the caller's transaction
    is retried) when another posting committed after this transaction began,
    so balances read after ``_lock_ledger`` are current.
    """

    _name = "support.ledger.chain"
    _description = "Support Ledger Chain Head"
    _log_access = False
    _rec_name = "company_id"

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    last_sequence = fields.Integer(readonly=True)
    last_hash = fields.Char(readonly=True)
    last_check_date = fields.Datetime(readonly=True)
    last_check_count = fields.Integer(string="Movements checked", readonly=True)
    broken_sequence = fields.Integer(
        string="First broken movement",
        readonly=True,
        help="Sequence number of the first movement whose hash does not match, "
        "found by the last integrity check; 0 when the chain is intact.",
    )

    _sql_constraints = [
        ("company_unique", "UNIQUE(company_id)", "One ledger per company."),
    ]

    @api.model
    def _lock_ledger(self, company_id):
        """Lock the company's chain head; return (last sequence, last hash)."""
        self.env.cr.execute(self._lock_ledger_sql(company_id))
        return self.env.cr.fetchone()

    @api.model
    def _lock_ledger_sql(self, company_id):
        """The statement locking the company's chain head, returning
        (last_sequence, last_hash); also usable as a WITH query."""
        # One statement creates the head on first use and locks it: under
        # repeatable read, a head that another posting changed since this
        # transaction began raises a serialisation failure (and a retry).
        return SQL(
            """
            INSERT INTO support_ledger_chain (company_id, last_sequence, last_hash)
            VALUES (%s, 0, '')
            ON CONFLICT (company_id)
            DO UPDATE SET last_sequence = support_ledger_chain.last_sequence
            RETURNING last_sequence, last_hash
            """,
            company_id,
        )

    @api.model
    def _advance(self, company_id, sequence, last_hash):
        self.env.cr.execute(
            SQL(
                """
                UPDATE support_ledger_chain SET last_sequence = %s, last_hash = %s
                 WHERE company_id = %s
                """,
                sequence,
                last_hash,
                company_id,
            )
        )
        self.invalidate_model(["last_sequence", "last_hash"])

    def action_check_integrity(self):
        """Check each selected company's chain and record the outcome."""
        # any reader may call a public method: checking the whole chain of a
        # company (and recording it) is the support managers' audit
        if not self.env.user.has_group("support_entitlements.group_support_manager"):
            raise AccessError(
                self.env._("Only support managers check the ledger's integrity.")
            )
        movements = self.env["support.movement"]
        for head in self:
            result = movements._check_chain_integrity(head.company_id)
            head.sudo().write(
                {
                    "last_check_date": fields.Datetime.now(),
                    "last_check_count": result["checked"],
                    "broken_sequence": result["broken_sequence"] or 0,
                }
            )
            if result["broken_sequence"]:
                _logger.error(
                    "Support ledger of company %s is broken at movement %s",
                    head.company_id.id,
                    result["broken_sequence"],
                )
        if len(self) == 1:
            broken = self.broken_sequence
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "danger" if broken else "success",
                    "sticky": bool(broken),
                    "message": (
                        self.env._(
                            "The ledger is broken at movement %(sequence)s.",
                            sequence=broken,
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
        self.search([]).action_check_integrity()
