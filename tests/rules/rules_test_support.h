// Helpers for the rules tests: load YAML text, find diagnostics, and state
// expected locations compactly.
#ifndef FALCONET_TESTS_RULES_RULES_TEST_SUPPORT_H_
#define FALCONET_TESTS_RULES_RULES_TEST_SUPPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "rules/rules_loader.h"

namespace falconet::rules::testing {

inline constexpr std::string_view kFile = "rules.yaml";

// Loads `yaml` as kFile into a fresh loader.
inline LoadResult Load(std::string_view yaml) {
  RulesLoader loader;
  return loader.AddContent(kFile, yaml);
}

// The diagnostics with `code`, errors and warnings alike.
inline std::vector<Diagnostic> WithCode(const LoadResult& result,
                                        std::string_view code) {
  std::vector<Diagnostic> out;
  for (const auto* list : {&result.errors, &result.warnings}) {
    for (const Diagnostic& d : *list) {
      if (d.code == code) out.push_back(d);
    }
  }
  return out;
}

// The only error of a failed load.
inline Diagnostic OnlyError(const LoadResult& result) {
  INFO(result.Verbose());
  REQUIRE_FALSE(result.successful);
  REQUIRE(result.errors.size() == 1);
  return result.errors[0];
}

// "type 'name' line:column @offset" for compact comparisons.
inline std::string Describe(const Location& loc) {
  std::string out = loc.item_type;
  if (!loc.item_name.empty()) out += " '" + loc.item_name + "'";
  out += " " + std::to_string(loc.line) + ":" + std::to_string(loc.column) +
         " @" + std::to_string(loc.offset);
  return out;
}

inline std::vector<std::string> Describe(const Diagnostic& d) {
  std::vector<std::string> out;
  for (const Location& loc : d.context) out.push_back(Describe(loc));
  return out;
}

}  // namespace falconet::rules::testing

#endif  // FALCONET_TESTS_RULES_RULES_TEST_SUPPORT_H_
