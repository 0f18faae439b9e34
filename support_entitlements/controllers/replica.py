# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Which of the suite's pages may read from a PostgreSQL replica.

Odoo runs a route whose ``readonly`` is true on the server given by
``db_replica_host`` / ``db_replica_port`` (on the primary when none is set).
A streaming replica replays the primary's changes a moment later, so the
suite reads its own writes: a session that has just changed something (a
cost approved, an item ticked, a message posted, anything but a GET) reads
its next pages from the primary for ``REPLICA_GRACE`` seconds, and the page
shown after a change shows it.
"""

import time

from odoo.http import request
from odoo.tools import config

REPLICA_GRACE = 10
SESSION_KEY = "support_suite_wrote_at"


def replica_allowed(_controller=None):
    """``readonly=`` of the suite's pages that only read."""
    wrote_at = request.session.get(SESSION_KEY)
    return not wrote_at or not 0 <= time.time() - wrote_at <= REPLICA_GRACE


def note_write():
    """Remember that this session wrote, when a replica is in use."""
    if config["db_replica_host"] is not False and request.session.uid:
        request.session[SESSION_KEY] = time.time()
