// The Falco condition grammar as PEGTL rules, with actions that build the
// tree of condition/ast.h.
//
// Falco's libs parse conditions with a hand-written recursive descent
// (userspace/libsinsp/filter/parser.cpp), and its error messages and error
// positions depend on exactly how far that parser has read when it gives up:
// it skips blanks before it looks at a token, never backs up over a token it
// has matched, and reports the cursor where it stopped. The rules below follow
// its steps one for one. Alternatives only ever fail on their first token;
// once a token has matched, a failure raises Falco's message at the current
// position. The one place libs recovers from an error (the first item of a
// list) is the custom rule ListHead.
#include "condition/parser.h"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <tao/pegtl.hpp>

namespace falconet::condition {
namespace {

namespace pegtl = tao::pegtl;

// ---------------------------------------------------------------------------
// Parse state

// A parse failure. `offset` is the parser's cursor; `recoverable` marks the
// errors that libs' list parser swallows on a list's first item.
struct SyntaxError {
  std::string message;
  size_t offset = 0;
  bool recoverable = false;
};

// Turns byte offsets into positions. Offsets mostly grow during a parse, so
// it walks on from the last answer instead of from the start.
class PositionMap {
 public:
  explicit PositionMap(std::string_view text) : text_(text) {}

  Position At(size_t offset) {
    if (offset < last_.offset) last_ = Position{};
    while (last_.offset < offset && last_.offset < text_.size()) {
      char c = text_[last_.offset++];
      if (c == '\r' || c == '\n') {
        ++last_.line;
        last_.column = 1;
      } else {
        ++last_.column;
      }
    }
    return last_;
  }

 private:
  std::string_view text_;
  Position last_;
};

// An and/or/not group whose children are being parsed: its children are
// nodes[first_node...], and `nots` counts the `not` keywords before it.
struct Group {
  size_t first_node = 0;
  size_t offset = 0;
  int nots = 0;
};

struct ParseState {
  ParseState(std::string_view input, uint32_t limit)
      : text(input), max_depth(limit), positions(input) {}

  size_t OffsetOf(const char* p) const {
    return static_cast<size_t>(p - text.data());
  }

  std::string_view text;
  uint32_t max_depth;
  uint32_t depth = 0;

  // libs' m_last_token, which "unexpected token after '...'" quotes.
  std::string last_token;
  // The unescaped text of the last quoted string.
  std::string quoted;

