// Finds where a JSON object or array ends, 64 bytes at a time.
//
// The record splitter calls this once per record, so it is the first pass
// over every byte of the input and must run near memory speed. Each block
// is classified with SIMD compares into masks of quotes, backslashes and
// brackets; the quotes' running parity says which brackets lie inside
// strings. Blocks with backslashes walk their quotes and backslashes in
// order (escapes are rare in CloudTrail, and a walk keeps the exact rule:
// a backslash escapes only inside a string). Brackets are counted a block
// at a time unless the depth could reach zero there.
//
// The result is the byte scan's, byte for byte, on any input, valid JSON
// or not: strings and escapes are respected, nothing else is checked.
// Pure functions; safe from any thread.
#ifndef FALCONET_ENGINE_CONTAINER_SCAN_H_
#define FALCONET_ENGINE_CONTAINER_SCAN_H_

#include <cstddef>
#include <string_view>

namespace falconet {

// Scans `buf` from `from`, outside any string, with `depth` brackets
// already open (at least 1; `from` may point at the first bracket with
// depth 0). Returns the offset just past the bracket that brings the depth
// back to zero, or buf.size() when the input ends first.
size_t ScanContainer(std::string_view buf, size_t from, int depth);

}  // namespace falconet

#endif  // FALCONET_ENGINE_CONTAINER_SCAN_H_
