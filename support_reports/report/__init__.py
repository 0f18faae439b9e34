from . import support_sales_report
from . import support_sla_report
from . import support_tag_report
