#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: installs Debian's postgresql when initdb/pg_ctl
# are missing, keeps a cluster under /tmp owned by the postgres OS user (PostgreSQL refuses to
# run as root), serves it on 127.0.0.1 at a free port, creates database wxintel_test and writes
# its DSN to $WXINTEL_PG_DIR/dsn (tests read it there, or from $WXINTEL_TEST_PG).
# Idempotent: a running server is reused; a stopped one is started again; one still replaying
# its log is waited for (up to $WXINTEL_PG_WAIT seconds, 120). Runs one at a time (a lock in
# $WXINTEL_PG_DIR): the test suite calls it when the server does not answer, from each worker.
# Durability is off (fsync, synchronous_commit): the data is scratch, speed is what matters.
# The server has been seen to vanish without a line in its log (its processes killed, as when
# the machine's processes are stopped): the next start then replays the log, which took 37 s.
set -euo pipefail

# $WXINTEL_PG_DIR and its default are the pg_dir setting (src/wxintel/settings.py); the tests
# and bench/reprocess.py read the DSN where pg_test_dsn_file() (store/postgres.py) says.
base=${WXINTEL_PG_DIR:-/tmp/wxintel-pg}
data=$base/data
dsn_file=$base/dsn
database=wxintel_test

find_bin() {
    local dir
    if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/initdb" ]; then
        echo "$dir"
        return 0
    fi
    return 1
}

as_root=()
[ "$(id -u)" -ne 0 ] && as_root=(sudo)

if ! bin=$(find_bin); then
    echo "postgres: installing Debian's postgresql"
    "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends postgresql
    bin=$(find_bin) || { echo "postgres: no initdb/pg_ctl after installing postgresql" >&2; exit 1; }
fi

# Run the server's own programs as the postgres OS user when we are root.
as_pg=()
owner=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$base" --shell /bin/bash postgres
    as_pg=(runuser -u postgres --)
    owner=postgres
fi

mkdir -p "$base"
chown "$owner" "$base"
chmod 755 "$base"
# Two callers at once (make test, each test worker) would both start a server on one cluster.
exec 9>"$base/start.lock"
flock 9
wait=${WXINTEL_PG_WAIT:-120}  # seconds a starting server may take to accept connections

major=$("$bin/pg_ctl" --version | sed -E 's/[^0-9]*([0-9]+).*/\1/')
if [ -f "$data/PG_VERSION" ] && [ "$(cat "$data/PG_VERSION")" != "$major" ]; then
    echo "postgres: cluster in $data is from PostgreSQL $(cat "$data/PG_VERSION"); recreating"
    "${as_pg[@]}" "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$data"
fi
if [ ! -f "$data/PG_VERSION" ]; then
    rm -rf "$data"
    "${as_pg[@]}" "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi

port_in_use() {
    python3 - "$1" <<'EOF'
import socket, sys
with socket.socket() as s:
    sys.exit(0 if s.connect_ex(("127.0.0.1", int(sys.argv[1]))) == 0 else 1)
EOF
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# pg_ctl status trusts postmaster.pid's process id; after the server's processes were killed
# that id may belong to another program, so the running server must also be a postgres.
# (Where /proc cannot say, pg_ctl is trusted.)
running() {
    local pid name
    "${as_pg[@]}" "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1 || return 1
    pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
    name=$(cat "/proc/$pid/comm" 2>/dev/null || true)
    [ -z "$name" ] || [ "$name" = postgres ]
}

if running; then
    port=$(sed -n 's/^port = \([0-9]*\).*/\1/p' "$data/postgresql.auto.conf" | tail -n 1)
    # A server another caller started may still be replaying its log (pg_ctl status already
    # says running). pg_isready: 0 accepting, 1 rejecting (starting up), 2 no answer.
    waited=0
    until "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; do
        if [ "$waited" -ge "$wait" ]; then
            echo "postgres: the server on port $port did not accept connections in ${wait}s;" \
                "see $base/server.log" >&2
            exit 1
        fi
        [ "$waited" -eq 0 ] && echo "postgres: waiting for the server on port $port (starting up)" >&2
        sleep 1
        waited=$((waited + 1))
    done
else
    # A killed server leaves its lock files; a live process of another program may now hold the
    # id they name, and PostgreSQL would then refuse to start ("Is another postmaster …?").
    rm -f "$data/postmaster.pid" "$base"/.s.PGSQL.*.lock
    port=$(sed -n 's/^port = \([0-9]*\).*/\1/p' "$data/postgresql.auto.conf" 2>/dev/null | tail -n 1)
    if [ -z "$port" ] || port_in_use "$port"; then
        port=$(free_port)
    fi
    # ALTER SYSTEM's file, written by hand while the server is down: read at start.
    "${as_pg[@]}" tee "$data/postgresql.auto.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$base'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
    # 9>&-: the server must not inherit the start lock, or it holds it for its whole life and the
    # next caller (a second `make test`) waits on flock forever.
    "${as_pg[@]}" "$bin/pg_ctl" -D "$data" -l "$base/server.log" -w -t "$wait" start >/dev/null 9>&- \
        || { echo "postgres: server did not start; see $base/server.log" >&2; tail -n 20 "$base/server.log" >&2; exit 1; }
fi

psql=("$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1)
if [ "$("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]; then
    "${psql[@]}" -c "CREATE DATABASE $database TEMPLATE template0 ENCODING 'UTF8'"
fi

dsn="postgresql://postgres@127.0.0.1:$port/$database"
echo "$dsn" >"$dsn_file.tmp"
mv "$dsn_file.tmp" "$dsn_file"
echo "postgres: ready at $dsn (DSN in $dsn_file; export WXINTEL_TEST_PG=$dsn to override)"
