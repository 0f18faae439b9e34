"""The suite as production runs it: real Odoo server processes.

- ``--workers=2``: prefork HTTP workers, a cron worker and the gevent process
  that serves ``/websocket``; a portal customer's websocket receives what an
  agent posts in that customer's room, another customer's receives nothing.
- two servers on one database: a plan's terms changed through one are
  honoured at once by the other, and a cron both run is done once.
- a PostgreSQL streaming replica: the pages that only read run on it, a
  write still works, and the page shown after it is not stale.

Each test starts its servers from the environment setup/test built, on a
copy of the test database, and stops them at the end.
"""

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
import xmlrpc.client
from pathlib import Path

import pytest
import requests
import websocket
from lxml import html

import odoo
from odoo.tools import config

from odoo.addons.bus.websocket import WebsocketConnectionHandler

REPO = Path(__file__).resolve().parent.parent
EXPIRY_CRON = "Support: expire credits past their date"


def _odoo_cmd():
    odoo_bin = os.environ.get("SUPPORT_SUITE_ODOO_BIN") or os.path.join(
        os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin"
    )
    return [sys.executable, odoo_bin]


def _pg_tool(name):
    for folder in (os.environ.get("SUPPORT_PG_BIN"), "/usr/lib/postgresql/15/bin"):
        if folder and os.access(os.path.join(folder, name), os.X_OK):
            return os.path.join(folder, name)
    found = shutil.which(name)
    assert found, f"{name} not found: set SUPPORT_PG_BIN to PostgreSQL's bin folder"
    return found


def _pg_env():
    env = dict(os.environ)
    if config["db_password"]:
        env["PGPASSWORD"] = config["db_password"]
    return env


def _pg_args():
    return [
        "-h",
        config["db_host"] or "localhost",
        "-p",
        str(config["db_port"] or 5432),
        "-U",
        config["db_user"],
    ]


def _query(dbname, sql, params=(), port=None):
    """Rows of ``sql`` on ``dbname`` (on the server of ``port`` if given)."""
    import psycopg2

    cnx = psycopg2.connect(
        dbname=dbname,
        host=config["db_host"] or None,
        port=port or config["db_port"] or 5432,
        user=config["db_user"],
        password=config["db_password"] or None,
    )
    cnx.autocommit = True
    try:
        with cnx.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall() if cr.description else []
    finally:
        cnx.close()


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(what, check, timeout=120, every=0.5):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(every)


def _answers(url):
    try:
        return requests.get(url, timeout=5).ok
    except requests.ConnectionError:
        return False


