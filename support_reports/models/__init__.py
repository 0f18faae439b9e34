from . import digest_digest
from . import res_company
from . import res_config_settings
from . import res_partner
from . import support_digest
from . import support_focus_tag
from . import support_proposal
from . import support_statement
