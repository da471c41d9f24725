#!/usr/bin/env bash
# Installs what falconet needs on Debian 12 (only the missing packages),
# builds it, and runs it on the bundled sample. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config clang-format
  tao-pegtl-dev libsimdjson-dev nlohmann-json3-dev libabsl-dev libre2-dev
  libyaml-cpp-dev zlib1g-dev catch2 libbenchmark-dev
  python3 python3-pytest jq abigail-tools libdeflate-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq \
    "${missing[@]}" >/dev/null
fi

build=${FALCONET_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$build" -j"$(nproc)"

echo "setup: built $build/falconet; running its default rules over" \
  "examples/data/sample.json" >&2
"$build/falconet" run examples/data/sample.json
