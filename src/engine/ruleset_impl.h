// The inside of a Ruleset: compiled programs per source, the rules in
// evaluation order, and the event-name index.
//
// Built single-threaded by RulesetBuilder or Ruleset::FromCondition, then
// read-only.
#ifndef FALCONET_ENGINE_RULESET_IMPL_H_
#define FALCONET_ENGINE_RULESET_IMPL_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "compiler/program_set.h"
#include "falconet/ruleset.h"
#include "output/output_format.h"

namespace falconet {

struct CompiledRuleEntry {
  uint32_t program = 0;
  std::shared_ptr<const OutputFormat> format;  // null: no output (grep)
};

// The rules of one event source and the index that picks candidates.
struct SourceRules {
  std::unique_ptr<ProgramSet> set;
  std::vector<uint32_t> active;  // rule indexes, evaluation order
  // Event name -> the active rules pinned to it merged with the unpinned
  // ones, in evaluation order; names not listed use `unpinned`.
  absl::flat_hash_map<std::string, std::vector<uint32_t>> by_event_name;
  std::vector<uint32_t> unpinned;
  uint32_t event_name_operand = 0;
  bool indexed = false;  // aws_cloudtrail only
  // RuleSelection::extra_output_fields, compiled for this source.
  std::shared_ptr<const OutputFormat> extra_fields;

  const std::vector<uint32_t>& Candidates(std::string_view event_name) const;
};

struct Ruleset::Impl {
  std::vector<RuleInfo> rules;              // evaluation order
  std::vector<CompiledRuleEntry> compiled;  // parallel to rules
  std::map<std::string, SourceRules, std::less<>> sources;
  RuleMatching matching = RuleMatching::kFirst;

  // Marks rules active per `selection`, compiles its extra output fields
  // and builds each source's index. Sources must already hold their
  // ProgramSet.
  absl::Status Activate(const RuleSelection& selection);
};

// True when `name` matches `pattern`, where `*` matches any run of
// characters (Falco's rule-name wildcards).
bool WildcardMatch(std::string_view pattern, std::string_view name);

}  // namespace falconet

#endif  // FALCONET_ENGINE_RULESET_IMPL_H_
