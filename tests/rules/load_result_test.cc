// The three renderings of a load result and the snippet/context rules of
// the spec (section 5.3), on results whose texts are worked out by hand.
#include <string>

#include "rules/load_context.h"
#include "rules_test_support.h"
#include "yaml-cpp/yaml.h"

namespace falconet::rules {
namespace {

using testing::Load;

// "- macro: m" then an empty condition: the macro item starts at the "m" of
// "macro", line 0, column 2, offset 2.
constexpr std::string_view kEmptyCondition = "- macro: m\n  condition:\n";

TEST_CASE("verbose form of an error", "[rules][result]") {
  LoadResult result = Load(kEmptyCondition);
  CHECK(result.Verbose() ==
        "rules.yaml: Invalid\n"
        "1 Errors:\n"
        "In rules content: (rules.yaml:0:0)\n"
        "    macro 'm': (rules.yaml:0:2)\n"
        "------\n"
        "- macro: m\n"
        "  ^\n"
        "------\n"
        "LOAD_ERR_YAML_VALIDATE (Error validating internal structure of YAML "
        "file): Mapping for key 'condition' is empty\n");
}

TEST_CASE("summary form of an error", "[rules][result]") {
  LoadResult result = Load(kEmptyCondition);
  CHECK(result.Summary() ==
        "rules.yaml: Invalid\n"
        " 1 errors: [LOAD_ERR_YAML_VALIDATE (Error validating internal "
        "structure of YAML file)]");
}

TEST_CASE("JSON form of an error keeps Falco's codedesc bug",
          "[rules][result]") {
  LoadResult result = Load(kEmptyCondition);
  nlohmann::json expected = nlohmann::json::parse(R"({
    "name": "rules.yaml",
    "successful": false,
    "errors": [{
      "context": {
        "locations": [
          {"item_type": "rules content", "item_name": "",
           "position": {"name": "rules.yaml", "line": 0, "column": 0,
                        "offset": 0}},
          {"item_type": "macro", "item_name": "m",
           "position": {"name": "rules.yaml", "line": 0, "column": 2,
                        "offset": 2}}],
        "snippet": "- macro: m\n  ^\n"},
      "code": "LOAD_ERR_YAML_VALIDATE",
      "codedesc": "Error validating internal structure of YAML file",
      "message": "Mapping for key 'condition' is empty"}],
    "warnings": []
  })");
  CHECK(result.Json() == expected);
}

TEST_CASE("warnings only: Ok, with warnings", "[rules][result]") {
  LoadResult result = Load("- foo: bar\n");
  CHECK(result.successful);
  CHECK(result.Summary() ==
        "rules.yaml: Ok, with warnings\n"
        " 1 warnings: [LOAD_UNKNOWN_ITEM (Unknown rules file item)]");
  CHECK(
      result.Verbose() ==
      "rules.yaml: Ok, with warnings\n"
      "1 Warnings:\n"
      "In rules content: (rules.yaml:0:0)\n"
      "    rules content item: (rules.yaml:0:2)\n"
      "------\n"
      "- foo: bar\n"
      "  ^\n"
      "------\n"
      "LOAD_UNKNOWN_ITEM (Unknown rules file item): Unknown top level item\n");
  nlohmann::json json = result.Json();
  REQUIRE(json["warnings"].size() == 1);
  // Warnings carry the long description.
  CHECK(json["warnings"][0]["codedesc"] ==
        "An unknown top-level object is in the rules content. It will be "
        "ignored.");
  CHECK(json["errors"] == nlohmann::json::array());
}

TEST_CASE("empty content is Ok", "[rules][result]") {
  LoadResult result = Load("");
  CHECK(result.successful);
  CHECK(result.Summary() == "rules.yaml: Ok");
  CHECK(result.Verbose() == "rules.yaml: Ok");
}

TEST_CASE("code tables", "[rules][result]") {
  CHECK(CodeName(ErrorCode::kExtension) == "LOAD_ERR_EXTENSION");
  CHECK(ShortText(ErrorCode::kFileRead) == "File read error");
  CHECK(CodeName(WarningCode::kNoEvttype) == "LOAD_NO_EVTTYPE");
  CHECK(ShortText(WarningCode::kNoEvttype) ==
        "Condition has no event-type restriction");
  CHECK(CodeName(WarningCode::kWarningExtension) == "LOAD_WARNING_EXTENSION");
  CHECK(ShortText(WarningCode::kUnknownKey) ==
        "Unknown key in item definition");
  CHECK(ShortText(WarningCode::kAppendNoValues) ==
        "Overriding/appending with no values");
}

TEST_CASE("condition expression location and name", "[rules][context]") {
  // The condition node of "c: x" is at offset 3, line 0, column 3.
  YAML::Node doc = YAML::Load("c: ct.name = ConsoleLogin and\nct.user = x");
  Context file("f.yaml");
  Context cond(doc["c"], ItemType::kRuleCondition, "", file);
  Context expr = Context::ForCondition({/*offset=*/8, /*line=*/1,
                                        /*column=*/9},
                                       doc["c"].as<std::string>(), cond);
  std::vector<Location> locs = expr.Locations();
  REQUIRE(locs.size() == 3);
  CHECK(locs[1].item_type == "rule condition");
  CHECK(locs[2].item_type == "condition expression");
  // First 17 characters, then "...", quoted.
  CHECK(locs[2].name == "\"ct.name = Console...\"");
  // Parser position (1-based) plus the YAML mark (0-based).
  CHECK(locs[2].offset == 8 + 3);
  CHECK(locs[2].line == 1 + 0);
  CHECK(locs[2].column == 9 + 3);
}

TEST_CASE("condition names: short, and newlines become spaces",
          "[rules][context]") {
  Context file("f.yaml");
  Context short_expr = Context::ForCondition({0, 1, 1}, "a and b", file);
  CHECK(short_expr.Locations().back().name == "\"a and b\"");
  Context multi = Context::ForCondition({0, 1, 1}, "a\nb\rc", file);
  CHECK(multi.Locations().back().name == "\"a b c\"");
}

TEST_CASE("snippet of a long line is clipped to 160 characters",
          "[rules][context]") {
  std::string line = std::string(100, 'a') + "X" + std::string(100, 'b');
  Context file("f.yaml");
  // The snippet of a condition context is taken from the condition, at the
  // combined offset (here the parent's offset is 0).
  Context expr = Context::ForCondition({100, 1, 101}, line, file);
  // 80 characters either side of the X, ends replaced by "...".
  std::string shown =
      "..." + std::string(77, 'a') + "X" + std::string(77, 'b') + "...";
  CHECK(expr.Snippet({}) == shown + "\n" + std::string(80, ' ') + "^\n");
}

TEST_CASE("snippet past the end backs off to the last character",
          "[rules][context]") {
  Context file("f.yaml");
  Context expr = Context::ForCondition({10, 1, 11}, "abc\n", file);
  CHECK(expr.Snippet({}) == "abc\n  ^\n");
}

TEST_CASE("snippet of an unknown file", "[rules][context]") {
  Context file("missing.yaml");
  CHECK(file.Snippet({}) == "<No context for file + missing.yaml>\n");
  ContentMap contents = {{"empty.yaml", ""}};
  CHECK(Context("empty.yaml").Snippet(contents) == "<No context available>\n");
}

TEST_CASE("an unreadable file", "[rules][result]") {
  RulesLoader loader;
  LoadResult result = loader.AddFile("/nonexistent/rules.yaml");
  Diagnostic error = testing::OnlyError(result);
  CHECK(error.code == "LOAD_ERR_FILE_READ");
  CHECK(error.message == "Could not open /nonexistent/rules.yaml for reading");
  CHECK(testing::Describe(error) ==
        std::vector<std::string>{"rules content 0:0 @0"});
  CHECK(loader.compiled() == nullptr);
}

}  // namespace
}  // namespace falconet::rules
