#!/usr/bin/env bash
# The fault runs of docs/RELIABILITY.md: kill -9 during autosave, a full disk, a read-only
# folder, a damaged database, CMS faults against a real loopback WordPress, hostile text into
# every output, and every cargo fuzz target for a while (tests/src/bin/torture.rs).
#   bash scripts/torture.sh           full run (1,000 kills), writes docs/RELIABILITY.md
#   bash scripts/torture.sh --short   CI's run (100 kills, 10 s a fuzz target), prints only
# The full disk and read-only parts mount a tmpfs and a bind mount, so they need root.
NEWSROOM_SETUP_E2E=1 source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

use_test_wordpress
use_test_postgres

say "Building the torture command (release)"
cargo build --locked --release -p newsroom-tests --bin torture
if [ "${1:-}" = "--short" ]; then
  "$CARGO_TARGET_DIR/release/torture" --short
else
  "$CARGO_TARGET_DIR/release/torture" --out docs/RELIABILITY.md
  say "Written docs/RELIABILITY.md"
fi
