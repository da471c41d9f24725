// falconet's default rules (rules/aws_cloudtrail.yaml): they load cleanly,
// their rule tests pass through the runner `falconet test` uses, and the
// App Runner image rule finds the one successful deployment of the shared
// incident.
#include <cctype>
#include <map>
#include <string>

#include "falconet/evaluator.h"
#include "falconet/ruleset_builder.h"
#include "test_support.h"

// The runner belongs to the command-line tool, not to a library: compile it
// into this test so that the test runs exactly what `falconet test` runs.
#include "rule_test.h"

namespace falconet {
namespace {

const std::string kRules = FALCONET_SOURCE_DIR "/rules/aws_cloudtrail.yaml";
const std::string kTests =
    FALCONET_SOURCE_DIR "/rules/tests/aws_cloudtrail_tests.yaml";
constexpr char kImageRule[] =
    "App Runner Service Created from Image Repository";

std::shared_ptr<const Ruleset> BuildDefaultRules(RuleMatching matching) {
  RulesetBuilder builder;
  LoadResult result = builder.AddFile(kRules);
  INFO(result.Verbose());
  REQUIRE(result.successful);
  RuleSelection selection;
  selection.matching = matching;
  absl::StatusOr<std::shared_ptr<const Ruleset>> ruleset =
      builder.Build(selection);
  REQUIRE(ruleset.ok());
  return *ruleset;
}

TEST_CASE("default rules load with no error and no warning") {
  RulesetBuilder builder;
  LoadResult result = builder.AddFile(kRules);
  INFO(result.Verbose());
  CHECK(result.successful);
  CHECK(result.errors.empty());
  CHECK(result.warnings.empty());
  CHECK(builder.PluginRequirementErrors().empty());
}

TEST_CASE("every default rule is described, tagged and exercised") {
  std::shared_ptr<const Ruleset> ruleset =
      BuildDefaultRules(RuleMatching::kFirst);
  REQUIRE(ruleset->rules().size() >= 16);

  absl::StatusOr<std::vector<cli::RuleTestCase>> cases =
      cli::ReadRuleTestFile(kTests);
  REQUIRE(cases.ok());
  std::map<std::string, int> must_fire, must_not_fire;
  for (const cli::RuleTestCase& c : *cases) {
    if (!c.records_file.empty()) continue;  // count only inline records
    for (const auto& e : c.must_fire) ++must_fire[e.rule];
    for (const auto& e : c.must_not_fire) ++must_not_fire[e.rule];
  }

  for (const RuleInfo& rule : ruleset->rules()) {
    INFO(rule.name);
    CHECK(rule.source == "aws_cloudtrail");
    CHECK(rule.enabled);
    CHECK_FALSE(rule.description.empty());
    CHECK(rule.condition.find("not ct.error exists") != std::string::npos);
    for (const char* field : {"%ct.user ", "%ct.user.arn", "%ct.srcip",
                              "%ct.recipientaccountid", "%ct.region"}) {
      CHECK(rule.output.find(field) != std::string::npos);
    }
    bool tactic = false, technique = false;
    for (const std::string& tag : rule.tags) {
      tactic |= tag.rfind("mitre_", 0) == 0;
      technique |= tag.size() >= 5 && tag[0] == 'T' &&
                   std::isdigit(static_cast<unsigned char>(tag[1]));
    }
    CHECK(tactic);
    CHECK(technique);
    CHECK(must_fire[rule.name] >= 1);
    CHECK(must_not_fire[rule.name] >= 1);
  }
}

TEST_CASE("the default rules pass their rule tests") {
  absl::StatusOr<std::vector<cli::RuleTestCase>> cases =
      cli::ReadRuleTestFile(kTests);
  INFO(cases.status().message());
  REQUIRE(cases.ok());
  REQUIRE(cases->size() >= 32);

  cli::RuleTestRunner runner;
  for (const cli::RuleTestCase& c : *cases) {
    INFO(c.file << ":" << c.line << ": " << c.name);
    absl::StatusOr<cli::CaseResult> result = runner.Run(c);
    INFO(result.status().message());
    REQUIRE(result.ok());
    INFO(result->detail);
    if (result->outcome == cli::CaseOutcome::kSkipped) {
      CHECK(testing::SharedDir().empty());
    } else {
      CHECK(result->outcome == cli::CaseOutcome::kPassed);
    }
  }
}

TEST_CASE("the runner reports rules that fire against expectations") {
  // A case that must fail: the refused call is expected to fire.
  cli::RuleTestCase c;
  c.name = "inverted";
  c.file = "inline";
  c.rules_files = {kRules};
  c.records = R"({"eventTime":"2024-05-01T10:00:00Z","eventType":)"
              R"("AwsApiCall","eventSource":"cloudtrail.amazonaws.com",)"
              R"("eventName":"StopLogging","awsRegion":"eu-west-1",)"
              R"("sourceIPAddress":"198.51.100.7","requestParameters":)"
              R"({"name":"t"},"userIdentity":{"type":"IAMUser",)"
              R"("userName":"alice","accountId":"111122223333"}})";
  c.must_not_fire = {{"CloudTrail Logging Stopped", std::nullopt, 1}};
  c.must_fire = {{"CloudTrail Trail Deleted", std::nullopt, 1}};

  cli::RuleTestRunner runner;
  absl::StatusOr<cli::CaseResult> result = runner.Run(c);
  REQUIRE(result.ok());
  CHECK(result->outcome == cli::CaseOutcome::kFailed);
  CHECK(result->detail ==
        "did not fire: CloudTrail Trail Deleted; "
        "must not fire: CloudTrail Logging Stopped (fired 1 time); "
        "fired: CloudTrail Logging Stopped x1");

  c.must_fire = {{"No Such Rule", std::nullopt, 7}};
  result = runner.Run(c);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().message() ==
        "inline:7: no rule 'No Such Rule' in the rules files");
}

TEST_CASE("the App Runner image rule fires once on the shared incident") {
  FALCONET_REQUIRE_SHARED();
  std::string incident = testing::ReadFile(
      testing::SharedDir() + "/data/cloudtrail/apprunner_incident.json");
  REQUIRE_FALSE(incident.empty());

  Evaluator evaluator(BuildDefaultRules(RuleMatching::kAll));
  std::vector<std::string> event_ids;
  EvaluatorCallbacks callbacks;
  callbacks.on_alert = [&](const Alert& alert, std::string_view record) {
    if (alert.rule != kImageRule) return;
    auto json = nlohmann::json::parse(record);
    event_ids.push_back(json.value("eventID", ""));
    CHECK(alert.priority == 5);  // Notice
    // Values read off the record by hand.
    for (const char* part :
         {"(user=alejandro.villanueva ", " src_ip=90.167.195.62 ",
          " account=845151661675 region=eu-west-1 service=payments-api ",
          " image=845151661675.dkr.ecr.eu-west-1.amazonaws.com/"
          "payments-api:1.4.2 repository_type=ECR)"}) {
      CHECK(alert.message.find(part) != std::string::npos);
    }
  };
  evaluator.Evaluate(incident, callbacks);

  // The successful CreateService, not the refused one (6c0f7a0e-...).
  REQUIRE(event_ids.size() == 1);
  CHECK(event_ids[0] == "ee1a60aa-c013-4643-9597-8334549606d3");
}

}  // namespace
}  // namespace falconet
