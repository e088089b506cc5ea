#!/usr/bin/env bash
# Installs what Posko's build needs, skipping whatever is already there. Sourced by run.sh and
# test.sh; `ensure_test_tools` adds what only the tests need (Chromium, its driver, PostgreSQL).
# Nothing here downloads a browser or a prebuilt binary: only crates.io, npm and Debian packages.
set -euo pipefail

POSKO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# wasm-split-cli, which splits the client module (src/later.rs); made for the split runtime
# Leptos brings in (wasm_split_helpers 0.2.3 in Cargo.lock).
WASM_SPLIT_VERSION="0.2.4"
export PATH="$POSKO_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# The release client is built for size (issue 2's budget): std is rebuilt from source with panics
# that abort on the spot (no panic messages or source locations compiled in), Debug formatting
# compiled out, and std's size-optimised code paths; `--cfg erase_components` is Leptos' own
# switch (see .cargo/config.toml, which this RUSTFLAGS replaces). These are unstable compiler
# options: RUSTC_BOOTSTRAP=1 lets the machine's one stable compiler use them for this build only
# (the Linux kernel builds its Rust the same way), so no nightly toolchain is needed. Tests and
# the server are built without them. Together they save about 19 kB brotli. `--emit-relocs`
# keeps the linker's relocations in the module, which wasm-split-cli needs to cut it in two
# (src/later.rs, tools/split-module.mjs).
CLIENT_RUSTFLAGS="--cfg erase_components -Clink-args=--emit-relocs -Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none"
size_optimised() {
  RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD="std,panic_abort" \
    CARGO_UNSTABLE_BUILD_STD_FEATURES="optimize_for_size" RUSTFLAGS="$CLIENT_RUSTFLAGS" "$@"
}

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# The wasm-bindgen CLI must equal the library version in Cargo.lock (it reads the module the
# library's macros wrote).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$POSKO_ROOT/Cargo.lock"
}

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# The compiler rust-toolchain.toml pins. This machine kind carries one toolchain, `stable`, and
# rustup does not install on its own here (RUSTUP_AUTO_INSTALL=0). When `stable` is the pinned
# version but not installed under that name, it is made reachable under it as the machine's image
# does, by a link in rustup's toolchains folder (`rustup toolchain link` refuses official
# names); otherwise rustup installs the pinned version.
ensure_pinned_toolchain() {
  local channel host home
  channel="$(sed -n 's/^channel = "\(.*\)"$/\1/p' "$POSKO_ROOT/rust-toolchain.toml")"
  if (cd / && rustup toolchain list) | grep -q "^$channel-"; then
    return
  fi
  if rustc +stable --version 2>/dev/null | grep -q "^rustc $channel "; then
    host="$(rustc +stable -vV | sed -n 's/^host: //p')"
    home="${RUSTUP_HOME:-$HOME/.rustup}"
    log "the installed stable is $channel: linking it under that name"
    ln -s "stable-$host" "$home/toolchains/$channel-$host"
  else
    log "rustup toolchain install $channel"
    (cd / && rustup toolchain install "$channel" --profile minimal)
  fi
}

ensure_build_tools() {
  command -v node >/dev/null || apt_install nodejs npm
  ensure_pinned_toolchain
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  if ! rustup component list --installed | grep -qx 'rust-src'; then
    log "rustup component add rust-src (std's source, rebuilt for size)"
    rustup component add rust-src
  fi
  local wb
  wb="$(wasm_bindgen_version)"
  if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wb"; then
    # Not --locked: the CLI's own lock file names a crate version the registry mirror lacks.
    # No default features: they are TLS (rustls and ring) for a test runner that only ever
    # talks to chromedriver on 127.0.0.1 over plain HTTP; without them the install took
    # 134 s instead of 179 s on a bare 2-core machine (2026-12-07).
    log "cargo install wasm-bindgen-cli $wb (about 2 minutes)"
    cargo install wasm-bindgen-cli --version "$wb" --no-default-features
  fi
  if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    log "cargo install wasm_split_cli_support $WASM_SPLIT_VERSION (wasm-split-cli, about 2 minutes)"
    cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
  fi
  # node_modules is what the lock file says once `npm ci` has run for this very lock file.
  local lock_stamp="$POSKO_ROOT/node_modules/.posko-lock.sha256"
  local lock_hash
  lock_hash="$(sha256sum "$POSKO_ROOT/package-lock.json" | cut -d' ' -f1)"
  if [ "$(cat "$lock_stamp" 2>/dev/null)" != "$lock_hash" ]; then
    log "npm ci (binaryen's wasm-opt, terser, acorn, lightningcss, html-minifier-terser, Playwright)"
    (cd "$POSKO_ROOT" && npm ci --no-audit --no-fund)
    echo "$lock_hash" >"$lock_stamp"
  fi
  (cd "$POSKO_ROOT" && cargo fetch --locked -q)
  # std's own dependencies, for the offline release build of the client.
  (cd "$POSKO_ROOT" && size_optimised cargo fetch --locked -q --target wasm32-unknown-unknown)
}

ensure_test_tools() {
  ensure_build_tools
  apt_install chromium chromium-driver postgresql
  ensure_schemathesis
}

# Schemathesis (PyPI), which fuzzes the API against its description (scripts/api-fuzz.sh), in a
# virtual environment of its own under .tools/.
SCHEMATHESIS_VERSION="4.32.5"
SCHEMATHESIS="$POSKO_ROOT/.tools/schemathesis/bin/schemathesis"
ensure_schemathesis() {
  if [ -x "$SCHEMATHESIS" ] && "$SCHEMATHESIS" --version 2>/dev/null | grep -q " $SCHEMATHESIS_VERSION$"; then
    return
  fi
  log "pip install schemathesis==$SCHEMATHESIS_VERSION (into .tools/schemathesis)"
  python3 -m venv "$POSKO_ROOT/.tools/schemathesis"
  "$POSKO_ROOT/.tools/schemathesis/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
}

# Builds the PWA in release mode into dist/ (precache list and .br/.gz files included).
build_client() {
  log "node tools/build.mjs (release client into dist/)"
  (cd "$POSKO_ROOT" && size_optimised node tools/build.mjs)
}

# Phase timing: `phase NAME` ends the phase before (printing how long it took) and starts NAME;
# `phases_done` ends the last and prints every phase's time, so a slow one shows in CI's log.
POSKO_PHASES=()
POSKO_PHASE_NAME=""
POSKO_PHASE_START=0
phase() {
  local now
  now="$(date +%s)"
  if [ -n "$POSKO_PHASE_NAME" ]; then
    POSKO_PHASES+=("$(printf '%5ss  %s' "$((now - POSKO_PHASE_START))" "$POSKO_PHASE_NAME")")
  fi
  POSKO_PHASE_NAME="$1"
  POSKO_PHASE_START="$now"
  [ -n "$1" ] && log "$1"
  return 0
}
phases_done() {
  phase ""
  log "time per phase"
  printf '%s\n' "${POSKO_PHASES[@]}"
}
