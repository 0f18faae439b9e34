# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _name = "helpdesk.ticket.stage"
    _inherit = ["helpdesk.ticket.stage", "support.input.limits"]

    support_work_stage = fields.Boolean(
        string="Work in progress",
        help="A ticket with a cost in points enters this stage only once the "
        "customer approved the cost and the points are captured.",
    )
    support_ask_nps = fields.Boolean(
        string="Ask whether they would recommend us",
        default=True,
        help="Closing a ticket in this stage asks its customer, once, whether "
        "they would recommend you. Off for stages that close without a "
        "solution (cancelled, rejected): the one question is kept for a "
        "ticket that is solved.",
    )
    support_cost_outcome = fields.Selection(
        [
            ("deduct", "Deduct the captured points"),
            ("release", "Release the captured points"),
        ],
        string="Points on closing",
        default="deduct",
        help="For a closing stage: whether closing charges the captured points "
        "(solved) or gives them back (cancelled, rejected).",
    )
    sla_pause = fields.Boolean(
        string="Waiting for customer",
        help="Time spent in this stage does not count towards SLA deadlines; "
        "the clock resumes when the customer replies or the stage changes.",
    )
