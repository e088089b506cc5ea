#!/usr/bin/env bash
# Runs Posko: builds the client in release mode and starts the server on http://127.0.0.1:8080
# with the embedded SQLite database in ./data and the demo agency, offices and users.
# Extra arguments go to the server (see `posko-server --help`).
source "$(dirname "$0")/ensure-tools.sh"
ensure_build_tools
build_client
# After the client: the compiler-side crates (proc macros, build scripts) it built are reused.
log "cargo build -p posko-server --profile server"
cd "$POSKO_ROOT"
cargo build --locked -p posko-server --profile server
exec "$POSKO_ROOT/target/server/posko-server" --data-dir "$POSKO_ROOT/data" --dist "$POSKO_ROOT/dist" --demo "$@"
