// Compiling what was read (spec 2.5-2.7, 1.8, 5.3): conditions, outputs,
// macros, lists, exceptions, with the errors and warnings Falco gives and
// the "condition expression" positions it computes.
#include <string>
#include <vector>

#include "condition/parser.h"
#include "rules/rule_compiler.h"
#include "rules_test_support.h"

namespace falconet::rules {
namespace {

using testing::Describe;
using testing::Load;
using testing::OnlyError;
using testing::WithCode;
using Locs = std::vector<std::string>;

// A rule of the aws_cloudtrail source. Its condition value starts on line 2,
// column 13, offset 33; its output on line 3, column 10.
std::string Rule(std::string_view condition, std::string_view output = "o",
                 std::string_view extra = "") {
  return "- rule: r\n"
         "  desc: d\n"
         "  condition: " +
         std::string(condition) +
         "\n"
         "  output: " +
         std::string(output) +
         "\n"
         "  priority: INFO\n"
         "  source: aws_cloudtrail\n" +
         std::string(extra);
}

// Loads into `loader` and requires success.
const CompiledRules& LoadOk(RulesLoader& loader, const std::string& yaml) {
  LoadResult result = loader.AddContent("rules.yaml", yaml);
  INFO(result.Verbose());
  REQUIRE(result.successful);
  REQUIRE(loader.compiled() != nullptr);
  return *loader.compiled();
}

TEST_CASE("a rule compiles into its source's program set", "[rules][compile]") {
  RulesLoader loader;
  const CompiledRules& rules =
      LoadOk(loader, Rule("ct.name = ConsoleLogin", "login by %ct.user",
                          "  tags: [b, a, b]\n"));
  REQUIRE(rules.rules.size() == 1);
  const CompiledRule& rule = rules.rules[0];
  CHECK(rule.name == "r");
  CHECK(rule.description == "d");
  CHECK(rule.source == "aws_cloudtrail");
  CHECK(rule.priority == 6);
  CHECK(rule.tags == std::vector<std::string>{"a", "b"});
  CHECK(rule.enabled);
  CHECK(rule.output == "login by %ct.user");
  CHECK(rule.condition == "ct.name = ConsoleLogin");
  CHECK(rule.event_names == std::vector<std::string>{"ConsoleLogin"});
  REQUIRE(rules.sets.count("aws_cloudtrail") == 1);
  CHECK(rule.program < rules.sets.at("aws_cloudtrail")->programs.size());
  CHECK(rule.format.tokens().size() == 2);
}

TEST_CASE("output is trimmed, description is not", "[rules][compile]") {
  RulesLoader loader;
  const CompiledRules& rules =
      LoadOk(loader,
             "- rule: r\n  desc: \" d \"\n  condition: ct.name = A\n"
             "  output: \"  o  \"\n  priority: INFO\n"
             "  source: aws_cloudtrail\n");
  CHECK(rules.rules.at(0).output == "o");
  CHECK(rules.rules.at(0).description == " d ");
}

TEST_CASE("unknown field in a condition", "[rules][compile]") {
  Diagnostic error = OnlyError(Load(Rule("ct.name = A and ct.nosuch = x")));
  CHECK(error.code == "LOAD_ERR_COMPILE_CONDITION");
  CHECK(error.message ==
        "filter_check called with nonexistent field ct.nosuch");
  // The failing check starts at offset 16 (line 1, column 17 for the
  // parser); Falco adds the condition node's mark (2:13 @33).
  CHECK(Describe(error) == Locs{"rules content 0:0 @0", "rule 'r' 0:2 @2",
                                "rule condition 2:13 @33",
                                "condition expression 3:30 @49"});
  CHECK(error.context.back().name == "\"ct.name = A and c...\"");
  // The snippet is cut from the condition at that combined offset, which is
  // past its end: the caret lands on the last character.
  CHECK(error.snippet ==
        "ct.name = A and ct.nosuch = x\n" + std::string(28, ' ') + "^\n");
}

TEST_CASE("parse errors point into the condition", "[rules][compile]") {
  const std::string condition = "ct.name = A and (ct.user = B";
  condition::ParseResult parsed = condition::Parse(condition);
  REQUIRE(parsed.error.has_value());

  Diagnostic error = OnlyError(Load(Rule(condition)));
  CHECK(error.code == "LOAD_ERR_COMPILE_CONDITION");
  CHECK(error.message == parsed.error->message);
  REQUIRE(error.context.size() == 4);
  const Location& expr = error.context[3];
  CHECK(expr.item_type == "condition expression");
  CHECK(expr.offset == static_cast<int>(parsed.error->pos.offset) + 33);
  CHECK(expr.line == static_cast<int>(parsed.error->pos.line) + 2);
  CHECK(expr.column == static_cast<int>(parsed.error->pos.column) + 13);
}

TEST_CASE("output errors", "[rules][compile]") {
  Diagnostic error = OnlyError(Load(Rule("ct.name = A", "\"user %\"")));
  CHECK(error.code == "LOAD_ERR_COMPILE_OUTPUT");
  CHECK(error.text == "Error compiling output");
  CHECK(error.message ==
        "invalid formatting syntax: formatting cannot end with a %");
  // Line 3 starts at 10 + 10 + 25 = 45; the value at column 10.
  CHECK(Describe(error) == Locs{"rules content 0:0 @0", "rule 'r' 0:2 @2",
                                "rule output 3:10 @55"});
}

TEST_CASE("the output is checked before the condition", "[rules][compile]") {
  Diagnostic error = OnlyError(Load(Rule("ct.nosuch = A", "\"%\"")));
  CHECK(error.code == "LOAD_ERR_COMPILE_OUTPUT");
}

TEST_CASE("disabled rules are compiled too", "[rules][compile]") {
  Diagnostic error =
      OnlyError(Load(Rule("ct.nosuch = A", "o", "  enabled: false\n")));
  CHECK(error.code == "LOAD_ERR_COMPILE_CONDITION");

  RulesLoader loader;
  const CompiledRules& rules =
      LoadOk(loader, Rule("ct.name = A", "o", "  enabled: false\n"));
  REQUIRE(rules.rules.size() == 1);
  CHECK_FALSE(rules.rules[0].enabled);
}

TEST_CASE("skip-if-unknown-filter", "[rules][compile]") {
  RulesLoader loader;
  LoadResult result = loader.AddContent(
      "rules.yaml",
      Rule("ct.nosuch = A", "o", "  skip-if-unknown-filter: true\n") +
          Rule("ct.name = B").replace(8, 1, "s"));
  INFO(result.Verbose());
  CHECK(result.successful);
  auto skipped = WithCode(result, "LOAD_UNKNOWN_FILTER");
  REQUIRE(skipped.size() == 1);
  CHECK(skipped[0].message ==
        "filter_check called with nonexistent field ct.nosuch");
  CHECK(skipped[0].context.back().item_type == "condition expression");
  // The skipped rule is not compiled; the other one is.
  REQUIRE(loader.compiled()->rules.size() == 1);
  CHECK(loader.compiled()->rules[0].name == "s");

  LoadResult output = Load(
      Rule("ct.name = A", "x %ct.nosuch", "  skip-if-unknown-filter: true\n"));
  INFO(output.Verbose());
  CHECK(output.successful);
  auto out_skip = WithCode(output, "LOAD_UNKNOWN_FILTER");
  REQUIRE(out_skip.size() == 1);
  CHECK(out_skip[0].context.back().item_type == "rule output");

  // Other errors are not downgraded.
  Diagnostic error = OnlyError(
      Load(Rule("ct.name > A", "o", "  skip-if-unknown-filter: true\n")));
  CHECK(error.code == "LOAD_ERR_COMPILE_CONDITION");
}

TEST_CASE("compile warnings", "[rules][compile]") {
  LoadResult result = Load(Rule("ct.name = ct.user"));
  CHECK(result.successful);
  auto warnings = WithCode(result, "LOAD_COMPILE_CONDITION");
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].text == "Warning in rule condition");
  CHECK(warnings[0].message ==
        "'ct.user' may be a valid field misused as a const string value");
  CHECK(Describe(warnings[0]).back() == "condition expression 3:14 @33");
}

