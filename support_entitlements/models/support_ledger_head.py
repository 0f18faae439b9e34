# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL


class SupportLedgerHead(models.Model):
    """The head of one customer's hash chain in a company: its last
    sequence number and hash.

    Each customer's movements form their own chain, so a posting locks only
    its customer's head: postings of different customers never wait for,
    nor conflict with, each other, while two postings of one customer run
    one after the other. Under PostgreSQL's repeatable read, taking the lock
    also fails (and the caller's transaction is retried) when another
    posting of the customer committed after this transaction began, so
    balances read after the lock are current.

    A new chain starts from its company's ``support.ledger.chain``: the end
    of the company-wide chain of the movements hashed before customers had
    chains of their own (nothing, on a new database).
    """

    _name = "support.ledger.head"
    _description = "Support Ledger Head of a Customer"
    _log_access = False
    _rec_name = "partner_id"

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True
    )
    last_sequence = fields.Integer(readonly=True)
    last_hash = fields.Char(readonly=True)

    _sql_constraints = [
        (
            "customer_unique",
            "UNIQUE(company_id, partner_id)",
            "One chain per customer and company.",
        ),
    ]

    @api.model
    def _lock_sql(self, company_id, partner_id):
        """The statement locking an existing head of a customer, returning
        (last_sequence, last_hash), or no row when the customer has no
        chain yet (``_lock`` creates it); also usable as a WITH query.

        Every posting of a ticket or a time entry runs it: one row, no join,
        and a row lock rather than an update, so that a transaction posting
        many times for a customer (an import, a batch of time entries) does
        not leave a version of the head behind at each posting."""
        return SQL(
            """
            SELECT head.last_sequence, head.last_hash
              FROM support_ledger_head head
             WHERE head.company_id = %(company)s AND head.partner_id = %(partner)s
               FOR UPDATE
            """,
            company=company_id,
            partner=partner_id,
        )

    @api.model
    def _create_heads_sql(self, keys):
        """One statement creating the heads of ``keys`` [(company_id,
        partner_id)] from their company's start, or locking them if another
        transaction created them meanwhile; returns (last_sequence,
        last_hash, company_id, partner_id) per key, the keys taken in a
        fixed order."""
        keys = sorted(set(keys))
        return SQL(
            """
            INSERT INTO support_ledger_head
                   (company_id, partner_id, last_sequence, last_hash)
            SELECT t.company_id, t.partner_id,
                   COALESCE(start.last_sequence, 0), COALESCE(start.last_hash, '')
              FROM unnest(%s::int[], %s::int[]) WITH ORDINALITY
                   AS t(company_id, partner_id, position)
         LEFT JOIN support_ledger_chain start ON start.company_id = t.company_id
          ORDER BY t.position
            ON CONFLICT (company_id, partner_id)
            DO UPDATE SET last_sequence = support_ledger_head.last_sequence
            RETURNING last_sequence, last_hash, company_id, partner_id
            """,
            [company_id for company_id, _partner_id in keys],
            [partner_id for _company_id, partner_id in keys],
        )

    @api.model
    def _lock(self, company_id, partner_id):
        """Lock a customer's head, creating it if the customer has no chain
        yet; return (last sequence, last hash)."""
        self.env.cr.execute(self._lock_sql(company_id, partner_id))
        row = self.env.cr.fetchone()
        if row is None:
            row = self._lock_many([(company_id, partner_id)])[company_id, partner_id]
        return tuple(row)

    @api.model
    def _lock_many(self, keys):
        """Lock the heads of ``keys`` [(company_id, partner_id)], creating
        those that do not exist yet: {(company_id, partner_id): [last
        sequence, last hash]}. Existing heads are locked in a fixed order
        (no deadlock between two postings that lock several heads), with a
        row lock rather than an update (see ``_lock_sql``)."""
        keys = sorted(set(keys))
        self.env.cr.execute(
            SQL(
                """
                SELECT head.company_id, head.partner_id, head.last_sequence,
                       head.last_hash
                  FROM support_ledger_head head
                  JOIN unnest(%s::int[], %s::int[]) AS t(company_id, partner_id)
                       ON head.company_id = t.company_id
                      AND head.partner_id = t.partner_id
              ORDER BY head.company_id, head.partner_id
                   FOR UPDATE OF head
                """,
                [company_id for company_id, _partner_id in keys],
                [partner_id for _company_id, partner_id in keys],
            )
        )
        heads = {
            (company_id, partner_id): [sequence, last_hash]
            for company_id, partner_id, sequence, last_hash in self.env.cr.fetchall()
        }
        if missing := [key for key in keys if key not in heads]:
            self.env.cr.execute(self._create_heads_sql(missing))
            heads.update(
                ((company_id, partner_id), [sequence, last_hash])
                for sequence, last_hash, company_id, partner_id in (
                    self.env.cr.fetchall()
                )
            )
        return heads

    @api.model
    def _advance_arrays(self, heads):
        """The heads ``heads`` {(company_id, partner_id): (sequence, hash)}
        as four arrays (companies, customers, sequences, hashes), in a fixed
        order: what ``_advance_statement`` takes."""
        keys = sorted(heads)
        return (
            [key[0] for key in keys],
            [key[1] for key in keys],
            [heads[key][0] for key in keys],
            [heads[key][1] for key in keys],
        )

    @api.model
    def _advance_sql(self, heads):
        """The statement moving the heads ``heads`` {(company_id,
        partner_id): (sequence, hash)} forward (the writer runs it with the
        balances it keeps, in one statement); the caller holds their locks.
        Invalidate the model's cache after running it."""
        return self._advance_statement(
            *(
                SQL(f"%s::{array_type}", values)
                for array_type, values in zip(
                    ("int[]", "int[]", "int[]", "varchar[]"),
                    self._advance_arrays(heads),
                    strict=True,
                )
            )
        )

    @api.model
    def _advance_statement(self, companies, partners, sequences, hashes):
        """``_advance_sql`` over four array expressions (parameters, or the
        arguments of the writer's database function)."""
        return SQL(
            """
            UPDATE support_ledger_head head
               SET last_sequence = t.last_sequence, last_hash = t.last_hash
              FROM unnest(%s, %s, %s, %s)
                   AS t(company_id, partner_id, last_sequence, last_hash)
             WHERE head.company_id = t.company_id
               AND head.partner_id = t.partner_id
            """,
            companies,
            partners,
            sequences,
            hashes,
        )