@pytest.fixture(scope="module")
def scratch_db():
    """A copy of the test database (and its filestore), dropped afterwards."""
    source = config["db_name"]
    name = f"{source}_production"
    _query("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _query("postgres", f'CREATE DATABASE "{name}"')
    dump = subprocess.Popen(
        [_pg_tool("pg_dump"), *_pg_args(), "--no-owner", "-d", source],
        stdout=subprocess.PIPE,
        env=_pg_env(),
    )
    restore = subprocess.run(
        [_pg_tool("psql"), *_pg_args(), "-q", "-v", "ON_ERROR_STOP=1", "-d", name],
        stdin=dump.stdout,
        capture_output=True,
        env=_pg_env(),
        check=False,
    )
    dump.stdout.close()
    assert dump.wait() == 0 and restore.returncode == 0, restore.stderr[-2000:]
    filestore = Path(config.filestore(source))
    if filestore.is_dir():
        shutil.copytree(filestore, config.filestore(name), dirs_exist_ok=True)
    yield name
    odoo.sql_db.close_db(name)
    _query("postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    shutil.rmtree(config.filestore(name), ignore_errors=True)


def _shell(dbname, code):
    """Run ``code`` in ``odoo-bin shell`` on ``dbname``; its printed output."""
    result = subprocess.run(
        [
            *_odoo_cmd(),
            "shell",
            "-c",
            config.rcfile,
            "-d",
            dbname,
            "--no-http",
            "--log-level=warn",
        ],
        input=textwrap.dedent(code),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[
        -3000:
    ]
    return result.stdout


class OdooServer:
    """One ``odoo-bin`` process with its own ports and log file."""

    def __init__(self, dbname, logdir, *options, workers=0, cron_threads=0):
        self.dbname = dbname
        self.http_port = _free_port()
        self.gevent_port = _free_port()
        self.log = Path(logdir) / f"odoo-{self.http_port}.log"
        self.url = f"http://127.0.0.1:{self.http_port}"
        self.cmd = [
            *_odoo_cmd(),
            "-c",
            config.rcfile,
            "-d",
            dbname,
            f"--db-filter=^{re.escape(dbname)}$",
            f"--http-port={self.http_port}",
            f"--gevent-port={self.gevent_port}",
            f"--workers={workers}",
            f"--max-cron-threads={cron_threads}",
            f"--logfile={self.log}",
            "--log-level=info",
            *options,
        ]
        self.process = None

    def __enter__(self):
        # what the processes print before their logging starts (a crash at
        # import time) goes there
        with open(self.log.with_suffix(".out"), "w") as out:
            self.process = subprocess.Popen(
                self.cmd, stdout=out, stderr=subprocess.STDOUT
            )
        _wait_for(f"Odoo on {self.url}", self._healthy)
        return self

    def _healthy(self):
        assert self.process.poll() is None, f"Odoo stopped: {self.log_text()[-3000:]}"
        return _answers(f"{self.url}/web/health")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_text(self):
        return "".join(
            path.read_text(errors="replace")
            for path in (self.log.with_suffix(".out"), self.log)
            if path.exists()
        )

    def rpc(self, login, password):
        """An XML-RPC ``execute_kw`` as ``login``."""
        common = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common")
        uid = common.authenticate(self.dbname, login, password, {})
        assert uid, f"{login} cannot log in"
        models = xmlrpc.client.ServerProxy(
            f"{self.url}/xmlrpc/2/object", allow_none=True
        )

        def call(model, method, *args, **kwargs):
            return models.execute_kw(
                self.dbname, uid, password, model, method, list(args), kwargs
            )

        return call

    def session(self, login, password):
        """A browser-like session signed in as ``login``."""
        session = requests.Session()
        response = session.post(
            f"{self.url}/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"db": self.dbname, "login": login, "password": password},
            },
            timeout=30,
        )
        assert response.ok and "error" not in response.json(), response.text[:500]
        return session


@pytest.fixture
def logdir():
    with tempfile.TemporaryDirectory(prefix="support-production-") as folder:
        yield folder


def _open_websocket(server, session):
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{server.gevent_port}/websocket"
        f"?version={WebsocketConnectionHandler._VERSION}",
        cookie=f"session_id={session.cookies['session_id']}",
        origin=f"http://127.0.0.1:{server.gevent_port}",
        timeout=5,
    )
    ws.send(
        json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}})
    )
    return ws


