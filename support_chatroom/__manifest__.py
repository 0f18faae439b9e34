# Copyright 2026 Support Suite Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Support Chat Rooms and Onboarding",
    "summary": "One chat room per customer project, messages archived into tickets, "
    "onboarding checklists for the data, design, setup and development phases",
    "version": "18.0.1.0.0",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "Support Suite Authors",
    "depends": ["support_entitlements", "mail"],
    "data": [],
    "development_status": "Alpha",
    "installable": True,
}
