# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class SupportPostingMixin(models.AbstractModel):
    """A document whose state decides what it holds on the support ledger.

    The protocol lives here, once: for each document, customers' chains
    locked in one order (two batches never wait for each other crosswise),
    lock the customer's chain, read what the document holds now, compare it
    with what it should hold, turn each difference into movements (taken
    from the customer's lots, or given back to them) and post them through
    the one writer. History is never rewritten: a change is a new movement.

    A document says, through its hooks, whose ledger it posts to
    (``_support_posting_customer``), what it holds now
    (``_support_posting_read``), what it should hold
    (``_support_posting_targets``) and how a difference becomes movements
    (``_support_posting_moves``). The ticket's points, a time entry's
    minutes, a sale line's credits and a manager's adjustment use it.
    """

    _name = "support.posting.mixin"
    _description = "Document posting to the support ledger"

    def _support_posting_customer(self):
        """(company, commercial partner) whose ledger the document posts to;
        an empty partner: the document posts nothing."""
        raise NotImplementedError

    def _support_posting_read(self, company, partner, **options):
        """Lock the customer's chain and read what the document holds.

        Returns a dict the other hooks share: ``head`` (what the lock
        returned, or None when the writer should lock again because the
        hooks posted something themselves) and, per key (a unit, or a
        state such as held / spent), ``holdings[key] = {lot_id: amount}``,
        lots ordered earliest expiry first. The default locks and holds
        nothing; a document reads its movements here.
        """
        self.ensure_one()
        head = self.env["support.ledger.head"]._lock(company.id, partner.id)
        return {"head": head, "holdings": {}}

    def _support_posting_targets(self, posting, **options):
        """[(key, amount)]: what the document should hold per key, in the
        order the differences are posted."""
        raise NotImplementedError

    def _support_posting_moves(self, posting, key, delta, **options):
        """Movements (dicts for ``support.movement._post``, without company
        and customer) bringing what the document holds under ``key`` by
        ``delta`` (positive: take, negative: give back). None when it
        cannot (points or time short): what earlier keys computed is posted,
        nothing more, and the document counts as not in line."""
        raise NotImplementedError

    def _support_post_targets(self, **options):
        """Bring every document's holdings in line with its targets.

        ``options`` go to the hooks (arguments, not context keys: a client
        could send those). Returns False when a document could not be
        brought in line (it waits, e.g. for points), True otherwise.
        """
        movements = self.env["support.movement"]
        in_line = True
        documents = []
        for document in self:
            company, partner = document._support_posting_customer()
            if partner:
                documents.append((company, partner, document))
        documents.sort(key=lambda row: (row[0].id, row[1].id, row[2].id))
        for company, partner, document in documents:
            posting = document._support_posting_read(company, partner, **options)
            vals_list = []
            for key, target in document._support_posting_targets(posting, **options):
                delta = target - sum(posting["holdings"].get(key, {}).values())
                if not delta:
                    continue
                moves = document._support_posting_moves(posting, key, delta, **options)
                if moves is None:
                    in_line = False
                    break
                vals_list += moves
            common = {"company_id": company.id, "partner_id": partner.id}
            movements._post(
                [dict(common, **vals) for vals in vals_list], head=posting["head"]
            )
        return in_line
