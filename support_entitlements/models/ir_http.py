# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.http import request

from ..controllers.replica import note_write


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _post_dispatch(cls, response):
        # a request that may have written: this session's next pages read
        # from the primary for a while (controllers/replica.py); before the
        # dispatcher's post_dispatch, which saves the session
        if request.httprequest.method not in ("GET", "HEAD", "OPTIONS") and not (
            request.env.cr.readonly
        ):
            note_write()
        return super()._post_dispatch(response)

    @classmethod
    def _serve_fallback(cls):
        # A page not found is looked up as an attachment's URL; a path with a
        # NUL (e.g. /support/nps/%00) is no URL the database can compare, and
        # would turn the 404 into a 500.
        if "\x00" in request.httprequest.path:
            return None
        return super()._serve_fallback()
