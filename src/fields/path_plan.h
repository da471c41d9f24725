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

  // One trie node per path component; nodes[0] is the record root.
  struct Node {
    std::string key;
    int32_t slot = -1;  // >= 0 when a path ends here
    bool hot = false;   // this node or a descendant is read by a condition
    std::vector<uint32_t> children;

    // Kept current by Add() so that the projector's per-record work is
    // lookups only.
    uint32_t hot_children = 0;  // children with `hot` set
    int64_t array_index = -1;   // the key as an array index (Go's Atoi)
    // Children by KeyHash() modulo the table's size (a power of two; 0 for
    // none), chained through next_in_bucket.
    std::vector<uint32_t> buckets;
    uint32_t next_in_bucket = 0;
  };

  PathPlan();

  // Returns the slot of `path`, adding it if new. A path added once as hot
  // stays hot.
  SlotId Add(const JsonPath& path, bool hot);

  size_t size() const { return paths_.size(); }
  const JsonPath& path(SlotId slot) const { return paths_[slot]; }
  bool hot(SlotId slot) const { return hot_[slot]; }
  const std::vector<Node>& nodes() const { return nodes_; }

  // The child of `node` whose key is `key` (unescaped), or 0.
  uint32_t FindChild(uint32_t node, std::string_view key) const {
    const Node& parent = nodes_[node];
    if (parent.buckets.empty()) return 0;
    uint32_t child = parent.buckets[KeyHash(key) & (parent.buckets.size() - 1)];
    while (child != 0 && nodes_[child].key != key) {
      child = nodes_[child].next_in_bucket;
    }
    return child;
  }

  // A cheap hash of a key: its length and its first and last bytes, which
  // is enough to tell the keys of one object apart.
  static size_t KeyHash(std::string_view key) {
    if (key.empty()) return 0;
    return key.size() * 7 + static_cast<unsigned char>(key.front()) * 3 +
           static_cast<unsigned char>(key.back());
  }

 private:
  void Rehash(uint32_t node);

  std::vector<JsonPath> paths_;
  std::vector<bool> hot_;
  std::vector<Node> nodes_;
};

}  // namespace falconet

#endif  // FALCONET_FIELDS_PATH_PLAN_H_
