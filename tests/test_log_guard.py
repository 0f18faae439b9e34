"""The suite's rule that a test fails when the server logged an error or a
traceback while it ran (conftest.py), checked on the hook itself."""

import contextlib
import logging
import sys
from types import SimpleNamespace

import pytest

import conftest


class _Outcome:
    def __init__(self, report):
        self._report = report

    def get_result(self):
        return self._report


def _teardown_report(item):
    """Run the suite's report hook on a passed teardown of ``item``."""
    report = SimpleNamespace(
        when="teardown", outcome="passed", skipped=False, longrepr=None
    )
    hook = conftest.pytest_runtest_makereport(item, None)
    next(hook)
    with contextlib.suppress(StopIteration):
        hook.send(_Outcome(report))
    return report


def _error(message):
    return logging.makeLogRecord(
        {
            "name": "odoo.http",
            "levelno": logging.ERROR,
            "levelname": "ERROR",
            "msg": message,
        }
    )


def test_an_error_in_the_log_fails_the_test(request):
    conftest._error_log.records.append(_error("Exception during request handling."))
    report = _teardown_report(request.node)
    assert report.outcome == "failed"
    assert "Exception during request handling." in report.longrepr
    assert not conftest._error_log.records, "each test starts afresh"


def test_only_errors_and_tracebacks_are_collected():
    collector = conftest._ErrorLogCollector()
    collector.emit(logging.makeLogRecord({"levelno": logging.INFO, "msg": "ok"}))
    assert not collector.records
    try:
        raise ValueError("boom")
    except ValueError:
        traced = logging.makeLogRecord(
            {"levelno": logging.INFO, "msg": "caught", "exc_info": sys.exc_info()}
        )
    collector.emit(traced)
    collector.emit(_error("bad query"))
    assert [r.getMessage() for r in collector.records] == ["caught", "bad query"]


@pytest.mark.allowed_error_log("could not serialize access")
def test_a_marked_test_allows_only_what_it_names(request):
    conftest._error_log.records.append(_error("could not serialize access due to x"))
    assert _teardown_report(request.node).outcome == "passed"
    conftest._error_log.records.append(_error("integer out of range"))
    report = _teardown_report(request.node)
    assert report.outcome == "failed"
    assert "integer out of range" in report.longrepr
