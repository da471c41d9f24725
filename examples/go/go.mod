module falconet.dev/examples/alerts

go 1.21

require falconet.dev/falconet v0.0.0

// The binding from this source tree; it builds against the libfalconet
// that pkg-config finds (PKG_CONFIG_PATH=<prefix>/lib/pkgconfig after
// `cmake --install build --prefix <prefix>`).
replace falconet.dev/falconet => ../../bindings/go
