// Resolves field and transformer expressions into interned operands.
//
// Shared by condition compilation (hot operands, read for every record) and
// output formats (cold operands, read on a match). Checks transformer
// argument types as Falco does. Not thread-safe: it writes the ProgramSet.
#ifndef FALCONET_COMPILER_OPERAND_COMPILER_H_
#define FALCONET_COMPILER_OPERAND_COMPILER_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "compiler/program_set.h"
#include "condition/ast.h"

namespace falconet {

class OperandCompiler {
 public:
  OperandCompiler(ProgramSet& set, bool hot) : set_(set), hot_(hot) {}

  // The operand index for `expr`; errors carry Falco's texts.
  absl::StatusOr<uint32_t> Compile(const condition::ValueExpr& expr);

  // After a failed Compile: whether it failed on a field the source lacks.
  bool last_error_unknown_field() const { return unknown_field_; }

  // Whether `text` names a field, or a transformer over one, of the source
  // (for Falco's "may be a valid field misused as a const" warnings).
  bool LooksLikeField(std::string_view text) const;
  bool LooksLikeTransformer(std::string_view text) const;

 private:
  absl::StatusOr<uint32_t> CompileField(const condition::ValueExpr& expr);
  absl::StatusOr<uint32_t> CompileTransformer(const condition::ValueExpr& expr);
  absl::StatusOr<uint32_t> CompileLiteral(const condition::ValueExpr& expr);

  ProgramSet& set_;
  bool hot_;
  bool unknown_field_ = false;
};

}  // namespace falconet

#endif  // FALCONET_COMPILER_OPERAND_COMPILER_H_
