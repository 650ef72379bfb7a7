#!/usr/bin/env bash
# Builds and starts the Newsroom app on its embedded SQLite database (in the OS app data folder,
# or NEWSROOM_DATA_DIR when set).
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

say "Building the UI"
npm run --silent ui:build
say "Building and starting the app"
exec cargo run --locked -p newsroom-app
