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
        "data/helpdesk_ticket_stage_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "security/support_entitlements_security.xml",
        "security/ir.model.access.csv",
        "views/support_movement_views.xml",
        "views/support_lot_views.xml",
        "views/support_plan_views.xml",
        "views/support_subscription_views.xml",
        "views/support_ledger_chain_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_category_views.xml",
        "views/helpdesk_ticket_stage_views.xml",
        "views/product_template_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/support_ticket_cost_wizard_views.xml",
        "wizards/support_adjustment_wizard_views.xml",
        "views/support_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/support_plan_demo.xml",
        "demo/helpdesk_ticket_category_demo.xml",
        "demo/sale_order_demo.xml",
        "demo/helpdesk_ticket_demo.xml",
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