TEST_CASE("unsafe <NA> comparisons", "[rules][compile]") {
  LoadResult result = Load(Rule("jevt.value[/a] = <NA>"));
  INFO(result.Verbose());
  CHECK(result.successful);
  auto warnings = WithCode(result, "LOAD_UNSAFE_NA_CHECK");
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].message == "");
  CHECK(Describe(warnings[0]) == Locs{"rules content 0:0 @0", "rule 'r' 0:2 @2",
                                      "rule condition 2:13 @33"});

  // Only ka.* and jevt.* fields, only equality operators.
  CHECK(WithCode(Load(Rule("json.value[/a] = <NA>")), "LOAD_UNSAFE_NA_CHECK")
            .empty());
  CHECK(WithCode(Load(Rule("jevt.value[/a] in (x, <NA>)")),
                 "LOAD_UNSAFE_NA_CHECK")
            .size() == 1);
  CHECK(WithCode(Load(Rule("jevt.value[/a] contains <NA>")),
                 "LOAD_UNSAFE_NA_CHECK")
            .empty());
}

TEST_CASE("%container.info is deprecated and removed", "[rules][compile]") {
  RulesLoader loader;
  LoadResult result = loader.AddContent(
      "rules.yaml", Rule("ct.name = A", "a %container.info b"));
  CHECK(result.successful);
  auto deprecated = WithCode(result, "LOAD_DEPRECATED_ITEM");
  REQUIRE(deprecated.size() == 1);
  CHECK(deprecated[0].message ==
        "%container.info is deprecated and no more useful, and will be "
        "dropped by Falco 1.0.0. The container plugin will automatically add "
        "required fields to the output message.");
  CHECK(loader.compiled()->rules.at(0).output == "a  b");
}

