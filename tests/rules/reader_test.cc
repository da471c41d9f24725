// The YAML side of loading (spec 2.1-2.4, 5.1-5.3): document shape, item
// dispatch, key decoding, overrides, exceptions and versions, each error
// with Falco's message and the location chain computed by hand from the
// YAML text (yaml-cpp marks: 0-based line and column, byte offset).
#include <string>
#include <vector>

#include "rules_test_support.h"

namespace falconet::rules {
namespace {

using testing::Describe;
using testing::Load;
using testing::OnlyError;
using testing::WithCode;
using Locs = std::vector<std::string>;

constexpr std::string_view kYamlValidate = "LOAD_ERR_YAML_VALIDATE";
constexpr std::string_view kValidate = "LOAD_ERR_VALIDATE";

// A rule of a known source that compiles, to append to or override.
constexpr std::string_view kRuleR =
    "- rule: r\n"
    "  desc: d\n"
    "  condition: ct.name = A\n"
    "  output: o\n"
    "  priority: INFO\n"
    "  source: aws_cloudtrail\n";

TEST_CASE("invalid YAML", "[rules][reader]") {
  Diagnostic error = OnlyError(Load("- rule: [a\n"));
  CHECK(error.code == "LOAD_ERR_YAML_PARSE");
  CHECK(error.text == "YAML parse error");
  // yaml-cpp's own message, at its mark.
  CHECK(error.message.rfind("yaml-cpp: error at line", 0) == 0);
  REQUIRE(error.context.size() == 2);
  CHECK(error.context[1].item_type == "value for");
}

TEST_CASE("document shapes", "[rules][reader]") {
  Diagnostic scalar = OnlyError(Load("hello\n"));
  CHECK(scalar.code == kYamlValidate);
  CHECK(scalar.message == "Rules content is not yaml");
  CHECK(Describe(scalar) == Locs{"rules content 0:0 @0"});

  Diagnostic map = OnlyError(Load("a: b\n"));
  CHECK(map.message == "Rules content is not yaml array of objects");

  Diagnostic element = OnlyError(Load("- foo\n"));
  CHECK(element.message ==
        "Unexpected element type. Each element should be a yaml associative "
        "array.");
  CHECK(Describe(element) ==
        Locs{"rules content 0:0 @0", "rules content item 0:2 @2"});
}

TEST_CASE("null documents and elements are skipped", "[rules][reader]") {
  LoadResult result = Load("---\n---\n-\n- list: l\n  items: []\n");
  CHECK(result.successful);
  auto unused = WithCode(result, "LOAD_UNUSED_LIST");
  REQUIRE(unused.size() == 1);
  // "- list" starts line 3 (offset 4+4+2 = 10); the map at its "l".
  CHECK(Describe(unused[0]) ==
        Locs{"rules content 0:0 @0", "list 'l' 3:2 @12"});
}

TEST_CASE("the second document is read too", "[rules][reader]") {
  LoadResult result = Load("- list: a\n  items: []\n---\n- foo: 1\n");
  CHECK(WithCode(result, "LOAD_UNUSED_LIST").size() == 1);
  CHECK(WithCode(result, "LOAD_UNKNOWN_ITEM").size() == 1);
}

TEST_CASE("scalar key errors", "[rules][reader]") {
  Diagnostic missing = OnlyError(Load("- macro: m\n"));
  CHECK(missing.message == "Item has no mapping for key 'condition'");
  CHECK(Describe(missing) == Locs{"rules content 0:0 @0", "macro 'm' 0:2 @2"});

  // Line 1 starts at offset 11; the value at column 13.
  Diagnostic not_scalar = OnlyError(Load("- macro: m\n  condition: [a]\n"));
  CHECK(not_scalar.message == "Value is not a scalar value");
  CHECK(Describe(not_scalar) == Locs{"rules content 0:0 @0", "macro 'm' 0:2 @2",
                                     "value for 'condition' 1:13 @24"});

  Diagnostic empty = OnlyError(Load("- macro: m\n  condition: \"\"\n"));
  CHECK(empty.message == "Value must be non-empty");
  CHECK(Describe(empty).back() == "value for 'condition' 1:13 @24");

  // Line 2 starts at 10 + 12 = 22; "maybe" at column 10.
  Diagnostic bad_bool =
      OnlyError(Load("- list: l\n  items: []\n  append: maybe\n"));
  CHECK(bad_bool.code == kYamlValidate);
  CHECK(bad_bool.message == "Can't decode YAML scalar value");
  CHECK(Describe(bad_bool).back() == "value for 'append' 2:10 @32");
}

TEST_CASE("sequence key errors", "[rules][reader]") {
  Diagnostic not_seq = OnlyError(Load("- list: l\n  items: a\n"));
  CHECK(not_seq.message == "Value is not a sequence");
  CHECK(Describe(not_seq).back() == "value for 'items' 1:9 @19");

  Diagnostic nested = OnlyError(Load("- list: l\n  items: [[a]]\n"));
  CHECK(nested.message == "sequence value is not scalar");
  CHECK(Describe(nested) == Locs{"rules content 0:0 @0", "list 'l' 0:2 @2",
                                 "value for 'items' 1:9 @19",
                                 "list item 1:10 @20"});

  Diagnostic tags = OnlyError(Load(std::string(kRuleR) + "  tags: x\n"));
  CHECK(tags.message == "Value is not a sequence");
}

TEST_CASE("rule keys", "[rules][reader]") {
  // Line 4 "  priority: LOUD" starts at 10 + 10 + 25 + 12 = 57.
  std::string rule =
      "- rule: r\n"
      "  desc: d\n"
      "  condition: ct.name = A\n"
      "  output: o\n"
      "  priority: LOUD\n"
      "  source: aws_cloudtrail\n";
  Diagnostic priority = OnlyError(Load(rule));
  CHECK(priority.code == kYamlValidate);
  CHECK(priority.message == "Invalid priority");
  CHECK(Describe(priority) == Locs{"rules content 0:0 @0", "rule 'r' 0:2 @2",
                                   "rule priority 4:12 @69"});

  Diagnostic no_output = OnlyError(Load(
      "- rule: r\n  desc: d\n  condition: ct.name = A\n  priority: INFO\n"));
  CHECK(no_output.message == "Item has no mapping for key 'output'");
}

TEST_CASE("priorities are case-insensitive, info is Informational",
          "[rules][reader]") {
  for (const char* name : {"info", "INFORMATIONAL", "Informational", "iNfO"}) {
    RulesLoader loader;
    std::string rule =
        "- rule: r\n  desc: d\n  condition: ct.name = A\n  output: o\n"
        "  source: aws_cloudtrail\n  priority: " +
        std::string(name) + "\n";
    LoadResult result = loader.AddContent("f", rule);
    INFO(result.Verbose());
    REQUIRE(result.successful);
    CHECK(loader.compiled()->rules.at(0).priority == 6);
  }
}

TEST_CASE("standalone enabled", "[rules][reader]") {
  LoadResult missing = Load("- rule: r\n  enabled: false\n");
  Diagnostic error = OnlyError(missing);
  CHECK(error.code == kValidate);
  CHECK(error.message ==
        "Rule has 'enabled' key but no rule by that name already exists");
  auto deprecated = WithCode(missing, "LOAD_DEPRECATED_ITEM");
  REQUIRE(deprecated.size() == 1);
  CHECK(deprecated[0].message ==
        "The standalone 'enabled' key usage is deprecated. The correct "
        "approach requires also a 'replace' entry under the 'override' key "
        "(i.e. 'enabled: replace').");

  RulesLoader loader;
  REQUIRE(loader.AddContent("a", kRuleR).successful);
  LoadResult result = loader.AddContent("b", "- rule: r\n  enabled: false\n");
  CHECK(result.successful);
  CHECK_FALSE(loader.compiled()->rules.at(0).enabled);

  Diagnostic no_enabled = OnlyError(Load("- rule: r\n  tags: [a]\n"));
  CHECK(no_enabled.message == "Item has no mapping for key 'enabled'");
}

TEST_CASE("required_engine_version", "[rules][reader]") {
  CHECK(Load("- required_engine_version: 10\n").successful);
  CHECK(Load("- required_engine_version: 62\n").successful);
  CHECK(Load("- required_engine_version: 0.62.0\n").successful);

  Diagnostic newer = OnlyError(Load("- required_engine_version: 63\n"));
  CHECK(newer.code == kValidate);
  CHECK(newer.message ==
        "Rules require engine version 0.63.0, but engine version is 0.62.0");
  CHECK(Describe(newer) ==
        Locs{"rules content 0:0 @0", "required_engine_version 0:2 @2"});

  Diagnostic major = OnlyError(Load("- required_engine_version: 1.0.0\n"));
  CHECK(major.message ==
        "Rules require engine version 1.0.0, but engine version is 0.62.0");

  Diagnostic bad = OnlyError(Load("- required_engine_version: abc\n"));
  CHECK(bad.code == kYamlValidate);
  CHECK(bad.message ==
        "Unable to parse engine version 'abc' as a semver string. Expected "
        "\"x.y.z\" semver format.");

  Diagnostic empty = OnlyError(Load("- required_engine_version:\n"));
  CHECK(empty.message == "Mapping for key 'required_engine_version' is empty");
}

TEST_CASE("required_plugin_versions shape", "[rules][reader]") {
  Diagnostic not_seq = OnlyError(Load("- required_plugin_versions: foo\n"));
  CHECK(not_seq.code == kYamlValidate);
  CHECK(not_seq.message ==
        "Value of required_plugin_versions must be a sequence");
  // The context is the value's node.
  CHECK(Describe(not_seq) ==
        Locs{"rules content 0:0 @0", "required plugin versions 0:28 @28"});

  Diagnostic entry = OnlyError(Load("- required_plugin_versions:\n  - foo\n"));
  CHECK(entry.message == "Plugin version must be a mapping");
  CHECK(Describe(entry).back() == "required plugin versions entry 1:4 @32");

  Diagnostic version = OnlyError(
      Load("- required_plugin_versions:\n  - name: json\n    version: x\n"));
  CHECK(version.code == kValidate);
  CHECK(version.message == "Invalid required version 'x' for plugin 'json'");
  CHECK(Describe(version).back() ==
        "required plugin versions entry 'json' 1:4 @32");

  Diagnostic no_version =
      OnlyError(Load("- required_plugin_versions:\n  - name: json\n"));
  CHECK(no_version.message == "Item has no mapping for key 'version'");

  Diagnostic alt_map = OnlyError(
      Load("- required_plugin_versions:\n  - name: json\n    version: 0.1.0\n"
           "    alternatives: [x]\n"));
  CHECK(alt_map.message == "Plugin version alternative must be a mapping");

  Diagnostic alt_seq = OnlyError(
      Load("- required_plugin_versions:\n  - name: json\n    version: 0.1.0\n"
           "    alternatives: x\n"));
  CHECK(alt_seq.message ==
        "Value of plugin version alternatives must be a sequence");

  Diagnostic twice = OnlyError(
      Load("- required_plugin_versions:\n  - name: json\n    version: 0.1.0\n"
           "    alternatives:\n      - name: json\n        version: 0.2.0\n"));
  CHECK(twice.code == kValidate);
  CHECK(twice.message ==
        "Defined multiple alternative version requirements for plugin "
        "'json'");
}

TEST_CASE("plugin requirements are checked after loading", "[rules][reader]") {
  RulesLoader ok;
  LoadResult loaded = ok.AddContent(
      "f",
      "- required_plugin_versions:\n  - name: cloudtrail\n"
      "    version: 0.10.0\n  - name: json\n    version: 0.7.0\n");
  CHECK(loaded.successful);
  CHECK(ok.PluginRequirementErrors().empty());

  RulesLoader newer;
  // Falco validates the load; the mismatch is reported outside it.
  CHECK(newer
            .AddContent("f",
                        "- required_plugin_versions:\n"
                        "  - name: cloudtrail\n    version: 99.0.0\n")
            .successful);
  CHECK(newer.PluginRequirementErrors() ==
        std::vector<std::string>{
            "Plugin 'cloudtrail' version '0.17.1' is not compatible with "
            "required plugin version '99.0.0'"});

  RulesLoader minor;
  minor.AddContent("f",
                   "- required_plugin_versions:\n"
                   "  - name: json\n    version: 0.8.0\n");
  CHECK(minor.PluginRequirementErrors() ==
        std::vector<std::string>{
            "Plugin 'json' version '0.7.4' is not compatible with required "
            "plugin version '0.8.0'"});

  RulesLoader missing;
  missing.AddContent("f",
                     "- required_plugin_versions:\n  - name: k8saudit\n"
                     "    version: 0.1.0\n    alternatives:\n"
                     "      - name: k8saudit-eks\n        version: 0.2.0\n");
  CHECK(missing.PluginRequirementErrors() ==
        std::vector<std::string>{
            "Plugin requirement not satisfied, must load one of: k8saudit "
            "(>= 0.1.0), k8saudit-eks (>= 0.2.0)"});

  RulesLoader alternative;
  alternative.AddContent("f",
                         "- required_plugin_versions:\n  - name: k8saudit\n"
                         "    version: 0.1.0\n    alternatives:\n"
                         "      - name: json\n        version: 0.7.0\n");
  CHECK(alternative.PluginRequirementErrors().empty());
}

TEST_CASE("unknown items and keys", "[rules][reader]") {
  LoadResult result = Load(
      "- list: l\n  items: []\n  colour: red\n"
      "- something: else\n");
  CHECK(result.successful);
  auto keys = WithCode(result, "LOAD_UNKNOWN_KEY");
  REQUIRE(keys.size() == 1);
  CHECK(keys[0].message == "Unknown key 'colour'. The key will be ignored.");
  CHECK(Describe(keys[0]).back() == "list 'l' 0:2 @2");
  auto items = WithCode(result, "LOAD_UNKNOWN_ITEM");
  REQUIRE(items.size() == 1);
  CHECK(items[0].message == "Unknown top level item");

  LoadResult rule = Load(std::string(kRuleR) + "  prority: INFO\n");
  auto typo = WithCode(rule, "LOAD_UNKNOWN_KEY");
  REQUIRE(typo.size() == 1);
  CHECK(typo[0].message == "Unknown key 'prority'. The key will be ignored.");
}

TEST_CASE("invalid list and macro names", "[rules][reader]") {
  LoadResult result = Load(
      "- list: \"a b\"\n  items: []\n"
      "- macro: 1m\n  condition: ct.name = A\n");
  CHECK(result.successful);
  auto list = WithCode(result, "LOAD_INVALID_LIST_NAME");
  REQUIRE(list.size() == 1);
  CHECK(list[0].message ==
        "List has an invalid name. List names should match a regular "
        "expression: ([^()\"'[:space:]=,]+)");
  auto macro = WithCode(result, "LOAD_INVALID_MACRO_NAME");
  REQUIRE(macro.size() == 1);
  CHECK(macro[0].message ==
        "Macro has an invalid name. Macro names should match a regular "
        "expression: ([a-zA-Z]+[a-zA-Z0-9_]*)");
  CHECK(Describe(macro[0]).back() == "macro '1m' 2:2 @28");
}

TEST_CASE("deprecated append key", "[rules][reader]") {
  LoadResult result = Load(
      "- list: l\n  items: [a]\n- list: l\n  items: [b]\n  append: true\n");
  auto deprecated = WithCode(result, "LOAD_DEPRECATED_ITEM");
  REQUIRE(deprecated.size() == 1);
  CHECK(deprecated[0].message ==
        "'append' key is deprecated. Add an 'append' entry (e.g. "
        "'condition: append') under 'override' instead.");
  CHECK(Describe(deprecated[0]).back() == "list 'l' 2:2 @25");
}

TEST_CASE("override operations", "[rules][reader]") {
  std::string base(kRuleR);

  Diagnostic appended = OnlyError(
      Load(base + "- rule: r\n  priority: DEBUG\n  override:\n    priority: "
                  "append\n"));
  CHECK(appended.code == kYamlValidate);
  CHECK(appended.message ==
        "Key 'priority' cannot be appended to, use 'replace' instead");
  // kRuleR is 99 bytes: the second item's map starts at its "rule", at
  // 101; the overridden key is on line 9.
  CHECK(Describe(appended) == Locs{"rules content 0:0 @0", "rule 'r' 6:2 @101",
                                   "overrides 6:2 @101",
                                   "overrides 'priority' 9:4 @143"});

  Diagnostic replaced = OnlyError(Load(
      base + "- rule: r\n  source: x\n  override:\n    source: replace\n"));
  CHECK(replaced.message == "Key 'source' cannot be replaced");

  Diagnostic bad_op = OnlyError(Load(
      base + "- rule: r\n  condition: x\n  override:\n    condition: merge\n"));
  CHECK(bad_op.message ==
        "Invalid override operation for key 'condition': 'merge'. Allowed "
        "values are: append replace ");
  CHECK(bad_op.context.back().item_type == "value for");
  CHECK(bad_op.context.back().item_name == "condition");

  Diagnostic list_op =
      OnlyError(Load("- list: l\n  items: []\n  override:\n    foo: bar\n"));
  CHECK(list_op.message ==
        "Invalid override operation for key 'foo': 'bar'. Allowed values "
        "are: ");

  Diagnostic both =
      OnlyError(Load("- macro: m\n  condition: x\n  append: true\n  override:\n"
                     "    condition: append\n"));
  CHECK(both.message ==
        "Keys 'override' and 'append: true' cannot be used together. Add an "
        "'append' entry (e.g. 'condition: append') under 'override' "
        "instead.");

  Diagnostic undefined = OnlyError(
      Load(base + "- rule: r\n  tags: [a]\n  override:\n    output: append\n"
                  "    tags: append\n"));
  CHECK(undefined.message ==
        "An append override for 'output' was specified but 'output' is not "
        "defined");

  Diagnostic unexpected =
      OnlyError(Load(base + "- rule: r\n  desc: x\n  tags: [a]\n  override:\n"
                            "    tags: append\n"));
  CHECK(unexpected.message ==
        "Unexpected key 'desc': no corresponding entry under 'override' is "
        "defined.");
  // At the desc value, line 7 column 8.
  CHECK(Describe(unexpected).back() == "overrides 'desc' 7:8 @117");
}

TEST_CASE("append and override need an existing item", "[rules][reader]") {
  Diagnostic list = OnlyError(
      Load("- list: l\n  items: [a]\n  override:\n    items: append\n"));
  CHECK(list.code == kValidate);
  CHECK(list.message ==
        "List uses 'append' or 'override.items: append' but no list by that "
        "name already exists");

  Diagnostic macro =
      OnlyError(Load("- macro: m\n  condition: x\n  append: true\n"));
  CHECK(macro.message ==
        "Macro uses 'append' or 'override.condition: append' but no macro "
        "by that name already exists");

  Diagnostic append = OnlyError(
      Load("- rule: r\n  condition: x\n  override:\n    condition: append\n"));
  CHECK(append.message ==
        "Rule uses 'append' or 'override.<key>: append' but no rule by that "
        "name already exists");

  Diagnostic replace = OnlyError(
      Load("- rule: r\n  condition: x\n  override:\n    condition: replace\n"));
  CHECK(replace.message ==
        "An 'override.<key>: replace' to a rule was requested but no rule by "
        "that name already exists");

  Diagnostic nothing =
      OnlyError(Load(std::string(kRuleR) + "- rule: r\n  append: true\n"));
  CHECK(nothing.message ==
        "Appended rule must have exceptions or condition property");

  // Replacing a list or macro that does not exist defines it.
  LoadResult defined =
      Load("- list: l\n  items: [a]\n  override:\n    items: replace\n");
  CHECK(defined.successful);
}

TEST_CASE("a rule redefined with another source", "[rules][reader]") {
  Diagnostic error = OnlyError(Load(
      std::string(kRuleR) +
      "- rule: r\n  desc: d\n  condition: x\n  output: o\n  priority: INFO\n"));
  CHECK(error.code == kValidate);
  CHECK(error.message == "Rule has been re-defined with a different source");
}

TEST_CASE("unknown sources are warned about and skipped", "[rules][reader]") {
  RulesLoader loader;
  // No source: syscall, which falconet does not know; the condition is not
  // compiled at all.
  LoadResult result = loader.AddContent(
      "f",
      "- rule: r\n  desc: d\n  condition: not valid (\n  output: o\n"
      "  priority: INFO\n");
  CHECK(result.successful);
  auto unknown = WithCode(result, "LOAD_UNKNOWN_SOURCE");
  REQUIRE(unknown.size() == 1);
  CHECK(unknown[0].message == "Unknown source syscall, skipping");
  CHECK(unknown[0].context.back().item_type == "rule");
  REQUIRE(loader.compiled() != nullptr);
  CHECK(loader.compiled()->rules.empty());
  CHECK(loader.compiled()->sets.empty());
}

}  // namespace
}  // namespace falconet::rules

