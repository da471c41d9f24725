#!/usr/bin/env bash
# The Python binding's tests (pytest), against the library just built
# (FALCONET_LIBRARY, set by ctest).
source "$(dirname "$0")/capi_test_lib.sh"
python=${PYTHON:-python3}
command -v "$python" >/dev/null || skip "$python not found"
"$python" -c 'import pytest' 2>/dev/null || skip "pytest not installed"
cd "$FALCONET_SOURCE_DIR/bindings/python"
"$python" -m pytest -q -p no:cacheprovider tests