  std::vector<std::unique_ptr<Node>> nodes;
  std::vector<Group> groups;
  std::vector<ValueExpr> exprs;  // value expressions under construction
  Check check;                   // the check under construction
  size_t check_offset = 0;
  PositionMap positions;
};

// ---------------------------------------------------------------------------
// Error messages

constexpr const char* kTransformerNames =
    "'val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', "
    "'concat', 'getopt'";

constexpr const char* kOperatorNames =
    "'exists', '<=', '<', '>=', '>', '==', '=', '!=', 'glob', 'iglob', "
    "'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', "
    "'endswith', 'regex', 'intersects', 'in', 'pmatch'";

constexpr const char* kNulMessage =
    "filter value cannot contain a NUL byte (\\x00)";

// Each error is a type, raised with pegtl::raise<>; Control::raise throws it.
template <bool kCanRecover = false>
struct Error {
  static constexpr bool kRecoverable = kCanRecover;
};

struct ExpectEnd : Error<> {
  static std::string Message(const ParseState& st) {
    return "unexpected token after '" + st.last_token +
           "', expecting 'or', 'and'";
  }
};
struct ExpectBlankAfterOr : Error<> {
  static std::string Message(const ParseState&) {
    return "expected blank or '(' after 'or'";
  }
};
struct ExpectBlankAfterAnd : Error<> {
  static std::string Message(const ParseState&) {
    return "expected blank or '(' after 'and'";
  }
};
struct ExpectCloseParen : Error<> {
  static std::string Message(const ParseState&) {
    return "expected a ')' token";
  }
};
struct ExpectCheck : Error<> {
  static std::string Message(const ParseState&) {
    return "expected a '(' token, a field check, or an identifier";
  }
};
struct ExpectOperator : Error<> {
  static std::string Message(const ParseState&) {
    return std::string("expected a valid check operator: one of ") +
           kOperatorNames;
  }
};
struct ExpectNumber : Error<> {
  static std::string Message(const ParseState&) {
    return std::string(
               "expected a number value or a field with a valid "
               "transformer: ") +
           kTransformerNames;
  }
};
struct ExpectString : Error<> {
  static std::string Message(const ParseState&) {
    return std::string(
               "expected a string value or a field with a valid "
               "transformer: ") +
           kTransformerNames;
  }
};
struct ExpectListItem : Error<true> {
  static std::string Message(const ParseState&) {
    return "expected a string value";
  }
};
struct ExpectList : Error<> {
  static std::string Message(const ParseState&) {
    return std::string(
               "expected a list, an identifier, or a field with a valid "
               "transformer: ") +
           kTransformerNames;
  }
};
struct ExpectFieldArg : Error<> {
  static std::string Message(const ParseState&) {
    return "expected a valid field argument: a quoted string or a bare "
           "string";
  }
};
struct ExpectCloseBracket : Error<> {
  static std::string Message(const ParseState&) {
    return "expected a ']' token";
  }
};
struct ExpectValField : Error<> {
  static std::string Message(const ParseState&) {
    return "expected a field within 'val' transformer";
  }
};
struct ExpectTransformerClose : Error<> {
  static std::string Message(const ParseState&) {
    return "expected a ')' token closing the transformer";
  }
};
struct ExpectTransformerArg : Error<> {
  static std::string Message(const ParseState&) {
    return "expected field transformer argument: field, transformer, quoted "
           "string, number, or transformer list";
  }
};
struct ExpectTransformerListArg : Error<> {
  static std::string Message(const ParseState&) {
    return "expected transformer list argument: field, transformer, quoted "
           "string, or number";
  }
};
struct ExpectTransformerListClose : Error<> {
  static std::string Message(const ParseState&) { return "expected ')'"; }
};
// ParseValueExpr() only; libs has no message of its own for these.
struct ExpectValueExpr : Error<> {
  static std::string Message(const ParseState&) {
    return "expected a field or a field transformer";
  }
};
struct ExpectValueExprEnd : Error<> {
  static std::string Message(const ParseState& st) {
    return "unexpected token after '" + st.last_token + "'";
  }
};

// ---------------------------------------------------------------------------
// Quoted strings (libs' lex_quoted_str() and unescape_str())

// The string ends at the next delimiter that does not follow a backslash, so
// "a\\" never ends. libs scans a C string, so a NUL byte ends the input.
std::optional<size_t> ClosingQuote(std::string_view rest) {
  char delimiter = rest[0];
  char prev = delimiter;
  for (size_t i = 1; i < rest.size() && rest[i] != '\0'; ++i) {
    if (rest[i] == delimiter && prev != '\\') return i;
    prev = rest[i];
  }
  return std::nullopt;
}

// Decodes the escapes of Falco 0.44.1 in `raw` (quotes included). Returns an
// error message, or nullopt on success. `\xHH` is not supported there.
std::optional<std::string> Unescape(std::string_view raw, std::string& out) {
  char delimiter = raw.front();
  std::string_view content = raw.substr(1, raw.size() - 2);
  out.clear();
  bool escaped = false;
  for (char c : content) {
    if (!escaped) {
      if (c == '\\') {
        escaped = true;
      } else {
        out += c;
      }
      continue;
    }
    escaped = false;
    switch (c) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case ' ':  // legacy: `\ ` reads as a lone backslash
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case '"':
        if (delimiter != '"') return "invalid \\\" escape in '-quoted string";
        out += '"';
        break;
      case '\'':
        if (delimiter != '\'') return "invalid \\' escape in \"-quoted string";
        out += '\'';
        break;
      default:
        return "unsupported string escape sequence: \\" + std::string(1, c);
    }
  }
  return std::nullopt;
}

// A quoted string; leaves its unescaped text in ParseState::quoted. A bad
// escape is raised with the cursor after the closing quote, as libs does.
struct QuotedString {
  using rule_t = QuotedString;
  using subs_t = pegtl::type_list<>;

