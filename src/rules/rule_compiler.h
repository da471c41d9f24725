// Compiles everything a Collector holds, as Falco's rule_loader::compiler
// does after each file: lists (one level of nested lists), macros (parsed
// after textual list expansion, then substituted into each other by
// visibility), then every rule of a known source (exceptions appended to
// the condition text, output compiled, condition parsed, macros
// substituted, compiled to bytecode). Stops at the first error; then warns
// about unused macros and lists.
#ifndef FALCONET_RULES_RULE_COMPILER_H_
#define FALCONET_RULES_RULE_COMPILER_H_

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "condition/ast.h"
#include "rules/compiled_rules.h"
#include "rules/load_context.h"
#include "rules/rule_collector.h"

namespace falconet::rules {

// Appends the rule's exceptions to `condition` with Falco's string
// building: "(" + condition + ")" then " and not (...)" per exception with
// values. Adds every field used to `fields`. Errors are LOAD_ERR_VALIDATE.
MaybeError AppendExceptions(const std::vector<ExceptionInfo>& exceptions,
                            std::string& condition,
                            std::set<std::string>& fields);

// Falco's LOAD_UNSAFE_NA_CHECK test: a `ka.*` or `jevt.*` field compared
// for equality with the literal <NA>.
bool HasUnsafeNaCheck(const condition::Node& root);

// Returns the compiled rules, or nullptr after recording an error in `out`.
std::unique_ptr<CompiledRules> CompileCollected(const Collector& collector,
                                                ResultBuilder& out);

}  // namespace falconet::rules

#endif  // FALCONET_RULES_RULE_COMPILER_H_
