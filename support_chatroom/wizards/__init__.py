from . import support_archive_ticket_wizard
