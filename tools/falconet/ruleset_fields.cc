#include "ruleset_fields.h"

#include "compiler/program_set.h"
#include "engine/ruleset_impl.h"

namespace falconet::cli {
namespace {

bool OperandReads(const ProgramSet& set, uint32_t operand,
                  std::string_view field) {
  const Operand& op = set.operands[operand];
  if (op.kind == Operand::Kind::kField) {
    return op.field.info != nullptr && op.field.info->name == field;
  }
  for (uint32_t arg : op.args) {
    if (OperandReads(set, arg, field)) return true;
  }
  return false;
}

bool ProgramReads(const ProgramSet& set, const Program& program,
                  std::string_view field) {
  for (const Instr& instr : program.code) {
    switch (instr.op) {
      case Op::kNot:
      case Op::kJumpIfFalse:
      case Op::kJumpIfTrue:
      case Op::kReturn:
        break;
      case Op::kFieldCmp:
        if (OperandReads(set, instr.b, field)) return true;
        [[fallthrough]];
      default:
        if (OperandReads(set, instr.a, field)) return true;
    }
  }
  return false;
}

bool FormatReads(const ProgramSet& set, const OutputFormat* format,
                 std::string_view field) {
  if (format == nullptr) return false;
  for (const OutputFormat::Token& token : format->tokens()) {
    if (token.is_field && OperandReads(set, token.operand, field)) return true;
  }
  for (const OutputFormat::JsonField& json : format->json_fields()) {
    if (OperandReads(set, json.operand, field)) return true;
  }
  return false;
}

}  // namespace

bool ActiveRulesRead(const Ruleset& ruleset, std::string_view field) {
  const Ruleset::Impl& impl = ruleset.impl();
  for (const auto& [name, source] : impl.sources) {
    if (!source.active.empty() &&
        FormatReads(*source.set, source.extra_fields.get(), field)) {
      return true;
    }
  }
  for (size_t i = 0; i < impl.rules.size(); ++i) {
    if (!impl.rules[i].active) continue;
    auto it = impl.sources.find(impl.rules[i].source);
    if (it == impl.sources.end()) continue;
    const ProgramSet& set = *it->second.set;
    const CompiledRuleEntry& entry = impl.compiled[i];
    if (ProgramReads(set, set.programs[entry.program], field) ||
        FormatReads(set, entry.format.get(), field)) {
      return true;
    }
  }
  return false;
}

}  // namespace falconet::cli
