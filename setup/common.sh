# Shared by setup/demo and setup/test: find or fetch Odoo 18.0, build the Python
# environment, start PostgreSQL, install the browser and the PDF renderer.
# Every step is idempotent and checks a stamp, so a second run with nothing
# changed only verifies and moves on.
# shellcheck shell=bash

set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUITE_HOME="${SUPPORT_SUITE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/support-suite}"
ODOO_DEFAULT_SRC="${HOME}/src/odoo-18.0"
ODOO_GIT_URL="${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}"
ADDONS="support_entitlements,support_chatroom,support_reports"
PY="${PYTHON:-python3}"

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() {
    # One line with the cause, one with what to do.
    printf '\033[31merror:\033[0m %s\n' "$1" >&2
    [ -n "${2:-}" ] && printf '       %s\n' "$2" >&2
    exit 1
}

# --- system packages (Debian) ------------------------------------------------

_apt_missing() {
    local pkg missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" \
            || missing+=("$pkg")
    done
    printf '%s\n' "${missing[@]}"
}

ensure_debian_packages() {
    command -v dpkg-query >/dev/null \
        || die "this is not a Debian-like system, so system packages cannot be checked" \
            "install PostgreSQL 15, chromium, wkhtmltopdf, libldap2-dev and libsasl2-dev yourself"
    local missing
    mapfile -t missing < <(_apt_missing "$@" | sed '/^$/d')
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null \
            || die "missing Debian packages: ${missing[*]}" \
                "run as root: apt-get install ${missing[*]}"
        sudo="sudo"
    fi
    say "installing Debian packages: ${missing[*]}"
    if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
        $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"${SUITE_HOME}/apt.log" 2>&1; then
        die "apt-get could not install ${missing[*]} (log: ${SUITE_HOME}/apt.log)" \
            "check the network or install them by hand, then run again"
    fi
}

# --- Odoo source ----------------------------------------------------------------

_is_odoo18_tree() {
    [ -f "$1/odoo/release.py" ] && [ -f "$1/requirements.txt" ] \
        && grep -q "version_info = (18, 0" "$1/odoo/release.py"
}

find_odoo_src() {
    # 1. ODOO_SRC, 2. an odoo importable by $PY, 3. ~/src/odoo-18.0, 4. a shallow clone.
    if [ -n "${ODOO_SRC:-}" ]; then
        _is_odoo18_tree "$ODOO_SRC" \
            || die "ODOO_SRC=$ODOO_SRC is not an Odoo 18.0 source tree (no odoo/release.py for 18.0)" \
                "point ODOO_SRC at a checkout of Odoo's 18.0 branch"
        return 0
    fi
    local imported
    imported="$("$PY" -c 'import os, odoo; print(os.path.dirname(os.path.dirname(odoo.__file__)))' 2>/dev/null || true)"
    if [ -n "$imported" ] && _is_odoo18_tree "$imported"; then
        ODOO_SRC="$imported"
        return 0
    fi
    if _is_odoo18_tree "$ODOO_DEFAULT_SRC"; then
        ODOO_SRC="$ODOO_DEFAULT_SRC"
        return 0
    fi
    if [ -e "$ODOO_DEFAULT_SRC" ]; then
        die "$ODOO_DEFAULT_SRC exists but is not an Odoo 18.0 source tree" \
            "remove it, or set ODOO_SRC to an Odoo 18.0 checkout"
    fi
    say "no Odoo 18.0 source found; cloning the 18.0 branch into $ODOO_DEFAULT_SRC"
    mkdir -p "$(dirname "$ODOO_DEFAULT_SRC")"
    local tmp="${ODOO_DEFAULT_SRC}.partial"
    rm -rf "$tmp"
    if ! timeout 900 git clone --quiet --depth 1 --branch 18.0 "$ODOO_GIT_URL" "$tmp" 2>"${SUITE_HOME}/git.log"; then
        rm -rf "$tmp"
        die "no Odoo 18.0 source: ODOO_SRC is unset, python cannot import odoo, $ODOO_DEFAULT_SRC is absent and cloning $ODOO_GIT_URL failed" \
            "put an Odoo 18.0 checkout at $ODOO_DEFAULT_SRC, or set ODOO_SRC=/path/to/odoo-18.0"
    fi
    mv "$tmp" "$ODOO_DEFAULT_SRC"
    ODOO_SRC="$ODOO_DEFAULT_SRC"
}

