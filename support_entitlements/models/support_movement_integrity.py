# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .support_movement import (
    HASHED_FIELDS,
    MAX_HASH_VERSION,
    VERSIONED,
    hash_version,
    movement_hash,
)


class SupportMovementIntegrity(models.Model):
    """The check of every chain, the company's seal and the kept balances."""

    # the ledger by concern (see support_movement_balance.py)
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "support.movement"

    @api.model
    def _check_chain_integrity(self, company):
        """Recompute every chain of the company; return the first broken link.

        The company-wide chain of version-1 movements, then each customer's
        chain from where that one ends, each up to its head; then the
        company's seal, so that a customer's head or whole chain removed
        since the seal is found too; then the balances the writer keeps on
        lots and customers. Returns {"checked": n,
        "broken_sequence": None or the sequence number of the first
        movement whose hash, link or place does not match,
        "broken_partner_id": the customer of that chain, if any}, and
        "broken_balance": True with "broken_lot_id" (or False: the
        customer's own balance) when a kept balance differs from the
        movements.
        """
        if not (
            self.env.su
            or self.env.user.has_group("support_entitlements.group_support_manager")
        ):
            raise AccessError(
                self.env._("Only support managers can check the ledger's integrity.")
            )
        self.env["support.movement"].flush_model()
        ledger = (
            self.env["support.ledger.chain"]
            .sudo()
            .search([("company_id", "=", company.id)])
        )
        start = (ledger.last_sequence or 0, ledger.last_hash or "")
        cr = self.env.cr
        # version 1: one chain for the whole company, ending at the start
        checked, broken = self._check_links(
            SQL(
                "company_id = %s AND COALESCE(hash, '') NOT LIKE %s",
                company.id,
                VERSIONED,
            ),
            (0, ""),
            start,
        )
        if broken:
            return {
                "checked": checked,
                "broken_sequence": broken,
                "broken_partner_id": None,
            }
        # a movement outside every walk: without a place, or versioned in a
        # place the customers' chains start after
        cr.execute(
            SQL(
                """
                SELECT partner_id, COALESCE(sequence_number, 0)
                  FROM support_movement
                 WHERE company_id = %s
                   AND (sequence_number IS NULL
                        OR (hash LIKE %s AND sequence_number <= %s))
              ORDER BY partner_id, sequence_number NULLS FIRST
                 LIMIT 1
                """,
                company.id,
                VERSIONED,
                start[0],
            )
        )
        stray = cr.fetchone()
        if stray:
            return {
                "checked": checked,
                "broken_sequence": stray[1],
                "broken_partner_id": stray[0],
            }
        # version 2: each customer's chain, from the start to its head
        cr.execute(
            SQL(
                """
                SELECT partner_id, last_sequence, last_hash FROM support_ledger_head
                 WHERE company_id = %(company)s
                 UNION
                SELECT DISTINCT partner_id, NULL::int, NULL::varchar
                  FROM support_movement
                 WHERE company_id = %(company)s AND hash LIKE %(versioned)s
                   AND partner_id NOT IN (
                       SELECT partner_id FROM support_ledger_head
                        WHERE company_id = %(company)s)
              ORDER BY 1
                """,
                company=company.id,
                versioned=VERSIONED,
            )
        )
        for partner_id, last_sequence, last_hash in cr.fetchall():
            if last_sequence is None:
                # movements whose head was removed
                last_sequence, last_hash = -1, ""
            count, broken = self._check_links(
                SQL(
                    "company_id = %s AND partner_id = %s AND hash LIKE %s",
                    company.id,
                    partner_id,
                    VERSIONED,
                ),
                start,
                (last_sequence, last_hash),
            )
            checked += count
            if broken:
                return {
                    "checked": checked,
                    "broken_sequence": broken,
                    "broken_partner_id": partner_id,
                }
        broken_seal = ledger._check_seal() if ledger else None
        if broken_seal:
            partner_id, sequence = broken_seal
            return {
                "checked": checked,
                "broken_sequence": sequence,
                "broken_partner_id": partner_id,
            }
        # what the writer keeps on lots, customers and tickets, against the
        # movements
        broken_balance = self.env["support.ledger.balance"]._check(company)
        if broken_balance:
            partner_id, lot_id, ticket_id = broken_balance
            return {
                "checked": checked,
                "broken_sequence": None,
                "broken_partner_id": partner_id,
                "broken_lot_id": lot_id or False,
                "broken_ticket_id": ticket_id or False,
                "broken_balance": True,
            }
        return {"checked": checked, "broken_sequence": None, "broken_partner_id": None}

    @api.model
    def _check_links(self, where, start, end):
        """Walk the movements matching ``where`` in sequence order from
        ``start`` (sequence, hash) and check each link and hash, then that
        the walk ends at ``end``. Returns (movements checked, None or the
        first broken sequence number)."""
        fields_by_version = {MAX_HASH_VERSION: self._get_integrity_hash_fields()}
        names = list(HASHED_FIELDS)
        names += [
            name for name in fields_by_version[MAX_HASH_VERSION] if name not in names
        ]
        columns = SQL(", ").join(SQL.identifier(name) for name in names)
        expected_sequence, last_hash = start[0] + 1, start[1]
        checked = 0
        batch = 10000
        after = start[0]
        while True:
            self.env.cr.execute(
                SQL(
                    """
                    SELECT %(columns)s, previous_hash, hash
                      FROM support_movement
                     WHERE %(where)s AND sequence_number > %(after)s
                  ORDER BY sequence_number
                     LIMIT %(limit)s
                    """,
                    columns=columns,
                    where=where,
                    after=after,
                    limit=batch,
                )
            )
            rows = self.env.cr.fetchall()
            if not rows:
                break
            for row in rows:
                values = dict(zip(names, row, strict=False))
                previous_hash, stored_hash = row[-2], row[-1]
                version = hash_version(stored_hash)
                hashed = fields_by_version.get(version, HASHED_FIELDS)
                if (
                    values["sequence_number"] != expected_sequence
                    or (previous_hash or "") != last_hash
                    or movement_hash(values, last_hash, version, hashed) != stored_hash
                ):
                    return checked, expected_sequence
                last_hash = stored_hash
                checked += 1
                expected_sequence += 1
            after = rows[-1][names.index("sequence_number")]
        if (expected_sequence - 1, last_hash) != tuple(end):
            # movements were deleted from the end of the chain
            return checked, expected_sequence
        return checked, None
