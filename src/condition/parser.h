// The Falco condition grammar, parsed with PEGTL.
//
// Parse() accepts the language of Falco 0.44.1 (libs 0.25.4): and/or/not
// with Falco's precedence, every operator and modifier, lists, quoted and
// bare strings with Falco's escapes, field arguments, transformers, val() and
// macro references. Errors carry Falco's message texts and the position of
// the parser's cursor when it gave up. Pure functions: safe from any thread.
#ifndef FALCONET_CONDITION_PARSER_H_
#define FALCONET_CONDITION_PARSER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "condition/ast.h"

namespace falconet::condition {

struct ParseError {
  std::string message;  // e.g. "expected a ')' token"
  Position pos;
};

struct ParseResult {
  std::unique_ptr<Node> root;       // set on success
  std::optional<ParseError> error;  // set on failure
};

// Falco's rule loader sets the depth limit to 1000; libs default to 100.
inline constexpr uint32_t kDefaultMaxDepth = 1000;

// Parses a whole condition.
ParseResult Parse(std::string_view text, uint32_t max_depth = kDefaultMaxDepth);

// Parses `text` as one field or transformer expression that must span the
// whole text (`ct.user`, `json.value[/a]`, `tolower(ct.user)`). Used by the
// output formatter, which tries ever shorter prefixes of a token.
struct ValueExprResult {
  std::optional<ValueExpr> expr;
  std::optional<ParseError> error;
};
ValueExprResult ParseValueExpr(std::string_view text);

}  // namespace falconet::condition

#endif  // FALCONET_CONDITION_PARSER_H_
