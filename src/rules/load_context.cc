#include "rules/load_context.h"

#include <algorithm>
#include <array>

namespace falconet::rules {
namespace {

// ORDER ItemType
constexpr std::array<std::string_view, 23> kItemTypeNames = {
    "value for",
    "exceptions",
    "exception",
    "exception values",
    "exception value",
    "rules content",
    "rules content item",
    "required_engine_version",
    "required plugin versions",
    "required plugin versions entry",
    "required plugin versions alternative",
    "list",
    "list item",
    "macro",
    "macro condition",
    "rule",
    "rule condition",
    "condition expression",
    "rule output",
    "rule output expression",
    "rule priority",
    "overrides",
    "extension item",
};

constexpr size_t kSnippetWidth = 160;
constexpr size_t kHalfWidth = kSnippetWidth / 2;

// Falco's snippet walk, kept with its unsigned arithmetic: `pos` backs off
// newlines and the end of the content, then the line around it is cut at
// most kHalfWidth characters either side. The guards only avoid the
// out-of-range throws that the same walk would raise in Falco.
std::string SnippetOf(const std::string& content, size_t pos) {
  const size_t size = content.size();
  if (pos >= size) pos = size - 1;  // Falco steps back one at a time
  while (pos > 0 && content[pos] == '\n') --pos;

  size_t from = pos;
  while (from > 0 && content[from] != '\n' && pos - from < kHalfWidth) --from;
  size_t to = pos;
  while (to < size - 1 && content[to] != '\n' && to - pos < kHalfWidth) ++to;
  if (from < size && content[from] == '\n') ++from;
  if (to < size && content[to] == '\n') --to;

  if (from > size) return "<No context available>\n";
  std::string out = content.substr(from, to - from + 1);
  if (out.empty()) return "<No context available>\n";

  if (pos - from >= kHalfWidth) out.replace(0, 3, "...");
  if (to - pos >= kHalfWidth && out.size() >= 3) {
    out.replace(out.size() - 3, 3, "...");
  }
  out += "\n";
  if (pos - from <= out.size() - 1) {
    out += std::string(pos - from, ' ') + "^\n";
  }
  return out;
}

}  // namespace

std::string_view ItemTypeName(ItemType type) {
  return kItemTypeNames[static_cast<size_t>(type)];
}

Context::Context(std::string name) {
  Loc loc;
  loc.name = std::move(name);
  loc.type = ItemType::kRulesContent;
  locs_.push_back(std::move(loc));
}

Context::Context(const YAML::Node& node, ItemType type, std::string item_name,
                 const Context& parent) {
  const YAML::Mark mark = node.Mark();
  Push(parent, Loc{parent.name(), mark.pos, mark.line, mark.column, type,
                   std::move(item_name)});
}

Context::Context(const YAML::Mark& mark, const Context& parent) {
  Push(parent, Loc{parent.name(), mark.pos, mark.line, mark.column,
                   ItemType::kValueFor, ""});
}

Context Context::ForCondition(const condition::Position& pos,
                              const std::string& condition,
                              const Context& parent) {
  std::string name = "\"";
  if (condition.size() > 20) {
    name += condition.substr(0, 17) + "...\"";
  } else {
    name += condition + "\"";
  }
  std::replace(name.begin(), name.end(), '\n', ' ');
  std::replace(name.begin(), name.end(), '\r', ' ');

  const Loc& last = parent.locs_.back();
  Context out;
  out.alt_content_ = condition;
  out.Push(parent,
           Loc{std::move(name), static_cast<int>(pos.offset) + last.offset,
               static_cast<int>(pos.line) + last.line,
               static_cast<int>(pos.column) + last.column,
               ItemType::kConditionExpression, ""});
  return out;
}

void Context::Push(const Context& parent, Loc loc) {
  locs_ = parent.locs_;
  locs_.push_back(std::move(loc));
}

std::vector<Location> Context::Locations() const {
  std::vector<Location> out;
  out.reserve(locs_.size());
  for (const Loc& loc : locs_) {
    out.push_back(Location{std::string(ItemTypeName(loc.type)), loc.item_name,
                           loc.name, loc.line, loc.column, loc.offset});
  }
  return out;
}

std::string Context::Snippet(const ContentMap& contents) const {
  const Loc& loc = locs_.back();
  const std::string* content = &alt_content_;
  if (alt_content_.empty()) {
    auto it = contents.find(loc.name);
    if (it == contents.end()) {
      return "<No context for file + " + loc.name + ">\n";
    }
    content = &it->second;
  }
  if (content->empty()) return "<No context available>\n";
  // A null YAML mark is -1; Falco converts it to a huge size_t, which the
  // walk then clamps to the end of the content.
  return SnippetOf(*content,
                   static_cast<size_t>(static_cast<int64_t>(loc.offset)));
}

void ResultBuilder::Warn(WarningCode code, std::string message,
                         const Context& context) {
  result_.warnings.push_back(
      Diagnostic{std::string(CodeName(code)), std::string(ShortText(code)),
                 std::string(Description(code)), std::move(message),
                 context.Locations(), context.Snippet(contents_)});
}

void ResultBuilder::Fail(const LoadError& error) {
  result_.successful = false;
  // Falco's JSON "codedesc" of an error is its short text (see Diagnostic).
  result_.errors.push_back(Diagnostic{
      std::string(CodeName(error.code)), std::string(ShortText(error.code)),
      std::string(ShortText(error.code)), error.message,
      error.context.Locations(), error.context.Snippet(contents_)});
}

}  // namespace falconet::rules