namespace falconet::rules {
namespace {

TEST_CASE("the first error stops the file, warnings before it stay",
          "[rules][reader]") {
  LoadResult result =
      testing::Load("- foo: 1\n- macro: m\n- bar: 2\n---\n- baz: 3\n");
  Diagnostic error = testing::OnlyError(result);
  CHECK(error.message == "Item has no mapping for key 'condition'");
  // Only the item before the error was read.
  REQUIRE(result.warnings.size() == 1);
  CHECK(result.warnings[0].code == "LOAD_UNKNOWN_ITEM");
  CHECK(result.Summary() ==
        "rules.yaml: Invalid\n"
        " 1 errors: [LOAD_ERR_YAML_VALIDATE (Error validating internal "
        "structure of YAML file)]\n"
        " 1 warnings: [LOAD_UNKNOWN_ITEM (Unknown rules file item)]");
}

TEST_CASE("yaml-cpp conversion failures fail the file as in Falco",
          "[rules][reader]") {
  // Falco reads override keys with as<std::string>(); yaml-cpp throws, and
  // the message becomes a LOAD_ERR_VALIDATE placed at the file.
  Diagnostic sequence = testing::OnlyError(
      testing::Load("- macro: m\n  condition: x\n  override: [a]\n"));
  CHECK(sequence.code == "LOAD_ERR_VALIDATE");
  CHECK(sequence.message ==
        "invalid node; this may result from using a map iterator as a "
        "sequence iterator, or vice-versa");
  CHECK(testing::Describe(sequence) ==
        std::vector<std::string>{"rules content 0:0 @0"});

  Diagnostic map = testing::OnlyError(testing::Load(
      "- macro: m\n  condition: x\n  override:\n    condition: [a]\n"));
  CHECK(map.code == "LOAD_ERR_VALIDATE");
  // yaml-cpp prints its mark 1-based.
  CHECK(map.message == "yaml-cpp: error at line 4, column 16: bad conversion");
}

}  // namespace
}  // namespace falconet::rules