# --- Python environment ---------------------------------------------------------

VENV=""
ensure_venv() {
    local pyver
    pyver="$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" \
        || die "$PY does not run" "install Python 3.10 to 3.12, or set PYTHON=/path/to/python3"
    case "$pyver" in
        3.10 | 3.11 | 3.12) ;;
        *) die "Odoo 18.0 needs Python 3.10 to 3.12, $PY is $pyver" "set PYTHON=/path/to/python3.11" ;;
    esac
    VENV="${SUITE_HOME}/venv-py${pyver}"
    local stamp
    stamp="$(cat "$ODOO_SRC/requirements.txt" "$REPO_DIR/setup/requirements.txt" \
        <(echo "$ODOO_SRC") | sha256sum | cut -c1-16)"
    if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.stamp" 2>/dev/null)" = "$stamp" ] \
        && "$VENV/bin/python" -c 'import odoo, pytest_odoo' 2>/dev/null; then
        return 0
    fi
    if [ -d "$VENV" ] && ! "$VENV/bin/python" -c '' 2>/dev/null; then
        rm -rf "$VENV"
    fi
    say "building the Python environment in $VENV (a few minutes the first time)"
    [ -d "$VENV" ] || "$PY" -m venv "$VENV" \
        || die "could not create a virtual environment with $PY" "install the python3-venv package"
    # setup/requirements.txt pins setuptools and pip (see the comments there),
    # installed first; the same pins hold inside pip's isolated build
    # environments (cbor2 5.4.2, pinned by Odoo, builds only with
    # setuptools<81), which honour PIP_CONSTRAINT.
    local constraints="${SUITE_HOME}/build-constraints.txt"
    grep -E '^(setuptools|pip)==' "$REPO_DIR/setup/requirements.txt" >"$constraints"
    [ "$(wc -l <"$constraints")" = 2 ] \
        || die "setup/requirements.txt lacks its setuptools== or pip== pin" "restore those lines there"
    local log="${SUITE_HOME}/pip.log"
    {
        PIP_CONSTRAINT="$constraints" "$VENV/bin/pip" install -q -r "$constraints" wheel \
            && PIP_CONSTRAINT="$constraints" "$VENV/bin/pip" install -q -r "$ODOO_SRC/requirements.txt" \
            && "$VENV/bin/pip" install -q --no-deps --no-build-isolation \
                --config-settings editable_mode=compat -e "$ODOO_SRC" \
            && PIP_CONSTRAINT="$constraints" "$VENV/bin/pip" install -q -r "$REPO_DIR/setup/requirements.txt"
    } >"$log" 2>&1 || die "pip could not install the requirements (last lines of $log below)$(printf '\n'; tail -n 5 "$log")" \
        "libldap2-dev, libsasl2-dev and libpq-dev must be installed; fix the cause above and run again"
    echo "$stamp" >"$VENV/.stamp"
}

# --- PostgreSQL -------------------------------------------------------------------

PG_PRIVATE_PORT="${SUPPORT_PG_PORT:-54329}"
PG_MODE=""
pg_private_datadir() {
    # PostgreSQL refuses to run as root: then the cluster belongs to the
    # postgres system user and lives where that user can reach it.
    if [ "$(id -u)" -eq 0 ]; then
        echo "${SUPPORT_PG_DATA:-/var/cache/support-suite/pgdata}"
    else
        echo "${SUPPORT_PG_DATA:-${SUITE_HOME}/pgdata}"
    fi
}

_pg_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

_pg_bin() {
    local dir
    for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
    done
    command -v pg_ctl >/dev/null && { dirname "$(command -v pg_ctl)"; return 0; }
    return 1
}

