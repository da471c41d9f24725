// Compiled rule sets: what an evaluator runs.
//
// A Ruleset holds, per event source, the bytecode of every rule condition,
// the constants, the JSON paths the conditions read, the output formats and
// the index from CloudTrail event names to candidate rules. It is built
// once (from Falco rules files with RulesetBuilder, or from one condition
// with Ruleset::FromCondition) and is immutable afterwards: share one
// std::shared_ptr<const Ruleset> across any number of threads, each with its
// own Evaluator.
#ifndef FALCONET_RULESET_H_
#define FALCONET_RULESET_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace falconet {

// Falco's priorities, most severe first (the numbers Falco uses).
enum class Priority : int {
  kEmergency = 0,
  kAlert = 1,
  kCritical = 2,
  kError = 3,
  kWarning = 4,
  kNotice = 5,
  kInformational = 6,
  kDebug = 7,
};

// What a rule is, as loaded. Active means it will be evaluated: enabled,
// selected, at or above the minimum priority, and of a known source.
struct RuleInfo {
  std::string name;
  std::string description;
  std::string source;
  Priority priority = Priority::kDebug;
  std::vector<std::string> tags;  // sorted
  bool enabled = true;            // as the rules files say
  bool active = true;             // after selection
  std::string condition;          // final text, exceptions included
  std::string output;
  // The CloudTrail event names the condition pins; empty when the rule is
  // evaluated for every record.
  std::vector<std::string> event_names;
};

// Which of Falco's matching modes to use: stop at the first matching rule
// of a record (Falco's default) or report every matching rule.
enum class RuleMatching { kFirst, kAll };

// Rule selection applied when a Ruleset is built. Patterns match rule names
// exactly or with `*` wildcards; tags match exactly. Later entries win, in
// the order enable, then disable. Disabled-by-file rules are enabled by an
// explicit enable.
struct RuleSelection {
  RuleMatching matching = RuleMatching::kFirst;
  Priority min_priority = Priority::kDebug;
  std::vector<std::string> enable_names;
  std::vector<std::string> enable_tags;
  std::vector<std::string> disable_names;
  std::vector<std::string> disable_tags;
  // Fields added to every alert's output_fields (not to its text), as
  // Falco's `append_output: [{extra_fields: [...]}]` does; e.g. "evt.num".
  std::vector<std::string> extra_output_fields;
  // False evaluates every active rule, in order, for every record, instead
  // of only the rules the event-name index picks. The alerts are the same
  // either way; this exists so that tests and benchmarks can check it.
  bool use_event_name_index = true;
};

class Ruleset {
 public:
  // Compiles one condition over CloudTrail records into a rule set with a
  // single rule named `name` and no output, as `falconet grep` does.
  // `macros` and `lists` are name -> condition text and name -> items,
  // expanded as Falco expands them in rules files. Errors carry Falco's
  // message and the 1-based line and column in `condition`.
  static absl::StatusOr<std::shared_ptr<const Ruleset>> FromCondition(
      std::string_view condition,
      const std::map<std::string, std::string>& macros = {},
      const std::map<std::string, std::vector<std::string>>& lists = {},
      std::string name = "condition");

  ~Ruleset();
  Ruleset(const Ruleset&) = delete;
  Ruleset& operator=(const Ruleset&) = delete;

  // Every rule of a known source, in evaluation order.
  const std::vector<RuleInfo>& rules() const;
  RuleMatching matching() const;

  // The bytecode listing of a rule's condition; empty if no such rule.
  std::string Disassemble(std::string_view rule) const;

  // Internal representation, for the evaluator and the C ABI.
  struct Impl;
  const Impl& impl() const { return *impl_; }
  explicit Ruleset(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace falconet

#endif  // FALCONET_RULESET_H_
