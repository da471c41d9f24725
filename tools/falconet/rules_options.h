// Options shared by the commands that load rules (run, validate, rules):
// which files, and which rules of them are active.
#ifndef FALCONET_TOOLS_RULES_OPTIONS_H_
#define FALCONET_TOOLS_RULES_OPTIONS_H_

#include <memory>
#include <string>
#include <vector>

#include "arguments.h"
#include "falconet/ruleset_builder.h"

namespace falconet::cli {

// -r/--rules, --rule-matching, --min-priority, --enable, --disable.
const std::vector<OptionSpec>& RulesOptionSpecs();

// --output-field, for the commands that print alerts.
const OptionSpec& OutputFieldOptionSpec();

// The rules files to load: the -r values, else the default rules.
std::vector<std::string> RulesFiles(const Arguments& args);

// The selection the options ask for; an error message for bad values.
absl::StatusOr<RuleSelection> SelectionFrom(const Arguments& args);

// Loads the files and builds the ruleset, printing Falco-style diagnostics
// to stderr. Returns null (after printing why) when it cannot run.
std::shared_ptr<const Ruleset> LoadRules(const std::string& command,
                                         const Arguments& args);

}  // namespace falconet::cli

#endif  // FALCONET_TOOLS_RULES_OPTIONS_H_