// --- macros -----------------------------------------------------------

TEST_CASE("a macro cannot use a macro defined after it", "[rules][compile]") {
  Diagnostic error =
      OnlyError(Load("- macro: m1\n  condition: m2 and ct.name = A\n"
                     "- macro: m2\n  condition: ct.user = B\n" +
                     Rule("m1")));
  CHECK(error.code == "LOAD_ERR_VALIDATE");
  CHECK(error.message == "Undefined macro 'm2' used in filter.");
  // The macro item's mark (0:2 @2) plus the parser's 1:1 @0.
  CHECK(Describe(error) == Locs{"rules content 0:0 @0", "macro 'm1' 0:2 @2",
                                "condition expression 1:3 @2"});
  CHECK(error.context.back().name == "\"m2 and ct.name = A\"");
}

TEST_CASE("a rule can use a macro defined after it", "[rules][compile]") {
  RulesLoader loader;
  const CompiledRules& rules =
      LoadOk(loader, Rule("m and ct.user = B") +
                         "- macro: m\n  condition: ct.name = A\n");
  REQUIRE(rules.rules.size() == 1);
  // Macros are substituted in the tree; the text keeps the reference.
  CHECK(rules.rules[0].condition == "m and ct.user = B");
  CHECK(rules.rules[0].event_names == std::vector<std::string>{"A"});
}

TEST_CASE("undefined macro in a rule", "[rules][compile]") {
  Diagnostic error = OnlyError(Load(Rule("ct.name = A and nosuch")));
  CHECK(error.code == "LOAD_ERR_VALIDATE");
  CHECK(error.message == "Undefined macro 'nosuch' used in filter.");
  // Falco places it against the rule item, not the condition: 1:17 @16 for
  // the parser plus 0:2 @2.
  CHECK(Describe(error) == Locs{"rules content 0:0 @0", "rule 'r' 0:2 @2",
                                "condition expression 1:19 @18"});
}

