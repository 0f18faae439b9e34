# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    sla_pause = fields.Boolean(
        string="Waiting for customer",
        help="Time spent in this stage does not count towards SLA deadlines; "
        "the clock resumes when the customer replies or the stage changes.",
    )
