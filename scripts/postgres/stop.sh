#!/usr/bin/env bash
# scripts/postgres/stop.sh - stop the PostgreSQL that start.sh started (pg_ctl on its own data
# folder, so no other server is touched). --purge also deletes its state folder (next start: a
# new cluster and a new test certificate authority).
set -euo pipefail
S="${PG_STATE_DIR:-/tmp/newsroom-test-postgres/state}"
log() { printf '[postgres] %s\n' "$*" >&2; }
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -s "$S/data/postmaster.pid" ] && [ -n "$BIN" ]; then
  runuser -u postgres -- "$BIN/pg_ctl" -D "$S/data" -m fast -w -t 60 stop >/dev/null \
    && log "stopped" || log "pg_ctl stop failed"
else
  log "not running"
fi
if [ "${1:-}" = "--purge" ]; then
  rm -rf "$S"; log "removed $S"
fi
