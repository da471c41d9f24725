#include "compiler/compiler.h"

#include <re2/re2.h>

#include <cstdio>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "compiler/glob.h"
#include "compiler/operand_compiler.h"
#include "compiler/prefix_tree.h"

namespace falconet {
namespace {

using condition::Check;
using condition::Node;
using condition::Position;
using condition::ValueExpr;

// Falco stores each constant in a 256-byte buffer with a terminating NUL.
constexpr size_t kMaxConstantLength = 255;

// How Falco names an operator in its messages: `==` prints as `=`.
std::string OpName(std::string_view op) {
  return std::string(op == "==" ? "=" : op);
}

std::optional<Cmp> CmpOf(std::string_view op) {
  static constexpr std::pair<std::string_view, Cmp> kOps[] = {
      {"=", Cmp::kEq},
      {"==", Cmp::kEq},
      {"!=", Cmp::kNe},
      {"<", Cmp::kLt},
      {"<=", Cmp::kLe},
      {">", Cmp::kGt},
      {">=", Cmp::kGe},
      {"contains", Cmp::kContains},
      {"icontains", Cmp::kIContains},
      {"bcontains", Cmp::kBContains},
      {"startswith", Cmp::kStartsWith},
      {"bstartswith", Cmp::kBStartsWith},
      {"endswith", Cmp::kEndsWith},
      {"glob", Cmp::kGlob},
      {"iglob", Cmp::kIGlob},
      {"in", Cmp::kIn},
      {"intersects", Cmp::kIntersects},
  };
  for (const auto& [name, cmp] : kOps) {
    if (name == op) return cmp;
  }
  return std::nullopt;
}

bool IsListOp(std::string_view op) {
  return op == "in" || op == "intersects" || op == "pmatch";
}

bool IsOneOf(std::string_view op, std::initializer_list<std::string_view> set) {
  for (std::string_view s : set) {
    if (s == op) return true;
  }
  return false;
}

// Falco's operator/type compatibility table (libs filter_compare.cpp).
std::optional<std::string> NotComparable(std::string_view op, FieldType type,
                                         bool is_list) {
  if (op == "exists") return std::nullopt;
  std::string name = OpName(op);
  if (is_list) {
    if (op == "in" || op == "intersects") return std::nullopt;
    return absl::StrCat("'", name, "' operator not supported list filters");
  }
  switch (type) {
    case FieldType::kUint64:
    case FieldType::kAbsTime:
      if (IsOneOf(op, {"=", "==", "!=", "<", "<=", ">", ">=", "in",
                       "intersects"})) {
        return std::nullopt;
      }
      return absl::StrCat("'", name, "' operator not supported for numeric ",
                          "filters");
    case FieldType::kBool:
      if (IsOneOf(op, {"=", "==", "!=", "in", "intersects"})) {
        return std::nullopt;
      }
      return absl::StrCat("'", name, "' operator not supported for numeric ",
                          "filters");
    case FieldType::kString:
      if (op != "bcontains" && op != "bstartswith") return std::nullopt;
      return absl::StrCat("'", name, "' operator not supported for string ",
                          "filters");
  }
  return std::nullopt;
}

// Parses a literal for a numeric field as Falco does: sscanf("%llu%c") must
// read exactly one number, so only decimal integers pass and -1 wraps.
absl::StatusOr<uint64_t> ParseUint64(const std::string& text) {
  unsigned long long value = 0;
  char trailing = 0;
  if (std::sscanf(text.c_str(), "%llu%c", &value, &trailing) != 1) {
    return absl::InvalidArgumentError(text + " is not a valid number");
  }
  return static_cast<uint64_t>(value);
}

absl::StatusOr<uint64_t> ParseBool(const std::string& text) {
  if (text == "true") return 1;
  if (text == "false") return 0;
  return absl::InvalidArgumentError(
      "filter error: unrecognized boolean value " + text);
}

absl::Status CheckStringLength(const std::string& text) {
  if (text.size() <= kMaxConstantLength) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("filter parameter too long (used=", text.size(),
                   ", available=", kMaxConstantLength + 1, "):", text));
}

// Whether a regex uses only the anchors and wildcards that simpler
// operators cover; Falco warns about those.
bool RegexIsPlain(std::string_view pattern) {
  if (pattern.substr(0, 1) == "^") pattern.remove_prefix(1);
  if (pattern.substr(0, 2) == ".*") pattern.remove_prefix(2);
  if (pattern.size() >= 1 && pattern.back() == '$') pattern.remove_suffix(1);
  if (pattern.size() >= 2 && pattern.substr(pattern.size() - 2) == ".*") {
    pattern.remove_suffix(2);
  }
  return pattern.find_first_of("\\^$.|?*+()[]{}") == std::string_view::npos;
}

// Falco's `regex` operator: RE2 in POSIX syntax, leftmost-longest; logging
// off, because the library never writes to stderr.
RE2::Options RegexOptions() {
  RE2::Options options;
  options.set_posix_syntax(true);
  options.set_longest_match(true);
  options.set_log_errors(false);
  return options;
}

bool PinsEventName(const ValueExpr& lhs) {
  return lhs.kind == ValueExpr::Kind::kField && !lhs.has_arg &&
         (lhs.name == "ct.name" || lhs.name == "aws.eventName");
}

// Event names that a top-level conjunct pins the condition to. Any one
// such conjunct bounds the records that can match, so the first suffices.
std::vector<std::string> PinnedEventNames(const Node& root) {
  std::vector<const Node*> conjuncts;
  if (root.kind == Node::Kind::kAnd) {
    for (const auto& child : root.children) conjuncts.push_back(child.get());
  } else {
    conjuncts.push_back(&root);
  }
  for (const Node* node : conjuncts) {
    if (node->kind != Node::Kind::kCheck) continue;
    const Check& check = node->check;
    if (!PinsEventName(check.lhs) || !check.modifier.empty()) continue;
    bool eq = (check.op == "=" || check.op == "==") &&
              check.rhs_kind == Check::RhsKind::kValue;
    bool in = (check.op == "in" || check.op == "intersects") &&
              check.rhs_kind == Check::RhsKind::kList;
    if (eq || in) return check.values;
  }
  return {};
}

class ConditionCompiler {
 public:
  explicit ConditionCompiler(ProgramSet& set)
      : set_(set), operands_(set, /*hot=*/true) {}

