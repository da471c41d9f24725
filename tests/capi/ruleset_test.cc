// Loading rules through the C ABI: files and strings, diagnostics, rule
// selection and the builder's rules of use.
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "capi_test_support.h"
#include "falconet.h"

using falconet::capi_testing::CollectDiagnostic;
using falconet::capi_testing::CollectedDiagnostic;
using falconet::capi_testing::kRules;

namespace {

falconet_ruleset_options WithDiagnostics(
    std::vector<CollectedDiagnostic>& out) {
  falconet_ruleset_options opts = FALCONET_RULESET_OPTIONS_INIT;
  opts.diagnostic_cb = CollectDiagnostic;
  opts.payload = &out;
  return opts;
}

// The names of the active rules of `rules`, in evaluation order.
std::vector<std::string> ActiveRules(const falconet_ruleset* rules) {
  std::vector<std::string> names;
  for (size_t i = 0; i < falconet_ruleset_rule_count(rules); ++i) {
    if (falconet_ruleset_rule_active(rules, i) == 1) {
      names.push_back(falconet_ruleset_rule_name(rules, i));
    }
  }
  return names;
}

// Builds kRules with the selection `select` applies to the builder.
template <typename Select>
std::vector<std::string> Selected(Select select,
                                  int min_priority = FALCONET_PRIORITY_DEBUG) {
  falconet_ruleset_options opts = FALCONET_RULESET_OPTIONS_INIT;
  opts.min_priority = min_priority;
  falconet_ruleset_builder* b = nullptr;
  REQUIRE(falconet_ruleset_builder_new(&b, &opts) == FALCONET_OK);
  REQUIRE(falconet_ruleset_builder_add_string(b, "rules.yaml", kRules.data(),
                                              kRules.size()) == FALCONET_OK);
  select(b);
  falconet_ruleset* rules = nullptr;
  REQUIRE(falconet_ruleset_builder_build(&rules, b) == FALCONET_OK);
  falconet_ruleset_builder_free(b);
  std::vector<std::string> names = ActiveRules(rules);
  falconet_ruleset_free(rules);
  return names;
}

}  // namespace

TEST_CASE("rules load from a string, in file order", "[capi][ruleset]") {
  std::vector<CollectedDiagnostic> diagnostics;
  falconet_ruleset_options opts = WithDiagnostics(diagnostics);
  falconet_ruleset* rules = nullptr;
  REQUIRE(falconet_ruleset_load_string(&rules, "rules.yaml", kRules.data(),
                                       kRules.size(), &opts) == FALCONET_OK);
  CHECK(diagnostics.empty());

  REQUIRE(falconet_ruleset_rule_count(rules) == 3);
  CHECK(std::string(falconet_ruleset_rule_name(rules, 0)) == "User created");
  CHECK(std::string(falconet_ruleset_rule_name(rules, 1)) == "Any IAM call");
  CHECK(std::string(falconet_ruleset_rule_name(rules, 2)) == "User deleted");
  CHECK(std::string(falconet_ruleset_rule_source(rules, 0)) ==
        "aws_cloudtrail");
  CHECK(falconet_ruleset_rule_priority(rules, 0) == FALCONET_PRIORITY_WARNING);
  CHECK(falconet_ruleset_rule_priority(rules, 1) ==
        FALCONET_PRIORITY_INFORMATIONAL);
  CHECK(falconet_ruleset_rule_priority(rules, 2) == FALCONET_PRIORITY_ERROR);
  CHECK(falconet_ruleset_rule_active(rules, 0) == 1);
  CHECK(falconet_ruleset_rule_active(rules, 2) == 0);  // enabled: false

  CHECK(falconet_ruleset_rule_name(rules, 3) == nullptr);
  CHECK(falconet_ruleset_rule_priority(rules, 3) == FALCONET_ENOTFOUND);
  CHECK(falconet_ruleset_rule_active(rules, 3) == FALCONET_ENOTFOUND);
  falconet_ruleset_free(rules);
}

TEST_CASE("rules load from a file", "[capi][ruleset]") {
  const std::string path = "capi_ruleset_test_rules.yaml";
  std::ofstream(path) << kRules;
  falconet_ruleset* rules = nullptr;
  REQUIRE(falconet_ruleset_load_file(&rules, path.c_str(), nullptr) ==
          FALCONET_OK);
  CHECK(falconet_ruleset_rule_count(rules) == 3);
  falconet_ruleset_free(rules);
  std::remove(path.c_str());
}