ensure_postgres() {
    if [ -n "${PGHOST:-}${PGPORT:-}${PGUSER:-}${PGPASSWORD:-}" ]; then
        PG_MODE=external
        DB_HOST="${PGHOST:-}"
        DB_PORT="${PGPORT:-5432}"
        DB_USER="${PGUSER:-$(id -un)}"
        DB_PASSWORD="${PGPASSWORD:-}"
        "$VENV/bin/python" - <<EOF || die "cannot connect to the configured PostgreSQL server (PGHOST=${PGHOST:-} PGPORT=${PGPORT:-} PGUSER=${PGUSER:-})" "check the server and the PG* variables, or unset them to use the project's private server"
import psycopg2
psycopg2.connect(dbname="postgres", host="${DB_HOST}" or None, port="${DB_PORT}",
                 user="${DB_USER}", password="${DB_PASSWORD}" or None).close()
EOF
        return 0
    fi
    PG_MODE=private
    local bindir datadir logfile
    bindir="$(_pg_bin)" || {
        ensure_debian_packages postgresql
        bindir="$(_pg_bin)" || die "PostgreSQL is not installed and could not be installed" "apt-get install postgresql"
    }
    datadir="$(pg_private_datadir)"
    logfile="$(dirname "$datadir")/postgresql.log"
    DB_HOST=127.0.0.1
    DB_PORT="$PG_PRIVATE_PORT"
    DB_USER=odoo
    DB_PASSWORD=""
    mkdir -p "$(dirname "$datadir")"
    touch "$logfile"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres:postgres "$(dirname "$datadir")" "$logfile"
    fi
    if [ ! -f "$datadir/PG_VERSION" ]; then
        say "creating the project's PostgreSQL cluster in $datadir (port $DB_PORT)"
        rm -rf "$datadir"
        if ! _pg_as_owner "$bindir/initdb" -D "$datadir" -U postgres --auth=trust -E UTF8 \
            --locale=C.UTF-8 >"$logfile" 2>&1; then
            rm -rf "$datadir"
            die "initdb failed (log: $logfile)" "check free disk space and permissions of $(dirname "$datadir")"
        fi
        cat >>"$datadir/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $DB_PORT
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
    fi
    if ! _pg_as_owner "$bindir/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
        if (exec 3<>"/dev/tcp/127.0.0.1/$DB_PORT") 2>/dev/null; then
            die "port $DB_PORT is taken by another program, so the project's PostgreSQL cannot start" \
                "free the port, or set SUPPORT_PG_PORT to a free port (the data folder keeps its own setting in $datadir/postgresql.conf)"
        fi
        _pg_as_owner "$bindir/pg_ctl" -D "$datadir" -l "$logfile" -w -t 60 -o "-p $DB_PORT" start >/dev/null \
            || die "PostgreSQL did not start (log: $logfile)" "read the log; remove $datadir to start afresh"
    fi
    _pg_as_owner "$bindir/psql" -h 127.0.0.1 -p "$DB_PORT" -U postgres -d postgres -qtAc \
        "SELECT 1 FROM pg_roles WHERE rolname = 'odoo'" | grep -q 1 \
        || _pg_as_owner "$bindir/psql" -h 127.0.0.1 -p "$DB_PORT" -U postgres -d postgres -qc \
            "CREATE ROLE odoo LOGIN SUPERUSER" >/dev/null \
        || die "could not create the odoo role in the project's PostgreSQL" "remove $datadir and run again"
}

# --- Odoo configuration and commands -------------------------------------------------

odoo_addons_path() {
    local site
    site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    echo "$ODOO_SRC/odoo/addons,$ODOO_SRC/addons,$site/odoo/addons,$REPO_DIR"
}

write_odoo_config() {
    # $1: the config file, $2: the database name, $3: the http port
    cat >"$1" <<EOF
[options]
addons_path = $(odoo_addons_path)
data_dir = ${SUITE_HOME}/data
db_host = ${DB_HOST}
db_port = ${DB_PORT}
db_user = ${DB_USER}
db_password = ${DB_PASSWORD}
db_name = $2
dbfilter = ^$2\$
list_db = False
http_port = $3
http_interface = 127.0.0.1
max_cron_threads = 0
without_demo = False
EOF
}

odoo_bin() {
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" "$@"
}

psql_db() {
    PGPASSWORD="${DB_PASSWORD}" "$(_pg_bin)/psql" -h "${DB_HOST:-localhost}" -p "$DB_PORT" -U "$DB_USER" "$@"
}

addons_hash() {
    # Anything that changes what an install produces: the addons' files and the Odoo source.
    (
        cd "$REPO_DIR"
        git ls-files -co --exclude-standard -- support_entitlements support_chatroom support_reports \
            | LC_ALL=C sort | xargs -r sha256sum
        echo "$ODOO_SRC"
        cat "$VENV/.stamp"
    ) | sha256sum | cut -c1-12
}