  template <pegtl::apply_mode, pegtl::rewind_mode, template <typename...> class,
            template <typename...> class, typename Input>
  static bool match(Input& in, ParseState& st) {
    if (in.empty() || (in.peek_char() != '"' && in.peek_char() != '\'')) {
      return false;
    }
    std::string_view rest(in.current(), in.size());
    std::optional<size_t> close = ClosingQuote(rest);
    if (!close) return false;

    std::string_view raw = rest.substr(0, *close + 1);
    in.bump(raw.size());
    if (auto error = Unescape(raw, st.quoted)) {
      throw SyntaxError{*std::move(error), st.OffsetOf(in.current()), true};
    }
    st.last_token = st.quoted;
    return true;
  }
};

// ---------------------------------------------------------------------------
// Lexical rules (libs' lex_* helpers)

using pegtl::at;
using pegtl::not_at;
using pegtl::not_one;
using pegtl::one;
using pegtl::opt;
using pegtl::plus;
using pegtl::raise;
using pegtl::seq;
using pegtl::sor;
using pegtl::star;

// The blanks skipped between tokens: \b is one, \v and \f are not.
struct Blank : one<' ', '\t', '\b', '\r', '\n'> {};
struct Blanks : star<Blank> {};
// POSIX [[:space:]], which the `not` keyword and bare strings use.
struct Space : one<' ', '\t', '\n', '\v', '\f', '\r'> {};

struct IdentifierChar : pegtl::ranges<'a', 'z', 'A', 'Z', '0', '9', '_'> {};
struct Identifier : seq<pegtl::alpha, star<IdentifierChar>> {};
struct FieldNameChars : seq<Identifier, plus<one<'.'>, Identifier>> {};

struct HexNumber : seq<one<'0'>, one<'x', 'X'>, plus<pegtl::xdigit>> {};
struct DecimalNumber
    : seq<opt<one<'+', '-'>>, plus<pegtl::digit>, opt<one<'.'>>,
          star<pegtl::digit>,
          opt<one<'e', 'E'>, one<'+', '-'>, plus<pegtl::digit>>> {};
struct Number : sor<HexNumber, DecimalNumber> {};

struct BareString : plus<not_one<'(', ')', '"', '\'', ' ', '\t', '\n', '\v',
                                 '\f', '\r', '=', ','>> {};
struct BareArg
    : plus<not_one<'[', ']', '"', '\'', ' ', '\t', '\n', '\v', '\f', '\r'>> {};

struct LParen : one<'('> {};
struct RParen : one<')'> {};
struct Comma : one<','> {};
struct LBracket : one<'['> {};
struct RBracket : one<']'> {};

struct KwAnd : TAO_PEGTL_STRING("and") {};
struct KwOr : TAO_PEGTL_STRING("or") {};
struct KwNot : seq<TAO_PEGTL_STRING("not"), plus<Space>> {};
struct KwNotParen : TAO_PEGTL_STRING("not(") {};

// Operators are matched by prefix, in libs' order.
struct OpExists : TAO_PEGTL_STRING("exists") {};
struct NumOp
    : sor<TAO_PEGTL_STRING("<="), one<'<'>, TAO_PEGTL_STRING(">="), one<'>'>> {
};
struct SymbolStrOp
    : sor<TAO_PEGTL_STRING("=="), one<'='>, TAO_PEGTL_STRING("!=")> {};
// These need a blank after them (see Condition).
struct WordStrOp
    : sor<TAO_PEGTL_STRING("glob"), TAO_PEGTL_STRING("iglob"),
          TAO_PEGTL_STRING("contains"), TAO_PEGTL_STRING("icontains"),
          TAO_PEGTL_STRING("bcontains"), TAO_PEGTL_STRING("startswith"),
          TAO_PEGTL_STRING("bstartswith"), TAO_PEGTL_STRING("endswith"),
          TAO_PEGTL_STRING("regex")> {};
struct ListOp : sor<TAO_PEGTL_STRING("intersects"), TAO_PEGTL_STRING("in"),
                    TAO_PEGTL_STRING("pmatch")> {};
struct ModifierWord : sor<TAO_PEGTL_STRING("oneof"), TAO_PEGTL_STRING("anyof"),
                          TAO_PEGTL_STRING("allof")> {};
struct Keyword : seq<sor<TAO_PEGTL_STRING("and"), TAO_PEGTL_STRING("or"),
                         TAO_PEGTL_STRING("not")>,
                     not_at<IdentifierChar>> {};

struct TransformerHead
    : sor<TAO_PEGTL_STRING("tolower("), TAO_PEGTL_STRING("toupper("),
          TAO_PEGTL_STRING("b64("), TAO_PEGTL_STRING("basename("),
          TAO_PEGTL_STRING("len("), TAO_PEGTL_STRING("join("),
          TAO_PEGTL_STRING("concat("), TAO_PEGTL_STRING("getopt(")> {};
struct ValHead : TAO_PEGTL_STRING("val(") {};

// ---------------------------------------------------------------------------
// Grammar. Rules that derive from Guarded stand for the libs functions that
// count towards the depth limit. (In libs 0.25 each guard is a temporary that
// dies at once, so Falco never reports the limit and very deep nesting
// overflows its stack instead; we keep the count libs meant, which no real
// rule comes near, so that we fail cleanly.)

struct Guarded {};
template <typename Rule>
inline constexpr bool kGuarded = std::is_base_of_v<Guarded, Rule>;

struct OrExpr;
struct TransformerCall;

// Field arguments: `[quoted]` or `[bare]`, no blanks inside the brackets.
struct ArgQuoted : QuotedString {};
struct ArgBare : BareArg {};
struct FieldArg : seq<LBracket, sor<ArgQuoted, ArgBare, raise<ExpectFieldArg>>,
                      sor<RBracket, raise<ExpectCloseBracket>>> {};
struct FieldName : FieldNameChars {};
// libs counts the depth only once the name has matched.
struct FieldRemainder : opt<FieldArg>, Guarded {};
struct Field : seq<FieldName, FieldRemainder> {};

// Transformer arguments: numbers, quoted strings, `( ... )` lists, fields
// and nested transformers.
struct LiteralNumber : Number {};
struct LiteralString : QuotedString {};
struct TransformerListOpen : one<'('> {};
struct TransformerListItem
    : sor<Field, TransformerCall, LiteralString, LiteralNumber,
          raise<ExpectTransformerListArg>> {};
struct TransformerListRest
    : seq<Blanks,
          sor<RParen, seq<TransformerListItem, Blanks,
                          star<Comma, Blanks, TransformerListItem, Blanks>,
                          sor<RParen, raise<ExpectTransformerListClose>>>>> {};
struct TransformerArg
    : seq<Blanks, sor<LiteralNumber, LiteralString,
                      seq<TransformerListOpen, TransformerListRest>,
                      TransformerCall, Field, raise<ExpectTransformerArg>>>,
      Guarded {};
// What follows `name(`. A trailing `[arg]` serves getopt(...)[c].
struct TransformerRest
    : seq<Blanks, TransformerArg, Blanks, star<Comma, TransformerArg, Blanks>,
          Blanks, sor<RParen, raise<ExpectTransformerClose>>, opt<FieldArg>>,
      Guarded {};
struct TransformerCall : seq<TransformerHead, Blanks, TransformerRest> {};

// `val(field)` or a transformer, on the right of an operator.
struct ValCall : seq<ValHead, Blanks, sor<Field, raise<ExpectValField>>, Blanks,
                     sor<RParen, raise<ExpectTransformerClose>>> {};
struct TransformerOrVal : seq<Blanks, sor<ValCall, TransformerCall>>,
                          Guarded {};
struct RhsField : TransformerOrVal {};

// Lists after a list operator or a modifier. libs parses the first item
// inside a try block: see ListHead.
struct ListItemQuoted : QuotedString {};
struct ListItemBare : BareString {};
struct ListItem
    : seq<Blanks, sor<ListItemQuoted, ListItemBare, raise<ExpectListItem>>>,
      Guarded {};
struct ListTail : seq<Blanks, star<Comma, ListItem, Blanks>> {};

// The first item of a list, and the rest if it parsed. When the first item
// fails recoverably, libs takes the list as empty and looks for the ')'
// wherever the failure left its cursor: `in ("\q")` is an empty list.
struct ListHead {
  using rule_t = ListHead;
  using subs_t = pegtl::type_list<ListItem, ListTail>;

