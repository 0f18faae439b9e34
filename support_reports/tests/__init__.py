from . import test_digest
from . import test_proposal_tour
from . import test_proposals
from . import test_sales_report
from . import test_sla_report
from . import test_tags
from . import test_tracking_report
