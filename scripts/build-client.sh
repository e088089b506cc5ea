#!/usr/bin/env bash
# Builds the PWA into dist/ exactly as the run and test commands do (std rebuilt for size; see
# `size_optimised` in ensure-tools.sh, which also links with `--emit-relocs`: the split of the
# module in tools/build.mjs needs them, so a bare `node tools/build.mjs` stops there).
source "$(dirname "$0")/ensure-tools.sh"
ensure_build_tools
build_client
