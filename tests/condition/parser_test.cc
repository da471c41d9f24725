// Tests of the condition parser against Falco 0.44.1 (libs 0.25.4).
//
// Expected trees, messages and positions come from the spec
// (docs/falco-rules-language.md, sections 1 and 7), from the positions that
// libs' own parser tests assert, or were worked out by hand from libs'
// parser logic: where it skips blanks, and where its cursor stands when it
// raises. Columns and lines are 1-based; CR and LF each start a line.
#include "condition/parser.h"

#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

namespace falconet::condition {
namespace {

using namespace std::string_literals;

// The tree as fully parenthesised text, or "error: <message>".
std::string Tree(std::string_view text) {
  ParseResult result = Parse(text);
  if (result.error) return "error: " + result.error->message;
  return ToString(*result.root);
}

// The only check of a condition that is a single check.
Check OnlyCheck(std::string_view text) {
  ParseResult result = Parse(text);
  INFO(text);
  REQUIRE_FALSE(result.error);
  REQUIRE(result.root->kind == Node::Kind::kCheck);
  return result.root->check;
}

ParseError ErrorOf(std::string_view text, uint32_t max_depth = 1000) {
  ParseResult result = Parse(text, max_depth);
  INFO(text);
  REQUIRE(result.error);
  REQUIRE_FALSE(result.root);
  return *result.error;
}

// Checks the message and where Falco's cursor stood (offset, line, column).
void ExpectError(std::string_view text, const std::string& message,
                 uint32_t offset, uint32_t line, uint32_t column) {
  ParseError error = ErrorOf(text);
  INFO(text);
  CHECK(error.message == message);
  CHECK(error.pos.offset == offset);
  CHECK(error.pos.line == line);
  CHECK(error.pos.column == column);
}

const std::string kTransformers =
    "'val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', "
    "'concat', 'getopt'";
const std::string kExpectNumber =
    "expected a number value or a field with a valid transformer: " +
    kTransformers;
const std::string kExpectString =
    "expected a string value or a field with a valid transformer: " +
    kTransformers;
const std::string kExpectList =
    "expected a list, an identifier, or a field with a valid transformer: " +
    kTransformers;
const std::string kExpectOperator =
    "expected a valid check operator: one of 'exists', '<=', '<', '>=', '>', "
    "'==', '=', '!=', 'glob', 'iglob', 'contains', 'icontains', 'bcontains', "
    "'startswith', 'bstartswith', 'endswith', 'regex', 'intersects', 'in', "
    "'pmatch'";

// ---------------------------------------------------------------------------
// and / or / not

TEST_CASE("and binds tighter than or, not tighter than and") {
  CHECK(Tree("a or b and c") == "(a or (b and c))");
  CHECK(Tree("a and b or c") == "((a and b) or c)");
  CHECK(Tree("not a.x=1 and b") == "((not a.x = 1) and b)");
  CHECK(Tree("not a or b") == "((not a) or b)");
  CHECK(Tree("(a or b) and c") == "((a or b) and c)");
  CHECK(Tree("not (a or b)") == "(not (a or b))");
}

TEST_CASE("and and or are n-ary") {
  CHECK(Tree("a and b and c") == "(a and b and c)");
  CHECK(Tree("a or b or c and d or e") == "(a or b or (c and d) or e)");

  ParseResult result = Parse("a or b or c");
  REQUIRE(result.root->kind == Node::Kind::kOr);
  CHECK(result.root->children.size() == 3);

  // A parenthesised group stays a child of its own.
  CHECK(Tree("a and (b and c)") == "(a and (b and c))");
}

TEST_CASE("not toggles and leaves no node for an even count") {
  CHECK(Tree("not a") == "(not a)");
  CHECK(Tree("not not a") == "a");
  CHECK(Tree("not not not a") == "(not a)");
  CHECK(Tree("not(a)") == "(not a)");
  CHECK(Tree("not not(a)") == "a");
  // Each group counts its own keywords.
  CHECK(Tree("not(not(a))") == "(not (not a))");
  CHECK(Tree("not not not not not(not not(not not_macro))") ==
        "(not (not not_macro))");
  // Any POSIX space ends the keyword, \v and \f included.
  CHECK(Tree("not\va") == "(not a)");
  CHECK(Tree("not\fa") == "(not a)");
}

TEST_CASE("keywords need a blank or a parenthesis after them") {
  CHECK(Tree("a and(b)") == "(a and b)");
  CHECK(Tree("(a)and(b)and(c)") == "(a and b and c)");
  CHECK(Tree("(a)or(b)") == "(a or b)");
  CHECK(Tree("not(a)and(not(b))") == "((not a) and (not b))");
  CHECK(Tree("a\tand\nb\ror\bc") == "((a and b) or c)");

  // A keyword glued to a word is part of an identifier.
  CHECK(Tree("a and notb") == "(a and notb)");
  CHECK(Tree("a or notb") == "(a or notb)");
  CHECK(Tree("notz and a") == "(notz and a)");
  CHECK(Tree("macro and and_macro") == "(macro and and_macro)");
  CHECK(Tree("macro and or_macro") == "(macro and or_macro)");
  // `not` with nothing after it is a macro reference named "not".
  CHECK(Tree("a and not") == "(a and not)");

  ExpectError("a andb", "expected blank or '(' after 'and'", 5, 1, 6);
  ExpectError("a andor b", "expected blank or '(' after 'and'", 5, 1, 6);
  ExpectError("a orb", "expected blank or '(' after 'or'", 4, 1, 5);
  ExpectError("a and b or", "expected blank or '(' after 'or'", 10, 1, 11);
  ExpectError("a ornot b", "expected blank or '(' after 'or'", 4, 1, 5);
}

TEST_CASE("parenthesised groups") {
  CHECK(Tree("(a)") == "a");
  CHECK(Tree("((a))") == "a");
  CHECK(Tree(" ( a and b ) ") == "(a and b)");
  CHECK(Tree("((macro) and (not_macro))") == "(macro and not_macro)");
  ExpectError("(a.b = 1", "expected a ')' token", 8, 1, 9);
  ExpectError("not (a", "expected a ')' token", 6, 1, 7);
  ExpectError("a and (b or c", "expected a ')' token", 13, 1, 14);
}

// ---------------------------------------------------------------------------
// Operators

TEST_CASE("every operator") {
  struct Case {
    const char* text;
    const char* op;
    Check::RhsKind rhs;
  };
  const std::vector<Case> cases = {
      {"f.x exists", "exists", Check::RhsKind::kNone},
      {"f.x = v", "=", Check::RhsKind::kValue},
      {"f.x == v", "==", Check::RhsKind::kValue},
      {"f.x != v", "!=", Check::RhsKind::kValue},
      {"f.x < 1", "<", Check::RhsKind::kValue},
      {"f.x <= 1", "<=", Check::RhsKind::kValue},
      {"f.x > 1", ">", Check::RhsKind::kValue},
      {"f.x >= 1", ">=", Check::RhsKind::kValue},
      {"f.x contains v", "contains", Check::RhsKind::kValue},
      {"f.x icontains v", "icontains", Check::RhsKind::kValue},
      {"f.x bcontains 48545450", "bcontains", Check::RhsKind::kValue},
      {"f.x startswith v", "startswith", Check::RhsKind::kValue},
      {"f.x bstartswith 12ab", "bstartswith", Check::RhsKind::kValue},
      {"f.x endswith v", "endswith", Check::RhsKind::kValue},
      {"f.x glob v*", "glob", Check::RhsKind::kValue},
      {"f.x iglob V*", "iglob", Check::RhsKind::kValue},
      {"f.x regex 'a.*b'", "regex", Check::RhsKind::kValue},
      {"f.x in (a, b)", "in", Check::RhsKind::kList},
      {"f.x intersects (a, b)", "intersects", Check::RhsKind::kList},
      {"f.x pmatch (/a, /b)", "pmatch", Check::RhsKind::kList},
  };
  for (const Case& c : cases) {
    Check check = OnlyCheck(c.text);
    INFO(c.text);
    CHECK(check.op == c.op);
    CHECK(check.rhs_kind == c.rhs);
    CHECK(check.modifier.empty());
    CHECK(check.lhs.kind == ValueExpr::Kind::kField);
    CHECK(check.lhs.name == "f.x");
  }
}

TEST_CASE("symbol operators need no blanks") {
  CHECK(Tree("f.x=v") == "f.x = v");
  CHECK(Tree("f.x==v") == "f.x == v");
  CHECK(Tree("f.x!=v") == "f.x != v");
  CHECK(Tree("f.x<=1") == "f.x <= 1");
  CHECK(Tree("f.x>1") == "f.x > 1");
  CHECK(Tree("evt.dir=> and fd.name=*.log") ==
        "(evt.dir = > and fd.name = *.log)");
  ExpectError("f.x === v", kExpectString, 6, 1, 7);
  ExpectError("f.x !== v", kExpectString, 6, 1, 7);
}

TEST_CASE("word operators need a blank, in and exists do not") {
  // Spec 7.11: the cursor stays after the word, where libs then gives up.
  ExpectError("f.x containsvalue", kExpectOperator, 12, 1, 13);
  ExpectError("f.x startswithvalue", kExpectOperator, 14, 1, 15);
  ExpectError("f.x globvalue", kExpectOperator, 8, 1, 9);
  ExpectError("f.x regex", kExpectOperator, 9, 1, 10);

  CHECK(Tree("ct.name inx") == "ct.name in (x)");
  CHECK(Tree("f.x in()") == "f.x in ()");
  CHECK(Tree("f.x existsand m") == "(f.x exists and m)");
  CHECK(Tree("f.x contains\tv") == "f.x contains v");
  CHECK(Tree("f.x contains\nv") == "f.x contains v");

  // After a word without its blank, libs tries the list operators there.
  CHECK(Tree("f.x containsin (a)") == "f.x in (a)");
}

TEST_CASE("operators are case-sensitive and must be known") {
  ExpectError("f.x EXISTS", kExpectOperator, 4, 1, 5);
  ExpectError("a.a unknownop xxx", kExpectOperator, 4, 1, 5);
  // Operators match by prefix: this is `in validoperator`, then junk.
  ExpectError("a.a invalidoperator xxx",
              "unexpected token after 'validoperator', expecting 'or', 'and'",
              20, 1, 21);
  ExpectError("f.x", kExpectOperator, 3, 1, 4);
  ExpectError("f.x exists something",
              "unexpected token after 'exists', expecting 'or', 'and'", 11, 1,
              12);
}

TEST_CASE("numeric operators take numbers as the lexer reads them") {
  // Spec 7.8: hex and floats lex here; only the compiler narrows them.
  CHECK(OnlyCheck("f.x > 0x1F").values == std::vector<std::string>{"0x1F"});
  CHECK(OnlyCheck("f.x < -1.5").values == std::vector<std::string>{"-1.5"});
  CHECK(OnlyCheck("f.x >= +1").values == std::vector<std::string>{"+1"});
  CHECK(OnlyCheck("f.x > -0.12e+10").values ==
        std::vector<std::string>{"-0.12e+10"});
  CHECK(OnlyCheck("f.x <= 0XaB00").values ==
        std::vector<std::string>{"0XaB00"});

  ExpectError("f.x > abc", kExpectNumber, 6, 1, 7);
  ExpectError("f.x > 'a'", kExpectNumber, 6, 1, 7);
  ExpectError("f.x >", kExpectNumber, 5, 1, 6);
  ExpectError("f.x < 0xAAA.1",
              "unexpected token after '0xAAA', expecting 'or', 'and'", 11, 1,
              12);
  ExpectError("f.x > 1e5", "unexpected token after '1', expecting 'or', 'and'",
              7, 1, 8);
  ExpectError("macro > 12",
              "unexpected token after 'macro', expecting 'or', 'and'", 6, 1, 7);

  // On string operators numbers are just strings.
  CHECK(OnlyCheck("f.x = 0xAAA.1").values ==
        std::vector<std::string>{"0xAAA.1"});
}

// ---------------------------------------------------------------------------
// Modifiers

TEST_CASE("oneof, anyof and allof modifiers") {
  Check check = OnlyCheck("f.x = oneof (a, b)");
  CHECK(check.op == "=");
  CHECK(check.modifier == "oneof");
  CHECK(check.rhs_kind == Check::RhsKind::kList);
  CHECK(check.values == std::vector<std::string>{"a", "b"});

  CHECK(OnlyCheck("f.x startswith anyof (a)").modifier == "anyof");
  CHECK(OnlyCheck("f.x != allof ('a', \"b\")").modifier == "allof");
  CHECK(OnlyCheck("f.x glob anyof ()").values.empty());
  CHECK(Tree("f.x regex allof\n(a.*)") == "f.x regex allof (a.*)");

  // A list name after the modifier is a one-item list.
  Check named = OnlyCheck("f.x contains oneof names");
  CHECK(named.modifier == "oneof");
  CHECK(named.values == std::vector<std::string>{"names"});
}

TEST_CASE("a modifier word not followed by a list is a plain value") {
  Check check = OnlyCheck("x.y = oneof");
  CHECK(check.modifier.empty());
  CHECK(check.rhs_kind == Check::RhsKind::kValue);
  CHECK(check.values == std::vector<std::string>{"oneof"});

  CHECK(Tree("x.y = anyof and m") == "(x.y = \"anyof\" and m)");
  CHECK(Tree("x.y = allof or m") == "(x.y = \"allof\" or m)");
  // No blank before the list: the word is a bare string and `(` is left.
  ExpectError("x.y = oneof(a)",
              "unexpected token after 'oneof', expecting 'or', 'and'", 11, 1,
              12);
}

// ---------------------------------------------------------------------------
// Lists

TEST_CASE("list literals") {
  CHECK(OnlyCheck("f.x in (a, 'b c', \"d\")").values ==
        std::vector<std::string>{"a", "b c", "d"});
  CHECK(OnlyCheck("f.x in ()").values.empty());
  CHECK(OnlyCheck("f.x in ( )").values.empty());
  CHECK(OnlyCheck("f.x in (  a  ,b  )").values ==
        std::vector<std::string>{"a", "b"});
  CHECK(OnlyCheck("f.x in (0a!@#456:/\\.;!$%^&*[]{}|)").values ==
        std::vector<std::string>{"0a!@#456:/\\.;!$%^&*[]{}|"});
  // Fields in a list are only strings.
  CHECK(OnlyCheck("a.g in (1, 'a', b.c)").values ==
        std::vector<std::string>{"1", "a", "b.c"});
}

TEST_CASE("an identifier after a list operator is a one-item list") {
  Check check = OnlyCheck("f.x in some_list");
  CHECK(check.rhs_kind == Check::RhsKind::kList);
  CHECK(check.values == std::vector<std::string>{"some_list"});
  CHECK(OnlyCheck("f.x intersects names").values ==
        std::vector<std::string>{"names"});
  ExpectError("f.x in a-b", "unexpected token after 'a', expecting 'or', 'and'",
              8, 1, 9);
}

TEST_CASE("list errors") {
  ExpectError("f.x in (a,)", "expected a string value", 10, 1, 11);
  ExpectError("f.x in (a,,b)", "expected a string value", 10, 1, 11);
  ExpectError("a.g in ( 1 ,, , b)", "expected a string value", 12, 1, 13);
  // A bad first item makes libs take the list as empty, so it then wants
  // the ')' where the item began.
  ExpectError("f.x in (,)", "expected a ')' token", 8, 1, 9);
  ExpectError("f.x in (", "expected a ')' token", 8, 1, 9);
  ExpectError("f.x in (a", "expected a ')' token", 9, 1, 10);
  ExpectError("f.x in )", kExpectList, 7, 1, 8);
  ExpectError("f.x in 'a'", kExpectList, 7, 1, 8);
  ExpectError("f.x in", kExpectList, 6, 1, 7);
  // Transformers are not list items.
  ExpectError("f.x in (a, b64(t.f))", "expected a ')' token", 14, 1, 15);
  // Other operators take no lists.
  ExpectError("f.x = (a)", kExpectString, 6, 1, 7);
  ExpectError("f.x startswith (a)", kExpectString, 15, 1, 16);
}

TEST_CASE("a first list item with a bad escape leaves an empty list") {
  // libs catches the error of the first item, past the closing quote.
  CHECK(OnlyCheck("f.x in (\"\\q\")").values.empty());
  ExpectError("f.x in (\"\\q\", b)", "expected a ')' token", 12, 1, 13);
  ExpectError("f.x in (a, \"\\q\")", "unsupported string escape sequence: \\q",
              15, 1, 16);
}

// ---------------------------------------------------------------------------
// Strings

TEST_CASE("every escape sequence") {
  auto value = [](std::string_view text) {
    Check check = OnlyCheck(text);
    REQUIRE(check.values.size() == 1);
    return check.values[0];
  };
  CHECK(value(R"(f.x = "a\bb")") == "a\bb");
  CHECK(value(R"(f.x = "a\fb")") == "a\fb");
  CHECK(value(R"(f.x = "a\nb")") == "a\nb");
  CHECK(value(R"(f.x = "a\rb")") == "a\rb");
  CHECK(value(R"(f.x = "a\tb")") == "a\tb");
  CHECK(value(R"(f.x = "a\\b")") == "a\\b");
  CHECK(value(R"(f.x = "a\/b")") == "a/b");
  CHECK(value(R"(f.x = "a\"b")") == "a\"b");
  CHECK(value(R"(f.x = 'a\'b')") == "a'b");
  // Legacy: backslash-space reads as one backslash, the space dropped.
  CHECK(value(R"(f.x = "a\ b")") == "a\\b");
  CHECK(value(R"(f.x = "bad escape \ ")") == "bad escape \\");
  // The other quote needs no escape.
  CHECK(value(R"(f.x = 'mixed "')") == "mixed \"");
  CHECK(value(R"(f.x = "mixed '")") == "mixed '");
  // The second ' follows a backslash, so only the third one closes.
  CHECK(value(R"(f.x = 'two \' \\'')") == "two ' \\'");
  CHECK(value(R"(f.x = "")") == "");
  CHECK(value("f.x = ''") == "");
}

TEST_CASE("escape errors are raised after the closing quote") {
  // Falco 0.44.1 has no \xHH escapes.
  ExpectError(R"(ct.name = "Get\x43allerIdentity")",
              "unsupported string escape sequence: \\x", 32, 1, 33);
  ExpectError(R"(f.x = "\q")", "unsupported string escape sequence: \\q", 10, 1,
              11);
  ExpectError(R"(f.x = 'a\"')", "invalid \\\" escape in '-quoted string", 11, 1,
              12);
  ExpectError(R"(f.x = "a\'")", "invalid \\' escape in \"-quoted string", 11, 1,
              12);
}

TEST_CASE("quoted string quirks") {
  // A string ending in an escaped backslash never terminates.
  ExpectError(R"(f.x = "a\\")", kExpectString, 6, 1, 7);
  ExpectError("f.x = 'missing end quote", kExpectString, 6, 1, 7);
  ExpectError("f.x = '", kExpectString, 6, 1, 7);
  ExpectError("f.x = \"'", kExpectString, 6, 1, 7);
  ExpectError(R"(f.x = "broken quote"")",
              "unexpected token after 'broken quote', expecting 'or', 'and'",
              20, 1, 21);
  // The unescaped text is what "unexpected token" quotes.
  ExpectError(R"(f.x = "a\tb" c)",
              "unexpected token after 'a\tb', expecting 'or', 'and'", 13, 1,
              14);
}

TEST_CASE("bare strings") {
  auto value = [](std::string_view text) {
    Check check = OnlyCheck(text);
    REQUIRE(check.values.size() == 1);
    return check.values[0];
  };
  CHECK(value("ct.name=Console*") == "Console*");
  CHECK(value("s3.key=a/b:c!") == "a/b:c!");
  CHECK(value("x.y=0a!@#") == "0a!@#");
  CHECK(value("f.x = 0a!@#456:/\\.;!$%^&*[]{}|") ==
        "0a!@#456:/\\.;!$%^&*[]{}|");
  CHECK(value("f.x = not") == "not");
  CHECK(value("f.x = true") == "true");
  // A field name on the right is a plain string (the compiler warns).
  CHECK(value("ct.user = ct.originaluser") == "ct.originaluser");
  CHECK(value("f.x = 'tolower(a.b)'") == "tolower(a.b)");

  ExpectError("a.b = b = 1",
              "unexpected token after 'b', expecting 'or', 'and'", 8, 1, 9);
  ExpectError("f.x = a,", "unexpected token after 'a', expecting 'or', 'and'",
              7, 1, 8);
  ExpectError("f.x = ,a", kExpectString, 6, 1, 7);
  ExpectError("fd.name=/var/lo);g/httpd.log",
              "unexpected token after '/var/lo', expecting 'or', 'and'", 15, 1,
              16);
  ExpectError("a.b = missing quote",
              "unexpected token after 'missing', expecting 'or', 'and'", 14, 1,
              15);
}

TEST_CASE("values may not hold a NUL byte") {
  const std::string nul = "filter value cannot contain a NUL byte (\\x00)";
  ExpectError("f.x = a\0b"s, nul, 9, 1, 10);
  ExpectError("f.x in (a, b\0)"s, nul, 13, 1, 14);
  ExpectError("f.x[a\0] = 1"s, nul, 6, 1, 7);
  // libs reads quoted strings as C strings: NUL ends the input there.
  ExpectError("f.x = 'a\0'"s, kExpectString, 6, 1, 7);
  ExpectError("a\0"s, "unexpected token after 'a', expecting 'or', 'and'", 1, 1,
              2);
}

// ---------------------------------------------------------------------------
// Fields and transformers

TEST_CASE("field arguments") {
  Check check = OnlyCheck("json.value[/userIdentity/arn] = x");
  CHECK(check.lhs.name == "json.value");
  CHECK(check.lhs.has_arg);
  CHECK(check.lhs.arg == "/userIdentity/arn");

  CHECK(OnlyCheck("ec2.imageids[0] exists").lhs.arg == "0");
  CHECK(OnlyCheck("f.x['a aa'] = a").lhs.arg == "a aa");
  CHECK(OnlyCheck("f.x[\"\"] = a").lhs.arg.empty());
  CHECK(OnlyCheck("f.x[\"\"] = a").lhs.has_arg);
  CHECK(OnlyCheck(R"(f.x["with \"quotes\""] = a)").lhs.arg ==
        "with \"quotes\"");
  CHECK(OnlyCheck("f.x[0a!@#:/\\.;!$%^&*(){}|] = v").lhs.arg ==
        "0a!@#:/\\.;!$%^&*(){}|");
  CHECK_FALSE(OnlyCheck("f.x = a").lhs.has_arg);
  CHECK(Tree("evt.arg[0] contains /bin") == "evt.arg[0] contains /bin");

  const std::string bad_arg =
      "expected a valid field argument: a quoted string or a bare string";
  ExpectError("f.x[] = 1", bad_arg, 4, 1, 5);
  ExpectError("f.x[ a ] = 1", bad_arg, 4, 1, 5);
  ExpectError("f.x[[] = 1", bad_arg, 4, 1, 5);
  ExpectError("f.x['''] = a", "expected a ']' token", 6, 1, 7);
  ExpectError("f.x[a b] = 1", "expected a ']' token", 5, 1, 6);
  ExpectError("f.x[a = 1", "expected a ']' token", 5, 1, 6);
  ExpectError("f.x[a", "expected a ']' token", 5, 1, 6);
  ExpectError("f.x['\\q'] = 1", "unsupported string escape sequence: \\q", 8, 1,
              9);
}

TEST_CASE("field names and macro names") {
  CHECK(OnlyCheck("s3.bytes.in > 1").lhs.name == "s3.bytes.in");
  CHECK(OnlyCheck("a_1.b_2 exists").lhs.name == "a_1.b_2");

  ParseResult macro = Parse("my_macro_1");
  REQUIRE(macro.root->kind == Node::Kind::kMacro);
  CHECK(macro.root->macro == "my_macro_1");
  CHECK(Tree("a and b.c exists") == "(a and b.c exists)");

  // Segments start with a letter; a dangling dot is left over.
  ExpectError("a.1 = b", "unexpected token after 'a', expecting 'or', 'and'", 1,
              1, 2);
  ExpectError("_a", "expected a '(' token, a field check, or an identifier", 0,
              1, 1);
}

TEST_CASE("transformers on the left") {
  Check check = OnlyCheck("tolower(ct.user) = admin");
  CHECK(check.lhs.kind == ValueExpr::Kind::kTransformer);
  CHECK(check.lhs.name == "tolower");
  REQUIRE(check.lhs.args.size() == 1);
  CHECK(check.lhs.args[0].kind == ValueExpr::Kind::kField);
  CHECK(check.lhs.args[0].name == "ct.user");

  CHECK(Tree("toupper(b64(f.x)) exists") == "toupper(b64(f.x)) exists");
  CHECK(Tree("basename(f.x) = a") == "basename(f.x) = a");
  CHECK(Tree("len(f.x) > 2") == "len(f.x) > 2");
  CHECK(Tree("b64( f.x ) exists") == "b64(f.x) exists");
  CHECK(Tree("b64(\nb64(f.x)\n) exists") == "b64(b64(f.x)) exists");
  CHECK(Tree("tolower(json.value[/a]) = b") == "tolower(json.value[/a]) = b");

  // No blank may come between the name and its parenthesis.
  ExpectError("b64 (f.x) exists",
              "unexpected token after 'b64', expecting 'or', 'and'", 4, 1, 5);
  ExpectError("some.fake.transformer(f.x) exists", kExpectOperator, 21, 1, 22);
}

TEST_CASE("multi-argument transformers") {
  Check join = OnlyCheck("join(\",\", (a.b, tolower(c.d), 'e', 7)) = x");
  REQUIRE(join.lhs.args.size() == 2);
  CHECK(join.lhs.args[0].kind == ValueExpr::Kind::kLiteral);
  CHECK(join.lhs.args[0].name == ",");
  const ValueExpr& list = join.lhs.args[1];
  CHECK(list.kind == ValueExpr::Kind::kList);
  REQUIRE(list.args.size() == 4);
  CHECK(list.args[0].kind == ValueExpr::Kind::kField);
  CHECK(list.args[1].kind == ValueExpr::Kind::kTransformer);
  CHECK(list.args[2].name == "e");
  CHECK(list.args[3].name == "7");

  Check concat = OnlyCheck("concat(ct.user, \"-\", ct.region) in (a, b)");
  CHECK(concat.lhs.name == "concat");
  CHECK(concat.lhs.args.size() == 3);
  CHECK(concat.lhs.args[1].kind == ValueExpr::Kind::kLiteral);

  CHECK(Tree("join(\"-\", ()) = x") == "join(\"-\", ()) = x");
  CHECK(Tree("join( '-' , ( a.b , c.d ) ) = x") ==
        "join(\"-\", (a.b, c.d)) = x");

  // getopt(...)[c] takes an argument after its parenthesis.
  Check getopt = OnlyCheck("getopt(proc.args, \"nt:\")[t] = v");
  CHECK(getopt.lhs.name == "getopt");
  CHECK(getopt.lhs.has_arg);
  CHECK(getopt.lhs.arg == "t");
}

TEST_CASE("transformer errors") {
  const std::string close = "expected a ')' token closing the transformer";
  ExpectError("tolower(f.x exists", close, 12, 1, 13);
  ExpectError("b64(f.x [1]) exists", close, 8, 1, 9);
  ExpectError("join(\"-\", (a.b, c.d) = x", close, 21, 1, 22);
  ExpectError("tolower() = a",
              "expected field transformer argument: field, transformer, "
              "quoted string, number, or transformer list",
              8, 1, 9);
  ExpectError("b64(val(f.x)) exists",
              "expected field transformer argument: field, transformer, "
              "quoted string, number, or transformer list",
              4, 1, 5);
  const std::string list_arg =
      "expected transformer list argument: field, transformer, quoted "
      "string, or number";
  ExpectError("join(\"-\", (,)) = a", list_arg, 11, 1, 12);
  ExpectError("join(\"-\", (a.b,)) = a", list_arg, 15, 1, 16);
  ExpectError("join(\"-\", (macro)) = a", list_arg, 11, 1, 12);
  ExpectError("join(\"-\", ((a.b))) = a", list_arg, 11, 1, 12);
  ExpectError("join(\"-\", (a.b c)) = x", "expected ')'", 15, 1, 16);
}

TEST_CASE("fields on the right: val() and transformers") {
  Check val = OnlyCheck("f.x = val(g.y)");
  CHECK(val.rhs_kind == Check::RhsKind::kField);
  CHECK(val.rhs_is_val);
  CHECK(val.rhs.kind == ValueExpr::Kind::kField);
  CHECK(val.rhs.name == "g.y");

  // Falco 0.44.1 loads val() of a field with an argument.
  Check arg = OnlyCheck("ct.user = val(json.value[/x])");
  CHECK(arg.rhs.has_arg);
  CHECK(arg.rhs.arg == "/x");

  Check transformer = OnlyCheck("f.x = tolower(g.y)");
  CHECK(transformer.rhs_kind == Check::RhsKind::kField);
  CHECK_FALSE(transformer.rhs_is_val);
  CHECK(transformer.rhs.name == "tolower");

  CHECK(Tree("f.x in val(g.y)") == "f.x in val(g.y)");
  CHECK(Tree("f.x > b64(g.y)") == "f.x > b64(g.y)");
  CHECK(Tree("f.x contains val( g.y )") == "f.x contains val(g.y)");
  CHECK(Tree("f.x = b64 and(m)") == "(f.x = b64 and m)");

  ExpectError("f.x = val(g)", "expected a field within 'val' transformer", 10,
              1, 11);
  ExpectError("f.x = val( 1)", "expected a field within 'val' transformer", 11,
              1, 12);
  ExpectError("f.x = val(tolower(g.y))",
              "expected a field within 'val' transformer", 10, 1, 11);
  ExpectError("f.x = val(g.y", "expected a ')' token closing the transformer",
              13, 1, 14);
  ExpectError("f.x = val(g.y [1])",
              "expected a ')' token closing the transformer", 14, 1, 15);
  // val() is no transformer on the left: `val` reads as a macro.
  ExpectError("val(f.x) exists",
              "unexpected token after 'val', expecting 'or', 'and'", 3, 1, 4);
  ExpectError("f.x = b64and(m)",
              "unexpected token after 'b64and', expecting 'or', 'and'", 12, 1,
              13);
}

// ---------------------------------------------------------------------------
// Errors: every message of spec 1.9 and where Falco reports it

TEST_CASE("parse error messages and positions") {
  ExpectError("", "filter input string is empty", 0, 1, 1);
  ExpectError("a b", "unexpected token after 'a', expecting 'or', 'and'", 2, 1,
              3);
  ExpectError("a and 1",
              "expected a '(' token, a field check, or an identifier", 6, 1, 7);
  ExpectError("a or ,b",
              "expected a '(' token, a field check, or an identifier", 5, 1, 6);
  ExpectError("#a and b",
              "expected a '(' token, a field check, or an identifier", 0, 1, 1);
  // A keyword where a check should start is a macro name.
  ExpectError("and a", "unexpected token after 'and', expecting 'or', 'and'", 4,
              1, 5);
  ExpectError("   ", "expected a '(' token, a field check, or an identifier", 3,
              1, 4);
  ExpectError(")", "expected a '(' token, a field check, or an identifier", 0,
              1, 1);
  ExpectError("a )", "unexpected token after 'a', expecting 'or', 'and'", 2, 1,
              3);
  ExpectError("f.x in (a) b",
              "unexpected token after ')', expecting 'or', 'and'", 11, 1, 12);
  ExpectError("f.x = val(g.y)x",
              "unexpected token after ')', expecting 'or', 'and'", 14, 1, 15);
  ExpectError("f.x in (a b)", "expected a ')' token", 10, 1, 11);
  ExpectError("a.b c", kExpectOperator, 4, 1, 5);
  ExpectError("f.x contains  ", kExpectString, 14, 1, 15);
  ExpectError("f.x = (b64(t.f))", kExpectString, 6, 1, 7);
}

TEST_CASE("CR and LF each start a line") {
  ExpectError("a and\r\nb.c >", kExpectNumber, 12, 3, 6);
  ExpectError("a.b = x\r\n)",
              "unexpected token after 'x', expecting 'or', 'and'", 9, 3, 1);
  ExpectError("a and\n  b or", "expected blank or '(' after 'or'", 12, 2, 7);
  ExpectError("f.x\n= \n'\\q'", "unsupported string escape sequence: \\q", 11,
              3, 5);
  ExpectError("f.x = b64\n(t.f)",
              "unexpected token after 'b64', expecting 'or', 'and'", 10, 2, 1);
}

TEST_CASE("depth limit") {
  // Falco's rule loader allows 1000 nested parser steps; each level of
  // parentheses costs five (or, and, not, check, group).
  std::string ok = std::string(199, '(') + "a" + std::string(199, ')');
  CHECK(Parse(ok).root);
  std::string deep = std::string(200, '(') + "a" + std::string(200, ')');
  ParseError error = ErrorOf(deep);
  CHECK(error.message == "exceeded max depth limit of 1000");
  CHECK(error.pos.offset == 200);

  // The limit is a parameter: "a" needs four steps, "(a)" nine.
  CHECK(ErrorOf("a", 4).message == "exceeded max depth limit of 4");
  CHECK(Parse("a", 5).root);
  CHECK(ErrorOf("(a)", 9).pos.offset == 1);
  CHECK(Parse("(a)", 10).root);

  // `not` repeats in a loop and costs nothing per keyword.
  std::string nots;
  for (int i = 0; i < 3001; ++i) nots += "not ";
  CHECK(Tree(nots + "a") == "(not a)");
}

// ---------------------------------------------------------------------------
// Node positions, as libs' own parser tests assert them

// Each node and operand as kind@offset (or kind@offset:line:column).
void Flatten(const ValueExpr& expr, bool lines, std::string& out);

void Mark(const char* kind, const Position& pos, bool lines, std::string& out) {
  out += std::string(out.empty() ? "" : " ") + kind + "@" +
         std::to_string(pos.offset);
  if (lines) {
    out += ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
  }
}

void Flatten(const ValueExpr& expr, bool lines, std::string& out) {
  const char* kind = expr.kind == ValueExpr::Kind::kField     ? "field"
                     : expr.kind == ValueExpr::Kind::kList    ? "list"
                     : expr.kind == ValueExpr::Kind::kLiteral ? "literal"
                                                              : "transformer";
  Mark(kind, expr.pos, lines, out);
  for (const ValueExpr& arg : expr.args) Flatten(arg, lines, out);
}

void Flatten(const Node& node, bool lines, std::string& out) {
  switch (node.kind) {
    case Node::Kind::kAnd:
      Mark("and", node.pos, lines, out);
      break;
    case Node::Kind::kOr:
      Mark("or", node.pos, lines, out);
      break;
    case Node::Kind::kNot:
      Mark("not", node.pos, lines, out);
      break;
    case Node::Kind::kMacro:
      Mark("macro", node.pos, lines, out);
      break;
    case Node::Kind::kCheck: {
      const Check& check = node.check;
      Mark("check", node.pos, lines, out);
      Flatten(check.lhs, lines, out);
      if (check.rhs_kind == Check::RhsKind::kValue) {
        Mark("value", check.rhs_pos, lines, out);
      } else if (check.rhs_kind == Check::RhsKind::kList) {
        Mark("list", check.rhs_pos, lines, out);
      } else if (check.rhs_kind == Check::RhsKind::kField) {
        if (check.rhs_is_val) Mark("val", check.rhs_pos, lines, out);
        Flatten(check.rhs, lines, out);
      }
      break;
    }
  }
  for (const auto& child : node.children) Flatten(*child, lines, out);
}

std::string Positions(std::string_view text, bool lines = false) {
  ParseResult result = Parse(text);
  REQUIRE(result.root);
  std::string out;
  Flatten(*result.root, lines, out);
  return out;
}

TEST_CASE("node positions") {
  CHECK(Positions("proc.name exists") == "check@0 field@0");
  CHECK(Positions("proc.name=nginx") == "check@0 field@0 value@10");
  CHECK(Positions("proc.aname[3]=nginx") == "check@0 field@0 value@14");
  CHECK(Positions("proc.name =nginx") == "check@0 field@0 value@11");
  CHECK(Positions("proc.name= nginx") == "check@0 field@0 value@11");
  CHECK(Positions("proc.name = nginx") == "check@0 field@0 value@12");
  CHECK(Positions("proc.name in (nginx, apache)") == "check@0 field@0 list@13");
  CHECK(Positions("proc.name in ( nginx, apache)") ==
        "check@0 field@0 list@13");
  CHECK(Positions("not proc.name=nginx") == "not@0 check@4 field@4 value@14");
  CHECK(Positions("proc.name=nginx or proc.name=apache") ==
        "or@0 check@0 field@0 value@10 check@19 field@19 value@29");
  CHECK(Positions("(proc.name=nginx or proc.name=apache)") ==
        "or@1 check@1 field@1 value@11 check@20 field@20 value@30");
  CHECK(Positions("proc.name=nginx and proc.name=apache") ==
        "and@0 check@0 field@0 value@10 check@20 field@20 value@30");
  CHECK(Positions("(proc.name=nginx and proc.name=apache)") ==
        "and@1 check@1 field@1 value@11 check@21 field@21 value@31");
  CHECK(Positions("a and not b") == "and@0 macro@0 not@6 macro@10");
}

TEST_CASE("node positions in a larger condition") {
  CHECK(Positions("(proc.aname[2]=nginx and evt.type in (connect,accept)) or "
                  "(not fd.name exists) or "
                  "(proc.name=apache and evt.type=switch)") ==
        "or@0 and@1 check@1 field@1 value@15 check@25 field@25 list@37 "
        "not@59 check@63 field@63 and@83 check@83 field@83 value@93 "
        "check@104 field@104 value@113");
}

TEST_CASE("node positions over several lines") {
  const char* text = R"(
(proc.aname[2]=nginx
     and evt.type in (connect,accept))
   or (not fd.name exists)
   or (proc.name=apache
       and evt.type=switch))";
  CHECK(Positions(text, true) ==
        "or@0:1:1 and@2:2:2 check@2:2:2 field@2:2:2 value@16:2:16 "
        "check@31:3:10 field@31:3:10 list@43:3:22 not@68:4:8 "
        "check@72:4:12 field@72:4:12 and@95:5:8 check@95:5:8 field@95:5:8 "
        "value@105:5:18 check@123:6:12 field@123:6:12 value@132:6:21");
}

TEST_CASE("node positions with transformers") {
  CHECK(Positions("b64(evt.name) exists and tolower(toupper(evt.type)) in "
                  "val(some.field) or proc.name=b64(tolower(some.field))") ==
        "or@0 and@0 check@0 transformer@0 field@4 check@25 transformer@25 "
        "transformer@33 field@41 val@55 field@59 check@74 field@74 "
        "transformer@84 transformer@88 field@96");
}

// ---------------------------------------------------------------------------
// Text form and copies

TEST_CASE("ToString output parses back to the same tree") {
  const std::vector<std::string> conditions = {
      "a or b and not c",
      "not (a.b = 1 or c.d != 'x y')",
      "f.x in (a, 'b c', \"d,e\", '', 'it\\'s')",
      "f.x = \"a\\tb\\\\c\\\"d\"",
      "f.x = oneof",
      "f.x = '=x'",
      "f.x startswith anyof (a, b)",
      "f.x[\"a b]\"] = val(g.y[0])",
      "join(',', (a.b, tolower(c.d), 'e', 7)) = x",
      "concat(f.x, '-', g.y) intersects names",
      "getopt(p.args, 'nt:')[t] exists",
      "f.x > 0x10 and f.y <= -1.5",
      "f.x = ''",
  };
  for (const std::string& condition : conditions) {
    INFO(condition);
    std::string once = Tree(condition);
    REQUIRE(once.rfind("error", 0) != 0);
    CHECK(Tree(once) == once);
  }
}

TEST_CASE("Clone copies the whole tree") {
  ParseResult result = Parse("a and not (f.x in (1, 2) or tolower(g.y) = z)");
  REQUIRE(result.root);
  std::unique_ptr<Node> copy = Clone(*result.root);
  CHECK(ToString(*copy) == ToString(*result.root));
  CHECK(copy->pos.offset == result.root->pos.offset);

  // The copy owns its nodes: changing it leaves the original alone.
  copy->children[0]->macro = "b";
  CHECK(ToString(*result.root) ==
        "(a and (not (f.x in (1, 2) or tolower(g.y) = z)))");
  CHECK(ToString(*copy) == "(b and (not (f.x in (1, 2) or tolower(g.y) = z)))");
}

// ---------------------------------------------------------------------------
// ParseValueExpr (output format tokens)

TEST_CASE("ParseValueExpr takes one field or transformer") {
  ValueExprResult field = ParseValueExpr("ct.user");
  REQUIRE(field.expr);
  CHECK(field.expr->kind == ValueExpr::Kind::kField);
  CHECK(field.expr->name == "ct.user");

  ValueExprResult arg = ParseValueExpr("json.value[/a/b]");
  REQUIRE(arg.expr);
  CHECK(arg.expr->arg == "/a/b");

  ValueExprResult transformer = ParseValueExpr("tolower( ct.user )");
  REQUIRE(transformer.expr);
  CHECK(ToString(*transformer.expr) == "tolower(ct.user)");
}

TEST_CASE("ParseValueExpr must span the whole text") {
  CHECK(ParseValueExpr("ct.user ").error);
  CHECK(ParseValueExpr(" ct.user").error);
  CHECK(ParseValueExpr("ct.user)").error);
  CHECK(ParseValueExpr("ct.user.").error);
  CHECK(ParseValueExpr("tolower(ct.user").error);
  CHECK(ParseValueExpr("val(ct.user)").error);
  CHECK(ParseValueExpr("user").error);
  CHECK(ParseValueExpr("").error);

  ValueExprResult trailing = ParseValueExpr("ct.user,");
  REQUIRE(trailing.error);
  CHECK(trailing.error->pos.offset == 7);
}

}  // namespace
}  // namespace falconet::condition
