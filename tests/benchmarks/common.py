"""Helpers for benchmarks: a rolled-back environment and a figure printer."""

import contextlib
import statistics
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import config


@contextlib.contextmanager
def rolled_back_env():
    """An environment on its own cursor whose work is thrown away."""
    registry = odoo.modules.registry.Registry(config["db_name"])
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        try:
            yield env
        finally:
            cr.rollback()


def timed(func, repeat=5):
    """Median wall time of ``func`` in seconds, and its last result."""
    times = []
    result = None
    for _index in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def count_queries(cr, func):
    before = cr.sql_log_count
    result = func()
    return cr.sql_log_count - before, result


def report(capsys, title, rows):
    """Print a benchmark's figures, past pytest's output capture."""
    with capsys.disabled():
        print(f"\n[benchmark] {title}")
        for name, value in rows:
            print(f"    {name:<58} {value}")
