from . import helpdesk_ticket
from . import portal
from . import nps
