from . import test_sla
from . import test_sla_acknowledgement
from . import test_sla_dates
from . import test_sla_escalation
from . import test_sla_rules
from . import test_sla_security
