#include "compiler/prefix_tree.h"

#include <fnmatch.h>

namespace falconet {
namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

bool HasGlob(std::string_view s) {
  return s.find_first_of("*?[") != std::string_view::npos;
}

// fnmatch needs a C string; components longer than the stack buffer are
// rare enough to pay for a copy.
bool ComponentMatches(const std::string& pattern, std::string_view part) {
  if (!HasGlob(pattern)) return pattern == part;
  char buffer[256];
  if (part.size() < sizeof(buffer)) {
    part.copy(buffer, part.size());
    buffer[part.size()] = '\0';
    return fnmatch(pattern.c_str(), buffer, 0) == 0;
  }
  std::string subject(part);
  return fnmatch(pattern.c_str(), subject.c_str(), 0) == 0;
}

// Splits off the first non-empty component of `rest`.
std::string_view NextComponent(std::string_view& rest) {
  while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
  size_t end = rest.find('/');
  if (end == std::string_view::npos) end = rest.size();
  std::string_view part = rest.substr(0, end);
  rest.remove_prefix(end);
  return part;
}

}  // namespace

PrefixTree::PrefixTree() : root_(std::make_unique<Node>()) {}
PrefixTree::~PrefixTree() = default;

void PrefixTree::Insert(std::string_view path) {
  Node* node = root_.get();
  for (std::string_view part : SplitPath(path)) {
    Node* next = nullptr;
    for (auto& [key, child] : node->children) {
      if (key == part) next = child.get();
    }
    if (next == nullptr) {
      node->children.emplace_back(std::string(part), std::make_unique<Node>());
      next = node->children.back().second.get();
    }
    node = next;
  }
  node->terminal = true;
}

bool PrefixTree::Matches(std::string_view subject) const {
  return MatchFrom(*root_, subject);
}

bool PrefixTree::MatchFrom(const Node& node, std::string_view rest) {
  if (node.terminal) return true;
  std::string_view part = NextComponent(rest);
  if (part.empty()) return false;
  for (const auto& [key, child] : node.children) {
    if (ComponentMatches(key, part) && MatchFrom(*child, rest)) return true;
  }
  return false;
}

}  // namespace falconet
