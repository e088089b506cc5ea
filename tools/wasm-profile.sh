#!/usr/bin/env bash
# Where the client's WebAssembly bytes go, by crate, built as the release build is (std rebuilt
# for size, wasm-opt -Os as in index.html; names kept). Needs twiggy (`cargo install twiggy`). Usage: tools/wasm-profile.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-tools.sh
out="$(mktemp -d)"
size_optimised cargo build -q --release --target wasm32-unknown-unknown --bin posko
wasm-bindgen --target web --out-dir "$out" target/wasm32-unknown-unknown/release/posko.wasm
wasm-opt -Os --low-memory-unused --ignore-implicit-traps -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types \
  --enable-sign-ext --enable-mutable-globals "$out/posko_bg.wasm" -o "$out/opt.wasm"
twiggy top -n 100000 -f csv "$out/opt.wasm" > "$out/top.csv"
python3 - "$out/top.csv" "${1:-30}" <<'PY'
import collections, csv, re, sys
by_crate = collections.Counter()
for row in csv.DictReader(open(sys.argv[1])):
    name, size = row["Name"], int(row["ShallowSize"])
    if "function names" in name or "custom section" in name:
        continue
    crates = re.findall(r"([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::", name)
    by_crate[crates[0] if crates else name[:30]] += size
print(f"total {sum(by_crate.values())} bytes")
for crate, size in by_crate.most_common(int(sys.argv[2])):
    print(f"{size:9d}  {crate}")
PY
echo "details: $out/top.csv"
