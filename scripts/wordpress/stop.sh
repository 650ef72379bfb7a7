#!/usr/bin/env bash
# scripts/wordpress/stop.sh - stop only the processes start.sh started (by the PIDs it recorded,
# after checking /proc/PID/cmdline still matches).  --purge also deletes the state dir and the
# /etc/wordpress config file start.sh wrote (next start = brand-new site).
set -euo pipefail
WP_HOSTNAME="${WP_HOSTNAME:-127.0.0.1}"
WP_PORT="${WP_PORT:-8089}"
S="${WP_STATE_DIR:-/tmp/newsroom-test-wordpress/state}"
WP_CONF="/etc/wordpress/config-${WP_HOSTNAME}.php"
log() { printf '[wordpress] %s\n' "$*" >&2; }

stop_one() { # pidfile cmdline-substring label kill-group(0/1)
  local f=$1 pat=$2 label=$3 group=$4 pid
  if [ ! -s "$f" ]; then log "$label: no pid file, nothing to stop"; return 0; fi
  pid=$(cat "$f")
  if ! kill -0 "$pid" 2>/dev/null || ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$pat"; then
    log "$label: pid $pid not running (or not ours); removing stale pid file"; rm -f "$f"; return 0
  fi
  # php -S was started with setsid, so its pid is also the process-group id of its worker children.
  if [ "$group" = 1 ]; then kill -TERM -- "-$pid"; else kill -TERM "$pid"; fi
  for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    log "$label: pid $pid ignored SIGTERM for 30 s, sending SIGKILL"
    if [ "$group" = 1 ]; then kill -KILL -- "-$pid"; else kill -KILL "$pid"; fi
  fi
  rm -f "$f"; log "$label: stopped pid $pid"
}

stop_one "$S/php.pid" "$WP_HOSTNAME:$WP_PORT" "php -S" 1
stop_one "$S/mysqld.pid" "--datadir=$S/mysql" "mariadbd" 0

if [ "${1:-}" = "--purge" ]; then
  if [ -f "$WP_CONF" ] && grep -qF "Managed by start.sh (state dir: $S)" "$WP_CONF"; then
    rm -f "$WP_CONF"; log "removed $WP_CONF"
  fi
  rm -rf "$S"; log "removed $S"
fi