def _received(ws, marker, seconds):
    """Whether a notification carrying ``marker`` reaches ``ws`` in time."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            message = ws.recv()
        except websocket.WebSocketTimeoutException:
            continue
        if marker in message:
            return True
    return False


def _gevent_starts(log):
    return len(re.findall(r"Evented Service \(longpolling\) running on", log))


def test_workers_serve_the_rooms_live(scratch_db, logdir):
    room = _shell(
        scratch_db,
        """
        project = env.ref("support_chatroom.project_northwind")
        print("ROOM", project.channel_id.id)
        """,
    )
    channel_id = int(re.search(r"ROOM (\d+)", room).group(1))
    with OdooServer(scratch_db, logdir, workers=2, cron_threads=1) as server:

        def gevent_up():
            log = server.log_text()
            assert "Traceback" not in log, f"the gevent process fails: {log[-3000:]}"
            return _answers(f"http://127.0.0.1:{server.gevent_port}/websocket/health")

        _wait_for("the gevent process", gevent_up, timeout=60)
        mia = _open_websocket(server, server.session("customer", "customer"))
        omar = _open_websocket(server, server.session("customer2", "customer2"))
        try:
            # let both subscriptions reach the gevent process first
            time.sleep(1)
            marker = f"live-{uuid.uuid4().hex}"
            agent = server.rpc("agent", "agent")
            agent(
                "discuss.channel",
                "message_post",
                [channel_id],
                body=f"Your import is fixed ({marker})",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            assert _received(mia, marker, 30), "the room's customer was not told"
            assert not _received(omar, marker, 5), "another customer was told"
        finally:
            mia.close()
            omar.close()
        # the websocket process keeps running: started once, never again
        time.sleep(3)
        log = server.log_text()
        assert _gevent_starts(log) == 1, log[-3000:]
        assert "DistributionNotFound" not in log
        assert " ERROR " not in log and " CRITICAL " not in log, log[-3000:]


def _form(session, url, css_class):
    """(action, csrf token) of the form of class ``css_class`` on ``url``."""
    page = html.fromstring(session.get(url, timeout=30).content)
    (form,) = page.xpath(
        f"//form[hasclass('{css_class}')] | //*[hasclass('{css_class}')]//form"
    )
    return form.get("action"), form.xpath(".//input[@name='csrf_token']/@value")[0]


def test_workers_ask_and_answer(scratch_db, logdir):
    """Under prefork workers: closing a ticket asks its customer, who
    answers through the mail's link, and asks on the knowledge board."""
    with OdooServer(scratch_db, logdir, workers=2, cron_threads=1) as server:
        admin = server.rpc("admin", "admin")
        ticket = admin(
            "ir.model.data",
            "check_object_reference",
            "support_entitlements",
            "ticket_northwind_checkout",
        )[1]
        done = admin(
            "ir.model.data",
            "check_object_reference",
            "helpdesk_mgmt",
            "helpdesk_ticket_stage_done",
        )[1]
        server.rpc("agent", "agent")(
            "helpdesk.ticket", "write", [ticket], {"stage_id": done}
        )
        [nps] = admin(
            "support.nps", "search_read", [("ticket_id", "=", ticket)], ["access_token"]
        )
        mia = server.session("customer", "customer")
        url = f"{server.url}/support/nps/{nps['access_token']}"
        action, csrf = _form(mia, f"{url}?score=9", "o_support_nps_form")
        answered = mia.post(
            server.url + action,
            data={"score": "9", "comment": "Fast", "csrf_token": csrf},
            timeout=30,
        )
        assert answered.status_code == 200, answered.text[-500:]
        thanks = html.fromstring(answered.content).xpath(
            "//*[hasclass('o_support_nps_score')]"
        )
        assert [element.text_content() for element in thanks] == ["9"]
        assert admin("support.nps", "read", [nps["id"]], ["score"])[0]["score"] == 9

        question = f"Can a worker answer this? {uuid.uuid4().hex[:6]}"
        action, csrf = _form(mia, f"{server.url}/my/support-faq", "o_support_faq_ask")
        asked = mia.post(
            server.url + action,
            data={"question": question, "details": "", "csrf_token": csrf},
            timeout=30,
        )
        assert asked.status_code == 200, asked.text[-500:]
        waiting = html.fromstring(asked.content).xpath(
            "//*[hasclass('o_support_own_question')]"
        )
        assert any(question in element.text_content() for element in waiting)
        log = server.log_text()
        assert " ERROR " not in log and " CRITICAL " not in log, log[-3000:]


def _ticket_parties(admin):
    """(partner, category) of a demo customer's ticket with a cost to approve."""
    mia = admin("res.users", "search", [("login", "=", "customer")])
    partner = admin("res.users", "read", mia, ["partner_id"])[0]["partner_id"][0]
    category = admin(
        "ir.model.data",
        "check_object_reference",
        "support_entitlements",
        "category_level1",
    )[1]
    return partner, category


