#!/usr/bin/env bash
# The API fuzzed against its own description (issue #18): schemathesis (PyPI) reads
# /api/openapi.json from a live server (the real binary, its embedded database, the demo data)
# and sends what the description allows and what it does not, signed in as the Crisis Center
# admin. It fails on any 5xx, and on any answer whose status, content type or body the
# description does not list. Ending sessions (an admin ending a user's, then logout) runs last,
# each with a session of its own, so neither signs the rest of the run out.
# Usage: scripts/api-fuzz.sh [examples per operation, default 40]
#   POSKO_SERVER_BIN: the server binary (default: the debug build, built if missing)
#   POSKO_FUZZ_SEED: schemathesis' seed (default 1, so a run can be repeated; a failure prints it)
source "$(dirname "$0")/ensure-tools.sh"
ensure_schemathesis
cd "$POSKO_ROOT"
EXAMPLES="${1:-40}"
BIN="${POSKO_SERVER_BIN:-$POSKO_ROOT/target/debug/posko-server}"
[ -x "$BIN" ] || cargo build --locked -q -p posko-server
work="$(mktemp -d /tmp/posko-fuzz.XXXXXX)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
"$BIN" --addr "127.0.0.1:$port" --data-dir "$work/data" --demo >"$work/server.log" 2>&1 &
server_pid=$!
# The server says when it serves; wait for that line (or its exit).
if ! timeout 60 grep -q -m1 "Posko is running" <(tail -F "$work/server.log" 2>/dev/null); then
  cat "$work/server.log"
  echo "the server did not start" >&2
  exit 1
fi

# Both sessions first: the fuzz signs in with wrong passwords, and the address's limit of
# failed sign-ins would refuse a sign-in after it.
token() {
  curl -sf -X POST "$base/api/auth/login" -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"posko-demo\"}" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
fuzz_token="$(token admin)"
ending_token="$(token admin)"
logout_token="$(token admin)"

run() { # $1: token; the rest: schemathesis options
  local token="$1"
  shift
  (cd "$work" && SCHEMATHESIS_HOOKS="$POSKO_ROOT/tests/api/hooks.py" "$SCHEMATHESIS" run "$base/api/openapi.json" \
    -H "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "$EXAMPLES" --seed "${POSKO_FUZZ_SEED:-1}" --generation-database none --no-color "$@")
}
log "schemathesis: every operation but ending sessions"
run "$fuzz_token" --exclude-operation-id logout --exclude-operation-id end_sessions
log "schemathesis: an admin ending a user's sessions"
run "$ending_token" --include-operation-id end_sessions
log "schemathesis: signing out"
run "$logout_token" --include-operation-id logout
if grep -q "panicked" "$work/server.log"; then
  grep -B2 -A8 "panicked" "$work/server.log"
  echo "the server panicked during the fuzz" >&2
  exit 1
fi
log "the API answered as described"
