#include "engine/ruleset_impl.h"

#include <algorithm>

#include "compiler/compiler.h"
#include "condition/parser.h"

namespace falconet {
namespace {

bool HasTag(const RuleInfo& rule, const std::vector<std::string>& tags) {
  for (const std::string& tag : tags) {
    if (std::binary_search(rule.tags.begin(), rule.tags.end(), tag)) {
      return true;
    }
  }
  return false;
}

bool NameSelected(const RuleInfo& rule,
                  const std::vector<std::string>& patterns) {
  for (const std::string& pattern : patterns) {
    if (WildcardMatch(pattern, rule.name)) return true;
  }
  return false;
}

bool IsActive(const RuleInfo& rule, const RuleSelection& selection) {
  bool on = rule.enabled || NameSelected(rule, selection.enable_names) ||
            HasTag(rule, selection.enable_tags);
  if (NameSelected(rule, selection.disable_names) ||
      HasTag(rule, selection.disable_tags)) {
    on = false;
  }
  return on && static_cast<int>(rule.priority) <=
                   static_cast<int>(selection.min_priority);
}

// Merges two ascending lists of rule indexes.
std::vector<uint32_t> Merge(const std::vector<uint32_t>& a,
                            const std::vector<uint32_t>& b) {
  std::vector<uint32_t> out;
  std::merge(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void BuildIndex(const std::vector<RuleInfo>& rules, bool use_index,
                SourceRules& source) {
  absl::flat_hash_map<std::string, std::vector<uint32_t>> pinned;
  source.unpinned.clear();
  for (uint32_t rule : source.active) {
    const std::vector<std::string>& names = rules[rule].event_names;
    if (!source.indexed || !use_index || names.empty()) {
      source.unpinned.push_back(rule);
      continue;
    }
    for (const std::string& name : names) pinned[name].push_back(rule);
  }

  source.by_event_name.clear();
  for (auto& [name, list] : pinned) {
    list.erase(std::unique(list.begin(), list.end()), list.end());
    source.by_event_name[name] = Merge(list, source.unpinned);
  }
}

}  // namespace

const std::vector<uint32_t>& SourceRules::Candidates(
    std::string_view event_name) const {
  if (!indexed) return unpinned;
  auto it = by_event_name.find(
      absl::string_view(event_name.data(), event_name.size()));
  return it == by_event_name.end() ? unpinned : it->second;
}

absl::Status Ruleset::Impl::Activate(const RuleSelection& selection) {
  matching = selection.matching;
  if (!selection.extra_output_fields.empty()) {
    std::string format;
    for (const std::string& field : selection.extra_output_fields) {
      format += (format.empty() ? "%" : " %") + field;
    }
    for (auto& [name, source] : sources) {
      absl::StatusOr<OutputFormat> compiled =
          OutputFormat::Compile(format, *source.set);
      if (!compiled.ok()) return compiled.status();
      source.extra_fields =
          std::make_shared<const OutputFormat>(*std::move(compiled));
    }
  }
  for (auto& [name, source] : sources) source.active.clear();

  for (uint32_t i = 0; i < rules.size(); ++i) {
    RuleInfo& rule = rules[i];
    auto it = sources.find(rule.source);
    rule.active = it != sources.end() && IsActive(rule, selection);
    if (rule.active) it->second.active.push_back(i);
  }
  for (auto& [name, source] : sources) {
    BuildIndex(rules, selection.use_event_name_index, source);
  }
  return absl::OkStatus();
}

bool WildcardMatch(std::string_view pattern, std::string_view name) {
  if (pattern.empty()) return name.empty();
  if (pattern.front() == '*') {
    for (size_t skip = 0; skip <= name.size(); ++skip) {
      if (WildcardMatch(pattern.substr(1), name.substr(skip))) return true;
    }
    return false;
  }
  return !name.empty() && pattern.front() == name.front() &&
         WildcardMatch(pattern.substr(1), name.substr(1));
}

}  // namespace falconet
