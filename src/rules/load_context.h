// Where a diagnostic points: a chain of locations from the rules content down
// to the value at fault, built the way Falco's rule_loader::context builds
// it, plus the snippet (the offending line and a caret) Falco prints with it.
//
// Also the internal error value that stops loading a file. Plain values;
// not shared between threads.
#ifndef FALCONET_RULES_LOAD_CONTEXT_H_
#define FALCONET_RULES_LOAD_CONTEXT_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "condition/ast.h"
#include "rules/load_result.h"
#include "yaml-cpp/yaml.h"

namespace falconet::rules {

// ORDER ItemType: Falco's context::item_type, whose names are printed.
enum class ItemType : uint8_t {
  kValueFor,
  kExceptions,
  kException,
  kExceptionValues,
  kExceptionValue,
  kRulesContent,
  kRulesContentItem,
  kRequiredEngineVersion,
  kRequiredPluginVersions,
  kRequiredPluginVersionsEntry,
  kRequiredPluginVersionsAlternative,
  kList,
  kListItem,
  kMacro,
  kMacroCondition,
  kRule,
  kRuleCondition,
  kConditionExpression,
  kRuleOutput,
  kRuleOutputExpression,
  kRulePriority,
  kOverride,
  kExtensionItem,
};

std::string_view ItemTypeName(ItemType type);

// The text of every file loaded so far, by name, for snippets: a context may
// point into an earlier file than the one being loaded.
using ContentMap = std::map<std::string, std::string, std::less<>>;

class Context {
 public:
  // The whole rules content called `name`: one location at 0:0.
  explicit Context(std::string name);

  // `parent` followed by the YAML node's mark. The node must be defined
  // (yaml-cpp throws for a missing one, as it does in Falco).
  Context(const YAML::Node& node, ItemType type, std::string item_name,
          const Context& parent);

  // `parent` followed by a "value for" location at `mark` (YAML errors).
  Context(const YAML::Mark& mark, const Context& parent);

  // `parent` followed by a "condition expression" location: named after
  // the first 17 characters of `condition`, placed at the parser's 1-based
  // position added to the parent's last (0-based) mark, exactly as Falco
  // does. Its snippet is taken from `condition`, not from the file.
  static Context ForCondition(const condition::Position& pos,
                              const std::string& condition,
                              const Context& parent);

  // The content name (the file) of the first location.
  const std::string& name() const { return locs_.front().name; }

  std::vector<Location> Locations() const;

  // The line at the last location with a caret under it; Falco's snippet
  // with its width of 160 characters and all its edge cases.
  std::string Snippet(const ContentMap& contents) const;

 private:
  struct Loc {
    std::string name;
    int offset = 0;
    int line = 0;
    int column = 0;
    ItemType type = ItemType::kValueFor;
    std::string item_name;
  };

  Context() = default;
  void Push(const Context& parent, Loc loc);

  std::vector<Loc> locs_;
  std::string alt_content_;  // the condition text, for condition contexts
};

// An error that stops loading the current file.
struct LoadError {
  ErrorCode code;
  std::string message;
  Context context;
};

// The outcome of a loading step: nullopt when it succeeded.
using MaybeError = std::optional<LoadError>;

#define FALCONET_RETURN_IF_LOAD_ERROR(expr)                   \
  do {                                                        \
    if (::falconet::rules::MaybeError e_ = (expr)) return e_; \
  } while (0)

// Adds diagnostics to one file's LoadResult, rendering each context's
// locations and snippet at once (contexts may point into earlier files,
// whose text `contents` holds).
class ResultBuilder {
 public:
  ResultBuilder(LoadResult& result, const ContentMap& contents)
      : result_(result), contents_(contents) {}

  void Warn(WarningCode code, std::string message, const Context& context);
  void Fail(const LoadError& error);

 private:
  LoadResult& result_;
  const ContentMap& contents_;
};

}  // namespace falconet::rules

#endif  // FALCONET_RULES_LOAD_CONTEXT_H_