  template <pegtl::apply_mode A, pegtl::rewind_mode M,
            template <typename...> class Action,
            template <typename...> class Control, typename Input>
  static bool match(Input& in, ParseState& st) {
    try {
      if (!Control<ListItem>::template match<A, M, Action, Control>(in, st)) {
        return true;
      }
    } catch (const SyntaxError& error) {
      if (!error.recoverable) throw;
      in.restart();
      in.bump(error.offset);
      return true;
    }
    return Control<ListTail>::template match<A, M, Action, Control>(in, st);
  }
};

struct ListOpen : one<'('> {};
struct ListRest : seq<Blanks, ListHead, sor<RParen, raise<ExpectCloseParen>>> {
};
struct ListName : Identifier {};

// `= oneof (a, b)`: a modifier word, blanks, then `(` or an identifier that
// is not a keyword. Otherwise `oneof` is a plain value. (Written from the
// spec, section 1.2: the libs 0.25 source of this step was not at hand.)
struct ModifiedList : seq<ModifierWord, plus<Blank>,
                          at<sor<one<'('>, seq<not_at<Keyword>, Identifier>>>,
                          sor<seq<ListOpen, ListRest>, ListName>> {};

struct NumValue : Number {};
struct StrQuoted : QuotedString {};
struct StrBare : BareString {};

struct NumRhs : seq<Blanks, sor<RhsField, NumValue, raise<ExpectNumber>>>,
                Guarded {};
struct StrRhs
    : seq<Blanks,
          sor<ModifiedList, RhsField, StrQuoted, StrBare, raise<ExpectString>>>,
      Guarded {};
struct ListRhs
    : seq<Blanks,
          sor<seq<ListOpen, ListRest>, RhsField, ListName, raise<ExpectList>>>,
      Guarded {};

// libs' parse_condition(). A word operator without a blank after it is not
// taken back: libs then tries the list operators right after the word, so
// `f.x containsin (a)` is `f.x in (a)`.
struct Condition
    : seq<Blanks,
          sor<OpExists,
              seq<Blanks, sor<seq<NumOp, NumRhs>, seq<SymbolStrOp, StrRhs>,
                              seq<WordStrOp, sor<seq<plus<Blank>, StrRhs>,
                                                 seq<ListOp, ListRhs>,
                                                 raise<ExpectOperator>>>,
                              seq<ListOp, ListRhs>, raise<ExpectOperator>>>>>,
      Guarded {};

struct LhsField : Field {};
struct LhsTransformer : TransformerCall {};
struct FieldCheck : seq<sor<LhsField, LhsTransformer>, Condition> {};
struct MacroName : Identifier {};
struct CheckBegin : pegtl::success {};
struct GroupRest
    : seq<Blanks, OrExpr, Blanks, sor<RParen, raise<ExpectCloseParen>>>,
      Guarded {};
struct CheckExpr : seq<CheckBegin, Blanks,
                       sor<seq<LParen, GroupRest>, FieldCheck, MacroName,
                           raise<ExpectCheck>>>,
                   Guarded {};

// `not` toggles: an even number of them leaves no node.
struct GroupBegin : pegtl::success {};
struct NotExpr : seq<GroupBegin, Blanks, star<KwNot>,
                     sor<seq<KwNotParen, GroupRest>, CheckExpr>>,
                 Guarded {};

struct AndOperand : sor<seq<plus<Blank>, NotExpr>, seq<LParen, GroupRest>,
                        raise<ExpectBlankAfterAnd>> {};
struct AndExpr
    : seq<GroupBegin, Blanks, NotExpr, Blanks, star<KwAnd, AndOperand, Blanks>>,
      Guarded {};

struct OrOperand : sor<seq<plus<Blank>, AndExpr>, seq<LParen, GroupRest>,
                       raise<ExpectBlankAfterOr>> {};
struct OrExpr
    : seq<GroupBegin, Blanks, AndExpr, Blanks, star<KwOr, OrOperand, Blanks>>,
      Guarded {};

struct ConditionText : seq<OrExpr, sor<pegtl::eof, raise<ExpectEnd>>> {};

// A format token: one field or transformer spanning the whole text.
struct ValueExprText : seq<sor<Field, TransformerCall, raise<ExpectValueExpr>>,
                           sor<pegtl::eof, raise<ExpectValueExprEnd>>> {};

// ---------------------------------------------------------------------------
// Control: depth limit and errors

template <typename Rule>
struct Control : pegtl::normal<Rule> {
  template <typename Input>
  static void start(const Input& in, ParseState& st) {
    if constexpr (kGuarded<Rule>) {
      if (++st.depth >= st.max_depth) {
        throw SyntaxError{
            "exceeded max depth limit of " + std::to_string(st.max_depth),
            st.OffsetOf(in.current()), false};
      }
    }
  }