TEST_CASE("a macro is not visible to itself", "[rules][compile]") {
  Diagnostic error =
      OnlyError(Load("- macro: m\n  condition: m\n" + Rule("m")));
  CHECK(error.message == "Undefined macro 'm' used in filter.");
}

TEST_CASE("macro loops", "[rules][compile]") {
  // After the append m1 is "ct.name = a or m2" and sees m2, which uses m1.
  Diagnostic error = OnlyError(Load(
      "- macro: m1\n  condition: ct.name = a\n"
      "- macro: m2\n  condition: m1 or ct.name = b\n"
      "- macro: m1\n  condition: or m2\n  override:\n    condition: append\n" +
      Rule("m2")));
  CHECK(error.code == "LOAD_ERR_VALIDATE");
  CHECK(error.message == "reference loop in macro 'm2'");
  // m2 sits at offset 15 of m1's text; m1 keeps its first definition's
  // context.
  CHECK(Describe(error) == Locs{"rules content 0:0 @0", "macro 'm1' 0:2 @2",
                                "condition expression 1:18 @17"});
  CHECK(error.context.back().name == "\"ct.name = a or m2\"");
}

TEST_CASE("macro parse errors", "[rules][compile]") {
  Diagnostic error = OnlyError(Load("- macro: m\n  condition: ct.name =\n"));
  CHECK(error.code == "LOAD_ERR_COMPILE_CONDITION");
  REQUIRE(error.context.size() == 4);
  CHECK(error.context[1].item_type == "macro");
  CHECK(error.context[2].item_type == "macro condition");
  CHECK(error.context[3].item_type == "condition expression");
}

TEST_CASE("unused macros and lists", "[rules][compile]") {
  LoadResult result = Load(
      "- list: used\n  items: [A]\n"
      "- list: nested\n  items: [x]\n"
      "- list: outer\n  items: [nested]\n"
      "- macro: inner\n  condition: ct.nosuch = 1\n"
      "- macro: lonely\n  condition: inner\n"
      "- macro: m\n  condition: ct.name in (used)\n" +
      Rule("m"));
  INFO(result.Verbose());
  // An unused macro is never compiled: its unknown field is no error.
  CHECK(result.successful);
  auto macros = WithCode(result, "LOAD_UNUSED_MACRO");
  REQUIRE(macros.size() == 1);
  CHECK(macros[0].message == "Macro not referred to by any other rule/macro");
  CHECK(macros[0].context.back().item_name == "lonely");
  auto lists = WithCode(result, "LOAD_UNUSED_LIST");
  REQUIRE(lists.size() == 1);
  CHECK(lists[0].message == "List not referred to by any other rule/macro");
  // `nested` is used by `outer`, which nothing uses.
  CHECK(lists[0].context.back().item_name == "outer");
}

TEST_CASE("macros of rules with an unknown source count as unused",
          "[rules][compile]") {
  LoadResult result = Load(
      "- macro: m\n  condition: ct.name = A\n"
      "- rule: r\n  desc: d\n  condition: m\n  output: o\n  priority: INFO\n");
  CHECK(result.successful);
  CHECK(WithCode(result, "LOAD_UNUSED_MACRO").size() == 1);
}

TEST_CASE("macro append is text concatenation", "[rules][compile]") {
  // "ct.name in (A" + " " + ", B)" only parses as one text.
  RulesLoader loader;
  const CompiledRules& rules =
      LoadOk(loader,
             "- macro: m\n  condition: ct.name in (A\n"
             "- macro: m\n  condition: \", B)\"\n  append: true\n" +
                 Rule("m"));
  CHECK(rules.rules.at(0).event_names == std::vector<std::string>{"A", "B"});
}

// --- lists ------------------------------------------------------------

TEST_CASE("lists expand textually", "[rules][compile]") {
  RulesLoader loader;
  const CompiledRules& rules =
      LoadOk(loader, "- list: names\n  items: [A, \"B C\"]\n" +
                         Rule("ct.name in (names)"));
  // Falco swallows the blanks around the name and adds its own.
  CHECK(rules.rules.at(0).condition == "ct.name in ( A, \"B C\" )");
}

