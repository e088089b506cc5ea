#!/usr/bin/env bash
# The morning-load bench (issue #18): 200 devices over 20 agencies, one screening per push, for
# 20 s each against (1) one server on SQLite, (2) one server on PostgreSQL, (3) three servers on
# one PostgreSQL behind haproxy (Debian's), round robin. Prints submissions/s and p50/p99 for
# each (tools/morning-bench.mjs). Installs haproxy and PostgreSQL if missing; builds the
# optimised server (`POSKO_BENCH_SERVER=path` runs another). Everything listens on 127.0.0.1 and is removed at the end.
# Each run also prints the CPU the servers, PostgreSQL and the proxy spent per submission (from
# /proc), which this box's noise moves less than the rate. Each setup runs twice: devices pushing back to back (the most it serves) and submissions due
# at RATE a second (default 1,000, the goal: the latency people meet at that load).
# Usage: scripts/morning-bench.sh [devices] [seconds] [rate]
source "$(dirname "$0")/ensure-tools.sh"
ensure_build_tools
apt_install postgresql haproxy
cd "$POSKO_ROOT"
DEVICES="${1:-200}"
SECONDS_EACH="${2:-20}"
RATE="${3:-1000}"
AGENCIES=20
# POSKO_BENCH_SERVER runs another build (the test command's smoke run takes the debug one).
BIN="${POSKO_BENCH_SERVER:-}"
if [ -z "$BIN" ]; then
  cargo build --locked -q -p posko-server --profile server
  BIN="$POSKO_ROOT/target/server/posko-server"
fi
work="$(mktemp -d /tmp/posko-bench.XXXXXX)"
# Its own folder: postgres.sh hands it to the postgres user, who cannot enter $work.
pg_dir="$(mktemp -d /tmp/posko-bench-pg.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/postgres.sh stop "$pg_dir" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Agencies as an operator makes them, each with one office and its admin, whose devices push.
make_agencies() { # $@: how the server finds its database (--data-dir DIR, or nothing with DATABASE_URL)
  : >"$work/agencies.txt"
  for n in $(seq 1 "$AGENCIES"); do
    out="$("$BIN" "$@" create-agency --id "bench-$n" --name "Instansi $n" --region "Bench" \
      --office "bench-$n-office=Kantor $n=Bench" --admin-username "bench.$n" --admin-name "Admin $n" 2>/dev/null)"
    user="$(sed -n 's/^ *username: //p' <<<"$out")"
    pass="$(sed -n 's/^ *password: \([^ ]*\).*/\1/p' <<<"$out")"
    echo "bench-$n bench-$n-office $user $pass" >>"$work/agencies.txt"
  done
}
# Starts a server on PORT with the rest as its arguments; waits until it says it runs.
start_server() {
  local port="$1"; shift
  "$BIN" --addr "127.0.0.1:$port" --dist /nonexistent "$@" >"$work/server-$port.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do grep -q "Posko is running" "$work/server-$port.log" && return; sleep 0.2; done
  cat "$work/server-$port.log" >&2
  echo "morning-bench: the server on port $port did not start within a minute" >&2
  exit 1
}
bench() {
  node tools/morning-bench.mjs --agencies "$work/agencies.txt" --devices "$DEVICES" --seconds "$SECONDS_EACH" "$@"
  node tools/morning-bench.mjs --agencies "$work/agencies.txt" --devices "$DEVICES" --seconds "$SECONDS_EACH" --rate "$RATE" "$@"
}

log "1/3 one server, SQLite"
make_agencies --data-dir "$work/sqlite"
port="$(free_port)"
start_server "$port" --data-dir "$work/sqlite"
bench --url "http://127.0.0.1:$port" --label "SQLite, one server" --cpu "server=${pids[-1]}"
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

log "2/3 one server, PostgreSQL"
pg_url="$(scripts/postgres.sh start "$pg_dir" "$(free_port)")"
export DATABASE_URL="${pg_url%/postgres}/postgres"
postmaster="$(head -n 1 "$pg_dir/data/postmaster.pid")"
make_agencies
port="$(free_port)"
start_server "$port"
bench --url "http://127.0.0.1:$port" --label "PostgreSQL, one server" --cpu "server=${pids[-1]};postgres=$postmaster"

log "3/3 three servers, one PostgreSQL, haproxy"
# The replicas share the box as they would share machines: a third each of the one server's
# database connections (`--db-connections`), and one of tokio's worker threads each (tokio's own
# TOKIO_WORKER_THREADS; by default each takes one per core, six threads on two cores). Measured
# 2026-12-07 (three servers, back to back, CPU per submission from /proc): two workers each,
# 1.45-1.81 ms over four sittings; one each, 1.31 ms, where one server spends 1.18-1.30 ms.
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
ports=("$(free_port)" "$(free_port)" "$(free_port)")
for p in "${ports[@]}"; do TOKIO_WORKER_THREADS=1 start_server "$p" --db-connections 6 --behind-proxy; done
replicas="$(IFS=,; echo "${pids[*]: -3}")"
lb="$(free_port)"
cat >"$work/haproxy.cfg" <<CFG
global
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  option http-keep-alive
  option forwardfor
frontend posko
  bind 127.0.0.1:$lb
  default_backend replicas
backend replicas
  balance roundrobin
  server a 127.0.0.1:${ports[0]}
  server b 127.0.0.1:${ports[1]}
  server c 127.0.0.1:${ports[2]}
CFG
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $lb), 1)" 2>/dev/null && break; sleep 0.2; done
bench --url "http://127.0.0.1:$lb" --label "PostgreSQL, three servers behind haproxy" \
  --cpu "server=$replicas;postgres=$postmaster;proxy=${pids[-1]}"
