#include "fields/path_plan.h"

namespace falconet {

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
    uint32_t next = 0;
    for (uint32_t child : nodes_[node].children) {
      if (nodes_[child].key == key) next = child;
    }
    if (next == 0) {
      next = static_cast<uint32_t>(nodes_.size());
      nodes_.push_back(Node{key, -1, false, {}});
      nodes_[node].children.push_back(next);
    }
    node = next;
    if (hot) nodes_[node].hot = true;
  }

  if (nodes_[node].slot < 0) {
    nodes_[node].slot = static_cast<int32_t>(paths_.size());
    paths_.push_back(path);
    hot_.push_back(hot);
  } else if (hot) {
    hot_[nodes_[node].slot] = true;
  }
  return static_cast<SlotId>(nodes_[node].slot);
}

}  // namespace falconet