TEST_CASE("a list can include an earlier list", "[rules][compile]") {
  RulesLoader loader;
  const CompiledRules& rules = LoadOk(
      loader, "- list: a\n  items: [x, y]\n- list: b\n  items: [a, z]\n" +
                  Rule("ct.name in (b)"));
  CHECK(rules.rules.at(0).condition == "ct.name in ( x, y, z )");
}

TEST_CASE("an empty list takes a comma with it", "[rules][compile]") {
  RulesLoader loader;
  const CompiledRules& rules = LoadOk(
      loader, "- list: none\n  items: []\n" + Rule("ct.name in (A, none)"));
  CHECK(rules.rules.at(0).condition == "ct.name in (A  )");
}

TEST_CASE("list append and replace", "[rules][compile]") {
  RulesLoader loader;
  const CompiledRules& rules =
      LoadOk(loader,
             "- list: l\n  items: [a]\n"
             "- list: l\n  items: [b]\n  override:\n    items: append\n"
             "- list: k\n  items: [a]\n"
             "- list: k\n  items: [c]\n  override:\n    items: replace\n" +
                 Rule("ct.name in (l) or ct.user in (k)"));
  CHECK(rules.rules.at(0).condition ==
        "ct.name in ( a, b ) or ct.user in ( c )");
}

// --- rules: append, override, redefinition -----------------------------

TEST_CASE("rule condition append is raw concatenation", "[rules][compile]") {
  RulesLoader loader;
  const CompiledRules& rules = LoadOk(
      loader, Rule("ct.name in (A, B)") +
                  "- rule: r\n  condition: and ct.user = cat\n  override:\n"
                  "    condition: append\n");
  CHECK(rules.rules.at(0).condition == "ct.name in (A, B) and ct.user = cat");
}

TEST_CASE("rule append and replace of several keys", "[rules][compile]") {
  RulesLoader loader;
  const CompiledRules& rules = LoadOk(
      loader,
      Rule("ct.name = A", "o", "  tags: [t1]\n") +
          "- rule: r\n  output: more\n  desc: d2\n  tags: [t0]\n"
          "  priority: error\n  enabled: false\n"
          "  override:\n    output: append\n    desc: append\n"
          "    tags: append\n    priority: replace\n    enabled: replace\n");
  const CompiledRule& rule = rules.rules.at(0);
  CHECK(rule.output == "o more");
  CHECK(rule.description == "d d2");
  CHECK(rule.tags == std::vector<std::string>{"t0", "t1"});
  CHECK(rule.priority == 3);
  CHECK_FALSE(rule.enabled);

  RulesLoader replaced;
  const CompiledRules& again = LoadOk(
      replaced, Rule("ct.name = A", "o", "  tags: [t1]\n") +
                    "- rule: r\n  condition: ct.name = B\n  tags: [t2]\n"
                    "  override:\n    condition: replace\n    tags: replace\n");
  CHECK(again.rules.at(0).condition == "ct.name = B");
  CHECK(again.rules.at(0).tags == std::vector<std::string>{"t2"});
}

TEST_CASE("redefinition keeps the first position", "[rules][compile]") {
  auto rule = [](std::string name, std::string cond) {
    return "- rule: " + name + "\n  desc: d\n  condition: " + cond +
           "\n  output: o\n  priority: INFO\n  source: aws_cloudtrail\n";
  };
  RulesLoader loader;
  LoadOk(loader, rule("a", "ct.name = A") + rule("b", "ct.name = B"));
  // A later file redefines a and adds c: a keeps its place.
  const CompiledRules& rules =
      LoadOk(loader, rule("c", "ct.name = C") + rule("a", "ct.name = A2"));
  REQUIRE(rules.rules.size() == 3);
  CHECK(rules.rules[0].name == "a");
  CHECK(rules.rules[0].condition == "ct.name = A2");
  CHECK(rules.rules[1].name == "b");
  CHECK(rules.rules[2].name == "c");
}