setup_all() {
    mkdir -p "$SUITE_HOME"
    ensure_debian_packages libldap2-dev libsasl2-dev libpq-dev chromium wkhtmltopdf fonts-dejavu-core
    find_odoo_src
    ensure_venv
    ensure_postgres
    say "Odoo source: $ODOO_SRC; Python: $VENV; PostgreSQL: $PG_MODE ($DB_HOST:$DB_PORT)"
}

# --- read replica ---------------------------------------------------------------

check_replica() {
    # $1: host, $2: port, $3: database. Stops with the cause unless a PostgreSQL
    # hot standby answers there and holds the database.
    local answer
    answer="$("$VENV/bin/python" - "$1" "$2" "$3" "$DB_USER" "$DB_PASSWORD" 2>&1 <<'PY'
import sys
import psycopg2
host, port, db, user, password = sys.argv[1:]
try:
    cnx = psycopg2.connect(dbname=db, host=host or None, port=port, user=user,
                           password=password or None, connect_timeout=5)
except psycopg2.OperationalError as exc:
    print("down: " + str(exc).strip().splitlines()[0])
    sys.exit(0)
with cnx, cnx.cursor() as cr:
    cr.execute("SELECT pg_is_in_recovery()")
    print("standby" if cr.fetchone()[0] else "primary")
PY
)"
    case "$answer" in
        standby) ;;
        primary)
            die "the server on $1:$2 is not a replica (it accepts writes)" \
                "give --db-replica-port the port of a hot standby, e.g. start one with setup/replica start" ;;
        *)
            die "no PostgreSQL replica answers on $1:$2 (${answer#down: })" \
                "start one with setup/replica start, or drop the --db-replica-* options" ;;
    esac
}

replica_datadir() {
    echo "${SUPPORT_PG_REPLICA_DATA:-$(dirname "$(pg_private_datadir)")/pgreplica}"
}

replica_start() {
    # $1: the replica's port. Idempotent: a running replica is left as it is.
    local bindir datadir logfile
    bindir="$(_pg_bin)"
    datadir="$(replica_datadir)"
    logfile="${datadir}.log"
    if _pg_as_owner "$bindir/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
        say "the replica already runs from $datadir"
        return 0
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
        die "port $1 is taken by another program, so the replica cannot start" \
            "free the port, or choose another: setup/replica start --port 54331"
    fi
    if [ ! -f "$datadir/standby.signal" ]; then
        say "copying the primary ($DB_HOST:$DB_PORT) into $datadir with pg_basebackup"
        rm -rf "$datadir"
        mkdir -p "$datadir"
        chmod 700 "$datadir"
        touch "$logfile"
        [ "$(id -u)" -ne 0 ] || chown postgres:postgres "$datadir" "$logfile"
        _pg_as_owner "$bindir/pg_basebackup" -h "$DB_HOST" -p "$DB_PORT" -U postgres \
            -D "$datadir" -R -X stream -c fast >"$logfile" 2>&1 \
            || { rm -rf "$datadir"; die "pg_basebackup failed (log: $logfile)" "read the log, then run again"; }
        # the copy carries the primary's settings; the standby differs in its
        # port and in answering queries while it replays the primary's changes
        _pg_as_owner sh -c "cat >>'$datadir/postgresql.conf'" <<CONF
port = $1
hot_standby = on
CONF
    fi
    _pg_as_owner "$bindir/pg_ctl" -D "$datadir" -l "$logfile" -w -t 60 -o "-p $1" start >/dev/null \
        || die "the replica did not start (log: $logfile)" "read the log; remove $datadir to copy the primary again"
    say "replica running on 127.0.0.1:$1 (data: $datadir, log: $logfile)"
}

replica_stop() {
    local datadir
    datadir="$(replica_datadir)"
    if _pg_as_owner "$(_pg_bin)/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
        _pg_as_owner "$(_pg_bin)/pg_ctl" -D "$datadir" -m fast -w stop >/dev/null
        say "replica stopped"
    else
        say "no replica runs from $datadir"
    fi
}

replica_status() {
    local datadir
    datadir="$(replica_datadir)"
    if ! _pg_as_owner "$(_pg_bin)/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
        echo "stopped ($datadir)"
        return 3
    fi
    psql_db -d postgres -qtAc "SELECT 'running, ' || application_name || ' ' || state
        || ', replay lag ' || coalesce(replay_lag::text, '0') FROM pg_stat_replication"
}
