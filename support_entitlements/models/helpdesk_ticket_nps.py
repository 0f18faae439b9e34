# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import MissingError


class HelpdeskTicket(models.Model):
    """Once a ticket is closed its customer is asked, once, whether they
    would recommend us (support.nps)."""

    # one concern per file (see helpdesk_ticket.py)
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "helpdesk.ticket"

    support_nps_ids = fields.One2many(
        "support.nps", "ticket_id", string="Would you recommend us?"
    )

    def write(self, vals):
        if "stage_id" not in vals:
            return super().write(vals)
        stage_id = vals["stage_id"]
        if isinstance(stage_id, int) and not isinstance(stage_id, bool):
            # a stage that does not ask: nothing to look at (the common case)
            stage = self.env["helpdesk.ticket.stage"].browse(stage_id)
            try:
                asks = stage.closed and stage.support_ask_nps
            except MissingError:
                asks = True  # the write refuses it below
            if not asks:
                return super().write(vals)
        open_before = self.filtered(lambda ticket: not ticket.stage_id.closed)
        result = super().write(vals)
        closed = open_before.filtered(
            lambda ticket: ticket.stage_id.closed and ticket.stage_id.support_ask_nps
        )
        if closed:
            self.env["support.nps"]._support_ask(closed)
        return result
