from . import helpdesk_ticket
