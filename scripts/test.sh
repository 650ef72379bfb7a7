#!/usr/bin/env bash
# Every check and every test, as CI runs them: formatting, lints, Rust tests, the IPC bindings,
# the UI's type check and unit tests, and the WebDriver tests that drive the real app window.
NEWSROOM_SETUP_E2E=1 source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

say "Building the UI (the app embeds it)"
npm run --silent ui:build

say "cargo fmt --check"
cargo fmt --all -- --check

say "cargo clippy -D warnings"
cargo clippy --locked --workspace --all-targets -- -D warnings

say "A real WordPress on loopback for the CMS tests (scripts/wordpress/start.sh)"
wordpress=$(bash scripts/wordpress/start.sh)
trap 'bash scripts/wordpress/stop.sh >/dev/null 2>&1 || true' EXIT
export NEWSROOM_TEST_WP_URL="$(sed -n 's/^WP_BASE_URL=//p' <<<"$wordpress")"
export NEWSROOM_TEST_WP_USER="$(sed -n 's/^WP_USER=//p' <<<"$wordpress")"
export NEWSROOM_TEST_WP_PASSWORD="$(sed -n 's/^WP_APP_PASSWORD=//p' <<<"$wordpress")"

say "Rust tests"
cargo test --locked --workspace

say "Fault runs, short: kills, full disk, read-only, damage, CMS faults, hostile text, fuzzing"
"$CARGO_TARGET_DIR/debug/torture" --short

say "IPC bindings are up to date"
if [ -n "$(git status --porcelain -- ui/src/bindings)" ]; then
  git status --short -- ui/src/bindings
  echo "ui/src/bindings differs from what the Rust types generate: commit the regenerated files." >&2
  exit 1
fi

say "UI type check"
npm run --silent ui:check

say "UI unit tests"
npm run --silent ui:test

say "Building the app and the command line for the window tests"
cargo build --locked -p newsroom-app -p newsroom-cli
export NEWSROOM_CLI="$CARGO_TARGET_DIR/debug/newsroom"

say "WebDriver tests on the real window (Xvfb)"
timeout 900 xvfb-run -a -s "-screen 0 1280x820x24" npm run --silent e2e
