// The set of JSON paths that a compiled rule set reads from each record.
//
// Fields ask for the paths they derive from when they are resolved at compile
// time; each distinct path gets a slot. The projector fills the slots with
// one forward pass over the record. Paths are "hot" when a condition reads
// them (projected for every record) and "cold" when only an output reads them
// (projected again, with the cold ones, only when a rule matches).
//
// Built once at compile time, then read-only: safe to share across threads.
#ifndef FALCONET_FIELDS_PATH_PLAN_H_
#define FALCONET_FIELDS_PATH_PLAN_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace falconet {

// A path from the record root. Object members are named by key; array
// elements by their decimal index ("0", "1", ...).
using JsonPath = std::vector<std::string>;
using SlotId = uint16_t;

// What the projector found at one path: the raw JSON text of the value
// (strings keep their quotes and escapes), or nothing when the path is
// absent. Views point into the record bytes.
struct Slot {
  std::string_view raw;
  bool present() const { return !raw.empty(); }
};

class PathPlan {
 public:
  // Every plan starts with these, because the evaluator needs them to decide
  // whether a record is delivered at all and to pick index buckets.
  static constexpr SlotId kEventTime = 0;
  static constexpr SlotId kEventType = 1;
  static constexpr SlotId kEventName = 2;
  static constexpr SlotId kEventSource = 3;

  // A child's key as a lookup compares it first: its first sixteen bytes
  // as two zero-padded little-endian words, and its size.
  struct KeyEntry {
    uint64_t prefix = 0;
    uint64_t second = 0;  // bytes 8..15, zero-padded
    uint32_t size = 0;
    uint32_t child = 0;  // 0: an empty entry
  };

  // One trie node per path component; nodes[0] is the record root.
  struct Node {
    std::string key;
    int32_t slot = -1;  // >= 0 when a path ends here
    bool hot = false;   // this node or a descendant is read by a condition
    std::vector<uint32_t> children;

    // Kept current by Add() so that the projector's per-record work is
    // lookups only.
    uint32_t hot_children = 0;  // children with `hot` set
    bool hot_slot = false;      // slot >= 0 and that path is hot
    int64_t array_index = -1;   // the key as an array index (Go's Atoi)
    // The children's keys, open-addressed by KeyHash(): a power of two in
    // size, at least twice the children (empty when there are none).
    std::vector<KeyEntry> keys;
  };

  PathPlan();

  // Returns the slot of `path`, adding it if new. A path added once as hot
  // stays hot.
  SlotId Add(const JsonPath& path, bool hot);

  size_t size() const { return paths_.size(); }
  const JsonPath& path(SlotId slot) const { return paths_[slot]; }
  bool hot(SlotId slot) const { return hot_[slot]; }
  const std::vector<Node>& nodes() const { return nodes_; }

  // The child of `node` whose key is `key` (unescaped), or 0; `prefix` and
  // `second` are KeyPrefix(key) and KeyPrefix(key.substr(8)). Keys of up
  // to sixteen bytes are decided by the words and size alone.
  uint32_t FindChild(uint32_t node, std::string_view key, uint64_t prefix,
                     uint64_t second) const {
    const std::vector<KeyEntry>& keys = nodes_[node].keys;
    if (keys.empty()) return 0;
    size_t mask = keys.size() - 1;
    for (size_t at = KeyHash(prefix, key.size()) & mask;;
         at = (at + 1) & mask) {
      const KeyEntry& entry = keys[at];
      if (entry.child == 0) return 0;
      if (entry.prefix == prefix && entry.size == key.size() &&
          entry.second == second &&
          (key.size() <= 16 ||
           std::memcmp(key.data() + 16, nodes_[entry.child].key.data() + 16,
                       key.size() - 16) == 0)) {
        return entry.child;
      }
    }
  }

  // The first eight bytes of `key`, zero-padded, as a little-endian word.
  static uint64_t KeyPrefix(std::string_view key) {
    uint64_t prefix = 0;
    for (size_t i = 0; i < key.size() && i < 8; ++i) {
      prefix |= uint64_t{static_cast<unsigned char>(key[i])} << (8 * i);
    }
    return prefix;
  }

  static size_t KeyHash(uint64_t prefix, size_t size) {
    uint64_t h = (prefix ^ (size * 0x9E3779B97F4A7C15)) * 0xFF51AFD7ED558CCD;
    return static_cast<size_t>(h >> 32);
  }

 private:
  void Rehash(uint32_t node);

  std::vector<JsonPath> paths_;
  std::vector<bool> hot_;
  std::vector<Node> nodes_;
};

}  // namespace falconet

#endif  // FALCONET_FIELDS_PATH_PLAN_H_
