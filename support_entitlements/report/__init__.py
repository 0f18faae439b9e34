from . import support_time_report
from . import support_statement_report
