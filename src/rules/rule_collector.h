// Collects the definitions of one or more rules files in the order Falco
// keeps them, applying redefinition, append and override as Falco's
// rule_loader::collector does, with its validation errors.
//
// Not thread-safe; owned by one RulesLoader.
#ifndef FALCONET_RULES_RULE_COLLECTOR_H_
#define FALCONET_RULES_RULE_COLLECTOR_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fields/field_registry.h"
#include "rules/load_context.h"
#include "rules/rule_items.h"
#include "rules/semver.h"

namespace falconet::rules {

// Items in first-definition order, found by name. Redefining an item
// replaces it in place, so its position (and evaluation order) stays.
template <typename T>
class NamedItems {
 public:
  T* Find(std::string_view name) {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &items_[it->second];
  }
  const T* Find(std::string_view name) const {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &items_[it->second];
  }
  void Add(T item) {
    index_.emplace(item.name, items_.size());
    items_.push_back(std::move(item));
  }
  const std::vector<T>& items() const { return items_; }

 private:
  std::vector<T> items_;
  std::map<std::string, size_t, std::less<>> index_;
};

// True if `op` is a condition operator, or a string operator followed by a
// modifier ("startswith oneof"), as exception comps may be.
bool IsComparisonOperator(std::string_view op);

// True for the operators whose right-hand side is a list: in, intersects,
// pmatch and the modifier forms.
bool IsListOperator(std::string_view op);

// True if `field` can be the left-hand side of a check on `registry`'s
// source: a field or a transformer expression ("<field> exists" compiles).
bool IsFilterField(std::string_view field, const FieldRegistry& registry);

class Collector {
 public:
  // Errors (LOAD_ERR_VALIDATE) when falconet's engine version does not
  // satisfy `version`.
  MaybeError RequireEngineVersion(const SemVer& version, const Context& ctx);

  // Validates one required_plugin_versions entry and records it; it is
  // checked against the built-in plugins after all files are loaded.
  MaybeError RequirePlugins(RequirementAlternatives alternatives,
                            const Context& ctx);

  void DefineList(ListInfo info);
  MaybeError AppendList(const ListInfo& info);
  void DefineMacro(MacroInfo info);
  MaybeError AppendMacro(const MacroInfo& info);

  // Defines or redefines a rule; warns (LOAD_UNKNOWN_SOURCE) and marks it
  // unknown when falconet has no fields for its source; validates its
  // exceptions against the source's fields.
  MaybeError DefineRule(RuleInfo info, ResultBuilder& out);
  MaybeError AppendRule(RuleUpdate update);
  MaybeError ReplaceRule(RuleUpdate update);
  // The deprecated standalone `enabled` item.
  MaybeError EnableRule(std::string_view name, bool enabled,
                        const Context& ctx);

  const std::vector<ListInfo>& lists() const { return lists_.items(); }
  const std::vector<MacroInfo>& macros() const { return macros_.items(); }
  const std::vector<RuleInfo>& rules() const { return rules_.items(); }
  const ListInfo* FindList(std::string_view name) const {
    return lists_.Find(name);
  }
  const std::vector<RequirementAlternatives>& required_plugin_versions() const {
    return required_plugin_versions_;
  }

 private:
  template <typename T>
  void Define(NamedItems<T>& items, T info);

  size_t next_index_ = 0;
  SemVer max_engine_version_;
  std::vector<RequirementAlternatives> required_plugin_versions_;
  NamedItems<ListInfo> lists_;
  NamedItems<MacroInfo> macros_;
  NamedItems<RuleInfo> rules_;
};

}  // namespace falconet::rules

#endif  // FALCONET_RULES_RULE_COLLECTOR_H_
