#!/usr/bin/env bash
# The installable package, from a release build: a .deb for Debian and Ubuntu holding the app
# (/usr/bin/newsroom-app, its menu entry and icons) and the `newsroom` command line beside it
# (/usr/bin/newsroom). The system's WebKitGTK and GTK come as its dependencies; the Hunspell
# dictionaries the spelling reads as its recommendations.
#   bash scripts/package.sh     writes $CARGO_TARGET_DIR/release/bundle/deb/Newsroom_<version>_<arch>.deb
#
# The AppImage is not built: Tauri's bundler downloads its tools (linuxdeploy, appimagetool and
# their plugins) from GitHub when it runs, and this project builds from the package registries
# only.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

say "Building the UI (the app embeds it)"
npm run --silent ui:build

say "Building the command line (release)"
cargo build --locked --release -p newsroom-cli
# Symbols are for debugging, not for a newsroom's laptops: without them the two programs are
# about half the size.
staging="$CARGO_TARGET_DIR/package"
mkdir -p "$staging"
strip --strip-all -o "$staging/newsroom" "$CARGO_TARGET_DIR/release/newsroom"

say "Building the app (release)"
# From the app's crate: the bundler reads the package (name, version) from the Cargo.toml beside
# the tauri.conf.json it finds, and the top-level one is the workspace's.
(cd src-tauri && npx --no-install tauri build --ci --no-bundle)
strip --strip-all "$CARGO_TARGET_DIR/release/newsroom-app"

say "Bundling the .deb"
# The command line's path is this machine's, so it is given here rather than kept in
# tauri.conf.json.
overrides=$(printf '{"bundle":{"linux":{"deb":{"files":{"/usr/bin/newsroom":"%s"},"recommends":["hunspell-en-us","hunspell-en-gb","hunspell-sv"]}}}}' \
  "$staging/newsroom")
(cd src-tauri && npx --no-install tauri bundle --ci --bundles deb --config "$overrides")

deb=$(ls -t "$CARGO_TARGET_DIR"/release/bundle/deb/*.deb | head -n 1)
say "Repacking the .deb with xz"
# Tauri's bundler compresses the files with gzip; xz, which Debian's own packages use, makes
# the package about a third smaller (docs/PERFORMANCE.md). The contents are unchanged.
unpacked=$(mktemp -d)
dpkg-deb --raw-extract "$deb" "$unpacked/root"
dpkg-deb --root-owner-group -Zxz -z9 --build "$unpacked/root" "$deb" >/dev/null
rm -rf "$unpacked"
say "Built $deb ($(du -h "$deb" | cut -f1))"
