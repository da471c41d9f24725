// The result of loading rules files that the engine consumes: one program
// set per event source and the rules, compiled, in Falco's evaluation
// order.
//
// Built by RulesLoader and then handed over whole; after that it is only
// read, by any number of threads.
#ifndef FALCONET_RULES_COMPILED_RULES_H_
#define FALCONET_RULES_COMPILED_RULES_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/program_set.h"
#include "output/output_format.h"

namespace falconet::rules {

struct CompiledRule {
  std::string name;
  std::string description;
  std::string source;    // a source falconet knows: "aws_cloudtrail", ...
  uint8_t priority = 7;  // 0 Emergency .. 7 Debug
  std::vector<std::string> tags;  // sorted, unique
  bool enabled = true;   // disabled rules are compiled too, as in Falco
  std::string output;    // the output format text, trimmed
  OutputFormat format;   // compiled into the source's ProgramSet
  uint32_t program = 0;  // index into the source's ProgramSet::programs
  // Event names the condition pins (CompileResult::event_names); empty
  // when the rule must see every record.
  std::vector<std::string> event_names;
  // The condition as compiled: exceptions appended, lists expanded, before
  // macro substitution.
  std::string condition;
  std::vector<std::string> exception_fields;  // sorted, unique
};

struct CompiledRules {
  // The program set of every source with at least one compiled rule; the
  // rules' formats and programs index into them.
  std::map<std::string, std::unique_ptr<ProgramSet>, std::less<>> sets;
  // In evaluation order: the position of each rule's first definition.
  // Rules of unknown sources, and rules skipped by skip-if-unknown-filter,
  // are not here.
  std::vector<CompiledRule> rules;
};

}  // namespace falconet::rules

#endif  // FALCONET_RULES_COMPILED_RULES_H_
