#include "fields/path_plan.h"

#include <optional>

#include "fields/json_text.h"

namespace falconet {
namespace {

uint64_t SecondWord(std::string_view key) {
  return key.size() > 8 ? PathPlan::KeyPrefix(key.substr(8)) : 0;
}

}  // namespace

PathPlan::PathPlan() {
  nodes_.push_back(Node{});
  Add({"eventTime"}, true);
  Add({"eventType"}, true);
  Add({"eventName"}, true);
  Add({"eventSource"}, true);
}

SlotId PathPlan::Add(const JsonPath& path, bool hot) {
  uint32_t node = 0;
  if (hot) nodes_[0].hot = true;
  for (const std::string& key : path) {
    uint32_t next = FindChild(node, key, KeyPrefix(key), SecondWord(key));
    if (next == 0) {
      next = static_cast<uint32_t>(nodes_.size());
      Node child;
      child.key = key;
      std::optional<size_t> index = json_text::ArrayIndexKey(key);
      child.array_index = index ? static_cast<int64_t>(*index) : -1;
      nodes_.push_back(std::move(child));
      nodes_[node].children.push_back(next);
      Rehash(node);
    }
    if (hot && !nodes_[next].hot) {
      nodes_[next].hot = true;
      ++nodes_[node].hot_children;
    }
    node = next;
  }

  if (nodes_[node].slot < 0) {
    nodes_[node].slot = static_cast<int32_t>(paths_.size());
    paths_.push_back(path);
    hot_.push_back(hot);
  } else if (hot) {
    hot_[nodes_[node].slot] = true;
  }
  if (hot) nodes_[node].hot_slot = true;
  return static_cast<SlotId>(nodes_[node].slot);
}

// Rebuilds the key table of `node`: twice as many entries as children, so
// that probes are short.
void PathPlan::Rehash(uint32_t node) {
  size_t size = 4;
  while (size < 2 * nodes_[node].children.size()) size *= 2;
  std::vector<KeyEntry> keys(size);
  for (uint32_t child : nodes_[node].children) {
    const std::string& key = nodes_[child].key;
    uint64_t prefix = KeyPrefix(key);
    size_t at = KeyHash(prefix, key.size()) & (size - 1);
    while (keys[at].child != 0) at = (at + 1) & (size - 1);
    keys[at] = KeyEntry{prefix, SecondWord(key),
                        static_cast<uint32_t>(key.size()), child};
  }
  nodes_[node].keys = std::move(keys);
}

}  // namespace falconet
