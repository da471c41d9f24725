#!/usr/bin/env bash
# The Go binding's tests under the race detector, and its benchmark once,
# against the library installed from this build into a temporary prefix
# (found through pkg-config, as a Go user finds it).
source "$(dirname "$0")/capi_test_lib.sh"
command -v go >/dev/null || skip "go not found"
install_prefix
# No module is fetched: the binding has no dependencies.
export GOFLAGS=-mod=mod GOPROXY=off CGO_ENABLED=1 TZ=UTC
cd "$FALCONET_SOURCE_DIR/bindings/go"
go vet ./...
go test -race -count=1 ./...
go test -run '^$' -bench . -benchtime 20x ./...
