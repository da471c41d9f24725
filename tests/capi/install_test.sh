#!/usr/bin/env bash
# `cmake --install` gives a usable library: header, libfalconet.so.N with
# its SONAME and only falconet_* symbols, a pkg-config file and a CMake
# package. A program is built both ways from examples/c/alerts.c and run.
source "$(dirname "$0")/capi_test_lib.sh"
command -v pkg-config >/dev/null || skip "pkg-config not found"
install_prefix

test -f "$prefix/include/falconet.h"
library=$(find "$prefix" -name 'libfalconet.so.0.*')
soname=$(readelf -d "$library" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
[ "$soname" = libfalconet.so.0 ] || { echo "SONAME is '$soname'"; exit 1; }
others=$(nm -D --defined-only "$library" | awk '{print $3}' |
  grep -v -e '^falconet_' -e '^FALCONET_0$' || true)
[ -z "$others" ] || { echo "exported besides falconet_*: $others"; exit 1; }

[ "$(pkg-config --modversion falconet)" = "$(sed -n \
  's/^#define FALCONET_VERSION_STRING "\(.*\)"/\1/p' \
  "$FALCONET_SOURCE_DIR/capi/falconet.h")" ]

example=$FALCONET_SOURCE_DIR/examples/c/alerts.c
rules=$FALCONET_SOURCE_DIR/examples/rules/apprunner.yaml
apprunner_record >"$scratch/record.json"

# pkg-config.
# shellcheck disable=SC2046
cc -std=c99 -Wall -Werror -o "$scratch/with_pkg_config" "$example" \
  $(pkg-config --cflags --libs falconet)
"$scratch/with_pkg_config" "$rules" "$scratch/record.json" \
  >"$scratch/pkg_config.out"

# find_package(falconet).
cmake -S "$FALCONET_SOURCE_DIR/tests/capi/consumer" -B "$scratch/consumer" \
  -DFALCONET_EXAMPLE_SOURCE="$example" >/dev/null
cmake --build "$scratch/consumer" >/dev/null
"$scratch/consumer/consumer" "$rules" "$scratch/record.json" \
  >"$scratch/cmake.out"

# One alert, with the values of the record above.
for out in "$scratch/pkg_config.out" "$scratch/cmake.out"; do
  [ "$(wc -l <"$out")" = 1 ]
  grep -q '"rule":"Create App Runner Service from Image Repository"' "$out"
  grep -q 'requesting user=dana, requesting IP=203.0.113.9, AWS region=us-west-2, service name=web, image identifier=public.ecr.aws/x/web:1' "$out"
done
echo "install: header, library, pkg-config and CMake package work"
