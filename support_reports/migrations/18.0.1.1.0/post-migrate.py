# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The management digest's counts became KPIs of Odoo's periodic digest.

Its own recipients (one list per company) and its daily and weekly jobs
are gone: the users who got it are subscribed to Odoo's default digest,
whose support KPIs are turned on (that record is loaded with noupdate, so
an upgrade does not set them by itself). The old table is read before
Odoo drops it with the field.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools.sql import table_exists

KPIS = (
    "kpi_support_ticket_opened",
    "kpi_support_sla_breached",
    "kpi_support_project_live",
    "kpi_support_proposal",
    "kpi_support_nps",
    "kpi_support_nps_detractors",
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    digest = env.ref("digest.digest_digest_default", raise_if_not_found=False)
    if not digest:
        return
    digest.write(dict.fromkeys(KPIS, True))
    if table_exists(cr, "res_company_support_digest_user_rel"):
        cr.execute("SELECT DISTINCT user_id FROM res_company_support_digest_user_rel")
        users = env["res.users"].browse([row[0] for row in cr.fetchall()]).exists()
        digest._action_subscribe_users(users)