  template <typename Input>
  static void success(const Input&, ParseState& st) {
    if constexpr (kGuarded<Rule>) --st.depth;
  }

  template <typename Input>
  static void failure(const Input&, ParseState& st) {
    if constexpr (kGuarded<Rule>) --st.depth;
  }

  template <typename Input>
  static void unwind(const Input&, ParseState& st) requires kGuarded<Rule> {
    --st.depth;
  }

  template <typename Input>
  [[noreturn]] static void raise(const Input& in, ParseState& st) {
    throw SyntaxError{Rule::Message(st), st.OffsetOf(in.current()),
                      Rule::kRecoverable};
  }
};

// ---------------------------------------------------------------------------
// Actions: remember tokens, build value expressions, checks and nodes

template <typename Rule>
struct Action : pegtl::nothing<Rule> {};

// Every token libs lexes becomes its "last token".
struct RememberToken {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.last_token = in.string();
  }
};

template <>
struct Action<LParen> : RememberToken {};
template <>
struct Action<RParen> : RememberToken {};
template <>
struct Action<Comma> : RememberToken {};
template <>
struct Action<LBracket> : RememberToken {};
template <>
struct Action<RBracket> : RememberToken {};
template <>
struct Action<KwAnd> : RememberToken {};
template <>
struct Action<KwOr> : RememberToken {};

