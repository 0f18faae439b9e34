"""The set-up scripts stop on bad input with one line saying the cause and
one saying what to do, before they change anything."""

import socket
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _demo(*args):
    result = subprocess.run(
        [str(REPO / "setup" / "demo"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode != 0, result.stdout[-2000:]
    assert "starting Odoo" not in result.stderr
    return result.stderr


@pytest.mark.parametrize(
    "args, cause",
    [
        (
            ("--workers", "abc"),
            "--workers needs a whole number of workers from 1 to 64",
        ),
        (("--workers", "0"), "--workers needs a whole number of workers from 1 to 64"),
        (("--workers", "65"), "--workers needs a whole number of workers from 1 to 64"),
        (("--workers",), "--workers needs a whole number of workers from 1 to 64"),
        (("--port", "http"), "--port needs a port number"),
        (("--port", "70000"), "port 70000 is above 65535"),
        (("--gevent-port", "8075"), "--gevent-port and --logfile go with --workers N"),
        (("--db-replica-host", "db2"), "--db-replica-host goes with --db-replica-port"),
    ],
)
def test_demo_refuses_bad_options(args, cause):
    err = _demo(*args)
    assert cause in err
    assert len(err.strip().splitlines()) <= 2, err


def _busy_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    return sock


def test_demo_refuses_a_busy_websocket_port():
    with _busy_port() as sock:
        port = sock.getsockname()[1]
        free = socket.socket()
        free.bind(("127.0.0.1", 0))
        http_port = free.getsockname()[1]
        free.close()
        err = _demo(
            "--workers", "2", "--port", str(http_port), "--gevent-port", str(port)
        )
    assert f"the websocket (gevent) port {port} is already in use" in err
    assert "--gevent-port" in err.splitlines()[-1], "says what to do"


def test_demo_refuses_a_replica_that_does_not_run():
    with _busy_port() as sock:
        # a port nothing answers PostgreSQL on
        port = sock.getsockname()[1]
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    http_port = free.getsockname()[1]
    free.close()
    err = _demo("--port", str(http_port), "--db-replica-port", str(port))
    assert f"no PostgreSQL replica answers on 127.0.0.1:{port}" in err
    assert "setup/replica start" in err.splitlines()[-1]
