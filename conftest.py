"""Suite-wide pytest rules.

A skipped test is not a passed one: pytest-odoo skips every HttpCase without
--odoo-http and Odoo skips tours when Chromium or websocket-client is missing.
Every skip is turned into a failure unless the test is marked ``allowed_skip``.
"""

import logging

import pytest


class _FrameworkImportFilter(logging.Filter):
    # pytest-odoo imports Odoo's test framework before it switches test mode
    # on, which Odoo reports as an error; under pytest that import is expected.
    def filter(self, record):
        return not record.getMessage().startswith("Importing test framework")


logging.getLogger("odoo.tests.common").addFilter(_FrameworkImportFilter())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    if item.get_closest_marker("allowed_skip"):
        return
    reason = (
        report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
    )
    report.outcome = "failed"
    report.longrepr = f"unexpected skip (a skipped test is not a passed test): {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_collection(session):
    # Odoo logs an error when its test framework is imported outside test mode;
    # collection imports it, so test mode is on for that step only (pytest-odoo
    # switches it on for the run itself, after the registry is loaded).
    from odoo.tools import config

    previous = config["test_enable"]
    config["test_enable"] = True
    yield
    config["test_enable"] = previous


def pytest_pycollect_makeitem(collector, name, obj):
    # Odoo gives test tags only to test classes inside an addon; the suite's
    # cross-addon classes in tests/ get the same defaults.
    from odoo.tests.common import BaseCase

    if (
        isinstance(obj, type)
        and issubclass(obj, BaseCase)
        and getattr(obj, "test_tags", None) is None
    ):
        obj.test_tags = {"standard", "at_install"}
        obj.test_module = obj.__module__.split(".")[0]
        obj.test_class = obj.__name__
        obj.test_sequence = 0