TEST_CASE("a missing file is a load error with a diagnostic",
          "[capi][ruleset]") {
  std::vector<CollectedDiagnostic> diagnostics;
  falconet_ruleset_options opts = WithDiagnostics(diagnostics);
  falconet_ruleset* rules = reinterpret_cast<falconet_ruleset*>(1);
  CHECK(falconet_ruleset_load_file(&rules, "/nonexistent/rules.yaml", &opts) ==
        FALCONET_ELOAD);
  CHECK(rules == nullptr);
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].severity == FALCONET_SEVERITY_ERROR);
  CHECK(diagnostics[0].code == "LOAD_ERR_FILE_READ");
  CHECK(diagnostics[0].file == "/nonexistent/rules.yaml");
  CHECK(std::string(falconet_error_last()).find("LOAD_ERR_FILE_READ") !=
        std::string::npos);
}

TEST_CASE("a bad condition: error, position, no handle", "[capi][ruleset]") {
  // The condition's text starts on line 3, column 14 (after two blanks and
  // "condition: "); the unknown field is its first token.
  const std::string text =
      "- rule: Broken\n"
      "  desc: d\n"
      "  condition: ct.nosuch = x\n"
      "  output: o\n"
      "  priority: INFO\n"
      "  source: aws_cloudtrail\n";
  std::vector<CollectedDiagnostic> diagnostics;
  falconet_ruleset_options opts = WithDiagnostics(diagnostics);
  falconet_ruleset* rules = reinterpret_cast<falconet_ruleset*>(1);
  CHECK(falconet_ruleset_load_string(&rules, "broken.yaml", text.data(),
                                     text.size(), &opts) == FALCONET_ELOAD);
  CHECK(rules == nullptr);

  REQUIRE(diagnostics.size() == 1);
  const CollectedDiagnostic& d = diagnostics[0];
  CHECK(d.severity == FALCONET_SEVERITY_ERROR);
  CHECK(d.code == "LOAD_ERR_COMPILE_CONDITION");
  CHECK(d.text == "Error compiling condition");
  CHECK(d.message == "filter_check called with nonexistent field ct.nosuch");
  CHECK(d.file == "broken.yaml");
  CHECK(d.line == 3);
  CHECK(d.column == 14);
  CHECK(d.item_type == "condition expression");
  CHECK(d.snippet.find("ct.nosuch = x") != std::string::npos);
  CHECK(std::string(falconet_error_last()) ==
        "broken.yaml: Invalid: LOAD_ERR_COMPILE_CONDITION (Error compiling "
        "condition): filter_check called with nonexistent field ct.nosuch");
}

TEST_CASE("a YAML item error is reported 1-based", "[capi][ruleset]") {
  // The rule item starts on line 3, column 3 (after "- "), and has no
  // condition.
  const std::string text =
      "- list: l\n"
      "  items: [a]\n"
      "- rule: r\n"
      "  desc: d\n";
  std::vector<CollectedDiagnostic> diagnostics;
  falconet_ruleset_options opts = WithDiagnostics(diagnostics);
  falconet_ruleset* rules = nullptr;
  CHECK(falconet_ruleset_load_string(&rules, "items.yaml", text.data(),
                                     text.size(), &opts) == FALCONET_ELOAD);
  REQUIRE_FALSE(diagnostics.empty());
  const CollectedDiagnostic& d = diagnostics[0];
  CHECK(d.severity == FALCONET_SEVERITY_ERROR);
  CHECK(d.item_type == "rule");
  CHECK(d.item_name == "r");
  CHECK(d.line == 3);
  CHECK(d.column == 3);
}

TEST_CASE("warnings are reported and do not fail", "[capi][ruleset]") {
  const std::string text = kRules +
                           "- macro: never_used\n"
                           "  condition: ct.name = X\n";
  std::vector<CollectedDiagnostic> diagnostics;
  falconet_ruleset_options opts = WithDiagnostics(diagnostics);
  falconet_ruleset* rules = nullptr;
  REQUIRE(falconet_ruleset_load_string(&rules, "warn.yaml", text.data(),
                                       text.size(), &opts) == FALCONET_OK);
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].severity == FALCONET_SEVERITY_WARNING);
  CHECK(diagnostics[0].code == "LOAD_UNUSED_MACRO");
  CHECK(diagnostics[0].item_type == "macro");
  CHECK(diagnostics[0].item_name == "never_used");
  falconet_ruleset_free(rules);
}

