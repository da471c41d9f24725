#include "output/output_format.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "compiler/compiler.h"
#include "condition/parser.h"

namespace falconet {
namespace {

using condition::ValueExpr;

// Falco shrinks a token one byte at a time and reports the error of its
// last attempt, a single byte. One byte is never a field (field names hold
// a dot) nor a transformer call, and libs' parser rejects it with this text
// (the quote is never closed there either).
constexpr std::string_view kUnknownFilter =
    "unknown filter: unexpected token after '";

// Falco reads the width with sscanf("%d") and pads with std::string::resize.
// Widths beyond this are clamped rather than allocating gigabytes.
// TODO(#3): Falco has no such limit; a width past INT_MAX wraps there.
constexpr uint64_t kMaxWidth = 1u << 20;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// What libs' escape_str writes for `c` when it must quote the text, or
// nullptr for a character that needs no quoting.
const char* EscapeOf(char c) {
  switch (c) {
    case '\b':
      return "\\b";
    case '\f':
      return "\\f";
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    case '\\':
      return "\\\\";
    case '"':
      return "\\\"";
    case ' ':
      return " ";
    case '\'':
      return "'";
    default:
      return nullptr;
  }
}

// libs' escape_str: quoted, with C escapes, when the text holds a blank,
// a quote or a backslash; as is otherwise.
std::string EscapeArg(std::string_view arg) {
  std::string out;
  bool quote = false;
  for (char c : arg) {
    const char* escaped = EscapeOf(c);
    if (escaped == nullptr) {
      out += c;
    } else {
      out += escaped;
      quote = true;
    }
  }
  return quote ? "\"" + out + "\"" : out;
}

// The output_fields key of a field: libs' as_string() of the field node.
std::string FieldKey(const ValueExpr& field) {
  if (field.arg.empty()) return field.name;
  return field.name + "[" + EscapeArg(field.arg) + "]";
}

// Every plain field of a token, transformer arguments included, as libs'
// formatter_visitor registers them for output_fields.
absl::Status CollectFields(const ValueExpr& expr, ProgramSet& set,
                           std::vector<OutputFormat::JsonField>& out) {
  if (expr.kind == ValueExpr::Kind::kField) {
    absl::StatusOr<uint32_t> operand = CompileOperand(expr, set, false);
    if (!operand.ok()) return operand.status();
    out.push_back({FieldKey(expr), *operand});
    return absl::OkStatus();
  }
  for (const ValueExpr& arg : expr.args) {
    absl::Status status = CollectFields(arg, set, out);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

// The longest prefix of `rest` that parses as one field or transformer
// expression and compiles, as Falco searches it.
struct Match {
  size_t length = 0;
  ValueExpr expr;
  uint32_t operand = 0;
};

// An upper bound on the length of an expression at the start of `rest`:
// outside a transformer's parentheses and quoted strings, no expression
// holds a blank. Quotes end the analysis (escapes are the parser's
// business). Saves parsing every longer prefix of a long format.
size_t LengthLimit(std::string_view rest) {
  int depth = 0;
  for (size_t i = 0; i < rest.size(); ++i) {
    switch (rest[i]) {
      case '"':
      case '\'':
        return rest.size();
      case '(':
        ++depth;
        break;
      case ')':
        if (depth > 0) --depth;
        break;
      case ' ':
      case '\t':
      case '\n':
      case '\r':
      case '\f':
      case '\v':
        if (depth == 0) return i;
        break;
      default:
        break;
    }
  }
  return rest.size();
}

// Fields end with a name character or an argument's ']', transformers
// with ')' (or an argument's ']').
bool CanEndExpression(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) ||
         c == '_' || c == ']' || c == ')';
}

std::optional<Match> LongestField(std::string_view rest, ProgramSet& set) {
  for (size_t len = LengthLimit(rest); len > 0; --len) {
    if (!CanEndExpression(rest[len - 1])) continue;
    condition::ValueExprResult parsed =
        condition::ParseValueExpr(rest.substr(0, len));
    if (!parsed.expr) continue;
    absl::StatusOr<uint32_t> operand = CompileOperand(*parsed.expr, set, false);
    if (!operand.ok()) continue;
    return Match{len, *std::move(parsed.expr), *operand};
  }
  return std::nullopt;
}

// Reads the digits of a width at format[pos...]; returns the first index
// after them.
size_t ReadWidth(std::string_view format, size_t pos, uint32_t& width) {
  uint64_t value = 0;
  while (pos < format.size() && IsDigit(format[pos])) {
    value = std::min<uint64_t>(value * 10 + (format[pos] - '0'), kMaxWidth);
    ++pos;
  }
  width = static_cast<uint32_t>(value);
  return pos;
}

}  // namespace

void OutputFormat::AddLiteral(std::string_view text) {
  if (text.empty()) return;
  Token token;
  token.text = std::string(text);
  token.in_output_fields = false;
  tokens_.push_back(std::move(token));
}

absl::StatusOr<OutputFormat> OutputFormat::Compile(std::string_view format,
                                                   ProgramSet& set) {
  if (format.empty()) {
    return absl::InvalidArgumentError("empty formatting token");
  }
  if (format[0] == '*') format.remove_prefix(1);

  OutputFormat out;
  size_t literal_start = 0;
  size_t pos = 0;
  while (pos < format.size()) {
    if (format[pos] != '%') {
      ++pos;
      continue;
    }
    out.AddLiteral(format.substr(literal_start, pos - literal_start));
    if (pos + 1 == format.size()) {
      return absl::InvalidArgumentError(
          "invalid formatting syntax: formatting cannot end with a %");
    }

    Token token;
    token.is_field = true;
    size_t start = ReadWidth(format, pos + 1, token.width);
    if (start == format.size()) {
      return absl::InvalidArgumentError(
          "invalid formatting syntax: formatting cannot end with a number");
    }

    std::optional<Match> match = LongestField(format.substr(start), set);
    if (!match) return absl::InvalidArgumentError(std::string(kUnknownFilter));
    absl::Status fields = CollectFields(match->expr, set, out.json_fields_);
    if (!fields.ok()) return fields;

    token.text = std::string(format.substr(start, match->length));
    token.operand = match->operand;
    token.in_output_fields = match->expr.kind == ValueExpr::Kind::kField;
    out.tokens_.push_back(std::move(token));
    pos = start + match->length;
    literal_start = pos;
  }
  out.AddLiteral(format.substr(literal_start));
  return out;
}

std::string OutputFormat::Render(const ProgramSet& set, OperandCache& cache,
                                 const EventView& event) const {
  std::string out;
  for (const Token& token : tokens_) {
    if (!token.is_field) {
      out += token.text;
      continue;
    }
    size_t start = out.size();
    AppendRendered(set, token.operand, cache.Get(set, token.operand, event),
                   out);
    if (token.width != 0) out.resize(start + token.width, ' ');
  }
  return out;
}

nlohmann::json OutputFormat::Fields(const ProgramSet& set, OperandCache& cache,
                                    const EventView& event) const {
  nlohmann::json fields = nlohmann::json::object();
  for (const JsonField& field : json_fields_) {
    const Operand& op = set.operands[field.operand];
    fields[field.key] =
        JsonOfValues(op.type, op.is_list, cache.Get(set, field.operand, event));
  }
  return fields;
}

}  // namespace falconet