  CompileResult Run(const Node& root);

 private:
  bool CompileNode(const Node& node);
  bool CompileBool(const Node& node, Op jump);
  bool CompileCheck(const Node& node);
  bool CompileFieldCheck(const Node& node, const Check& check, uint32_t lhs);
  bool CompileModifier(const Node& node, const Check& check, uint32_t lhs);
  bool CompileValueCheck(const Node& node, const Check& check, uint32_t lhs);
  bool CompileListCheck(const Node& node, const Check& check, uint32_t lhs);
  bool CompileScalarCheck(const Node& node, const Check& check, uint32_t lhs);
  void WarnAboutConstant(const Node& node, const std::string& value);

  bool Fail(const Node& node, std::string message);
  void Emit(Op op, uint32_t a, uint32_t b, uint8_t flags = 0) {
    code_.push_back(Instr{op, flags, static_cast<uint16_t>(a), b});
  }

  ProgramSet& set_;
  OperandCompiler operands_;
  std::vector<Instr> code_;
  CompileResult result_;
};

CompileResult ConditionCompiler::Run(const Node& root) {
  if (!CompileNode(root)) return std::move(result_);
  Emit(Op::kReturn, 0, 0);

  result_.program = static_cast<uint32_t>(set_.programs.size());
  set_.programs.push_back(Program{std::move(code_)});
  result_.event_names = PinnedEventNames(root);
  return std::move(result_);
}

bool ConditionCompiler::Fail(const Node& node, std::string message) {
  result_.error = CompileMessage{std::move(message), node.pos};
  return false;
}

bool ConditionCompiler::CompileNode(const Node& node) {
  switch (node.kind) {
    case Node::Kind::kAnd:
      return CompileBool(node, Op::kJumpIfFalse);
    case Node::Kind::kOr:
      return CompileBool(node, Op::kJumpIfTrue);
    case Node::Kind::kNot:
      if (!CompileNode(*node.children[0])) return false;
      Emit(Op::kNot, 0, 0);
      return true;
    case Node::Kind::kCheck:
      return CompileCheck(node);
    case Node::Kind::kMacro:
      return Fail(node, "Undefined macro '" + node.macro + "' used in filter.");
  }
  return false;
}

// a and b and c: each operand but the last jumps to the end when it settles
// the result; the flag then holds the value of the whole expression.
bool ConditionCompiler::CompileBool(const Node& node, Op jump) {
  std::vector<size_t> exits;
  for (size_t i = 0; i < node.children.size(); ++i) {
    if (!CompileNode(*node.children[i])) return false;
    if (i + 1 < node.children.size()) {
      exits.push_back(code_.size());
      Emit(jump, 0, 0);
    }
  }
  for (size_t exit : exits) code_[exit].b = static_cast<uint32_t>(code_.size());
  return true;
}

bool ConditionCompiler::CompileCheck(const Node& node) {
  const Check& check = node.check;
  absl::StatusOr<uint32_t> lhs = operands_.Compile(check.lhs);
  if (!lhs.ok()) {
    result_.unknown_field = operands_.last_error_unknown_field();
    return Fail(node, std::string(lhs.status().message()));
  }

  const Operand& operand = set_.operands[*lhs];
  if (auto error = NotComparable(check.op, operand.type, operand.is_list)) {
    return Fail(node, *error);
  }
  if (check.op == "exists") {
    Emit(Op::kExists, *lhs, 0);
    return true;
  }
  if (check.rhs_kind == Check::RhsKind::kField) {
    return CompileFieldCheck(node, check, *lhs);
  }
  if (!check.modifier.empty()) return CompileModifier(node, check, *lhs);
  return CompileValueCheck(node, check, *lhs);
}

bool ConditionCompiler::CompileFieldCheck(const Node& node, const Check& check,
                                          uint32_t lhs) {
  if (check.op == "pmatch" || check.op == "regex") {
    return Fail(node, "operator '" + check.op +
                          "' does not support right-hand side fields");
  }
  absl::StatusOr<uint32_t> rhs = operands_.Compile(check.rhs);
  if (!rhs.ok()) {
    result_.unknown_field = operands_.last_error_unknown_field();
    return Fail(node, std::string(rhs.status().message()));
  }

  // Falco wants the same type and list-ness on both sides, whatever the
  // operator.
  const Operand& left = set_.operands[lhs];
  const Operand& right = set_.operands[*rhs];
  if (left.type != right.type || left.is_list != right.is_list) {
    return Fail(node, absl::StrCat("field '", left.text, "' has type '",
                                   std::string(FalcoTypeName(left.type)),
                                   left.is_list ? " (list)" : "",
                                   "' while the right-hand side field '",
                                   right.text, "' has incompatible type '",
                                   std::string(FalcoTypeName(right.type)),
                                   right.is_list ? " (list)" : "", "'"));
  }
  Emit(Op::kFieldCmp, lhs, *rhs, static_cast<uint8_t>(*CmpOf(check.op)));
  return true;
}

bool ConditionCompiler::CompileModifier(const Node& node, const Check& check,
                                        uint32_t lhs) {
  const Operand& operand = set_.operands[lhs];
  if (IsListOp(check.op) || operand.type != FieldType::kString ||
      operand.is_list || IsOneOf(check.op, {"<", "<=", ">", ">="})) {
    return Fail(node, "'" + check.modifier + "' modifier not supported with '" +
                          OpName(check.op) + "' operator");
  }

  ModifierConstant constant;
  constant.kind = check.modifier == "oneof"   ? ModifierConstant::Kind::kOneOf
                  : check.modifier == "anyof" ? ModifierConstant::Kind::kAnyOf
                                              : ModifierConstant::Kind::kAllOf;
  constant.cmp = check.op == "regex" ? Cmp::kEq : *CmpOf(check.op);
  for (const std::string& value : check.values) {
    if (absl::Status s = CheckStringLength(value); !s.ok()) {
      return Fail(node, std::string(s.message()));
    }
    if (check.op == "regex") {
      auto re = std::make_unique<re2::RE2>(value, RegexOptions());
      if (!re->ok()) return Fail(node, "invalid regex pattern: " + re->error());
      constant.regexes.push_back(std::move(re));
    } else if (check.op == "glob" || check.op == "iglob") {
      constant.globs.push_back(
          std::make_unique<GlobPattern>(value, check.op == "iglob"));
    }
    constant.values.push_back(
        check.op == "icontains" ? absl::AsciiStrToLower(value) : value);
  }

  uint32_t index = static_cast<uint32_t>(set_.constants.modifiers.size());
  set_.constants.modifiers.push_back(std::move(constant));
  Emit(Op::kModifier, lhs, index, check.op == "regex" ? 1 : 0);
  return true;
}

bool ConditionCompiler::CompileValueCheck(const Node& node, const Check& check,
                                          uint32_t lhs) {
  if (IsListOp(check.op)) return CompileListCheck(node, check, lhs);
  return CompileScalarCheck(node, check, lhs);
}

bool ConditionCompiler::CompileListCheck(const Node& node, const Check& check,
                                         uint32_t lhs) {
  const Operand& operand = set_.operands[lhs];
  if (check.op == "pmatch") {
    auto tree = std::make_unique<PrefixTree>();
    for (const std::string& value : check.values) {
      if (absl::Status s = CheckStringLength(value); !s.ok()) {
        return Fail(node, std::string(s.message()));
      }
      tree->Insert(value);
    }
    uint32_t index = static_cast<uint32_t>(set_.constants.prefix_trees.size());
    set_.constants.prefix_trees.push_back(std::move(tree));
    Emit(Op::kPmatch, lhs, index);
    return true;
  }

  bool numeric = operand.type != FieldType::kString;
  uint32_t index = 0;
  if (numeric) {
    absl::flat_hash_set<uint64_t> set;
    for (const std::string& value : check.values) {
      absl::StatusOr<uint64_t> n = operand.type == FieldType::kBool
                                       ? ParseBool(value)
                                       : ParseUint64(value);
      if (!n.ok()) return Fail(node, std::string(n.status().message()));
      set.insert(*n);
    }
    index = static_cast<uint32_t>(set_.constants.number_sets.size());
    set_.constants.number_sets.push_back(std::move(set));
  } else {
    absl::flat_hash_set<std::string> set;
    for (const std::string& value : check.values) {
      if (absl::Status s = CheckStringLength(value); !s.ok()) {
        return Fail(node, std::string(s.message()));
      }
      WarnAboutConstant(node, value);
      set.insert(value);
    }
    index = static_cast<uint32_t>(set_.constants.string_sets.size());
    set_.constants.string_sets.push_back(std::move(set));
  }

  if (operand.is_list) {
    Emit(check.op == "in" ? Op::kListIn : Op::kListAny, lhs, index,
         numeric ? 1 : 0);
  } else {
    Emit(numeric ? Op::kNumIn : Op::kStrIn, lhs, index);
  }
  return true;
}

bool ConditionCompiler::CompileScalarCheck(const Node& node, const Check& check,
                                           uint32_t lhs) {
  const Operand& operand = set_.operands[lhs];
  const std::string& value = check.values.empty() ? "" : check.values[0];

  if (operand.type != FieldType::kString) {
    absl::StatusOr<uint64_t> n = operand.type == FieldType::kBool
                                     ? ParseBool(value)
                                     : ParseUint64(value);
    if (!n.ok()) return Fail(node, std::string(n.status().message()));
    uint32_t index = static_cast<uint32_t>(set_.constants.numbers.size());
    set_.constants.numbers.push_back(*n);
    Emit(Op::kNumCmp, lhs, index, static_cast<uint8_t>(*CmpOf(check.op)));
    return true;
  }

  if (absl::Status s = CheckStringLength(value); !s.ok()) {
    return Fail(node, std::string(s.message()));
  }
  if (check.op == "regex") {
    auto re = std::make_unique<re2::RE2>(value, RegexOptions());
    if (!re->ok()) return Fail(node, "invalid regex pattern: " + re->error());
    if (RegexIsPlain(value)) {
      result_.warnings.push_back(CompileMessage{
          "regex check with '" + value +
              "' may be optimized with simpler operators such as '=', "
              "'contains', 'startswith', 'endswith'",
          node.pos});
    }
    uint32_t index = static_cast<uint32_t>(set_.constants.regexes.size());
    set_.constants.regexes.push_back(std::move(re));
    Emit(Op::kRegex, lhs, index);
    return true;
  }
  if (check.op == "glob" || check.op == "iglob") {
    uint32_t index = static_cast<uint32_t>(set_.constants.globs.size());
    set_.constants.globs.push_back(
        std::make_unique<GlobPattern>(value, check.op == "iglob"));
    Emit(check.op == "glob" ? Op::kGlob : Op::kIGlob, lhs, index);
    return true;
  }

  WarnAboutConstant(node, value);
  std::string stored =
      check.op == "icontains" ? absl::AsciiStrToLower(value) : value;
  uint32_t index = static_cast<uint32_t>(set_.constants.strings.size());
  set_.constants.strings.push_back(std::move(stored));

  Cmp cmp = *CmpOf(check.op);
  switch (cmp) {
    case Cmp::kContains:
      Emit(Op::kContains, lhs, index);
      break;
    case Cmp::kIContains:
      Emit(Op::kIContains, lhs, index);
      break;
    case Cmp::kStartsWith:
      Emit(Op::kStartsWith, lhs, index);
      break;
    case Cmp::kEndsWith:
      Emit(Op::kEndsWith, lhs, index);
      break;
    default:
      Emit(Op::kStrCmp, lhs, index, static_cast<uint8_t>(cmp));
  }
  return true;
}

// Falco's hints for constants that were probably meant as fields.
void ConditionCompiler::WarnAboutConstant(const Node& node,
                                          const std::string& value) {
  std::string compact;
  for (char c : value) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') compact += c;
  }
  if (operands_.LooksLikeField(compact)) {
    result_.warnings.push_back(CompileMessage{
        "'" + compact + "' may be a valid field misused as a const string " +
            "value",
        node.pos});
  } else if (operands_.LooksLikeTransformer(compact)) {
    result_.warnings.push_back(CompileMessage{
        "'" + compact + "' may be a valid field transformer misused as a " +
            "const string value",
        node.pos});
  }
}

}  // namespace

CompileResult CompileCondition(const Node& root, ProgramSet& set) {
  return ConditionCompiler(set).Run(root);
}

absl::StatusOr<uint32_t> CompileOperand(const ValueExpr& expr, ProgramSet& set,
                                        bool hot) {
  return OperandCompiler(set, hot).Compile(expr);
}

}  // namespace falconet
