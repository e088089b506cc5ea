#!/usr/bin/env bash
# Runs Posko: builds the client in release mode and starts the server on http://127.0.0.1:8080
# with the embedded SQLite database in ./data and the demo agency, offices and users.
# Extra arguments go to the server (see `posko-server --help`).
#
# The server is the one the tests drive (`target/debug/posko-server`, password hashing
# optimised, see Cargo.toml): on a bare 2-core machine it compiles in about 1.5 minutes where
# the optimised one takes about 4 (measured 2026-12-07: 93 s against 230 s from an empty
# target), which keeps this command under its 10 minutes, and after `scripts/test.sh` it is
# already built. It ingests about a quarter as fast (2,800 records/s against 12,600 in the sync
# bench), plenty for trying Posko. An agency's server, and the benches, use the optimised one:
# `POSKO_SERVER_PROFILE=server scripts/run.sh` builds and runs that instead.
source "$(dirname "$0")/ensure-tools.sh"
ensure_build_tools
build_client
# After the client: the compiler-side crates (proc macros, build scripts) it built are reused.
profile="${POSKO_SERVER_PROFILE:-dev}"
case "$profile" in
  dev) bin_dir=debug ;;
  server) bin_dir=server ;;
  *) echo "POSKO_SERVER_PROFILE is dev (the default) or server, not $profile" >&2; exit 2 ;;
esac
log "cargo build -p posko-server --profile $profile"
cd "$POSKO_ROOT"
cargo build --locked -p posko-server --profile "$profile"
exec "$POSKO_ROOT/target/$bin_dir/posko-server" --data-dir "$POSKO_ROOT/data" --dist "$POSKO_ROOT/dist" --demo "$@"