Position PositionOf(const char* p, ParseState& st) {
  return st.positions.At(st.OffsetOf(p));
}

// Bare strings may hold any byte but NUL, which no C string can carry.
template <typename ActionInput>
void RejectNul(const ActionInput& in, ParseState& st) {
  if (in.string_view().find('\0') != std::string_view::npos) {
    throw SyntaxError{kNulMessage, st.OffsetOf(in.end()), false};
  }
}

ValueExpr PopExpr(ParseState& st) {
  ValueExpr expr = std::move(st.exprs.back());
  st.exprs.pop_back();
  return expr;
}

ValueExpr MakeExpr(ValueExpr::Kind kind, std::string name, Position pos) {
  ValueExpr expr;
  expr.kind = kind;
  expr.name = std::move(name);
  expr.pos = pos;
  return expr;
}

// -- Value expressions

template <>
struct Action<FieldName> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.last_token = in.string();
    st.exprs.push_back(MakeExpr(ValueExpr::Kind::kField, in.string(),
                                PositionOf(in.begin(), st)));
  }
};

template <>
struct Action<ArgQuoted> {
  template <typename ActionInput>
  static void apply(const ActionInput&, ParseState& st) {
    st.exprs.back().has_arg = true;
    st.exprs.back().arg = st.quoted;
  }
};

template <>
struct Action<ArgBare> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    RejectNul(in, st);
    st.last_token = in.string();
    st.exprs.back().has_arg = true;
    st.exprs.back().arg = in.string();
  }
};

