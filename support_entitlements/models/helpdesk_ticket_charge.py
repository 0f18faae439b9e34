# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class HelpdeskTicketCharge(models.Model):
    """The ledger follows the ticket: what it should hold or have spent,
    and the movements that bring the customer's points in line."""

    # one concern per file (see helpdesk_ticket.py)
    # pylint: disable=consider-merging-classes-inherited
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "support.posting.mixin"]

    def _support_target_charge(self):
        """(points to hold, points spent) the ticket should have right now."""
        self.ensure_one()
        cost = self.points_cost
        if self.is_product_bug or cost <= 0 or not self.cost_approved_date:
            return 0, 0
        if self.stage_id.closed:
            return (
                (0, 0) if self.stage_id.support_cost_outcome == "release" else (0, cost)
            )
        return cost, 0

    def _support_overdraft_limit(self):
        self.ensure_one()
        return self._support_terms().get("overdraft_limit", 0)

    def _support_sync_charge(self, raise_if_short=None):
        """Post what brings the ledger in line with the ticket's state.

        Whatever the order or repetition of clicks, the ticket ends up with
        exactly its target captured and spent points: a second identical call
        posts nothing (the protocol: ``support.posting.mixin``). Returns
        False when points were short and the ticket waits for them.
        """
        return self._support_post_targets(raise_if_short=raise_if_short)

    # --- support.posting.mixin hooks ----------------------------------------------

    def _support_posting_customer(self):
        return self.company_id, self.commercial_partner_id

    def _support_posting_read(self, company, partner, **options):
        """The customer's ledger lock comes with the first balances the
        ticket needs, read in the same statement: its own held and spent
        points per lot if it has any (stored sums of zero: nothing held or
        spent, no per-lot detail needed), otherwise the customer's
        spendable lots if it is to take points."""
        movements = self.env["support.movement"]
        target_held, target_spent = self._support_target_charge()
        posting = {
            "targets": [("spent", target_spent), ("held", target_held)],
            "customer_lots": None,
            "expiries": {},
        }
        held, spent = {}, {}
        if self.points_captured or self.points_deducted:
            head, detail = movements._lock_and_lot_balances(
                partner, "point", company, ticket=self
            )
            for lot_id, available, captured, expiry in detail:
                held[lot_id] = captured
                spent[lot_id] = -available - captured
                posting["expiries"][lot_id] = expiry
        elif target_held or target_spent:
            head, posting["customer_lots"] = movements._lock_and_lot_balances(
                partner, "point", company, spendable=True
            )
        else:
            head = self.env["support.ledger.head"]._lock(company.id, partner.id)
        posting.update(head=head, holdings={"held": held, "spent": spent})
        return posting

    def _support_posting_targets(self, posting, **options):
        return posting["targets"]

    def _support_posting_moves(self, posting, key, delta, **options):
        raise_if_short = options.get("raise_if_short")
        common = {"unit": "point", "ticket_id": self.id}
        held = posting["holdings"]["held"]
        if key == "spent" and delta > 0:
            spend = self._support_spend_values(
                delta, held, common, raise_if_short, posting["customer_lots"]
            )
            # spent from: a next allocation reads the lots again
            posting["customer_lots"] = None
            return spend
        if key == "spent":
            # a refund may credit a new lot, which posts first
            posting["head"] = None
            return self._support_refund_values(
                -delta, posting["holdings"]["spent"], posting["expiries"], common
            )
        if delta > 0:
            short_ok = raise_if_short is False or (
                raise_if_short is None and not self.stage_id.support_work_stage
            )
            captures = self._support_allocate(
                delta, not short_ok, posting["customer_lots"]
            )
            if captures is None:
                if self.env.context.get("support_notify_waiting"):
                    self._support_notify_waiting(delta)
                return None
            return [
                dict(
                    common,
                    lot_id=lot_id,
                    kind="capture",
                    quantity=-take,
                    captured_quantity=take,
                )
                for lot_id, take in captures
            ]
        # The ticket keeps the points that would expire soonest.
        return [
            dict(
                common,
                lot_id=lot_id,
                kind="release",
                quantity=give,
                captured_quantity=-give,
            )
            for lot_id, give in self.env["support.movement"]._give_back(held, -delta)
        ]

    def _support_spend_values(
        self, quantity, held, common, raise_if_short, customer_lots=None
    ):
        """Movements spending points: deduct what is held first, then capture
        and deduct the rest. Updates ``held``; None when points are short.
        ``customer_lots``: as for ``_support_allocate``."""
        vals_list = []
        for lot_id in list(held):
            take = min(held[lot_id], quantity)
            if take > 0:
                vals_list.append(
                    dict(
                        common, lot_id=lot_id, kind="deduction", captured_quantity=-take
                    )
                )
                held[lot_id] -= take
                quantity -= take
        if quantity > 0:
            captures = self._support_allocate(
                quantity, raise_if_short is not False, customer_lots
            )
            if captures is None:
                return None
            for lot_id, take in captures:
                vals_list += [
                    dict(
                        common,
                        lot_id=lot_id,
                        kind="capture",
                        quantity=-take,
                        captured_quantity=take,
                    ),
                    dict(
                        common, lot_id=lot_id, kind="deduction", captured_quantity=-take
                    ),
                ]
        return vals_list

    def _support_allocate(self, quantity, raise_if_short, customer_lots=None):
        """[(lot_id, points)] to capture, earliest expiry first, or None if short.

        ``customer_lots``: the customer's lot balances if already read under
        the ledger lock (read here otherwise).
        """
        self.ensure_one()
        partner = self.commercial_partner_id
        allocation, usable = self.env["support.movement"]._allocate(
            partner,
            "point",
            self.company_id,
            quantity,
            self._support_overdraft_limit(),
            balances=customer_lots,
        )
        if allocation is None and raise_if_short:
            raise UserError(
                self.env._(
                    "%(customer)s has %(available)s points available and ticket "
                    "%(ticket)s needs %(needed)s: work waits until the customer "
                    "buys points.",
                    customer=partner.display_name,
                    available=max(usable, 0),
                    ticket=self.display_name,
                    needed=quantity,
                )
            )
        return allocation

    def _support_refund_values(self, quantity, spent, expiries, common):
        """Movements returning spent points to the lots they came from.

        A lot that has expired since cannot take points back (they would
        expire at once): those points come back as a new lot.
        """
        vals_list = []
        today = fields.Date.today()
        lots = self.env["support.lot"]
        for lot_id, give in self.env["support.movement"]._give_back(spent, quantity):
            if lot_id and expiries[lot_id] < today:
                lot = lots.browse(lot_id)
                lots._credit(
                    self.commercial_partner_id,
                    "point",
                    give,
                    "refund",
                    self.env._("Refund of %(ticket)s", ticket=self.display_name),
                    company=self.company_id,
                    validity_months=max(
                        1, round((lot.date_expiry - lot.date_purchase).days / 30.4)
                    ),
                    kind="refund",
                    ticket=self,
                )
            else:
                vals_list.append(
                    dict(common, lot_id=lot_id, kind="refund", quantity=give)
                )
        return vals_list

    def _support_notify_waiting(self, needed):
        self.ensure_one()
        self._support_tell_customer(
            self.env._(
                "Work on this ticket waits for %(needed)s points. Buy a point pack "
                "from your portal to let it start.",
                needed=needed,
            )
        )
