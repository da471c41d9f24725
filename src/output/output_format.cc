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

// libs' escape_str: quoted, with C escapes, when the text holds a blank,
// a quote or a backslash; as is otherwise.
std::string EscapeArg(std::string_view arg) {
  std::string out;
  bool quote = false;
  for (char c : arg) {
    switch (c) {
      case '\b':
        out += "\\b";
        quote = true;
        break;
      case '\f':
        out += "\\f";
        quote = true;
        break;
      case '\n':
        out += "\\n";
        quote = true;
        break;
      case '\r':
        out += "\\r";
        quote = true;
        break;
      case '\t':
        out += "\\t";
        quote = true;
        break;
      case '\\':
        out += "\\\\";
        quote = true;
        break;
      case '"':
        out += "\\\"";
        quote = true;
        break;
      case ' ':
      case '\'':
        out += c;
        quote = true;
        break;
      default:
        out += c;
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

std::optional<Match> LongestField(std::string_view rest, ProgramSet& set) {
  for (size_t len = rest.size(); len > 0; --len) {
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
