#!/usr/bin/env bash
# Installs what the desk needs on Debian or Ubuntu and is missing; sourced by run.sh and test.sh.
# Idempotent: a second run installs nothing. Rust and Node must already be there.
#   NEWSROOM_SETUP_E2E=1  also installs what the WebDriver tests need (Xvfb, WebKitWebDriver, tauri-driver).

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Cargo's build output lives outside the clone so that a fresh clone does not rebuild Tauri from
# nothing; cargo's own fingerprints keep that sound.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/newsroom/target}"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

need_cmd() {
  command -v "$1" >/dev/null 2>&1 || { echo "$1 is missing: install $2 first." >&2; exit 1; }
}
need_cmd cargo "Rust (https://rustup.rs)"
need_cmd npm "Node.js 20 or newer"

packages=(build-essential pkg-config libwebkit2gtk-4.1-dev libssl-dev libayatana-appindicator3-dev
  librsvg2-dev libxdo-dev file libxml2-utils
  # Spelling in the story's language: the system's Hunspell dictionaries (newsroom-style).
  hunspell-en-us hunspell-en-gb hunspell-sv)
if [ "${NEWSROOM_SETUP_E2E:-0}" = 1 ]; then
  # xclip, xdotool and a GTK drag source (python3-gi) give the photo tests a real clipboard and
  # a real drag and drop from outside the app.
  packages+=(xvfb xauth webkit2gtk-driver procps wmctrl matchbox-window-manager
    xclip xdotool python3-gi gir1.2-gtk-3.0)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing system packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing the UI's packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "${NEWSROOM_SETUP_E2E:-0}" = 1 ] && ! cargo fuzz --version >/dev/null 2>&1; then
  say "Installing cargo-fuzz (the fault runs fuzz every target for a while)"
  cargo install cargo-fuzz --version 0.13.2 --locked --quiet
fi

if [ "${NEWSROOM_SETUP_E2E:-0}" = 1 ] && ! command -v tauri-driver >/dev/null 2>&1; then
  say "Installing tauri-driver"
  cargo install tauri-driver --version 2.1.0 --locked --quiet
fi

# The test servers this script started, stopped (by their own stop scripts) when it ends.
stop_on_exit=()
stop_test_servers() {
  local stop
  for stop in "${stop_on_exit[@]}"; do bash "$stop" >/dev/null 2>&1 || true; done
}
trap stop_test_servers EXIT

# The loopback WordPress of the CMS tests, faults and benches (scripts/wordpress/start.sh),
# started unless NEWSROOM_TEST_WP_URL already names one, and stopped when the script ends.
use_test_wordpress() {
  [ -n "${NEWSROOM_TEST_WP_URL:-}" ] && return 0
  say "A real WordPress on loopback (scripts/wordpress/start.sh)"
  local wordpress
  wordpress=$(bash scripts/wordpress/start.sh)
  stop_on_exit+=(scripts/wordpress/stop.sh)
  NEWSROOM_TEST_WP_URL="$(sed -n 's/^WP_BASE_URL=//p' <<<"$wordpress")"
  NEWSROOM_TEST_WP_USER="$(sed -n 's/^WP_USER=//p' <<<"$wordpress")"
  NEWSROOM_TEST_WP_PASSWORD="$(sed -n 's/^WP_APP_PASSWORD=//p' <<<"$wordpress")"
  # The login's own password: the window bench signs in to the block editor (its typing peer).
  NEWSROOM_TEST_WP_ADMIN_PASSWORD="$(sed -n 's/^WP_ADMIN_PASSWORD=//p' <<<"$wordpress")"
  export NEWSROOM_TEST_WP_URL NEWSROOM_TEST_WP_USER NEWSROOM_TEST_WP_PASSWORD NEWSROOM_TEST_WP_ADMIN_PASSWORD
}

# The loopback PostgreSQL of the shared desk's tests and benches (scripts/postgres/start.sh:
# TLS from its own test certificate authority, SCRAM), started unless NEWSROOM_TEST_PG_URL
# already names one, and stopped when the script ends.
use_test_postgres() {
  [ -n "${NEWSROOM_TEST_PG_URL:-}" ] && return 0
  say "A real PostgreSQL on loopback, TLS and SCRAM only (scripts/postgres/start.sh)"
  local postgres
  postgres=$(bash scripts/postgres/start.sh)
  stop_on_exit+=(scripts/postgres/stop.sh)
  NEWSROOM_TEST_PG_URL="$(sed -n 's/^PG_URL=//p' <<<"$postgres")"
  NEWSROOM_TEST_PG_PASSWORD="$(sed -n 's/^PG_PASSWORD=//p' <<<"$postgres")"
  NEWSROOM_TEST_PG_CA="$(sed -n 's/^PG_CA=//p' <<<"$postgres")"
  # The fault runs restart the server (pg_ctl on its data folder).
  NEWSROOM_TEST_PG_DATA="$(sed -n 's/^PG_DATA=//p' <<<"$postgres")"
  NEWSROOM_TEST_PG_BIN="$(sed -n 's/^PG_BIN=//p' <<<"$postgres")"
  export NEWSROOM_TEST_PG_URL NEWSROOM_TEST_PG_PASSWORD NEWSROOM_TEST_PG_CA
  export NEWSROOM_TEST_PG_DATA NEWSROOM_TEST_PG_BIN
}
