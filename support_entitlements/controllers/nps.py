# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import consteq

TOKEN = re.compile(r"[0-9a-f]{32}")


class SupportNpsController(http.Controller):
    """ "Would you recommend us?": the customer answers through the link of
    the mail, logged in or not; the token is the authority."""

    def _support_nps_or_404(self, token):
        if not isinstance(token, str) or not TOKEN.fullmatch(token):
            raise request.not_found()
        # sudo: the question is found by its secret token, checked below
        nps = (
            request.env["support.nps"]
            .sudo()
            .search([("access_token", "=", token)], limit=1)
        )
        if not nps or not consteq(nps.access_token, token):
            raise request.not_found()
        user = request.env.user
        if (
            not user._is_public()
            and user.share
            and user.commercial_partner_id != nps.commercial_partner_id
        ):
            # another customer's link: not theirs to answer
            raise request.not_found()
        return nps

    @http.route(
        "/support/nps/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def support_nps(self, token, score=None, **kw):
        nps = self._support_nps_or_404(token)
        preselect = score if isinstance(score, str) and score.isdigit() else None
        return self._support_render(nps, preselect=preselect)

    @http.route(
        "/support/nps/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def support_nps_answer(self, token, score=None, comment=None, **kw):
        nps = self._support_nps_or_404(token)
        try:
            nps._support_answer(score, comment)
        except UserError as error:
            return self._support_render(
                nps,
                error=error.args[0],
                preselect=score if isinstance(score, str) else None,
                comment=comment if isinstance(comment, str) else "",
            )
        return self._support_render(nps)

    def _support_render(self, nps, error=None, preselect=None, comment=""):
        return request.render(
            "support_entitlements.support_nps_page",
            {
                "nps": nps,
                "token": nps.access_token,
                "support_error": error,
                "preselect": preselect,
                "comment": comment,
                "scores": range(11),
            },
        )
