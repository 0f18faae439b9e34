"""Suite-wide pytest rules.

A skipped test is not a passed one: pytest-odoo skips every HttpCase without
--odoo-http and Odoo skips tours when Chromium or websocket-client is missing.
Every skip is turned into a failure unless the test is marked ``allowed_skip``.

A test that passes while the server logged an error or a traceback has not
passed either: bad input must be answered with a sentence, never a crash in
the log. Every record at level ERROR, and every record carrying a traceback,
logged while a test runs (the HTTP test server's threads included) fails it,
unless the test is marked ``allowed_error_log`` with the text it expects.
"""

import logging

import pytest


class _FrameworkImportFilter(logging.Filter):
    # pytest-odoo imports Odoo's test framework before it switches test mode
    # on, which Odoo reports as an error; under pytest that import is expected.
    def filter(self, record):
        return not record.getMessage().startswith("Importing test framework")


logging.getLogger("odoo.tests.common").addFilter(_FrameworkImportFilter())


class _ErrorLogCollector(logging.Handler):
    """Keeps the error records and the tracebacks logged during a test."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records = []

    def emit(self, record):
        if record.levelno >= logging.ERROR or record.exc_info:
            self.records.append(record)


_error_log = _ErrorLogCollector()
logging.getLogger().addHandler(_error_log)


def _allowed(item, record):
    """Whether ``item`` is marked ``allowed_error_log(pattern, ...)`` with a
    pattern found in the record: a concurrency test provokes PostgreSQL's
    serialization failures on purpose, and Odoo logs each failed query."""
    marker = item.get_closest_marker("allowed_error_log")
    if marker is None:
        return False
    text = _describe(record)
    return any(pattern in text for pattern in marker.args)


def _describe(record):
    text = f"{record.levelname} {record.name}: {record.getMessage()}"
    if record.exc_info:
        text += "\n" + logging.Formatter().formatException(record.exc_info)
    return text[:4000]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _error_log.records.clear()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "teardown" and _error_log.records:
        logged = "\n".join(
            _describe(r) for r in _error_log.records if not _allowed(item, r)
        )
        _error_log.records.clear()
        if not logged:
            return
        report.outcome = "failed"
        report.longrepr = (
            "the server logged an error or a traceback while the test ran "
            f"(bad input must be answered, never crash):\n{logged}"
        )
        return
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