TEST_CASE("later files append to earlier ones", "[capi][ruleset]") {
  const std::string more =
      "- rule: Any IAM call\n"
      "  condition: and ct.user = alice\n"
      "  override:\n"
      "    condition: append\n";
  falconet_ruleset_builder* b = nullptr;
  REQUIRE(falconet_ruleset_builder_new(&b, nullptr) == FALCONET_OK);
  REQUIRE(falconet_ruleset_builder_add_string(b, "a.yaml", kRules.data(),
                                              kRules.size()) == FALCONET_OK);
  REQUIRE(falconet_ruleset_builder_add_string(b, "b.yaml", more.data(),
                                              more.size()) == FALCONET_OK);
  falconet_ruleset* rules = nullptr;
  REQUIRE(falconet_ruleset_builder_build(&rules, b) == FALCONET_OK);
  CHECK(falconet_ruleset_rule_count(rules) == 3);

  // A builder builds once.
  falconet_ruleset* again = nullptr;
  CHECK(falconet_ruleset_builder_build(&again, b) == FALCONET_EINVALID);
  CHECK(again == nullptr);
  CHECK(falconet_ruleset_builder_add_string(b, "c.yaml", "[]", 2) ==
        FALCONET_EINVALID);
  falconet_ruleset_builder_free(b);
  falconet_ruleset_free(rules);
}

TEST_CASE("a failed file stops the build", "[capi][ruleset]") {
  falconet_ruleset_builder* b = nullptr;
  REQUIRE(falconet_ruleset_builder_new(&b, nullptr) == FALCONET_OK);
  REQUIRE(falconet_ruleset_builder_add_string(b, "a.yaml", kRules.data(),
                                              kRules.size()) == FALCONET_OK);
  const std::string bad = "- rule: x\n  condition: (\n";
  CHECK(falconet_ruleset_builder_add_string(b, "bad.yaml", bad.data(),
                                            bad.size()) == FALCONET_ELOAD);
  falconet_ruleset* rules = reinterpret_cast<falconet_ruleset*>(1);
  CHECK(falconet_ruleset_builder_build(&rules, b) == FALCONET_ELOAD);
  CHECK(rules == nullptr);
  falconet_ruleset_builder_free(b);
}

TEST_CASE("rule selection by name, wildcard, tag and priority",
          "[capi][ruleset]") {
  using V = std::vector<std::string>;
  CHECK(Selected([](auto*) {}) == V{"User created", "Any IAM call"});
  CHECK(Selected([](falconet_ruleset_builder* b) {
          falconet_ruleset_builder_disable_rules(b, "Any IAM call");
        }) == V{"User created"});
  CHECK(Selected([](falconet_ruleset_builder* b) {
          falconet_ruleset_builder_disable_rules(b, "User *");
        }) == V{"Any IAM call"});
  // An explicit enable turns on a rule disabled in its file.
  CHECK(Selected([](falconet_ruleset_builder* b) {
          falconet_ruleset_builder_enable_rules(b, "*deleted");
        }) == V{"User created", "Any IAM call", "User deleted"});
  CHECK(Selected([](falconet_ruleset_builder* b) {
          falconet_ruleset_builder_disable_tag(b, "aws");
        }) == V{"Any IAM call"});
  // Disables win over enables, whatever the order of the calls.
  CHECK(Selected([](falconet_ruleset_builder* b) {
          falconet_ruleset_builder_disable_tag(b, "iam");
          falconet_ruleset_builder_enable_rules(b, "*");
        }) == V{"User deleted"});
  CHECK(Selected([](falconet_ruleset_builder* b) {
          falconet_ruleset_builder_disable_rules(b, "*");
          falconet_ruleset_builder_enable_tag(b, "iam");
        }) == V{});
  CHECK(Selected([](auto*) {}, FALCONET_PRIORITY_WARNING) == V{"User created"});
}

TEST_CASE("an unknown extra output field fails the build", "[capi][ruleset]") {
  falconet_ruleset_builder* b = nullptr;
  REQUIRE(falconet_ruleset_builder_new(&b, nullptr) == FALCONET_OK);
  REQUIRE(falconet_ruleset_builder_add_string(b, "a.yaml", kRules.data(),
                                              kRules.size()) == FALCONET_OK);
  REQUIRE(falconet_ruleset_builder_add_output_field(b, "ct.nosuch") ==
          FALCONET_OK);
  falconet_ruleset* rules = nullptr;
  CHECK(falconet_ruleset_builder_build(&rules, b) == FALCONET_ELOAD);
  CHECK(rules == nullptr);
  CHECK_FALSE(std::string(falconet_error_last()).empty());
  falconet_ruleset_builder_free(b);
}
