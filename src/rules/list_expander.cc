#include "rules/list_expander.h"

namespace falconet::rules {
namespace {

constexpr std::string_view kBlanks = " \t\n\r";
constexpr std::string_view kDelimiters = " \t\n\r(),=";

bool IsBlank(char c) { return kBlanks.find(c) != std::string_view::npos; }
bool IsDelimiter(char c) {
  return kDelimiters.find(c) != std::string_view::npos;
}

std::string JoinItems(const std::vector<std::string>& items) {
  std::string joined;
  for (const std::string& item : items) {
    if (!joined.empty()) joined += ", ";
    bool quote = item.find(' ') != std::string::npos && !item.empty() &&
                 item[0] != '"' && item[0] != '\'';
    joined += quote ? "\"" + item + "\"" : item;
  }
  return joined;
}

}  // namespace

bool ExpandList(std::string& condition, std::string_view name,
                const std::vector<std::string>& items) {
  if (name.empty()) return false;
  bool used = false;
  const std::string joined = JoinItems(items);
  size_t start = condition.find(name);
  while (start != std::string::npos) {
    size_t end = start + name.size();
    bool delimited = (start == 0 || IsDelimiter(condition[start - 1])) &&
                     (end >= condition.size() || IsDelimiter(condition[end]));
    if (delimited) {
      // The replacement swallows the blanks around the name.
      while (start > 0 && IsBlank(condition[start - 1])) --start;
      while (end < condition.size() && IsBlank(condition[end])) ++end;
      if (joined.empty()) {
        if (start > 0 && condition[start - 1] == ',') {
          --start;
        } else if (end < condition.size() && condition[end] == ',') {
          ++end;
        }
      }
      std::string replaced;
      if (start > 0) replaced += condition.substr(0, start) + " ";
      replaced += joined + " ";
      replaced += condition.substr(end);
      condition = std::move(replaced);
      start += joined.size() + 1;
      used = true;
    }
    start = condition.find(name, start + 1);
  }
  return used;
}

std::string ExpandLists(
    std::string_view condition,
    const std::map<std::string, std::vector<std::string>>& lists) {
  std::string text(condition);
  for (const auto& [name, items] : lists) ExpandList(text, name, items);
  return text;
}

}  // namespace falconet::rules