TEST_CASE("a later file sees an earlier file's macros", "[rules][compile]") {
  RulesLoader loader;
  LoadResult first =
      loader.AddContent("a.yaml", "- macro: m\n  condition: ct.name = A\n");
  // Alone, the macro is unused.
  CHECK(WithCode(first, "LOAD_UNUSED_MACRO").size() == 1);
  LoadResult second = loader.AddContent("b.yaml", Rule("m"));
  CHECK(second.successful);
  CHECK(second.warnings.empty());
}

TEST_CASE("an error in a later file points into the earlier one",
          "[rules][compile]") {
  RulesLoader loader;
  REQUIRE(loader.AddContent("a.yaml", Rule("m")).successful == false);
  // The rule of a.yaml now meets a macro with an unknown field.
  LoadResult result =
      loader.AddContent("b.yaml", "- macro: m\n  condition: ct.nosuch = 1\n");
  Diagnostic error = OnlyError(result);
  CHECK(error.code == "LOAD_ERR_COMPILE_CONDITION");
  CHECK(error.context[0].name == "a.yaml");
  CHECK(error.context[1].item_name == "r");
}

// --- exceptions ---------------------------------------------------------

TEST_CASE("exception strings as the spec builds them", "[rules][compile]") {
  Context ctx("f");
  ExceptionInfo tuple(ctx);
  tuple.name = "curl";
  tuple.fields = {true, "", {{false, "proc.cmdline", {}}}};
  tuple.comps = {true, "", {{false, "contains", {}}}};
  tuple.values = {{true, "", {{false, "curl 127.0.0.1", {}}}}};
  std::string condition =
      "proc.cmdline contains curl or proc.cmdline contains wget";
  std::set<std::string> fields;
  REQUIRE_FALSE(AppendExceptions({tuple}, condition, fields));
  CHECK(condition ==
        "(proc.cmdline contains curl or proc.cmdline contains wget) and not "
        "(( proc.cmdline contains \"curl 127.0.0.1\"))");
  CHECK(fields == std::set<std::string>{"proc.cmdline"});
}

TEST_CASE("exception tuple values", "[rules][compile]") {
  Context ctx("f");
  ExceptionInfo ex(ctx);
  ex.fields = {true, "", {{false, "f1", {}}, {false, "f2", {}}}};
  ex.comps = {true, "", {{false, "in", {}}, {false, "=", {}}}};
  ex.values = {
      {true,
       "",
       {{true, "", {{false, "a", {}}, {false, "b c", {}}}}, {false, "x", {}}}},
      {true, "", {{false, "v", {}}, {false, "y z", {}}}},
      {true, "", {{false, "(mylist)", {}}, {false, "w", {}}}},
  };
  std::string condition = "c";
  std::set<std::string> fields;
  REQUIRE_FALSE(AppendExceptions({ex}, condition, fields));
  CHECK(condition ==
        "(c) and not (( f1 in (a, \"b c\") and  f2 = x) or"
        " ( f1 in (v) and  f2 = \"y z\") or"
        " ( f1 in (mylist) and  f2 = w))");
}

TEST_CASE("exception single form and empty values", "[rules][compile]") {
  Context ctx("f");
  ExceptionInfo single(ctx);
  single.fields = {false, "ct.name", {}};
  single.comps = {false, "in", {}};
  single.values = {{false, "A", {}}, {false, "B C", {}}};
  ExceptionInfo empty(ctx);
  empty.fields = {false, "ct.user", {}};
  empty.comps = {false, "in", {}};
  std::string condition = "ct.name exists";
  std::set<std::string> fields;
  REQUIRE_FALSE(AppendExceptions({single, empty}, condition, fields));
  CHECK(condition == "(ct.name exists) and not (ct.name in (A, \"B C\"))");
  CHECK(fields == std::set<std::string>{"ct.name"});

  ExceptionInfo nested(ctx);
  nested.fields = {false, "ct.name", {}};
  nested.comps = {false, "in", {}};
  nested.values = {{true, "", {{false, "A", {}}}}};
  condition = "x";
  MaybeError error = AppendExceptions({nested}, condition, fields);
  REQUIRE(error);
  CHECK(error->message == "Expected values array to contain a list of strings");
}

