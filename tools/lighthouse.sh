#!/usr/bin/env bash
# Lighthouse audit (mobile profile: simulated slow 4G, 4x slower CPU) of a running Posko, with
# Debian's Chromium. Prints the category scores and the load metrics.
# `--field` simulates the field office instead (issue #11): a 400 kbit/s link with 400 ms round
# trips and a 4x slower CPU.
# Usage: tools/lighthouse.sh [--field] [url]   (default http://127.0.0.1:8080/masuk; start scripts/run.sh first)
set -euo pipefail
throttling=()
if [ "${1:-}" = "--field" ]; then
  throttling=(--throttling-method=simulate --throttling.rttMs=400 --throttling.throughputKbps=400 --throttling.cpuSlowdownMultiplier=4)
  shift
fi
url="${1:-http://127.0.0.1:8080/masuk}"
dir="${LIGHTHOUSE_DIR:-/tmp/posko-lighthouse}"
mkdir -p "$dir"
# Lighthouse 12.8: 13 needs a newer Node than this machine's 20.
[ -x "$dir/node_modules/.bin/lighthouse" ] || (cd "$dir" && npm init -y >/dev/null && npm i lighthouse@12.8 --no-audit --no-fund >/dev/null)
CHROME_PATH="$(command -v chromium)" "$dir/node_modules/.bin/lighthouse" "$url" --quiet \
  --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
  --only-categories=performance,accessibility,best-practices --output=json --output-path="$dir/report.json" "${throttling[@]}"
node -e '
const r = require(process.argv[1]);
for (const [name, c] of Object.entries(r.categories)) console.log(`${name.padEnd(16)} ${Math.round(c.score * 100)}`);
for (const id of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "speed-index", "interactive"])
  console.log(`${id.padEnd(26)} ${r.audits[id].displayValue}`);
' "$dir/report.json"
