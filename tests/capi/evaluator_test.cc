// Evaluating records through the C ABI: alerts and what they carry, batch
// formats, skipped records, stopping from a callback.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "capi_test_support.h"
#include "falconet.h"

using falconet::capi_testing::CollectedAlert;
using falconet::capi_testing::CollectingOptions;
using falconet::capi_testing::Collector;
using falconet::capi_testing::kRules;
using falconet::capi_testing::Record;

namespace {

// kRules, built with `matching` and optional extra output fields.
falconet_ruleset* Rules(int matching = FALCONET_MATCH_FIRST,
                        std::vector<std::string> extra = {}) {
  falconet_ruleset_options opts = FALCONET_RULESET_OPTIONS_INIT;
  opts.matching = matching;
  falconet_ruleset_builder* b = nullptr;
  REQUIRE(falconet_ruleset_builder_new(&b, &opts) == FALCONET_OK);
  REQUIRE(falconet_ruleset_builder_add_string(b, "rules.yaml", kRules.data(),
                                              kRules.size()) == FALCONET_OK);
  for (const std::string& field : extra) {
    REQUIRE(falconet_ruleset_builder_add_output_field(b, field.c_str()) ==
            FALCONET_OK);
  }
  falconet_ruleset* rules = nullptr;
  REQUIRE(falconet_ruleset_builder_build(&rules, b) == FALCONET_OK);
  falconet_ruleset_builder_free(b);
  return rules;
}

falconet_evaluator* NewEvaluator(const falconet_ruleset* rules) {
  falconet_evaluator_options opts = FALCONET_EVALUATOR_OPTIONS_INIT;
  opts.hostname = "testhost";
  falconet_evaluator* ev = nullptr;
  REQUIRE(falconet_evaluator_new(&ev, rules, &opts) == FALCONET_OK);
  return ev;
}

// Evaluates `data` and returns the call's result; alerts go to `c`.
falconet_eval_result Evaluate(falconet_evaluator* ev, const std::string& data,
                              Collector& c, int expected_rc = FALCONET_OK) {
  falconet_eval_options opts = CollectingOptions(c);
  falconet_eval_result result = FALCONET_EVAL_RESULT_INIT;
  CHECK(falconet_evaluator_evaluate(&result, ev, data.data(), data.size(),
                                    &opts) == expected_rc);
  return result;
}

std::string Field(const CollectedAlert& a, const std::string& name) {
  for (const auto& [key, value] : a.fields) {
    if (key == name) return value;
  }
  return "<absent>";
}

}  // namespace

TEST_CASE("an alert carries what Falco reports", "[capi][evaluate]") {
  falconet_ruleset* rules = Rules();
  falconet_evaluator* ev = NewEvaluator(rules);
  Collector c;
  const std::string record = Record("CreateUser");
  falconet_eval_result result = Evaluate(ev, record, c);

  CHECK(result.records_read == 1);
  CHECK(result.records_evaluated == 1);
  CHECK(result.records_skipped == 0);
  CHECK(result.alerts == 1);
  REQUIRE(c.alerts.size() == 1);
  const CollectedAlert& a = c.alerts[0];
  CHECK(a.rule == "User created");
  CHECK(a.priority == FALCONET_PRIORITY_WARNING);
  CHECK(a.source == "aws_cloudtrail");
  CHECK(a.time == 1722520322000000000ull);  // 2024-08-01T13:52:02Z
  CHECK(a.tags == std::vector<std::string>{"aws", "iam"});
  CHECK(a.output == "User created (by=alice new=bob region=us-east-1)");
  CHECK(a.record == record);

  // The output fields, sorted by name, as text.
  using Fields = std::vector<std::pair<std::string, std::string>>;
  CHECK(a.fields == Fields{{"ct.region", "us-east-1"},
                           {"ct.user", "alice"},
                           {"json.value[/requestParameters/userName]", "bob"}});

  // Falco's JSON alert (json_output: true), with the text's time in UTC
  // (the test runs with TZ=UTC) and the evaluator's hostname.
  CHECK(a.json ==
        "{\"hostname\":\"testhost\",\"output\":\"13:52:02.000000000: Warning "
        "User created (by=alice new=bob region=us-east-1)\","
        "\"output_fields\":{\"ct.region\":\"us-east-1\",\"ct.user\":"
        "\"alice\",\"evt.time\":1722520322000000000,"
        "\"json.value[/requestParameters/userName]\":\"bob\"},"
        "\"priority\":\"Warning\",\"rule\":\"User created\",\"source\":"
        "\"aws_cloudtrail\",\"tags\":[\"aws\",\"iam\"],\"time\":"
        "\"2024-08-01T13:52:02.000000000Z\"}");

  falconet_evaluator_free(ev);
  falconet_ruleset_free(rules);
}

