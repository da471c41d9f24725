// Deep copies and the text form of condition trees.
//
// ToString() writes every and/or/not group inside parentheses and quotes any
// value that would not read back as the same bare string, so that parsing
// its output gives an equal tree.
#include "condition/ast.h"

#include <string_view>

namespace falconet::condition {
namespace {

bool IsPosixSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
         c == '\r';
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Whether `text` reads back as one bare string on the right of an operator.
// Control bytes are allowed by the grammar but are quoted here so that the
// text stays printable.
bool IsSafeBareValue(std::string_view text) {
  if (text.empty()) return false;
  if (text == "oneof" || text == "anyof" || text == "allof") return false;
  for (char c : text) {
    if (IsPosixSpace(c) || static_cast<unsigned char>(c) < 0x20) return false;
    if (c == '(' || c == ')' || c == '"' || c == '\'' || c == '=' || c == ',') {
      return false;
    }
  }
  return true;
}

// Whether `text` reads back as a bare field argument between brackets.
bool IsSafeBareArg(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (IsPosixSpace(c) || static_cast<unsigned char>(c) < 0x20) return false;
    if (c == '[' || c == ']' || c == '"' || c == '\'') return false;
  }
  return true;
}

// A decimal number as the grammar lexes it: `[+-]?digits[.digits]...`.
bool LooksLikeNumber(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  size_t digits = i;
  while (i < text.size() && IsDigit(text[i])) ++i;
  if (i == digits) return false;
  if (i < text.size() && text[i] == '.') ++i;
  while (i < text.size() && IsDigit(text[i])) ++i;
  return i == text.size();
}

// A double-quoted string with the escapes the parser understands.
std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  out += '"';
  return out;
}

std::string ValueText(std::string_view value) {
  return IsSafeBareValue(value) ? std::string(value) : Quote(value);
}

std::string ListText(const std::vector<std::string>& values) {
  std::string out = "(";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ", ";
    out += ValueText(values[i]);
  }
  return out + ")";
}

std::string ArgText(const ValueExpr& expr) {
  if (!expr.has_arg) return "";
  std::string arg = IsSafeBareArg(expr.arg) ? expr.arg : Quote(expr.arg);
  return "[" + arg + "]";
}

std::string CheckText(const Check& check) {
  std::string out = ToString(check.lhs) + " " + check.op;
  if (!check.modifier.empty()) out += " " + check.modifier;
  switch (check.rhs_kind) {
    case Check::RhsKind::kNone:
      break;
    case Check::RhsKind::kValue: {
      // Numeric operators take numbers, which quotes would turn into
      // something the grammar rejects there.
      const std::string& value = check.values.empty() ? "" : check.values[0];
      bool numeric = check.op == "<" || check.op == "<=" || check.op == ">" ||
                     check.op == ">=";
      out += " " + (numeric ? value : ValueText(value));
      break;
    }
    case Check::RhsKind::kList:
      out += " " + ListText(check.values);
      break;
    case Check::RhsKind::kField:
      out += check.rhs_is_val ? " val(" + ToString(check.rhs) + ")"
                              : " " + ToString(check.rhs);
      break;
  }
  return out;
}

std::string JoinChildren(const Node& node, std::string_view separator) {
  std::string out = "(";
  for (size_t i = 0; i < node.children.size(); ++i) {
    if (i > 0) out += separator;
    out += ToString(*node.children[i]);
  }
  return out + ")";
}

}  // namespace

std::unique_ptr<Node> Clone(const Node& node) {
  auto copy = std::make_unique<Node>();
  copy->kind = node.kind;
  copy->check = node.check;
  copy->macro = node.macro;
  copy->pos = node.pos;
  copy->children.reserve(node.children.size());
  for (const auto& child : node.children) {
    copy->children.push_back(Clone(*child));
  }
  return copy;
}

std::string ToString(const Node& node) {
  switch (node.kind) {
    case Node::Kind::kAnd:
      return JoinChildren(node, " and ");
    case Node::Kind::kOr:
      return JoinChildren(node, " or ");
    case Node::Kind::kNot:
      return node.children.empty()
                 ? "(not)"
                 : "(not " + ToString(*node.children[0]) + ")";
    case Node::Kind::kCheck:
      return CheckText(node.check);
    case Node::Kind::kMacro:
      return node.macro;
  }
  return "";
}

std::string ToString(const ValueExpr& expr) {
  switch (expr.kind) {
    case ValueExpr::Kind::kField:
      return expr.name + ArgText(expr);
    case ValueExpr::Kind::kTransformer: {
      std::string out = expr.name + "(";
      for (size_t i = 0; i < expr.args.size(); ++i) {
        if (i > 0) out += ", ";
        out += ToString(expr.args[i]);
      }
      return out + ")" + ArgText(expr);
    }
    case ValueExpr::Kind::kLiteral:
      return LooksLikeNumber(expr.name) ? expr.name : Quote(expr.name);
    case ValueExpr::Kind::kList: {
      std::string out = "(";
      for (size_t i = 0; i < expr.args.size(); ++i) {
        if (i > 0) out += ", ";
        out += ToString(expr.args[i]);
      }
      return out + ")";
    }
  }
  return "";
}

}  // namespace falconet::condition
