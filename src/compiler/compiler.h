// Compiles condition trees into bytecode programs.
//
// The input is a macro-free tree (the rules loader substitutes macros and
// expands lists first). Compilation resolves every field against the
// program set's registry, checks operator and type rules exactly as Falco
// 0.44.1 does, prepares constants once (case-folded strings, hash sets,
// globs, RE2 programs, prefix trees) and emits short-circuit jumps. Errors
// and warnings carry Falco's texts and the position of the offending node.
//
// Not thread-safe: one compiler call at a time per ProgramSet.
#ifndef FALCONET_COMPILER_COMPILER_H_
#define FALCONET_COMPILER_COMPILER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/program_set.h"
#include "condition/ast.h"

namespace falconet {

struct CompileMessage {
  std::string message;
  condition::Position pos;
};

struct CompileResult {
  std::optional<uint32_t> program;  // index into ProgramSet::programs
  std::optional<CompileMessage> error;
  // The error names a field the source does not have; a rule with
  // skip-if-unknown-filter turns it into a warning.
  bool unknown_field = false;
  std::vector<CompileMessage> warnings;  // Falco's LOAD_COMPILE_CONDITION
  // Event names the condition pins with a top-level conjunct such as
  // `ct.name = X` or `ct.name in (X, Y)`; empty when it pins none, and then
  // the rule must see every record.
  std::vector<std::string> event_names;
};

CompileResult CompileCondition(const condition::Node& root, ProgramSet& set);

// Compiles one field or transformer expression to an operand, for outputs
// (hot = false) and for validating exception fields. The error texts are
// Falco's ("filter_check called with nonexistent field X", ...).
absl::StatusOr<uint32_t> CompileOperand(const condition::ValueExpr& expr,
                                        ProgramSet& set, bool hot);

// A readable listing of one program, one instruction per line, e.g.
//   0000  str.cmp    eq ct.name, "ConsoleLogin"
//   0001  jf         0004
std::string Disassemble(const ProgramSet& set, uint32_t program);

}  // namespace falconet

#endif  // FALCONET_COMPILER_COMPILER_H_
