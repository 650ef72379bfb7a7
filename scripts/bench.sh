#!/usr/bin/env bash
# The figures of docs/PERFORMANCE.md in one run: every cargo bench of the workspace, the real
# window's figures (start, typing, preview, memory, photos) under Xvfb, and the peers measured
# on the same machine (the loopback WordPress saving and showing the same story, markdown-it
# rendering it), gathered into one table by scripts/bench/report.mjs.
#   bash scripts/bench.sh           full run (about 5 minutes once built; building the release
#                                   app first takes about 6), writes docs/PERFORMANCE.md
#   bash scripts/bench.sh --short   CI's run: prints the table; fails on a broken bench or a
#                                   figure far past its target
NEWSROOM_SETUP_E2E=1 source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
use_test_wordpress
use_test_postgres

say "Building the UI, the app, the command line and the bare window (the control) for the window figures"
npm run --silent ui:build
cargo build --locked -p newsroom-app -p newsroom-cli -p bench-bare-window
export NEWSROOM_CLI="$CARGO_TARGET_DIR/debug/newsroom"
if [ "${1:-}" != "--short" ]; then
  # The full run measures the window of the build journalists get; CI's short run makes do with
  # the debug build the tests have just made.
  say "Building the app (release) for the window figures"
  cargo build --locked --release -p newsroom-app -p bench-bare-window
  export APP_BIN="$CARGO_TARGET_DIR/release/newsroom-app"
fi

say "Benchmarks${1:+ ($1)}"
node scripts/bench/report.mjs "$@"
