# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Support Reports",
    "summary": "Support tracking report with a running balance, management digests, "
    "SLA, tag and sales analyses",
    "version": "18.0.1.1.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "Support Suite Authors",
    "depends": ["digest", "support_entitlements", "support_chatroom"],
    "data": [
        "security/ir.model.access.csv",
        "security/support_reports_security.xml",
        "report/support_tracking_report.xml",
        "data/support_statement_data.xml",
        "views/support_sales_report_views.xml",
        "views/support_sla_report_views.xml",
        "views/support_statement_views.xml",
        "views/support_digest_templates.xml",
        "views/support_digest_views.xml",
        "views/support_tag_views.xml",
        "views/support_nps_views.xml",
        "views/support_proposal_views.xml",
        "wizards/support_proposal_mention_wizard_views.xml",
        "views/helpdesk_ticket_views.xml",
        "wizards/support_tracking_report_wizard_views.xml",
        "views/support_reports_menus.xml",
        "views/digest_digest_views.xml",
        "data/digest_data.xml",
    ],
    "demo": ["demo/support_reports_demo.xml"],
    "assets": {
        "web.assets_backend": [
            "support_reports/static/src/js/*.js",
        ],
        "web.assets_tests": [
            "support_reports/static/tests/tours/*.js",
        ],
    },
    "development_status": "Alpha",
    "installable": True,
}
