# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import csv
import io
from datetime import timedelta
from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta
from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import content_disposition, request
from odoo.tools import format_duration

from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .replica import replica_allowed

STATEMENT_STEP = 20
TIME_STEP = 50
# past the last page of any customer's history; the pager shows the last one
MAX_PAGE = 100_000


# the session key of a refusal shown once on the ticket page
TICKET_FLASH = "support_ticket_flash"


class SupportTicketPortal(CustomerPortalHelpdesk):
    # --- portal home -----------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "support_lot_count" in counters:
            lots = request.env["support.lot"]
            values["support_lot_count"] = (
                lots.search_count([("date_expiry", ">=", fields.Date.today())])
                if lots.has_access("read")
                else 0
            )
        return values

    # --- my support ----------------------------------------------------------

    def _support_customer(self):
        """The commercial partner whose balances the signed-in user reads.

        Not found for users without portal access to balances, and for
        contacts the company keeps out of their colleagues' balances.
        """
        customer = request.env.user.partner_id._support_portal_customer()
        if not customer or not request.env["support.movement"].has_access("read"):
            raise NotFound()
        return customer

    def _support_low_balance(self, customer, plan, points, minutes):
        """Whether to invite the customer to renew.

        Hour blocks are low by the plan's renewal rule, the one the renewal
        notice follows (support.plan._support_renewal_due); points are low
        once they are all spent or captured.
        """
        due, _last_block = plan._support_renewal_due(
            customer, request.env.company, minutes["available"]
        )
        return due or (bool(plan.sudo().pack_product_ids) and points["available"] <= 0)

    def _support_sla_promises(self, plan):
        """The SLA targets governing the customer's tickets, in words, e.g.
        "Critical: first reply within 2 h on Office hours": their plan's
        policy, else the company default, as a ticket reads them."""
        company = request.env.company
        # The customer reads the promise their tickets are held to, not the
        # policies themselves.
        policy = (
            request.env["support.sla.policy"]
            .sudo()
            ._support_governing(
                company, plan.sudo().sla_policy_id, company.sudo().support_sla_policy_id
            )
        )
        kinds = dict(
            request.env["support.sla.target"]
            ._fields["kind"]
            ._description_selection(request.env)
        )
        return [
            request.env._(
                "%(severity)s: %(kind)s within %(terms)s",
                severity=target.severity_id.name,
                kind=kinds.get(target.kind, ""),
                terms=target.summary,
            )
            for target in policy.target_ids.sorted(
                lambda target: (target.severity_id.sequence, target.kind)
            )
            if target.clause_ids
        ]

    def _prepare_support_values(self, customer):
        env = request.env
        company = env.company
        movements = env["support.movement"]
        # read as the customer: their own subscription, within their rules
        subscription = customer._get_support_subscription(company).sudo(False)
        plan = subscription.plan_id
        points = movements._get_balances(customer, "point", 30, company)[customer.id]
        points_90 = movements._get_expiring(customer, "point", 90, company)
        minutes = movements._get_balances(customer, "minute", 30, company)[customer.id]
        training = movements._get_balances(customer, "training_minute", 30, company)
        today = fields.Date.today()
        per_lot = {
            lot_id: available
            for lot_id, available, _captured, date_expiry in movements._lot_balances(
                customer, "minute", company
            )
            if lot_id and date_expiry and date_expiry >= today
        }
        blocks = env["support.lot"].browse(list(per_lot)).sorted("date_expiry")
        cases_used = cases_allowance = 0
        if plan.annual_case_allowance:
            cases_used = customer._support_case_usage(company)[1]
            cases_allowance = plan.annual_case_allowance
        return {
            "page_name": "support",
            "customer": customer,
            "subscription": subscription,
            "plan": plan,
            "points": points,
            "points_expiring_90": points_90[customer.id],
            "minutes": minutes,
            "training": training[customer.id],
            "blocks": [(lot, per_lot[lot.id]) for lot in blocks],
            "cases_used": cases_used,
            "cases_allowance": cases_allowance,
            "sla_promises": self._support_sla_promises(plan),
            "low_balance": self._support_low_balance(customer, plan, points, minutes),
            # the packs of their own plan, even without access to the catalogue
            "renew_products": plan.sudo().pack_product_ids,
        }

    @http.route(
        "/my/support", type="http", auth="user", website=True, readonly=replica_allowed
    )
    def portal_my_support(self, **kwargs):
        customer = self._support_customer()
        values = self._prepare_portal_layout_values()
        values.update(self._prepare_support_values(customer))
        return request.render("support_entitlements.portal_my_support", values)

    # --- statement of points --------------------------------------------------

    def _support_statement_filters(self):
        today = fields.Date.today()
        env = request.env
        year_start = today.replace(month=1, day=1)
        return {
            "all": {"label": env._("All"), "begin": None, "end": None},
            "last_30": {
                "label": env._("Last 30 days"),
                "begin": today - timedelta(days=30),
                "end": None,
            },
            "last_90": {
                "label": env._("Last 90 days"),
                "begin": today - timedelta(days=90),
                "end": None,
            },
            "this_year": {
                "label": env._("This year"),
                "begin": year_start,
                "end": None,
            },
            "last_year": {
                "label": env._("Last year"),
                "begin": year_start - relativedelta(years=1),
                "end": year_start,
            },
        }

    @staticmethod
    def _support_page_number(page):
        """The page asked for, at most MAX_PAGE (an SQL offset the database
        accepts); None when it is not a whole number."""
        try:
            number = int(page)
        except (TypeError, ValueError):
            return None
        return min(max(number, 1), MAX_PAGE)

    @staticmethod
    def _support_bad_page():
        """A 400 portal page that says what was wrong (Odoo's own error page
        for a raised BadRequest shows no sentence)."""
        return request.render(
            "support_entitlements.portal_support_bad_request",
            {"message": request.env._("The page number must be a whole number.")},
            status=400,
        )

    def _support_period(self, filterby):
        """(key, {"label", "begin", "end"}) of the period asked for."""
        filters = self._support_statement_filters()
        filterby = filterby if filterby in filters else "all"
        return filterby, filters[filterby]

    def _support_statement_domains(self, customer, period):
        """The domain of each part of the statement, over one period."""
        return request.env[
            "report.support_entitlements.report_support_statement"
        ]._get_domains(customer, request.env.company, period["begin"], period["end"])

    def _support_report_data(self, period):
        return {
            "company_id": request.env.company.id,
            "begin": period["begin"] and fields.Date.to_string(period["begin"]),
            "end": period["end"] and fields.Date.to_string(period["end"]),
            "period_label": period["label"],
        }

    def _support_pdf_response(self, report_ref, filterby, filename):
        """The signed-in customer's report over the period asked for."""
        customer = self._support_customer()
        _filterby, period = self._support_period(filterby)
        # The report reads the customer's ledger past record rules; the
        # customer was checked by _support_customer() and is the only docid.
        pdf = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf(
                report_ref, [customer.id], data=self._support_report_data(period)
            )[0]
        )
        content_type = "application/pdf" if pdf.startswith(b"%PDF") else "text/html"
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", content_type),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    @http.route(
        ["/my/support/statement", "/my/support/statement/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=replica_allowed,
    )
    def portal_my_support_statement(self, page=1, part=None, filterby=None, **kw):
        customer = self._support_customer()
        page = self._support_page_number(page)
        if page is None:
            return self._support_bad_page()
        filters = self._support_statement_filters()
        filterby, period = self._support_period(filterby)
        domains = self._support_statement_domains(customer, period)
        values = self._prepare_portal_layout_values()
        parts = {}
        for name, (model, domain, order) in domains.items():
            records = request.env[model]
            total = records.search_count(domain)
            pager = portal_pager(
                url="/my/support/statement",
                url_args={"part": name, "filterby": filterby},
                total=total,
                page=page if part == name else 1,
                step=STATEMENT_STEP,
            )
            parts[name] = {
                "records": records.search(
                    domain, order=order, limit=STATEMENT_STEP, offset=pager["offset"]
                ),
                "pager": pager,
                "total": total,
            }
        values.update(
            {
                "page_name": "support_statement",
                "customer": customer,
                "parts": parts,
                "searchbar_filters": {
                    key: {"label": value["label"]} for key, value in filters.items()
                },
                "filterby": filterby,
                "movement_source": request.env[
                    "report.support_entitlements.report_support_statement"
                ]._movement_source,
                "default_url": "/my/support/statement",
                "csv_url": "/my/support/statement.csv?"
                + urlencode({"filterby": filterby}),
                "pdf_url": "/my/support/statement.pdf?"
                + urlencode({"filterby": filterby}),
            }
        )
        return request.render(
            "support_entitlements.portal_my_support_statement", values
        )

    @http.route(
        "/my/support/statement.csv", type="http", auth="user", readonly=replica_allowed
    )
    def portal_my_support_statement_csv(self, filterby=None, **kw):
        customer = self._support_customer()
        env = request.env
        _filterby, period = self._support_period(filterby)
        domains = self._support_statement_domains(customer, period)
        kinds = dict(
            env["support.movement"]._fields["kind"]._description_selection(env)
        )
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            [
                env._("Part"),
                env._("Date"),
                env._("Kind"),
                env._("Source"),
                env._("Ticket"),
                env._("Price"),
                env._("Points"),
            ]
        )
        model, domain, order = domains["modifications"]
        for movement in env[model].search(domain, order=order):
            writer.writerow(
                [
                    env._("Balance modification"),
                    fields.Datetime.to_string(movement.date),
                    kinds.get(movement.kind, movement.kind),
                    env[
                        "report.support_entitlements.report_support_statement"
                    ]._movement_source(movement),
                    "",
                    "",
                    movement.quantity,
                ]
            )
        model, domain, order = domains["in_progress"]
        for ticket in env[model].search(domain, order=order):
            writer.writerow(
                [
                    env._("Captured"),
                    fields.Datetime.to_string(
                        ticket.cost_approved_date or ticket.create_date
                    ),
                    env._("Capture"),
                    ticket.name,
                    ticket.number,
                    ticket.points_cost_display,
                    -ticket.points_captured,
                ]
            )
        model, domain, order = domains["resolved"]
        for ticket in env[model].search(domain, order=order):
            writer.writerow(
                [
                    env._("Deducted"),
                    fields.Datetime.to_string(ticket.closed_date),
                    env._("Deduction"),
                    ticket.name,
                    ticket.number,
                    ticket.points_cost_display,
                    -ticket.points_deducted,
                ]
            )
        return self._support_csv_response(buffer, "support-statement.csv")

    @staticmethod
    def _support_csv_response(buffer, filename):
        return request.make_response(
            buffer.getvalue().encode(),
            headers=[
                ("Content-Type", "text/csv; charset=utf-8"),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    @http.route(
        "/my/support/statement.pdf", type="http", auth="user", readonly=replica_allowed
    )
    def portal_my_support_statement_pdf(self, filterby=None, **kw):
        return self._support_pdf_response(
            "support_entitlements.action_report_support_statement",
            filterby,
            "support-statement.pdf",
        )

    # --- support tracking report of hour blocks ------------------------------

    @http.route(
        ["/my/support/time", "/my/support/time/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=replica_allowed,
    )
    def portal_my_support_time(self, page=1, filterby=None, **kw):
        customer = self._support_customer()
        filters = self._support_statement_filters()
        filterby, period = self._support_period(filterby)
        report = request.env["report.support_entitlements.report_support_time"]
        company = request.env.company

        def fetch(offset):
            return report._get_lines(
                customer,
                company,
                period["begin"],
                period["end"],
                limit=TIME_STEP,
                offset=offset,
                desc=True,
            )

        # the page's lines carry the total count: one query, unless the page
        # asked for is past the last one
        page = self._support_page_number(page)
        if page is None:
            return self._support_bad_page()
        offset = (page - 1) * TIME_STEP
        lines, total = fetch(offset)
        pager = portal_pager(
            url="/my/support/time",
            url_args={"filterby": filterby},
            total=total,
            page=page,
            step=TIME_STEP,
        )
        if pager["offset"] != offset:
            lines = fetch(pager["offset"])[0]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "support_time",
                "customer": customer,
                "lines": lines,
                "blocks": report._get_block_totals(customer, company),
                "pager": pager,
                "searchbar_filters": {
                    key: {"label": value["label"]} for key, value in filters.items()
                },
                "filterby": filterby,
                "default_url": "/my/support/time",
                "csv_url": "/my/support/time.csv?" + urlencode({"filterby": filterby}),
                "pdf_url": "/my/support/time.pdf?" + urlencode({"filterby": filterby}),
            }
        )
        return request.render("support_entitlements.portal_my_support_time", values)

    @http.route(
        "/my/support/time.csv", type="http", auth="user", readonly=replica_allowed
    )
    def portal_my_support_time_csv(self, filterby=None, **kw):
        customer = self._support_customer()
        env = request.env
        _filterby, period = self._support_period(filterby)
        lines = env["report.support_entitlements.report_support_time"]._get_lines(
            customer, env.company, period["begin"], period["end"]
        )[0]
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            [
                env._("Date"),
                env._("Ticket"),
                env._("Who"),
                env._("Description"),
                env._("Time logged"),
                env._("Time charged"),
                env._("Reason not charged"),
                env._("Block"),
                env._("Change"),
                env._("Remaining"),
            ]
        )
        for line in lines:
            is_time = line["kind"] == "time"
            writer.writerow(
                [
                    fields.Date.to_string(line["date"]),
                    line["ticket_number"] or "",
                    line["who"] or "",
                    line["label"],
                    format_duration(line["logged"] / 60) if is_time else "",
                    format_duration(line["charged"] / 60) if is_time else "",
                    line["reason"],
                    line["blocks"] or "",
                    format_duration(line["change"] / 60),
                    format_duration(line["balance"] / 60),
                ]
            )
        return self._support_csv_response(buffer, "support-tracking-report.csv")

    @http.route(
        "/my/support/time.pdf", type="http", auth="user", readonly=replica_allowed
    )
    def portal_my_support_time_pdf(self, filterby=None, **kw):
        return self._support_pdf_response(
            "support_entitlements.action_report_support_time",
            filterby,
            "support-tracking-report.pdf",
        )

    # --- renewal ----------------------------------------------------------------

    @http.route(
        "/my/support/renew",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_support_renew(self, product_id=None, **kwargs):
        """The customer asks for a quotation of one of their plan's packs.

        A draft quotation already open for the same product is reused, so a
        double click or a second visit leads to the same document.
        """
        customer = self._support_customer()
        plan = customer._get_support_plan()
        product = plan.sudo().pack_product_ids.filtered(
            lambda product: str(product.id) == str(product_id)
        )
        if not product:
            raise NotFound()
        order = request.env.user.partner_id._support_request_quotation(product)
        return request.redirect(order.sudo().get_portal_url())

    # --- tickets ----------------------------------------------------------------

    @http.route(
        "/my/ticket/<int:ticket_id>/approve-cost",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_ticket_approve_cost(self, ticket_id, **kwargs):
        """The customer approves a ticket's cost; its points are captured.

        Only a signed-in contact of the ticket's company may approve: a shared
        link shows a ticket, it does not spend the customer's points.
        """
        return self._support_ticket_action(
            ticket_id, lambda ticket: ticket.action_approve_cost()
        )

    @http.route(
        "/my/ticket/<int:ticket_id>/dispute-cost",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_ticket_dispute_cost(self, ticket_id, reason=None, **kwargs):
        """The customer contests a ticket's cost, with a reason."""

        def dispute(ticket):
            if ticket.points_cost_state == "free":
                raise NotFound()
            ticket.action_dispute_cost(reason)

        return self._support_ticket_action(ticket_id, dispute)

    def _support_ticket_action(self, ticket_id, action):
        """Run ``action`` on a ticket the signed-in user may read, then go
        back to the ticket: not found for anyone else's ticket, the refusal
        shown on the page for a business rule."""
        ticket = request.env["helpdesk.ticket"].browse(ticket_id)
        try:
            ticket.check_access("read")
            action(ticket)
        except (AccessError, MissingError) as exc:
            raise NotFound() from exc
        except UserError as exc:
            # shown once by the ticket page; the URL carries no text, so no
            # link can show a made-up message as ours
            request.session[TICKET_FLASH] = {
                "ticket_id": ticket_id,
                "message": exc.args[0],
            }
            return request.redirect(f"/my/ticket/{ticket_id}")
        return request.redirect(f"/my/ticket/{ticket_id}")

    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        flash = request.session.get(TICKET_FLASH)
        if flash and flash.get("ticket_id") == ticket.id:
            values["support_error"] = request.session.pop(TICKET_FLASH)["message"]
        return values
