# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Support Entitlements",
    "summary": "Support plans, point packs and hour blocks sold on sale orders, "
    "spent on helpdesk tickets through a tamper-evident ledger",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "Support Suite Authors",
    "depends": [
        "helpdesk_mgmt",
        "sale_management",
        "portal",
        "resource",
    ],
    "data": [
        "security/support_entitlements_security.xml",
        "security/ir.model.access.csv",
        "security/support_sla_security.xml",
        "data/support_sla_data.xml",
        "data/mail_template_data.xml",
        "views/support_sla_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_sla_config_views.xml",
        "views/helpdesk_ticket_portal_templates.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/helpdesk_ticket_demo.xml",
        "demo/support_sla_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "support_entitlements/static/tests/tours/*.js",
        ],
    },
    "development_status": "Alpha",
    "application": True,
    "installable": True,
}
