from . import test_support_room
from . import test_support_onboarding
from . import test_archive_ticket
from . import test_support_portal
from . import test_support_tour
