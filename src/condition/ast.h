// The syntax tree of a Falco condition, as the parser builds it.
//
// The tree is untyped: field names are not resolved and values are raw
// strings. Macro references stay as kMacro nodes until the rules loader
// substitutes them; the compiler rejects any that remain. Nodes own their
// children; a tree is a plain value with no sharing.
#ifndef FALCONET_CONDITION_AST_H_
#define FALCONET_CONDITION_AST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace falconet::condition {

// A place in the condition text. offset is 0-based; line and column are
// 1-based; CR and LF each start a new line (so CRLF counts twice).
struct Position {
  uint32_t offset = 0;
  uint32_t line = 1;
  uint32_t column = 1;
};

// A field, a transformer applied to arguments, or a literal argument of a
// transformer: `ct.user`, `json.value[/a]`, `tolower(ct.user)`,
// `concat(ct.user, "-", ct.region)`, `join(",", ec2.imageids)`.
struct ValueExpr {
  enum class Kind : uint8_t {
    kField,        // name (+ arg when has_arg)
    kTransformer,  // name is the transformer; args are its operands
    kLiteral,      // a quoted string or number inside a transformer call
    kList,         // `(a, b)` inside a transformer call; args are its items:
                   // literals, fields or transformers, as libs allows
  };
  Kind kind = Kind::kField;
  std::string name;  // field name, transformer name, or literal text
  bool has_arg = false;
  std::string arg;  // field argument, without brackets, unescaped if quoted
  std::vector<ValueExpr> args;
  Position pos;
};

// `lhs op rhs`. Which rhs member is meaningful depends on rhs_kind.
struct Check {
  enum class RhsKind : uint8_t {
    kNone,   // `exists`
    kValue,  // one string or number: values[0]
    kList,   // `(a, b, c)` or a bare identifier after a list operator
    kField,  // `val(f)` (rhs_is_val) or a transformer expression
  };
  ValueExpr lhs;
  std::string op;        // "exists", "=", "==", "!=", "<", "contains", ...
  std::string modifier;  // "", "oneof", "anyof" or "allof"
  RhsKind rhs_kind = RhsKind::kNone;
  std::vector<std::string> values;  // unescaped
  ValueExpr rhs;
  bool rhs_is_val = false;
  Position op_pos;   // where the operator starts
  Position rhs_pos;  // where the right-hand side starts
};

struct Node {
  enum class Kind : uint8_t { kAnd, kOr, kNot, kCheck, kMacro };
  Kind kind = Kind::kCheck;
  std::vector<std::unique_ptr<Node>> children;  // kAnd/kOr: 2+; kNot: 1
  Check check;                                  // kCheck
  std::string macro;                            // kMacro: the identifier
  Position pos;                                 // where the node starts
};

// Deep copy, for macro substitution.
std::unique_ptr<Node> Clone(const Node& node);

// Renders a tree back to condition text with full parentheses; used in
// tests and by `falconet grep --disasm`.
std::string ToString(const Node& node);
std::string ToString(const ValueExpr& expr);

}  // namespace falconet::condition

#endif  // FALCONET_CONDITION_AST_H_
