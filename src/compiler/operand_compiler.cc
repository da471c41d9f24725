#include "compiler/operand_compiler.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "condition/parser.h"

namespace falconet {
namespace {

using condition::ValueExpr;

std::optional<Transformer> TransformerNamed(std::string_view name) {
  static constexpr std::pair<std::string_view, Transformer> kNames[] = {
      {"tolower", Transformer::kToLower}, {"toupper", Transformer::kToUpper},
      {"b64", Transformer::kB64},         {"basename", Transformer::kBasename},
      {"len", Transformer::kLen},         {"join", Transformer::kJoin},
      {"concat", Transformer::kConcat},
  };
  for (const auto& [n, t] : kNames) {
    if (n == name) return t;
  }
  return std::nullopt;
}

absl::Status Unsupported(const Operand& arg, std::string_view transformer) {
  return absl::InvalidArgumentError(
      absl::StrCat("can't add field transformer: type '",
                   std::string(FalcoTypeName(arg.type)),
                   "' is not supported by '", std::string(transformer),
                   "' transformer applied on field '", arg.text, "'"));
}

// Type rules for one-argument transformers; sets the result type.
absl::Status TypeUnary(Transformer t, std::string_view name, const Operand& arg,
                       Operand& out) {
  if (t == Transformer::kLen) {
    if (!arg.is_list && arg.type != FieldType::kString) {
      return Unsupported(arg, name);
    }
    out.type = FieldType::kUint64;
    out.is_list = false;
    return absl::OkStatus();
  }
  if (arg.type != FieldType::kString) return Unsupported(arg, name);
  out.type = FieldType::kString;
  out.is_list = arg.is_list;
  return absl::OkStatus();
}

absl::Status TypeJoin(const std::vector<Operand>& args, Operand& out) {
  if (args.size() != 2 || args[0].kind != Operand::Kind::kLiteral) {
    return absl::InvalidArgumentError(
        "transformer 'join' expects a separator string and a list field");
  }
  if (!args[1].is_list || args[1].type != FieldType::kString) {
    return Unsupported(args[1], "join");
  }
  out.type = FieldType::kString;
  out.is_list = false;
  return absl::OkStatus();
}

absl::Status TypeConcat(const std::vector<Operand>& args, Operand& out) {
  if (args.size() < 2) {
    return absl::InvalidArgumentError(
        "transformer 'concat' expects at least two arguments");
  }
  for (const Operand& arg : args) {
    if (arg.is_list || arg.type != FieldType::kString) {
      return Unsupported(arg, "concat");
    }
  }
  out.type = FieldType::kString;
  out.is_list = false;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<uint32_t> OperandCompiler::Compile(const ValueExpr& expr) {
  unknown_field_ = false;
  switch (expr.kind) {
    case ValueExpr::Kind::kField:
      return CompileField(expr);
    case ValueExpr::Kind::kTransformer:
      return CompileTransformer(expr);
    case ValueExpr::Kind::kLiteral:
      return CompileLiteral(expr);
    case ValueExpr::Kind::kList:
      break;
  }
  return absl::InvalidArgumentError(
      "a list is not a valid operand outside a transformer argument");
}

absl::StatusOr<uint32_t> OperandCompiler::CompileField(const ValueExpr& expr) {
  std::optional<std::string_view> arg;
  if (expr.has_arg) arg = expr.arg;
  absl::StatusOr<FieldRef> ref =
      set_.registry().Resolve(expr.name, arg, set_.plan, hot_);
  if (!ref.ok()) {
    unknown_field_ = set_.registry().Find(expr.name) == nullptr;
    return ref.status();
  }

  Operand op;
  op.kind = Operand::Kind::kField;
  op.type = ref->info->type;
  op.is_list = ref->info->is_list;
  op.text =
      expr.has_arg ? absl::StrCat(expr.name, "[", expr.arg, "]") : expr.name;
  op.field = *std::move(ref);
  return set_.InternOperand(std::move(op));
}

absl::StatusOr<uint32_t> OperandCompiler::CompileTransformer(
    const ValueExpr& expr) {
  std::optional<Transformer> t = TransformerNamed(expr.name);
  if (!t) {
    return absl::InvalidArgumentError("transformer '" + expr.name +
                                      "' is not supported");
  }

  Operand op;
  op.kind = Operand::Kind::kTransform;
  op.transformer = *t;
  std::vector<Operand> args;
  std::vector<std::string> texts;
  for (const ValueExpr& arg : expr.args) {
    absl::StatusOr<uint32_t> index = Compile(arg);
    if (!index.ok()) return index.status();
    op.args.push_back(*index);
    args.push_back(set_.operands[*index]);
    texts.push_back(args.back().text);
  }
  op.text = absl::StrCat(expr.name, "(", absl::StrJoin(texts, ", "), ")");

  absl::Status typed;
  if (*t == Transformer::kJoin) {
    typed = TypeJoin(args, op);
  } else if (*t == Transformer::kConcat) {
    typed = TypeConcat(args, op);
  } else if (args.size() != 1) {
    typed = absl::InvalidArgumentError("transformer '" + expr.name +
                                       "' expects exactly one argument");
  } else {
    typed = TypeUnary(*t, expr.name, args[0], op);
  }
  if (!typed.ok()) return typed;
  return set_.InternOperand(std::move(op));
}

absl::StatusOr<uint32_t> OperandCompiler::CompileLiteral(
    const ValueExpr& expr) {
  Operand op;
  op.kind = Operand::Kind::kLiteral;
  op.type = FieldType::kString;
  op.literal = expr.name;
  op.text = absl::StrCat("\"", expr.name, "\"");
  return set_.InternOperand(std::move(op));
}

bool OperandCompiler::LooksLikeField(std::string_view text) const {
  condition::ValueExprResult parsed = condition::ParseValueExpr(text);
  return parsed.expr && parsed.expr->kind == ValueExpr::Kind::kField &&
         set_.registry().Find(parsed.expr->name) != nullptr;
}

bool OperandCompiler::LooksLikeTransformer(std::string_view text) const {
  condition::ValueExprResult parsed = condition::ParseValueExpr(text);
  return parsed.expr && parsed.expr->kind == ValueExpr::Kind::kTransformer;
}

}  // namespace falconet
