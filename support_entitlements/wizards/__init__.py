from . import support_ticket_cost_wizard
from . import support_adjustment_wizard