def test_two_servers_share_terms_and_crons(scratch_db, logdir):
    out = _shell(
        scratch_db,
        """
        from datetime import date
        northwind = env.ref("support_entitlements.partner_northwind")
        plan = northwind._get_support_plan()
        lots = env["support.lot"]
        for index in range(3):
            lots |= lots._credit(
                northwind, "point", 5, "grant", f"Old goodwill {index}",
                date_purchase=date(2020, 1, 1), validity_months=12,
            )
        env.cr.commit()
        print("PLAN", plan.id, "LOTS", ",".join(map(str, lots.ids)))
        """,
    )
    plan_id = int(re.search(r"PLAN (\d+)", out).group(1))
    lot_ids = [int(i) for i in re.search(r"LOTS ([\d,]+)", out).group(1).split(",")]
    with (
        OdooServer(scratch_db, logdir, cron_threads=1) as first,
        OdooServer(scratch_db, logdir, cron_threads=1) as second,
    ):
        admin = first.rpc("admin", "admin")
        agent = second.rpc("agent", "agent")
        mia_partner, category = _ticket_parties(admin)

        def new_ticket():
            return admin(
                "helpdesk.ticket",
                "create",
                {
                    "name": f"Two servers {uuid.uuid4().hex[:6]}",
                    "description": "<p>x</p>",
                    "partner_id": mia_partner,
                    "category_id": category,
                },
            )

        admin("support.plan", "write", [plan_id], {"cost_approval": "customer"})
        refused = new_ticket()
        with pytest.raises(xmlrpc.client.Fault, match="requires the customer"):
            agent("helpdesk.ticket", "action_approve_cost", [refused])
        # changed through the first server, honoured by the second at once
        admin(
            "support.plan", "write", [plan_id], {"cost_approval": "customer_or_agent"}
        )
        approved = new_ticket()
        agent("helpdesk.ticket", "action_approve_cost", [approved])
        [ticket] = admin("helpdesk.ticket", "read", [approved], ["cost_approved_date"])
        assert ticket["cost_approved_date"]

        # both servers' cron threads are woken for the expiry job
        cron = admin("ir.cron", "search", [("name", "=", EXPIRY_CRON)])
        admin("ir.cron", "write", cron, {"nextcall": "2020-01-01 00:00:00"})
        _shell(
            scratch_db,
            f"""
            env["ir.cron"].browse({cron[0]})._trigger()
            env.cr.commit()
            """,
        )

        def expired():
            rows = _query(
                scratch_db,
                "SELECT lot_id, count(*) FROM support_movement "
                "WHERE kind = 'expiry' AND lot_id = ANY(%s) GROUP BY lot_id",
                (lot_ids,),
            )
            return len(rows) == len(lot_ids) and rows

        rows = _wait_for("the expiry job", expired, timeout=150, every=2)
        assert sorted(count for _lot, count in rows) == [1] * len(lot_ids)
        time.sleep(3)  # the other server had its chance to run it again
        starts = [
            len(
                re.findall(
                    rf"Job '{re.escape(EXPIRY_CRON)}' \(\d+\) starting", s.log_text()
                )
            )
            for s in (first, second)
        ]
        assert sum(starts) == 1, starts
        assert _query(
            scratch_db,
            "SELECT count(*) FROM support_movement "
            "WHERE kind = 'expiry' AND lot_id = ANY(%s)",
            (lot_ids,),
        ) == [(len(lot_ids),)]


# --- read replica ---------------------------------------------------------------

PROBE_ROLE = "support_replica_probe"
# what each page reads, found only in that page's statements
PAGE_TABLES = {
    "/my/support": "support_lot",
    "/my/support/statement": "support_movement",
    "/my/support/statement.csv": "support_movement",
    "/my/support/time": "account_analytic_line",
    "/my/support/time.csv": "account_analytic_line",
    "/my/support-rooms": "support_project",
    "/my/support-faq": "support_faq",
}


