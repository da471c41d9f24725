#!/usr/bin/env bash
# Compares the ABI of a freshly built libfalconet.so with the checked-in
# baseline capi/abi/libfalconet.abi (abigail-tools), and fails on any change
# to what falconet.h exposes: a removed or changed function, a changed
# struct (even one grown at its end, which ABI.md allows: then update the
# baseline on purpose). Added functions pass.
#
#   capi/check_abi.sh build/libfalconet.so.0            # check
#   capi/check_abi.sh --update build/libfalconet.so.0   # rewrite the baseline
#
# Only the types of falconet.h count: the handles are opaque there, so the
# library's internals can change freely. The library must carry debug
# information (the default RelWithDebInfo build does). Exit status: 0 same
# ABI, 1 changed, 77 abigail-tools or debug information missing (ctest
# reports a skip).
#
# When the check fails on purpose (a struct grew a member behind a new
# version number, an enum gained a value), read ABI.md, then update the
# baseline in the same commit and say why in the message.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
baseline=$here/abi/libfalconet.abi
header=$here/falconet.h

update=0
if [ "${1:-}" = --update ]; then
  update=1
  shift
fi
if [ $# -ne 1 ]; then
  echo "usage: $0 [--update] LIBRARY" >&2
  exit 2
fi
library=$1

if ! command -v abidw >/dev/null || ! command -v abidiff >/dev/null; then
  echo "check_abi: skipped: abidw/abidiff not found (apt-get install" \
    "abigail-tools)" >&2
  exit 77
fi
sections=$(readelf -S "$library")
if [[ $sections != *.debug_info* ]]; then
  echo "check_abi: skipped: $library has no debug information (build" \
    "with -DCMAKE_BUILD_TYPE=RelWithDebInfo, the default)" >&2
  exit 77
fi

public=(--header-file "$header" --drop-private-types --exported-interfaces-only)

if ((update)); then
  # Paths are made relative to the checkout so that the baseline does not
  # depend on its location.
  root=$(dirname "$here")
  abidw "${public[@]}" --no-corpus-path --no-comp-dir-path --no-show-locs \
    "$library" | sed "s| path='$root/| path='|" >"$baseline"
  echo "check_abi: wrote $baseline"
  exit 0
fi

# The baseline already holds only falconet.h's view; filtering the new
# library by header too would hide changes in types that falconet.h takes
# from other headers (uint64_t becoming uint32_t, say).
status=0
abidiff --no-added-syms --exported-interfaces-only "$baseline" "$library" ||
  status=$?
if ((status != 0)); then
  # abidiff's status is a bit mask: 1 error, 2 usage, 4 ABI change,
  # 8 incompatible change.
  echo "check_abi: the ABI of $library differs from $baseline" \
    "(abidiff status $status); see capi/ABI.md" >&2
  exit 1
fi
echo "check_abi: $library matches $baseline"