namespace {

// Reads one field by name inside the callback.
int ReadByName(const falconet_alert* alert, void* payload) {
  auto* out = static_cast<std::vector<std::string>*>(payload);
  const char* value = nullptr;
  out->push_back(falconet_alert_field_by_name(&value, alert, "ct.user") ==
                         FALCONET_OK
                     ? value
                     : "?");
  out->push_back(falconet_alert_field_by_name(&value, alert, "ct.nosuch") ==
                         FALCONET_ENOTFOUND
                     ? "not found"
                     : "?");
  const char* name = nullptr;
  out->push_back(falconet_alert_field(&name, &value, alert, 99) ==
                         FALCONET_ENOTFOUND
                     ? "past the end"
                     : "?");
  out->push_back(falconet_alert_tag(alert, 99) == nullptr ? "no tag" : "?");
  return 0;
}

}  // namespace

TEST_CASE("alert fields by name and out of range", "[capi][evaluate]") {
  falconet_ruleset* rules = Rules();
  falconet_evaluator* ev = NewEvaluator(rules);
  std::vector<std::string> seen;
  falconet_eval_options opts = FALCONET_EVAL_OPTIONS_INIT;
  opts.alert_cb = ReadByName;
  opts.payload = &seen;
  const std::string record = Record("CreateUser", "carol");
  REQUIRE(falconet_evaluator_evaluate(nullptr, ev, record.data(), record.size(),
                                      &opts) == FALCONET_OK);
  CHECK(seen == std::vector<std::string>{"carol", "not found", "past the end",
                                         "no tag"});
  falconet_evaluator_free(ev);
  falconet_ruleset_free(rules);
}

TEST_CASE("first match versus all matches", "[capi][evaluate]") {
  for (int matching : {FALCONET_MATCH_FIRST, FALCONET_MATCH_ALL}) {
    falconet_ruleset* rules = Rules(matching);
    falconet_evaluator* ev = NewEvaluator(rules);
    Collector c;
    Evaluate(ev, Record("CreateUser"), c);
    std::vector<std::string> fired;
    for (const CollectedAlert& a : c.alerts) fired.push_back(a.rule);
    if (matching == FALCONET_MATCH_FIRST) {
      CHECK(fired == std::vector<std::string>{"User created"});
    } else {
      CHECK(fired == std::vector<std::string>{"User created", "Any IAM call"});
    }
    falconet_evaluator_free(ev);
    falconet_ruleset_free(rules);
  }
}

TEST_CASE("a Records document and JSON Lines in one call", "[capi][evaluate]") {
  falconet_ruleset* rules = Rules();
  falconet_evaluator* ev = NewEvaluator(rules);

  Collector doc;
  falconet_eval_result r =
      Evaluate(ev,
               "{\"Records\":[" + Record("CreateUser") + "," +
                   Record("ListUsers") + "," + Record("DeleteUser") + "]}",
               doc);
  CHECK(r.records_read == 3);
  CHECK(r.records_evaluated == 3);
  CHECK(r.alerts == 3);
  REQUIRE(doc.alerts.size() == 3);
  CHECK(doc.alerts[0].rule == "User created");
  CHECK(doc.alerts[1].output == "IAM call ListUsers");
  CHECK(doc.alerts[2].output == "IAM call DeleteUser");  // rule 3 disabled

  Collector lines;
  r = Evaluate(ev, Record("ListUsers") + "\n" + Record("GetUser") + "\n",
               lines);
  CHECK(r.records_read == 2);
  REQUIRE(lines.alerts.size() == 2);
  CHECK(lines.alerts[1].output == "IAM call GetUser");

  // An empty buffer is no records.
  Collector none;
  r = Evaluate(ev, "", none);
  CHECK(r.records_read == 0);
  CHECK(falconet_evaluator_evaluate(nullptr, ev, nullptr, 0, nullptr) ==
        FALCONET_OK);

  falconet_evaluator_free(ev);
  falconet_ruleset_free(rules);
}

TEST_CASE("a record that is not JSON is skipped, the rest evaluated",
          "[capi][evaluate]") {
  falconet_ruleset* rules = Rules();
  falconet_evaluator* ev = NewEvaluator(rules);
  Collector c;
  falconet_eval_result r = Evaluate(
      ev, Record("CreateUser") + "\n{broken\n" + Record("GetUser") + "\n", c);
  CHECK(r.records_read == 3);
  CHECK(r.records_evaluated == 2);
  CHECK(r.records_skipped == 1);
  CHECK(r.alerts == 2);
  CHECK(c.skips == std::vector<std::string>{"1 2 invalid JSON"});
  REQUIRE(c.alerts.size() == 2);
  CHECK(c.alerts[1].output == "IAM call GetUser");

  // A record Falco's cloudtrail plugin would not deliver (no eventTime).
  Collector d;
  r = Evaluate(ev, "{\"eventName\":\"GetUser\",\"eventType\":\"AwsApiCall\"}",
               d);
  CHECK(r.records_skipped == 1);
  CHECK(d.alerts.empty());
  REQUIRE(d.skips.size() == 1);

  falconet_evaluator_free(ev);
  falconet_ruleset_free(rules);
}

