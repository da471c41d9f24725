// The definitions read from rules files, before compilation: lists, macros,
// rules with their exceptions, rule updates (append/replace) and version
// requirements. Mirrors what Falco's rule collector keeps, including the
// contexts that later diagnostics point at.
#ifndef FALCONET_RULES_RULE_ITEMS_H_
#define FALCONET_RULES_RULE_ITEMS_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "rules/load_context.h"

namespace falconet::rules {

// An exception's fields, comps or one of its values: a string, or a list of
// entries (a tuple, or a list value inside a tuple).
struct ExceptionEntry {
  bool is_list = false;
  std::string item;
  std::vector<ExceptionEntry> items;

  // A non-empty string or a non-empty list.
  bool IsValid() const { return is_list ? !items.empty() : !item.empty(); }
};

struct ExceptionInfo {
  explicit ExceptionInfo(Context c) : ctx(std::move(c)) {}

  Context ctx;
  std::string name;
  ExceptionEntry fields;
  ExceptionEntry comps;
  std::vector<ExceptionEntry> values;
};

// Every definition has an index (its first definition's position among all
// items, which orders evaluation) and a visibility (the position of its
// latest definition, append or override, which bounds what a macro or list
// may refer to).
struct ListInfo {
  explicit ListInfo(Context c) : ctx(std::move(c)) {}

  Context ctx;
  size_t index = 0;
  size_t visibility = 0;
  std::string name;
  std::vector<std::string> items;
};

struct MacroInfo {
  explicit MacroInfo(Context c) : ctx(c), cond_ctx(std::move(c)) {}

  Context ctx;
  Context cond_ctx;  // the condition's YAML node
  size_t index = 0;
  size_t visibility = 0;
  std::string name;
  std::string cond;
};

struct RuleInfo {
  explicit RuleInfo(Context c)
      : ctx(c), cond_ctx(c), output_ctx(std::move(c)) {}

  Context ctx;
  Context cond_ctx;
  Context output_ctx;
  size_t index = 0;
  size_t visibility = 0;
  bool unknown_source = false;
  std::string name;
  std::string cond;
  std::string source;
  std::string desc;
  std::string output;
  std::set<std::string> tags;
  std::vector<ExceptionInfo> exceptions;
  uint8_t priority = 7;
  bool enabled = true;
  bool warn_evttypes = true;
  bool skip_if_unknown_filter = false;
  bool capture = false;
  uint64_t capture_duration = 0;
};

// The keys an `append` or `override` item carries for an existing rule.
struct RuleUpdate {
  explicit RuleUpdate(Context c) : ctx(std::move(c)) {}

  bool HasAnyValue() const {
    return cond || output || desc || tags || exceptions || priority ||
           enabled || warn_evttypes || skip_if_unknown_filter || capture ||
           capture_duration;
  }

  Context ctx;
  std::string name;
  std::optional<std::string> cond;
  std::optional<std::string> output;
  std::optional<std::string> desc;
  std::optional<std::set<std::string>> tags;
  std::optional<std::vector<ExceptionInfo>> exceptions;
  std::optional<uint8_t> priority;
  std::optional<bool> enabled;
  std::optional<bool> warn_evttypes;
  std::optional<bool> skip_if_unknown_filter;
  std::optional<bool> capture;
  std::optional<uint64_t> capture_duration;
};

struct PluginRequirement {
  std::string name;
  std::string version;
};

// One `required_plugin_versions` entry: the plugin and its alternatives;
// the first one that is loaded decides.
using RequirementAlternatives = std::vector<PluginRequirement>;

}  // namespace falconet::rules

#endif  // FALCONET_RULES_RULE_ITEMS_H_