template <>
struct Action<TransformerHead> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    std::string name = in.string();
    name.pop_back();  // the '('
    st.last_token = name;
    st.exprs.push_back(MakeExpr(ValueExpr::Kind::kTransformer, name,
                                PositionOf(in.begin(), st)));
  }
};

template <>
struct Action<ValHead> {
  template <typename ActionInput>
  static void apply(const ActionInput&, ParseState& st) {
    st.last_token = "val";
  }
};

template <>
struct Action<LiteralNumber> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.last_token = in.string();
    st.exprs.push_back(MakeExpr(ValueExpr::Kind::kLiteral, in.string(),
                                PositionOf(in.begin(), st)));
  }
};

template <>
struct Action<LiteralString> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.exprs.push_back(MakeExpr(ValueExpr::Kind::kLiteral, st.quoted,
                                PositionOf(in.begin(), st)));
  }
};

template <>
struct Action<TransformerListOpen> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.last_token = "(";
    st.exprs.push_back(
        MakeExpr(ValueExpr::Kind::kList, "", PositionOf(in.begin(), st)));
  }
};

// A finished argument moves into the transformer or list below it.
struct AppendToParent {
  template <typename ActionInput>
  static void apply(const ActionInput&, ParseState& st) {
    ValueExpr arg = PopExpr(st);
    st.exprs.back().args.push_back(std::move(arg));
  }
};
template <>
struct Action<TransformerArg> : AppendToParent {};
template <>
struct Action<TransformerListItem> : AppendToParent {};

// -- Checks

template <>
struct Action<CheckBegin> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.check = Check{};
    st.check_offset = st.OffsetOf(in.begin());
  }
};

struct TakeLhs {
  template <typename ActionInput>
  static void apply(const ActionInput&, ParseState& st) {
    st.check.lhs = PopExpr(st);
  }
};
template <>
struct Action<LhsField> : TakeLhs {};
template <>
struct Action<LhsTransformer> : TakeLhs {};

struct TakeOperator {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.last_token = in.string();
    st.check.op = in.string();
    st.check.op_pos = PositionOf(in.begin(), st);
  }
};
template <>
struct Action<OpExists> : TakeOperator {};
template <>
struct Action<NumOp> : TakeOperator {};
template <>
struct Action<SymbolStrOp> : TakeOperator {};
template <>
struct Action<WordStrOp> : TakeOperator {};
template <>
struct Action<ListOp> : TakeOperator {};

void SetValue(ParseState& st, std::string value, const char* begin) {
  st.check.rhs_kind = Check::RhsKind::kValue;
  st.check.values.assign(1, std::move(value));
  st.check.rhs_pos = PositionOf(begin, st);
}

template <>
struct Action<NumValue> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.last_token = in.string();
    SetValue(st, in.string(), in.begin());
  }
};

template <>
struct Action<StrQuoted> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    SetValue(st, st.quoted, in.begin());
  }
};

template <>
struct Action<StrBare> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    RejectNul(in, st);
    st.last_token = in.string();
    SetValue(st, in.string(), in.begin());
  }
};

template <>
struct Action<RhsField> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.check.rhs_kind = Check::RhsKind::kField;
    st.check.rhs = PopExpr(st);
    st.check.rhs_is_val = in.string_view().starts_with("val(");
    st.check.rhs_pos = PositionOf(in.begin(), st);
  }
};

template <>
struct Action<ListOpen> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.last_token = "(";
    st.check.rhs_kind = Check::RhsKind::kList;
    st.check.values.clear();
    st.check.rhs_pos = PositionOf(in.begin(), st);
  }
};

template <>
struct Action<ListItemQuoted> {
  template <typename ActionInput>
  static void apply(const ActionInput&, ParseState& st) {
    st.check.values.push_back(st.quoted);
  }
};

template <>
struct Action<ListItemBare> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    RejectNul(in, st);
    st.last_token = in.string();
    st.check.values.push_back(in.string());
  }
};

// `f.x in foo`: the identifier is a one-item list (lists were expanded
// textually before parsing).
template <>
struct Action<ListName> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.last_token = in.string();
    st.check.rhs_kind = Check::RhsKind::kList;
    st.check.values.assign(1, in.string());
    st.check.rhs_pos = PositionOf(in.begin(), st);
  }
};

