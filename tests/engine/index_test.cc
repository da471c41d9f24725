// The event-name index must not change what matches: for every record, the
// alerts of the indexed evaluator equal those of evaluating every active
// rule in order (RuleSelection::use_event_name_index = false), in the same
// order, with rule_matching first and all.
//
// Records: every record of ../shared/data/cloudtrail, plus synthetic ones
// built to reach each pinned rule (with the event names the rules pin) and
// to stress the lookup (eventName missing, not a string, escaped, empty,
// differently cased, with a NUL).
#include <catch2/catch.hpp>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "falconet/evaluator.h"
#include "falconet/ruleset_builder.h"
#include "test_support.h"

namespace fs = std::filesystem;
using falconet::testing::ReadFile;
using falconet::testing::SharedDir;

namespace falconet {
namespace {

std::shared_ptr<const Ruleset> Load(const std::string& path, RuleMatching mode,
                                    bool enable_all, bool use_index) {
  RulesetBuilder builder;
  LoadResult result = builder.AddFile(path);
  INFO(result.Verbose());
  REQUIRE(result.successful);
  RuleSelection selection;
  selection.matching = mode;
  if (enable_all) selection.enable_names = {"*"};
  selection.use_event_name_index = use_index;
  auto ruleset = builder.Build(selection);
  REQUIRE(ruleset.ok());
  return *ruleset;
}

// One line per alert: the record's evt.num, the rule and its output.
std::vector<std::string> Alerts(const std::shared_ptr<const Ruleset>& ruleset,
                                const std::vector<std::string>& inputs) {
  std::vector<std::string> alerts;
  for (const std::string& input : inputs) {
    Evaluator evaluator(ruleset);
    EvaluatorCallbacks callbacks;
    callbacks.on_alert = [&](const Alert& alert, std::string_view) {
      alerts.push_back(alert.rule + " | " + alert.message);
    };
    evaluator.Evaluate(input, callbacks);
    alerts.push_back("-- end of input");
  }
  return alerts;
}

std::vector<std::string> SharedInputs() {
  std::vector<std::string> inputs;
  for (const auto& entry :
       fs::recursive_directory_iterator(SharedDir() + "/data/cloudtrail")) {
    if (entry.path().extension() == ".json") {
      inputs.push_back(ReadFile(entry.path().string()));
    }
  }
  return inputs;
}

// A record that satisfies as many rule conditions as possible once its
// eventName is set: no error, root user, a successful console login
// without MFA, the root MFA device, an open public access block, a region
// outside every approved list. `name` is raw JSON (any type, or empty for
// no eventName member at all).
std::string Record(std::string_view name, std::string_view source,
                   bool error = false) {
  std::string r =
      R"({"eventVersion":"1.08","eventTime":"2024-05-01T10:00:00Z",)"
      R"("eventType":"AwsApiCall","awsRegion":"xx-none-9",)"
      R"("sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2",)"
      R"("userIdentity":{"type":"Root","userName":"root",)"
      R"("principalId":"123456789012","arn":"arn:aws:iam::123:root",)"
      R"("accountId":"123456789012"},)"
      R"("requestParameters":{"userName":"AWS ROOT USER",)"
      R"("publicAccessBlock":"","bucketName":"b","key":"k",)"
      R"("PublicAccessBlockConfiguration":{"RestrictPublicBuckets":false,)"
      R"("BlockPublicPolicy":false,"BlockPublicAcls":false,)"
      R"("IgnorePublicAcls":false},"policyArn":)"
      R"("arn:aws:iam::aws:policy/AdministratorAccess"},)"
      R"("responseElements":{"ConsoleLogin":"Success"},)"
      R"("additionalEventData":{"MFAUsed":"No"},"readOnly":false,)"
      R"("eventSource":")" +
      std::string(source) + "\"";
  if (!name.empty()) r += ",\"eventName\":" + std::string(name);
  if (error) r += R"(,"errorCode":"AccessDenied")";
  return r + "}";
}

// JSON Lines of synthetic records: for every event name a rule pins, the
// record under each plausible event source, with and without an error;
// then the odd names.
std::string SyntheticInput(const std::vector<std::set<std::string>>& pins) {
  std::set<std::string> names;
  for (const auto& set : pins) names.insert(set.begin(), set.end());
  names.insert({"RunTask", "StartTask", "GetObject", "DescribeInstances"});

  const char* sources[] = {"ec2.amazonaws.com", "ecs.amazonaws.com",
                           "signin.amazonaws.com", "s3.amazonaws.com",
                           "iam.amazonaws.com"};
  std::string out;
  for (const std::string& name : names) {
    for (const char* source : sources) {
      out += Record("\"" + name + "\"", source) + "\n";
      out += Record("\"" + name + "\"", source, true) + "\n";
    }
  }

  const char* odd[] = {
      "",  // no eventName member
      "null",
      "42",
      "true",
      R"({"name":"ConsoleLogin"})",
      R"(["ConsoleLogin"])",
      R"("")",
      R"("Console\u004cogin")",  // ConsoleLogin once unescaped
      R"("consolelogin")",
      R"("ConsoleLogin ")",
      R"("Console\u0000Login")",
      R"("CreateUser\"")",
  };
  for (const char* name : odd) {
    for (const char* source : sources) {
      out += Record(name, source) + "\n";
    }
  }
  return out;
}

