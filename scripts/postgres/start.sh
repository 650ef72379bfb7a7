#!/usr/bin/env bash
# scripts/postgres/start.sh - bring up a throwaway, REAL PostgreSQL (Debian's package) on loopback
# for the shared desk's tests and benches (scripts/test.sh runs it; so can you).
#
# It is set up the way docs/DESK.md tells a newsroom to set up its own: TLS only, with a
# certificate from a test certificate authority (made here), SCRAM passwords, every other way in
# rejected. Its own data folder and its own OS-level files; nothing outside $PG_STATE_DIR is
# written. Idempotent: a second run reuses what is there. A fresh server: stop.sh --purge.
#
# Prints, for the caller to export:
#   PG_URL=postgres://newsroom_test@127.0.0.1:PORT/postgres   a login that may create databases
#   PG_PASSWORD=...                                            and roles (each test makes its own)
#   PG_CA=/path/ca.crt                                         the test CA the clients must trust
#   PG_HOST_CA_KEY=/path/ca.key                                (tests that make a wrong server cert)
set -euo pipefail

PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-54329}"
PG_STATE_DIR="${PG_STATE_DIR:-/tmp/newsroom-test-postgres/state}"
PG_VERSION_WANTED="${PG_VERSION_WANTED:-}"
S="$PG_STATE_DIR"
T0=$(date +%s.%N)
log() { printf '[postgres +%6.2fs] %s\n' "$(echo "$(date +%s.%N) - $T0" | bc)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
[ "$(id -u)" = 0 ] || die "run as root (apt-get, and the server runs as the postgres user)"
case "$PG_HOST" in 127.*) ;; *) die "PG_HOST must be a loopback address";; esac

# 1. packages --------------------------------------------------------------------------------
missing=""
for p in postgresql postgresql-client openssl bc; do
  dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || missing="$missing $p"
done
if [ -n "$missing" ]; then
  log "apt-get install:$missing"
  mkdir -p "$S"
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  if ! apt-get install -y --no-install-recommends $missing >"$S/apt.log" 2>&1; then
    apt-get update >>"$S/apt.log" 2>&1 || true
    apt-get install -y --no-install-recommends $missing >>"$S/apt.log" 2>&1 || die "apt-get failed, see $S/apt.log"
  fi
fi
# The newest server installed (Debian 12: 15; Ubuntu 24.04: 16).
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[ -n "$PG_VERSION_WANTED" ] && BIN="/usr/lib/postgresql/$PG_VERSION_WANTED/bin"
[ -x "$BIN/postgres" ] || die "no PostgreSQL server in $BIN"

mkdir -p "$S/run" "$S/log"
chmod 755 "$S"
chown postgres:postgres "$S/run" "$S/log"
exec 9>"$S/.lock"; flock -w 120 9 || die "another start.sh holds $S/.lock"
as_pg() { runuser -u postgres -- "$@"; }

# 2. a test certificate authority and the server's certificate -------------------------------
TLS="$S/tls"
if [ ! -s "$TLS/server.crt" ]; then
  log "making a test certificate authority and a server certificate for $PG_HOST"
  rm -rf "$TLS"; mkdir -p "$TLS"
  ( cd "$TLS"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
      -subj "/CN=Newsroom test desk CA" -keyout ca.key -out ca.crt \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$PG_HOST" \
      -keyout server.key -out server.csr 2>/dev/null
    printf 'subjectAltName=IP:%s,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
      "$PG_HOST" > server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
      -extfile server.ext -out server.crt 2>/dev/null
    rm -f server.csr server.ext )
  chown postgres:postgres "$TLS/server.key" "$TLS/server.crt"
  chmod 600 "$TLS/server.key"
  chmod 644 "$TLS/ca.crt"
fi

# 3. the cluster -----------------------------------------------------------------------------
DATA="$S/data"
if [ ! -s "$S/secrets.env" ]; then
  ( umask 077; echo "PG_PASSWORD=$(openssl rand -hex 16)" > "$S/secrets.env" )
fi
# shellcheck disable=SC1091
. "$S/secrets.env"
if [ ! -s "$DATA/PG_VERSION" ]; then
  log "initdb $DATA"
  rm -rf "$DATA"; mkdir -p "$DATA"
  chown postgres:postgres "$DATA"
  as_pg "$BIN/initdb" -D "$DATA" --auth-local=peer --auth-host=reject -U postgres -E UTF8 \
    --locale=C.UTF-8 >"$S/initdb.log" 2>&1 || die "initdb failed, see $S/initdb.log"
  cat >>"$DATA/postgresql.conf" <<EOF

# --- newsroom test desk (scripts/postgres/start.sh) ---
listen_addresses = '$PG_HOST'
port = $PG_PORT
unix_socket_directories = '$S/run'
ssl = on
ssl_cert_file = '$TLS/server.crt'
ssl_key_file = '$TLS/server.key'
ssl_min_protocol_version = 'TLSv1.2'
password_encryption = 'scram-sha-256'
authentication_timeout = '10s'
# Fifty laptops of the bench, each one connection, and the tests' own.
max_connections = 200
shared_buffers = '128MB'
temp_file_limit = '1GB'
log_connections = on
logging_collector = off
fsync = on
EOF
  # TLS with SCRAM from loopback; everything else refused. The local socket (peer, the OS user
  # postgres only) is how this script itself administers the server.
  cat >"$DATA/pg_hba.conf" <<EOF
local   all   postgres                 peer
hostssl all   all        $PG_HOST/32   scram-sha-256
host    all   all        0.0.0.0/0     reject
host    all   all        ::/0          reject
EOF
fi

ready() { as_pg "$BIN/pg_isready" -q -h "$S/run" -p "$PG_PORT" 2>/dev/null; }
if ready; then
  log "PostgreSQL already running"
else
  log "starting PostgreSQL on $PG_HOST:$PG_PORT"
  as_pg "$BIN/pg_ctl" -D "$DATA" -l "$S/log/server.log" -w -t 60 start >/dev/null \
    || die "PostgreSQL did not start, see $S/log/server.log"
fi

# 4. the tests' login: it creates a database and the desk's roles per test --------------------
as_pg psql -q -h "$S/run" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
  -v pw="$PG_PASSWORD" >/dev/null <<'EOF'
SELECT NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'newsroom_test') AS missing \gset
\if :missing
CREATE ROLE newsroom_test LOGIN CREATEDB CREATEROLE;
\endif
ALTER ROLE newsroom_test PASSWORD :'pw';
-- What earlier test runs left: each test's desk is a database nrt_… with roles nrt_….
SELECT format('DROP DATABASE %I WITH (FORCE)', datname) FROM pg_database
 WHERE datname LIKE 'nrt\_%' \gexec
SELECT format('DROP ROLE %I', rolname) FROM pg_roles
 WHERE rolname LIKE 'nrt\_%' ORDER BY rolname LIKE '%\_owner', rolname LIKE '%\_people' \gexec
EOF

log "ready"
echo "PG_URL=postgres://newsroom_test@$PG_HOST:$PG_PORT/postgres"
echo "PG_PASSWORD=$PG_PASSWORD"
echo "PG_CA=$TLS/ca.crt"
echo "PG_CA_KEY=$TLS/ca.key"
echo "PG_DATA=$DATA"
echo "PG_BIN=$BIN"
echo "PG_SOCKET_DIR=$S/run"