template <>
struct Action<ModifiedList> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.check.modifier = in.string().substr(0, 5);  // oneof, anyof, allof
  }
};

template <>
struct Action<FieldCheck> {
  template <typename ActionInput>
  static void apply(const ActionInput&, ParseState& st) {
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::kCheck;
    node->check = std::move(st.check);
    node->pos = st.positions.At(st.check_offset);
    st.check = Check{};
    st.nodes.push_back(std::move(node));
  }
};

template <>
struct Action<MacroName> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.last_token = in.string();
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::kMacro;
    node->macro = in.string();
    node->pos = st.positions.At(st.check_offset);
    st.nodes.push_back(std::move(node));
  }
};

// -- and / or / not

template <>
struct Action<GroupBegin> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.groups.push_back(Group{st.nodes.size(), st.OffsetOf(in.begin()), 0});
  }
};

template <>
struct Action<KwNot> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, ParseState& st) {
    st.last_token = in.string();
    ++st.groups.back().nots;
  }
};

template <>
struct Action<NotExpr> {
  template <typename ActionInput>
  static void apply(const ActionInput&, ParseState& st) {
    Group group = st.groups.back();
    st.groups.pop_back();
    if (group.nots % 2 == 0) return;

    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::kNot;
    node->pos = st.positions.At(group.offset);
    node->children.push_back(std::move(st.nodes.back()));
    st.nodes.back() = std::move(node);
  }
};
template <>
struct Action<KwNotParen> {
  template <typename ActionInput>
  static void apply(const ActionInput&, ParseState& st) {
    st.last_token = "not(";
    ++st.groups.back().nots;
  }
};

// Folds the children of the innermost group into one n-ary node; a single
// child stands for itself.
void CloseGroup(ParseState& st, Node::Kind kind) {
  Group group = st.groups.back();
  st.groups.pop_back();
  if (st.nodes.size() - group.first_node < 2) return;

  auto node = std::make_unique<Node>();
  node->kind = kind;
  node->pos = st.positions.At(group.offset);
  auto first = st.nodes.begin() + static_cast<ptrdiff_t>(group.first_node);
  for (auto it = first; it != st.nodes.end(); ++it) {
    node->children.push_back(std::move(*it));
  }
  st.nodes.erase(first, st.nodes.end());
  st.nodes.push_back(std::move(node));
}

template <>
struct Action<AndExpr> {
  template <typename ActionInput>
  static void apply(const ActionInput&, ParseState& st) {
    CloseGroup(st, Node::Kind::kAnd);
  }
};

template <>
struct Action<OrExpr> {
  template <typename ActionInput>
  static void apply(const ActionInput&, ParseState& st) {
    CloseGroup(st, Node::Kind::kOr);
  }
};

// Runs `Rule` over the whole of `text`; returns the error, if any.
template <typename Rule>
std::optional<ParseError> Run(ParseState& st) {
  pegtl::memory_input<pegtl::tracking_mode::lazy> in(st.text.data(),
                                                     st.text.size(), "");
  try {
    if (pegtl::parse<Rule, Action, Control>(in, st)) return std::nullopt;
  } catch (const SyntaxError& error) {
    return ParseError{error.message, st.positions.At(error.offset)};
  }
  // Every rule above raises rather than fails; keep a message regardless.
  return ParseError{ExpectEnd::Message(st), st.positions.At(0)};
}

}  // namespace

ParseResult Parse(std::string_view text, uint32_t max_depth) {
  ParseResult result;
  if (text.empty()) {
    result.error = ParseError{"filter input string is empty", Position{}};
    return result;
  }

  ParseState st(text, max_depth);
  result.error = Run<ConditionText>(st);
  if (!result.error) result.root = std::move(st.nodes.back());
  return result;
}

ValueExprResult ParseValueExpr(std::string_view text) {
  ValueExprResult result;
  ParseState st(text, kDefaultMaxDepth);
  result.error = Run<ValueExprText>(st);
  if (!result.error) result.expr = PopExpr(st);
  return result;
}

}  // namespace falconet::condition