void CompareWithAndWithoutIndex(const std::string& rules_path) {
  std::vector<std::string> inputs = SharedInputs();
  REQUIRE(inputs.size() > 30);

  for (bool enable_all : {false, true}) {
    for (RuleMatching mode : {RuleMatching::kFirst, RuleMatching::kAll}) {
      INFO("enable_all=" << enable_all
                         << " matching=" << static_cast<int>(mode));
      auto indexed = Load(rules_path, mode, enable_all, true);
      auto flat = Load(rules_path, mode, enable_all, false);

      // The index must be in play, or the comparison proves nothing.
      std::vector<std::set<std::string>> pins;
      for (const RuleInfo& rule : indexed->rules()) {
        if (rule.active && !rule.event_names.empty()) {
          pins.emplace_back(rule.event_names.begin(), rule.event_names.end());
        }
      }
      CHECK(pins.size() >= 5);

      std::vector<std::string> all = inputs;
      all.push_back(SyntheticInput(pins));
      std::vector<std::string> expected = Alerts(flat, all);
      std::vector<std::string> actual = Alerts(indexed, all);
      CHECK(expected.size() > all.size() + 10);  // some rules fire
      REQUIRE(actual.size() == expected.size());
      for (size_t i = 0; i < expected.size(); ++i) {
        INFO("alert " << i);
        CHECK(actual[i] == expected[i]);
      }
    }
  }
}

TEST_CASE("the index gives the same alerts: upstream rules", "[index]") {
  FALCONET_REQUIRE_SHARED();
  CompareWithAndWithoutIndex(SharedDir() +
                             "/upstream/plugins-cloudtrail/"
                             "aws_cloudtrail_rules.yaml");
}

TEST_CASE("the index gives the same alerts: falconet's rules", "[index]") {
  FALCONET_REQUIRE_SHARED();
  std::string path = FALCONET_SOURCE_DIR "/rules/aws_cloudtrail.yaml";
  if (!fs::exists(path)) {
    WARN("skipped: " << path << " is absent");
    return;
  }
  CompareWithAndWithoutIndex(path);
}

TEST_CASE("the index pins only what a top-level conjunct pins", "[index]") {
  auto pinned = [](std::string_view condition) {
    auto ruleset = Ruleset::FromCondition(condition);
    REQUIRE(ruleset.ok());
    std::vector<std::string> names = (*ruleset)->rules()[0].event_names;
    std::sort(names.begin(), names.end());
    return names;
  };
  using Names = std::vector<std::string>;
  CHECK(pinned("ct.name = A and not ct.error exists") == Names{"A"});
  CHECK(pinned("ct.error exists and ct.name in (B, A)") == Names{"A", "B"});
  CHECK(pinned("aws.eventName = A") == Names{"A"});
  // Nothing else bounds the records a condition can match.
  CHECK(pinned("ct.name = A or ct.error exists").empty());
  CHECK(pinned("not ct.name = A").empty());
  CHECK(pinned("ct.name != A").empty());
  CHECK(pinned("ct.name startswith A").empty());
  CHECK(pinned("tolower(ct.name) = a").empty());
  CHECK(pinned("ct.name = anyof (A, B) and ct.error exists").empty());
  CHECK(pinned("json.value[/eventName] = A").empty());
}

TEST_CASE("the index finds rules by the unescaped event name", "[index]") {
  // `\u004c` is `L`: the record is a ConsoleLogin however it is spelled,
  // and a non-string eventName is the empty string, which pins nothing.
  std::string input =
      R"({"eventTime":"2024-05-01T10:00:00Z","eventType":"AwsApiCall",)"
      R"("eventName":"Console\u004cogin"})"
      "\n"
      R"({"eventTime":"2024-05-01T10:00:00Z","eventType":"AwsApiCall",)"
      R"("eventName":7})";
  auto ruleset = Ruleset::FromCondition("ct.name = ConsoleLogin");
  REQUIRE(ruleset.ok());
  Evaluator evaluator(*ruleset);
  int matches = 0;
  EvaluatorCallbacks callbacks;
  callbacks.on_alert = [&](const Alert&, std::string_view) { ++matches; };
  evaluator.Evaluate(input, callbacks);
  CHECK(matches == 1);

  auto empty = Ruleset::FromCondition("ct.name = \"\"");
  REQUIRE(empty.ok());
  Evaluator evaluator2(*empty);
  matches = 0;
  evaluator2.Evaluate(input, callbacks);
  CHECK(matches == 1);
}

}  // namespace
}  // namespace falconet
