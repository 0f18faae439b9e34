from . import support_tracking_report_wizard
