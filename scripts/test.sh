#!/usr/bin/env bash
# Runs every Posko test suite, installing what they need first (skipping what is there):
#   1. core: domain rules and validation (table tests)
#   2. server: HTTP API through app() + oneshot, on SQLite and on a real PostgreSQL started here
#   3. the API fuzzed against its description: schemathesis on a live server (scripts/api-fuzz.sh)
#   4. browser unit tests: the IndexedDB store in headless Chromium (wasm-bindgen-test)
#   5. release build of the PWA (with tests of the tools that shrink it) and its size check (brotli; the two budgets below)
#   6. end-to-end: Playwright driving Debian's Chromium against the real server (the binary the
#      server tests built)
#   7. the sync and morning-load benches at a small scale against the debug server, so a change
#      that breaks a bench (a wording it waits for) fails here, not in the next measurement
# Each phase's time is printed at the end.
source "$(dirname "$0")/ensure-tools.sh"
phase "0/7 tools"
ensure_test_tools
cd "$POSKO_ROOT"

phase "1/7 core"
cargo test --locked -p posko-core

phase "2/7 server on SQLite and PostgreSQL"
pg_dir="$(mktemp -d /tmp/posko-pg.XXXXXX)"
pg_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
trap 'scripts/postgres.sh stop "$pg_dir"' EXIT
POSKO_TEST_POSTGRES_URL="$(scripts/postgres.sh start "$pg_dir" "$pg_port")"
export POSKO_TEST_POSTGRES_URL POSKO_REQUIRE_POSTGRES=1
cargo test --locked -p posko-server

phase "3/7 the API fuzzed against its description (schemathesis)"
POSKO_SERVER_BIN="$POSKO_ROOT/target/debug/posko-server" scripts/api-fuzz.sh

phase "4/7 browser unit tests (headless Chromium)"
# The debug test modules are several MB: on a busy 2-core machine one took longer than the
# runner's default 20 s to load (2026-12-02) and counted as failed without running.
WASM_BINDGEN_TEST_TIMEOUT=120 CHROMEDRIVER="$(command -v chromedriver)" cargo test --locked -p posko --target wasm32-unknown-unknown

phase "5/7 release build, its build tools' tests, and the size check"
node --test tests/tools/
# The server's list of places is what the pinned idn-area-data package gives (tools/places.mjs).
node tools/places.mjs --check
build_client
# The first load's budget (issue #11): what an employee's phone loads before it can sign in
# (field phones, 3G); fails above it, saying by how much, and prints each area's modules. What
# each role fetches on its path is measured in Chromium by the end-to-end phase
# (tests/e2e/budgets.spec.ts).
FIRST_LOAD_BUDGET_KB=150
node tools/size-budget.mjs dist "$FIRST_LOAD_BUDGET_KB"

phase "6/7 end-to-end (Playwright + Debian Chromium + real server)"
# The server binary the server tests built (cargo builds a package's binaries for its
# integration tests): the same code as the optimised one `scripts/run.sh` builds, without a
# second build of the server and its dependencies.
e2e_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
POSKO_E2E_PORT="$e2e_port" POSKO_SERVER_BIN="$POSKO_ROOT/target/debug/posko-server" npx playwright test

phase "7/7 the benches, small: they still run against today's app (their figures are not checked here)"
POSKO_BENCH_SERVER="$POSKO_ROOT/target/debug/posko-server" node tools/sync-bench.mjs --records 500 --push 200
POSKO_BENCH_SERVER="$POSKO_ROOT/target/debug/posko-server" scripts/morning-bench.sh 20 2 100

phases_done
log "all suites passed"