TEST_CASE("exceptions through the loader", "[rules][compile]") {
  RulesLoader loader;
  const CompiledRules& rules =
      LoadOk(loader, Rule("ct.name = A", "o",
                          "  exceptions:\n"
                          "    - name: users\n"
                          "      fields: ct.user\n"
                          "      values: [alice, bob]\n"
                          "    - name: pairs\n"
                          "      fields: [ct.user, ct.region]\n"
                          "      comps: [=, startswith]\n"
                          "      values:\n"
                          "        - [carol, eu-]\n"
                          "    - name: nothing\n"
                          "      fields: ct.srcip\n"));
  const CompiledRule& rule = rules.rules.at(0);
  CHECK(rule.condition ==
        "(ct.name = A) and not (ct.user in (alice, bob)) and not "
        "(( ct.user = carol and  ct.region startswith eu-))");
  // Fields of exceptions without values are not recorded.
  CHECK(rule.exception_fields ==
        std::vector<std::string>{"ct.region", "ct.user"});
}

TEST_CASE("exception validation", "[rules][compile]") {
  auto load = [](std::string exception) {
    return Load(Rule("ct.name = A", "o", "  exceptions:\n" + exception));
  };
  auto message = [&](std::string exception) {
    LoadResult result = load(std::move(exception));
    INFO(result.Verbose());
    REQUIRE(result.errors.size() == 1);
    return result.errors[0].code + ": " + result.errors[0].message;
  };

  CHECK(message("    - name: e\n      fields: [ct.user, ct.region]\n"
                "      comps: [=]\n") ==
        "LOAD_ERR_VALIDATE: Fields and comps lists must have equal length");
  CHECK(message("    - name: e\n      fields: [ct.user]\n"
                "      comps: [like]\n") ==
        "LOAD_ERR_VALIDATE: 'like' is not a supported comparison operator");
  CHECK(message("    - name: e\n      fields: [ct.nosuch]\n") ==
        "LOAD_ERR_VALIDATE: 'ct.nosuch' is not a supported filter field");
  CHECK(message("    - name: e\n      fields: ct.user\n      comps: [in]\n") ==
        "LOAD_ERR_VALIDATE: Fields and comps must both be strings");
  CHECK(message("    - name: e\n      fields: ct.user\n      comps: =\n") ==
        "LOAD_ERR_VALIDATE: When fields is a single value, comps must be one "
        "of (in, pmatch, intersects) or a modifier operator (e.g. startswith "
        "oneof)");
  CHECK(message("    - name: e\n      fields: [ct.user, ct.region]\n"
                "      values: [[a]]\n") ==
        "LOAD_ERR_VALIDATE: Fields and values lists must have equal length");
  CHECK(message("    - name: e\n      fields:\n") ==
        "LOAD_ERR_VALIDATE: Rule exception item must have fields property "
        "with a list of fields");
  CHECK(message("    - name: e\n") ==
        "LOAD_ERR_YAML_VALIDATE: Item has no mapping for key 'fields'");
  CHECK(message("    - fields: ct.user\n") ==
        "LOAD_ERR_YAML_VALIDATE: Item has no mapping for key 'name'");
  CHECK(message("    - e\n") ==
        "LOAD_ERR_YAML_VALIDATE: Rule exception must be a mapping");
  CHECK(message("    name: e\n") ==
        "LOAD_ERR_YAML_VALIDATE: Rule exceptions must be a sequence");
  CHECK(message("    - name: e\n      fields: ct.user\n      values: x\n") ==
        "LOAD_ERR_YAML_VALIDATE: Rule exception values must be a sequence");

  // Modifiers, transformers and trimmed comps are accepted.
  for (std::string ok :
       {"    - name: e\n      fields: ct.user\n      comps: startswith "
        "anyof\n      values: [a, b]\n",
        "    - name: e\n      fields: [tolower(ct.user)]\n"
        "      comps: [\" = \"]\n      values: [[a]]\n"}) {
    LoadResult result = load(ok);
    INFO(result.Verbose());
    CHECK(result.successful);
  }
}

