from . import test_ledger
from . import test_portal
from . import test_sale
from . import test_security
from . import test_ticket_charge
from . import test_time
