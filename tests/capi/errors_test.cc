// The C ABI's conventions: versions, return codes, the last error, NULL
// arguments and options versions.
#include <catch2/catch.hpp>
#include <cstring>
#include <string>
#include <thread>

#include "capi_test_support.h"
#include "falconet.h"

TEST_CASE("version macros and falconet_version agree", "[capi]") {
  int major = -1, minor = -1, patch = -1;
  std::string text = falconet_version(&major, &minor, &patch);
  CHECK(major == FALCONET_VERSION_MAJOR);
  CHECK(minor == FALCONET_VERSION_MINOR);
  CHECK(patch == FALCONET_VERSION_PATCH);
  CHECK(text == FALCONET_VERSION_STRING);
  CHECK(text == std::to_string(major) + "." + std::to_string(minor) + "." +
                    std::to_string(patch));
  CHECK(std::string(falconet_version(nullptr, nullptr, nullptr)) == text);
  CHECK(FALCONET_VERSION_NUMBER == (major << 16 | minor << 8 | patch));
  CHECK(FALCONET_VERSION_CHECK(0, 0, 1));
  CHECK_FALSE(FALCONET_VERSION_CHECK(FALCONET_VERSION_MAJOR + 1, 0, 0));
}

TEST_CASE("freeing NULL is a no-op", "[capi]") {
  falconet_ruleset_free(nullptr);
  falconet_ruleset_builder_free(nullptr);
  falconet_evaluator_free(nullptr);
  falconet_field_list_free(nullptr);
  SUCCEED();
}

TEST_CASE("NULL arguments return FALCONET_EINVALID and say which", "[capi]") {
  falconet_error_clear();
  CHECK(std::string(falconet_error_last()).empty());

  CHECK(falconet_ruleset_load_file(nullptr, "x.yaml", nullptr) ==
        FALCONET_EINVALID);
  CHECK(std::string(falconet_error_last()) ==
        "falconet_ruleset_load_file: out is NULL");

  falconet_ruleset* rules = reinterpret_cast<falconet_ruleset*>(1);
  CHECK(falconet_ruleset_load_file(&rules, nullptr, nullptr) ==
        FALCONET_EINVALID);
  CHECK(rules == nullptr);
  CHECK(std::string(falconet_error_last()) ==
        "falconet_ruleset_builder_add_file: path is NULL");

  falconet_evaluator* ev = nullptr;
  CHECK(falconet_evaluator_new(&ev, nullptr, nullptr) == FALCONET_EINVALID);
  CHECK(falconet_evaluator_evaluate(nullptr, nullptr, "{}", 2, nullptr) ==
        FALCONET_EINVALID);
  CHECK(falconet_ruleset_builder_add_file(nullptr, "x") == FALCONET_EINVALID);
  CHECK(falconet_ruleset_builder_enable_rules(nullptr, "x") ==
        FALCONET_EINVALID);
  CHECK(falconet_ruleset_builder_build(nullptr, nullptr) == FALCONET_EINVALID);
  CHECK(falconet_field_list_new(nullptr, "aws_cloudtrail") ==
        FALCONET_EINVALID);

  // Accessors answer NULL or 0 rather than crash.
  CHECK(falconet_alert_rule(nullptr) == nullptr);
  CHECK(falconet_alert_priority(nullptr) == FALCONET_EINVALID);
  CHECK(falconet_alert_time(nullptr) == 0);
  CHECK(falconet_alert_tag(nullptr, 0) == nullptr);
  CHECK(falconet_ruleset_rule_count(nullptr) == 0);
  CHECK(falconet_ruleset_rule_name(nullptr, 0) == nullptr);
  CHECK(falconet_field_list_name(nullptr, 0) == nullptr);
  const char* text = "unchanged";
  CHECK(falconet_alert_json(&text, nullptr, nullptr) == FALCONET_EINVALID);
  CHECK(text == nullptr);
}

