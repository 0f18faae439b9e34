# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Support Chat Rooms and Onboarding",
    "summary": "One chat room per customer project, messages archived into tickets, "
    "onboarding checklists for the data, design, setup and development phases",
    "version": "18.0.1.1.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "Support Suite Authors",
    "depends": ["support_entitlements", "mail", "calendar"],
    "data": [
        "data/support_segment_data.xml",
        "security/support_chatroom_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/support_customer_card_templates.xml",
        "wizards/support_order_override_wizard_views.xml",
        "wizards/support_setup_meeting_wizard_views.xml",
        "views/support_project_views.xml",
        "views/support_project_phase_views.xml",
        "views/support_checklist_item_views.xml",
        "views/support_checklist_template_views.xml",
        "views/support_segment_views.xml",
        "views/support_faq_views.xml",
        "views/res_partner_views.xml",
        "views/product_template_views.xml",
        "views/res_config_settings_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/portal_templates.xml",
        "views/support_chatroom_menus.xml",
        "wizards/support_archive_ticket_wizard_views.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
        "demo/support_checklist_template_demo.xml",
        "demo/support_project_demo.xml",
        "demo/support_project_stages_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "support_chatroom/static/src/js/*.js",
        ],
        "web.assets_tests": [
            "support_chatroom/static/tests/tours/*.js",
            # phone layout tours, which use support_entitlements' layout checks
            # (not in Discuss's public bundle below)
            "support_chatroom/static/tests/phone/*.js",
        ],
        # the customer's room opens on Discuss's public page, which loads
        # this bundle instead of web.assets_tests in test mode
        "mail.assets_discuss_public_test_tours": [
            "support_chatroom/static/tests/tours/*.js",
        ],
    },
    "development_status": "Alpha",
    "installable": True,
}
