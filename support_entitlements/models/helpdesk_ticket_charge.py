# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class HelpdeskTicketCharge(models.Model):
    """The ledger follows the ticket: what it should hold or have spent,
    and the movements that bring the customer's points in line."""

    # one concern per file (see helpdesk_ticket.py)
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "helpdesk.ticket"

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
        posts nothing. Returns False when points were short and the ticket
        waits for them.
        """
        movements = self.env["support.movement"]
        heads = self.env["support.ledger.head"]
        all_synced = True
        # customers' heads are locked in one order (no deadlock between two
        # batches of tickets)
        for ticket in self.sorted(
            lambda ticket: (
                ticket.company_id.id,
                ticket.commercial_partner_id.id,
                ticket.id,
            )
        ):
            partner = ticket.commercial_partner_id
            if not partner:
                continue
            company = ticket.company_id
            target_held, target_spent = ticket._support_target_charge()
            held, spent = {}, {}
            expiries = {}
            # The customer's ledger lock comes with the first balances the ticket needs,
            # read in the same statement. Stored sums of zero: nothing held or
            # spent, no per-lot detail needed; the points to post (if any) come
            # from the customer's lots.
            detail = []
            customer_lots = None
            if ticket.points_captured or ticket.points_deducted:
                head, detail = movements._lock_and_lot_balances(
                    partner, "point", company, ticket=ticket
                )
            elif target_held or target_spent:
                head, customer_lots = movements._lock_and_lot_balances(
                    partner, "point", company, spendable=True
                )
            else:
                head = heads._lock(company.id, partner.id)
            for lot_id, available, captured, expiry in detail:
                held[lot_id] = captured
                spent[lot_id] = -available - captured
                expiries[lot_id] = expiry
            common = {
                "company_id": company.id,
                "partner_id": partner.id,
                "unit": "point",
                "ticket_id": ticket.id,
            }
            vals_list = []
            delta_spent = target_spent - sum(spent.values())
            if delta_spent > 0:
                spend = ticket._support_spend_values(
                    delta_spent, held, common, raise_if_short, customer_lots
                )
                if spend is None:
                    all_synced = False
                    continue
                vals_list += spend
                customer_lots = None  # spent from: a next allocation reads again
            elif delta_spent < 0:
                head = None  # a refund may credit a new lot, which posts first
                vals_list += ticket._support_refund_values(
                    -delta_spent, spent, expiries, common
                )
            delta_held = target_held - sum(held.values())
            if delta_held > 0:
                short_ok = raise_if_short is False or (
                    raise_if_short is None and not ticket.stage_id.support_work_stage
                )
                captures = ticket._support_allocate(
                    delta_held, not short_ok, customer_lots
                )
                if captures is None:
                    movements._post(vals_list, head=head)
                    if self.env.context.get("support_notify_waiting"):
                        ticket._support_notify_waiting(delta_held)
                    all_synced = False
                    continue
                for lot_id, take in captures:
                    vals_list.append(
                        dict(
                            common,
                            lot_id=lot_id,
                            kind="capture",
                            quantity=-take,
                            captured_quantity=take,
                        )
                    )
            elif delta_held < 0:
                # The ticket keeps the points that would expire soonest.
                for lot_id, give in movements._give_back(held, -delta_held):
                    vals_list.append(
                        dict(
                            common,
                            lot_id=lot_id,
                            kind="release",
                            quantity=give,
                            captured_quantity=-give,
                        )
                    )
            movements._post(vals_list, head=head)
        return all_synced

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
