// One-line condition tests: compile a condition, run it over one record.
#ifndef FALCONET_TESTS_ENGINE_ENGINE_TEST_SUPPORT_H_
#define FALCONET_TESTS_ENGINE_ENGINE_TEST_SUPPORT_H_

#include <string>
#include <string_view>

#include "falconet/evaluator.h"

namespace falconet::testing {

// A minimal delivered record; `extra` is spliced in as more members.
inline std::string Record(std::string_view extra = "") {
  std::string r =
      R"({"eventVersion":"1.08","eventTime":"2024-05-01T10:00:00Z",)"
      R"("eventType":"AwsApiCall","eventSource":"ec2.amazonaws.com",)"
      R"("eventName":"RunInstances","awsRegion":"us-east-1",)"
      R"("sourceIPAddress":"198.51.100.7",)"
      R"("userIdentity":{"type":"IAMUser","userName":"alice",)"
      R"("accountId":"123456789012"})";
  if (!extra.empty()) r += "," + std::string(extra);
  return r + "}";
}

// How many records of `input` match `condition`. Fails the test when the
// condition does not compile.
inline int CountMatches(std::string_view condition, std::string_view input) {
  auto ruleset = Ruleset::FromCondition(condition);
  if (!ruleset.ok()) {
    FAIL_CHECK("condition failed to compile: " << ruleset.status().message());
    return -1;
  }
  Evaluator evaluator(*ruleset);
  int matches = 0;
  EvaluatorCallbacks callbacks;
  callbacks.on_alert = [&](const Alert&, std::string_view) { ++matches; };
  evaluator.Evaluate(input, callbacks);
  return matches;
}

inline bool Matches(std::string_view condition, std::string_view record) {
  return CountMatches(condition, record) == 1;
}

// The compile error of `condition` ("line:column: message"), or "".
inline std::string CompileError(std::string_view condition) {
  auto ruleset = Ruleset::FromCondition(condition);
  return ruleset.ok() ? "" : std::string(ruleset.status().message());
}

}  // namespace falconet::testing

#endif  // FALCONET_TESTS_ENGINE_ENGINE_TEST_SUPPORT_H_
