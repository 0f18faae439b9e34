from . import test_support_room
from . import test_support_onboarding
from . import test_archive_ticket
from . import test_support_portal
from . import test_support_tour
from . import test_in_use
from . import test_input_limits
