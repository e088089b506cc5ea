#!/usr/bin/env bash
# Builds the PWA into dist/ exactly as the run and test commands do (std rebuilt for size; see
# `size_optimised` in ensure-tools.sh). A bare `trunk build --release` works too, but is larger.
source "$(dirname "$0")/ensure-tools.sh"
ensure_build_tools
build_client