TEST_CASE("exception context and name warnings", "[rules][compile]") {
  LoadResult result =
      Load(Rule("ct.name = A", "o",
                "  exceptions:\n    - name: e\n      fields: ct.user\n"
                "      values: [a]\n    - name: e\n      fields: ct.user\n"
                "      values: [b]\n"));
  CHECK(result.successful);
  auto twice = WithCode(result, "LOAD_EXCEPTION_NAME_NOT_UNIQUE");
  REQUIRE(twice.size() == 1);
  CHECK(twice[0].message ==
        "Multiple definitions of exception 'e' in the same rule");
  // The exception's parent is the rule, not the exceptions list.
  REQUIRE(twice[0].context.size() == 3);
  CHECK(twice[0].context[1].item_type == "rule");
  CHECK(twice[0].context[2].item_type == "exception");
  CHECK(twice[0].context[2].item_name == "e");
}

TEST_CASE("exceptions of unknown sources are not checked against fields",
          "[rules][compile]") {
  LoadResult result = Load(
      "- rule: r\n  desc: d\n  condition: x\n  output: o\n  priority: INFO\n"
      "  exceptions:\n    - name: e\n      fields: [aws.nosuch]\n");
  CHECK(result.successful);
}

TEST_CASE("appending exceptions", "[rules][compile]") {
  std::string base = Rule("ct.name = A", "o",
                          "  exceptions:\n    - name: users\n"
                          "      fields: ct.user\n      values: [a]\n");
  RulesLoader loader;
  const CompiledRules& rules =
      LoadOk(loader, base +
                         "- rule: r\n  exceptions:\n    - name: users\n"
                         "      values: [b]\n    - name: regions\n"
                         "      fields: ct.region\n      values: [x]\n"
                         "  override:\n    exceptions: append\n");
  CHECK(rules.rules.at(0).condition ==
        "(ct.name = A) and not (ct.user in (a, b)) and not "
        "(ct.region in (x))");

  LoadResult no_values = Load(base +
                              "- rule: r\n  exceptions:\n    - name: users\n"
                              "  override:\n    exceptions: append\n");
  CHECK(no_values.successful);
  auto warning = WithCode(no_values, "LOAD_APPEND_NO_VALUES");
  REQUIRE(warning.size() == 1);
  CHECK(warning[0].message == "Overriding/appending exception with no values");

  auto message = [&](std::string appended) {
    LoadResult result = Load(base + "- rule: r\n  exceptions:\n" + appended +
                             "  override:\n    exceptions: append\n");
    REQUIRE(result.errors.size() == 1);
    return result.errors[0].message;
  };
  CHECK(message("    - name: users\n      fields: ct.user\n"
                "      values: [b]\n") ==
        "Can not append exception fields to existing exception, only values");
  CHECK(message("    - name: users\n      comps: in\n      values: [b]\n") ==
        "Can not append exception comps to existing exception, only values");
  CHECK(message("    - name: new\n      values: [b]\n") ==
        "Rule exception must have fields property with a list of fields");
  CHECK(message("    - name: new\n      fields: ct.user\n") ==
        "Rule exception must have values property with a list of values");
}

TEST_CASE("replacing exceptions", "[rules][compile]") {
  RulesLoader loader;
  const CompiledRules& rules =
      LoadOk(loader, Rule("ct.name = A", "o",
                          "  exceptions:\n    - name: users\n"
                          "      fields: ct.user\n      values: [a]\n") +
                         "- rule: r\n  exceptions:\n    - name: regions\n"
                         "      fields: ct.region\n      values: [x]\n"
                         "  override:\n    exceptions: replace\n");
  CHECK(rules.rules.at(0).condition ==
        "(ct.name = A) and not (ct.region in (x))");
}

}  // namespace
}  // namespace falconet::rules
