#!/usr/bin/env bash
# Builds falconet (if needed) and runs every test suite.
# FALCONET_BUILD_DIR picks the build folder (default: build); extra CMake
# options can come in FALCONET_CMAKE_ARGS (e.g. -DFALCONET_SANITIZE=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${FALCONET_BUILD_DIR:-build}
# shellcheck disable=SC2086
cmake -S . -B "$build" -G Ninja ${FALCONET_CMAKE_ARGS:-} >/dev/null
ninja -C "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)"
