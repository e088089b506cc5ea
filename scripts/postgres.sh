#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests and prints its URL; `stop DIR` removes it.
# Usage: scripts/postgres.sh start DIR PORT   |   scripts/postgres.sh stop DIR
set -euo pipefail
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -n "$PG_BIN" ] || { echo "postgres.sh: PostgreSQL is not installed" >&2; exit 1; }

# PostgreSQL refuses to run as root: run it as the postgres user the Debian package creates.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    dir="$2"; port="$3"
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    as_pg "$PG_BIN/initdb" -D "$dir/data" -U posko --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null
    echo "postgres://posko@127.0.0.1:$port/postgres"
    ;;
  stop)
    dir="$2"
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