@pytest.fixture
def replica(scratch_db, logdir):
    """A streaming replica of the project's cluster (setup/replica), and a
    role whose statements both servers log."""
    if os.environ.get("SUPPORT_PG_MODE", "private") != "private":
        pytest.fail(
            "the replica test needs the project's private PostgreSQL cluster "
            "(PG* variables point at another server)"
        )
    port = _free_port()
    # a folder the cluster's owner (postgres, when run as root) can reach
    env = dict(
        os.environ,
        SUPPORT_PG_REPLICA_DATA=os.path.join(
            tempfile.gettempdir(), f"support-replica-{uuid.uuid4().hex[:8]}"
        ),
    )
    _query(
        "postgres",
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
        f"'{PROBE_ROLE}') THEN CREATE ROLE {PROBE_ROLE} LOGIN SUPERUSER; "
        "END IF; END $$",
    )
    _query("postgres", f"ALTER ROLE {PROBE_ROLE} SET log_statement = 'all'")
    script = [str(REPO / "setup" / "replica")]
    started = subprocess.run(
        [*script, "start", "--port", str(port)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert started.returncode == 0, started.stderr[-2000:]
    try:
        _wait_for(
            "the replica to replay the probe role",
            lambda: _query(
                "postgres",
                "SELECT 1 FROM pg_roles WHERE rolname = %s",
                (PROBE_ROLE,),
                port=port,
            ),
            timeout=60,
        )
        yield {"port": port, "log": Path(env["SUPPORT_PG_REPLICA_DATA"] + ".log")}
    finally:
        subprocess.run(
            [*script, "stop"], env=env, capture_output=True, timeout=120, check=False
        )
        shutil.rmtree(env["SUPPORT_PG_REPLICA_DATA"], ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(env["SUPPORT_PG_REPLICA_DATA"] + ".log")
        _query("postgres", f"ALTER ROLE {PROBE_ROLE} RESET log_statement")


def _primary_log():
    rows = _query("postgres", "SELECT pg_current_logfile()")
    if rows and rows[0][0]:
        return Path(rows[0][0])
    datadir = _query("postgres", "SHOW data_directory")[0][0]
    return Path(datadir).parent / "postgresql.log"


def _statements(path, offset, table):
    """The statements logged in ``path`` after ``offset`` that name ``table``
    (a statement's SQL may go on over the following, indented lines)."""
    with open(path, errors="replace") as log:
        log.seek(offset)
        entries = []
        for line in log:
            if line[:1].isspace() and entries:
                entries[-1] += line
            else:
                entries.append(line)
    return [
        entry
        for entry in entries
        if "statement:" in entry and re.search(rf'\b"?{table}"?\b', entry)
    ]


def test_pages_that_only_read_run_on_the_replica(scratch_db, logdir, replica):
    primary_log = _primary_log()
    server_args = (
        f"--db_user={PROBE_ROLE}",
        "--db_replica_host=127.0.0.1",
        f"--db_replica_port={replica['port']}",
    )
    with OdooServer(scratch_db, logdir, *server_args, workers=2) as server:
        admin = server.rpc("admin", "admin")
        mia_partner, category = _ticket_parties(admin)
        ticket = admin(
            "helpdesk.ticket",
            "create",
            {
                "name": "Replica: a cost to approve",
                "description": "<p>x</p>",
                "partner_id": mia_partner,
                "category_id": category,
            },
        )
        customer = server.session("customer", "customer")
        # the replica has caught up with the ticket before the pages load
        _wait_for(
            "the replica to replay the new ticket",
            lambda: _query(
                scratch_db,
                "SELECT 1 FROM helpdesk_ticket WHERE id = %s",
                (ticket,),
                port=replica["port"],
            ),
            timeout=30,
        )
        primary_from = primary_log.stat().st_size
        replica_from = replica["log"].stat().st_size
        time.sleep(11)  # past the read-your-writes grace of the sign-in
        for url in [*PAGE_TABLES, "/my/support/statement.pdf", "/my/support/time.pdf"]:
            response = customer.get(server.url + url, timeout=120)
            assert response.status_code == 200, (url, response.text[-500:])
        time.sleep(1)
        for url, table in PAGE_TABLES.items():
            assert _statements(replica["log"], replica_from, table), (
                f"{url} did not read {table} on the replica"
            )
            assert not _statements(primary_log, primary_from, table), (
                f"{url} read {table} on the primary"
            )
        log = server.log_text()
        for url in PAGE_TABLES:
            assert re.search(
                rf'"GET {re.escape(url)} HTTP/1\.1" 200 .* ro$', log, re.M
            ), f"{url} did not run on a read-only cursor"
        assert "retrying with a read/write cursor" not in log

        # a write goes to the primary, and so does the page right after it
        page = customer.get(server.url + f"/my/ticket/{ticket}", timeout=30)
        csrf = re.search(r'csrf_token: "([^"]+)"', page.text).group(1)
        approved = customer.post(
            server.url + f"/my/ticket/{ticket}/approve-cost",
            data={"csrf_token": csrf},
            timeout=30,
        )
        assert approved.status_code == 200
        [row] = admin("helpdesk.ticket", "read", [ticket], ["points_captured"])
        assert row["points_captured"] > 0
        statement = customer.get(server.url + "/my/support/statement", timeout=30)
        assert "Replica: a cost to approve" in statement.text, "a stale page"
        log = server.log_text()
        assert re.search(r'"GET /my/support/statement HTTP/1\.1" 200 .* rw$', log, re.M)
        assert " ERROR " not in log, log[-3000:]
