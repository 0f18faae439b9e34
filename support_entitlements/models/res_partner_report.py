# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .res_partner import REPORT_FIRST_DAY, REPORT_LAST_DAY


class ResPartnerReport(models.Model):
    """Who may print a customer's support reports, and over which period."""

    # one concern per file, as the ticket model
    # pylint: disable=consider-merging-classes-inherited
    _inherit = "res.partner"

    @api.model
    def _support_report_scope(self, docids, data):
        """(customers, company, begin, end) of a support report's rendering,
        once the reader was checked (see _support_check_report_access)."""
        data = data if isinstance(data, dict) else {}
        company_id = data.get("company_id") or self.env.company.id
        if not isinstance(company_id, int) or isinstance(company_id, bool):
            raise UserError(self.env._("The report's company must be given by its id."))
        company = self.env["res.company"].browse(company_id)
        partners = self.browse(docids)
        partners._support_check_report_access(company)
        begin = self._support_report_date(data.get("begin"))
        end = self._support_report_date(data.get("end"))
        return partners, company, begin, end

    @api.model
    def _support_report_date(self, value):
        """A report option's date (YYYY-MM-DD), refused with a sentence when
        it is not one or lies outside 2000-2100."""
        if not value:
            return None
        try:
            day = fields.Date.to_date(value)
        except (TypeError, ValueError):
            day = None
        if not day or not REPORT_FIRST_DAY <= day <= REPORT_LAST_DAY:
            raise UserError(
                self.env._(
                    "%(value)s is not a date of a support report: give a day "
                    "between 2000-01-01 and 2100-12-31, as YYYY-MM-DD.",
                    value=str(value)[:40],
                )
            )
        return day

    def _support_check_report_access(self, company):
        """Reports that read the ledger in SQL, past record rules, are for the
        support team of ``company`` and for the customer's own portal contacts
        (as the portal pages); anyone else, e.g. through /report/ URLs, is
        refused."""
        if self.env.su:
            return
        if company not in self.env.companies or (
            not self.env.user.has_group("support_entitlements.group_support_agent")
            and self - self.env.user.partner_id._support_portal_customer()
        ):
            raise AccessError(
                self.env._(
                    "You are not allowed to read this customer's support report."
                )
            )
