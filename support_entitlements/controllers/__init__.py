from . import helpdesk_ticket
from . import portal
