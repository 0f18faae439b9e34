from . import support_proposal_mention_wizard
from . import support_tracking_report_wizard