TEST_CASE("a callback that returns non-zero stops the call",
          "[capi][evaluate]") {
  falconet_ruleset* rules = Rules();
  falconet_evaluator* ev = NewEvaluator(rules);
  Collector c;
  c.stop_after = 1;
  falconet_eval_result r =
      Evaluate(ev, Record("CreateUser") + "\n" + Record("GetUser") + "\n", c,
               FALCONET_EUSER);
  CHECK(c.alerts.size() == 1);
  CHECK(r.records_read == 1);
  CHECK(r.alerts == 1);
  falconet_evaluator_free(ev);
  falconet_ruleset_free(rules);
}

TEST_CASE("evt.num counts over the evaluator's life", "[capi][evaluate]") {
  falconet_ruleset* rules = Rules(FALCONET_MATCH_FIRST, {"evt.num", "ct.id"});
  falconet_evaluator* ev = NewEvaluator(rules);
  Collector c;
  Evaluate(ev, Record("CreateUser") + "\n" + Record("GetUser"), c);
  Evaluate(ev, Record("ListUsers"), c);
  REQUIRE(c.alerts.size() == 3);
  CHECK(Field(c.alerts[0], "evt.num") == "1");
  CHECK(Field(c.alerts[1], "evt.num") == "2");
  CHECK(Field(c.alerts[2], "evt.num") == "3");
  CHECK(Field(c.alerts[2], "ct.id") == "e-ListUsers");
  // Extra fields are in the fields, not in the text.
  CHECK(c.alerts[2].output == "IAM call ListUsers");
  falconet_evaluator_free(ev);
  falconet_ruleset_free(rules);
}

TEST_CASE("a stopped call leaves the evaluator usable", "[capi][evaluate]") {
  falconet_ruleset* rules = Rules(FALCONET_MATCH_FIRST, {"evt.num"});
  falconet_evaluator* ev = NewEvaluator(rules);
  Collector c;
  c.stop_after = 1;
  Evaluate(ev, Record("CreateUser") + "\n" + Record("GetUser"), c,
           FALCONET_EUSER);
  c.stop_after = -1;
  Evaluate(ev, Record("ListUsers"), c);
  REQUIRE(c.alerts.size() == 2);
  CHECK(Field(c.alerts[1], "evt.num") == "2");
  falconet_evaluator_free(ev);
  falconet_ruleset_free(rules);
}

TEST_CASE("an evaluator outlives its ruleset handle", "[capi][evaluate]") {
  falconet_ruleset* rules = Rules();
  falconet_evaluator* ev = NewEvaluator(rules);
  falconet_ruleset_free(rules);
  Collector c;
  Evaluate(ev, Record("CreateUser"), c);
  CHECK(c.alerts.size() == 1);
  falconet_evaluator_free(ev);
}

TEST_CASE("the result struct's version is checked", "[capi][evaluate]") {
  falconet_ruleset* rules = Rules();
  falconet_evaluator* ev = NewEvaluator(rules);
  falconet_eval_result result = FALCONET_EVAL_RESULT_INIT;
  result.version = 0;
  CHECK(falconet_evaluator_evaluate(&result, ev, "{}", 2, nullptr) ==
        FALCONET_EVERSION);
  falconet_eval_options opts = FALCONET_EVAL_OPTIONS_INIT;
  opts.version = 7;
  CHECK(falconet_evaluator_evaluate(nullptr, ev, "{}", 2, &opts) ==
        FALCONET_EVERSION);
  falconet_evaluator_free(ev);
  falconet_ruleset_free(rules);
}

namespace {

struct Reentry {
  falconet_evaluator* ev;
  int inner_rc = 1;
};

int EvaluateAgain(const falconet_alert*, void* payload) {
  auto* r = static_cast<Reentry*>(payload);
  const std::string again = Record("GetUser");
  r->inner_rc = falconet_evaluator_evaluate(nullptr, r->ev, again.data(),
                                            again.size(), nullptr);
  return 0;
}

}  // namespace

TEST_CASE("an evaluator refuses a call while it evaluates",
          "[capi][evaluate]") {
  falconet_ruleset* rules = Rules();
  falconet_evaluator* ev = NewEvaluator(rules);
  Reentry r{ev};
  falconet_eval_options opts = FALCONET_EVAL_OPTIONS_INIT;
  opts.alert_cb = EvaluateAgain;
  opts.payload = &r;
  const std::string record = Record("GetUser");
  CHECK(falconet_evaluator_evaluate(nullptr, ev, record.data(), record.size(),
                                    &opts) == FALCONET_OK);
  CHECK(r.inner_rc == FALCONET_EINVALID);
  // Free again afterwards.
  CHECK(falconet_evaluator_evaluate(nullptr, ev, record.data(), record.size(),
                                    nullptr) == FALCONET_OK);
  falconet_evaluator_free(ev);
  falconet_ruleset_free(rules);
}
