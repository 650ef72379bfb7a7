#!/usr/bin/env bash
# Every check and every test, as CI runs them: formatting, lints, Rust tests, the IPC bindings,
# the UI's type check and unit tests, the WebDriver tests that drive the real app window, and
# short runs of the fault and benchmark commands.
NEWSROOM_SETUP_E2E=1 source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

say "Building the UI (the app embeds it)"
npm run --silent ui:build

say "cargo fmt --check"
cargo fmt --all -- --check

say "cargo clippy -D warnings"
cargo clippy --locked --workspace --all-targets -- -D warnings

use_test_wordpress
use_test_postgres

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

say "Benchmarks, short: every figure of docs/PERFORMANCE.md at a small scale"
bash scripts/bench.sh --short

say "The installable package: the .deb built from a release build, installed with dpkg, started"
bash scripts/package.sh
deb=$(ls -t "$CARGO_TARGET_DIR"/release/bundle/deb/*.deb | head -n 1)
sudo_cmd=()
[ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
"${sudo_cmd[@]}" dpkg -i "$deb"
APP_BIN=/usr/bin/newsroom-app timeout 300 xvfb-run -a -s "-screen 0 1280x820x24" node --test tests/package/installed.test.mjs
say "The AppImage from the same build, started as one file"
appimage=$(ls -t "$CARGO_TARGET_DIR"/release/bundle/appimage/*.AppImage | head -n 1)
# It extracts itself (330 MB) into TMPDIR: a folder of its own, removed after.
appimage_tmp=$(mktemp -d)
TMPDIR="$appimage_tmp" APP_BIN="$appimage" APPIMAGE_EXTRACT_AND_RUN=1 \
  timeout 300 xvfb-run -a -s "-screen 0 1280x820x24" node --test tests/package/appimage.test.mjs
rm -rf "$appimage_tmp"
