from . import support_archive_ticket_wizard
from . import support_order_override_wizard
from . import support_setup_meeting_wizard