TEST_CASE("the last error is kept per thread", "[capi]") {
  falconet_ruleset* rules = nullptr;
  CHECK(falconet_ruleset_load_file(&rules, nullptr, nullptr) < 0);
  std::string mine = falconet_error_last();
  REQUIRE_FALSE(mine.empty());

  std::string other = "not run";
  std::thread t([&] {
    other = falconet_error_last();  // nothing failed on this thread
    falconet_field_list* list = nullptr;
    falconet_field_list_new(&list, "no_such_source");
  });
  t.join();
  CHECK(other.empty());
  CHECK(std::string(falconet_error_last()) == mine);

  // Successful calls leave the message alone; clear forgets it.
  falconet_field_list* list = nullptr;
  REQUIRE(falconet_field_list_new(&list, "aws_cloudtrail") == FALCONET_OK);
  falconet_field_list_free(list);
  CHECK(std::string(falconet_error_last()) == mine);
  falconet_error_clear();
  CHECK(std::string(falconet_error_last()).empty());
}

TEST_CASE("error names", "[capi]") {
  CHECK(std::string(falconet_error_name(FALCONET_OK)) == "FALCONET_OK");
  CHECK(std::string(falconet_error_name(FALCONET_ELOAD)) == "FALCONET_ELOAD");
  CHECK(std::string(falconet_error_name(FALCONET_EUSER)) == "FALCONET_EUSER");
  CHECK(std::string(falconet_error_name(-1000)) == "FALCONET_ERROR");
}

TEST_CASE("priority names are Falco's", "[capi]") {
  const char* expected[] = {"Emergency", "Alert",  "Critical",      "Error",
                            "Warning",   "Notice", "Informational", "Debug"};
  for (int p = 0; p <= 7; ++p) {
    CHECK(std::string(falconet_priority_name(p)) == expected[p]);
  }
  CHECK(falconet_priority_name(-1) == nullptr);
  CHECK(falconet_priority_name(8) == nullptr);
}

TEST_CASE("options structs: _INIT, _init() and version checks", "[capi]") {
  falconet_ruleset_options from_macro = FALCONET_RULESET_OPTIONS_INIT;
  falconet_ruleset_options from_function;
  std::memset(&from_function, 0xff, sizeof(from_function));
  REQUIRE(falconet_ruleset_options_init(
              &from_function, FALCONET_RULESET_OPTIONS_VERSION) == FALCONET_OK);
  CHECK(from_function.version == from_macro.version);
  CHECK(from_function.diagnostic_cb == nullptr);
  CHECK(from_function.payload == nullptr);
  CHECK(from_function.matching == FALCONET_MATCH_FIRST);
  CHECK(from_function.min_priority == FALCONET_PRIORITY_DEBUG);

  CHECK(falconet_ruleset_options_init(&from_function, 0) == FALCONET_EVERSION);
  CHECK(falconet_ruleset_options_init(&from_function, 99) == FALCONET_EVERSION);
  CHECK(std::string(falconet_error_last()).find("options version 99") !=
        std::string::npos);

  falconet_eval_options eval;
  CHECK(falconet_eval_options_init(&eval, FALCONET_EVAL_OPTIONS_VERSION) ==
        FALCONET_OK);
  CHECK(eval.alert_cb == nullptr);
  falconet_evaluator_options evo;
  CHECK(falconet_evaluator_options_init(
            &evo, FALCONET_EVALUATOR_OPTIONS_VERSION) == FALCONET_OK);
  CHECK(evo.hostname == nullptr);

  // A struct with a version this library does not know is refused.
  falconet_ruleset_options bad = FALCONET_RULESET_OPTIONS_INIT;
  bad.version = 2;
  falconet_ruleset* rules = nullptr;
  CHECK(falconet_ruleset_load_string(&rules, "r", "[]", 2, &bad) ==
        FALCONET_EVERSION);
  bad = FALCONET_RULESET_OPTIONS_INIT;
  bad.min_priority = 8;
  CHECK(falconet_ruleset_load_string(&rules, "r", "[]", 2, &bad) ==
        FALCONET_EINVALID);
  bad.min_priority = FALCONET_PRIORITY_DEBUG;
  bad.matching = 2;
  CHECK(falconet_ruleset_load_string(&rules, "r", "[]", 2, &bad) ==
        FALCONET_EINVALID);
  CHECK(rules == nullptr);
}
