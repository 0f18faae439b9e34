from . import test_sales_report
from . import test_sla_report
from . import test_tracking_report
