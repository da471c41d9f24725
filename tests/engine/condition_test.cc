// One-line condition tests over small records: every operator, modifier and
// transformer, with missing and wrong-typed values. Expected results come
// from the semantics in falco-rules-language.md sections 1.3-1.7.
#include <catch2/catch.hpp>

#include "engine_test_support.h"

using falconet::testing::CompileError;
using falconet::testing::Matches;
using falconet::testing::Record;

TEST_CASE("equality and inequality on strings", "[condition]") {
  std::string r = Record();
  CHECK(Matches("ct.name = RunInstances", r));
  CHECK(Matches("ct.name == \"RunInstances\"", r));
  CHECK_FALSE(Matches("ct.name = runinstances", r));
  CHECK(Matches("ct.name != StopInstances", r));
  CHECK_FALSE(Matches("ct.name != RunInstances", r));
}

TEST_CASE("every comparison on a missing field is false", "[condition]") {
  std::string r = Record();
  CHECK_FALSE(Matches("ct.error = AccessDenied", r));
  CHECK_FALSE(Matches("ct.error != AccessDenied", r));
  CHECK_FALSE(Matches("ct.error in (AccessDenied)", r));
  CHECK_FALSE(Matches("ct.error contains A", r));
  CHECK_FALSE(Matches("ct.error startswith \"\"", r));
  CHECK_FALSE(Matches("ct.error = anyof (a, b)", r));
  CHECK(Matches("not ct.error = AccessDenied", r));
  CHECK(Matches("not ct.error exists", r));
  CHECK(Matches("ct.error exists", Record(R"("errorCode":"AccessDenied")")));
}

TEST_CASE("an empty string is a value", "[condition]") {
  std::string r = Record(R"("errorCode":"")");
  CHECK(Matches("ct.error exists", r));
  CHECK(Matches("ct.error = \"\"", r));
}

TEST_CASE("string operators", "[condition]") {
  std::string r = Record();
  CHECK(Matches("ct.name contains Inst", r));
  CHECK_FALSE(Matches("ct.name contains inst", r));
  CHECK(Matches("ct.name icontains INST", r));
  CHECK(Matches("ct.name startswith Run", r));
  CHECK(Matches("ct.name startswith \"\"", r));
  CHECK_FALSE(Matches("ct.name startswith Instances", r));
  CHECK(Matches("ct.name endswith Instances", r));
  CHECK_FALSE(Matches("ct.name endswith Run", r));
  CHECK(Matches("ct.name glob 'Run*'", r));
  CHECK(Matches("ct.name glob '?un[A-Z]nstances'", r));
  CHECK_FALSE(Matches("ct.name glob 'run*'", r));
  CHECK(Matches("ct.name iglob 'run*'", r));
  CHECK(Matches("ct.src glob '*.com'", r));
  CHECK(Matches("ct.name regex 'Run(Instances|Tasks)'", r));
  CHECK_FALSE(Matches("ct.name regex 'Run'", r));  // anchored full match
}

// Numeric operators on string fields compare bytes (strcmp), but Falco
// 0.44.1 wants a number on the right.
TEST_CASE("lexicographic comparison on strings", "[condition]") {
  std::string r = Record();
  CHECK(Matches("ct.name > 5", r));  // 'R' > '5'
  CHECK_FALSE(Matches("ct.name < 5", r));
  CHECK(Matches("ct.srcip >= 198", r));  // "198.51.100.7" >= "198"
  CHECK(Matches("ct.srcip < 199", r));
  CHECK_FALSE(Matches("ct.srcip <= 198", r));
  CHECK(CompileError("ct.name > M").find("expected a number value") !=
        std::string::npos);
}

TEST_CASE("in, intersects and pmatch", "[condition]") {
  std::string r = Record(R"("requestParameters":{"key":"var/run/app.pid"})");
  CHECK(Matches("ct.name in (StopInstances, RunInstances)", r));
  CHECK_FALSE(Matches("ct.name in (StopInstances)", r));
  CHECK_FALSE(Matches("ct.name in ()", r));
  CHECK(Matches("ct.name intersects (RunInstances)", r));
  CHECK(Matches("s3.key pmatch (/var/run, /tmp)", r));
  CHECK(Matches("s3.key pmatch (var)", r));
  CHECK_FALSE(Matches("s3.key pmatch (/var/ru)", r));
  CHECK(Matches("s3.key pmatch (/var/*/app.pid)", r));
}

TEST_CASE("modifiers oneof, anyof, allof", "[condition]") {
  std::string r = Record();
  CHECK(Matches("ct.name startswith anyof (Stop, Run)", r));
  CHECK_FALSE(Matches("ct.name startswith anyof (Stop, Terminate)", r));
  CHECK(Matches("ct.name contains oneof (Run, Stop)", r));
  CHECK_FALSE(Matches("ct.name contains oneof (Run, Inst)", r));
  CHECK_FALSE(Matches("ct.name = oneof (RunInstances, RunInstances)", r));
  CHECK(Matches("ct.name contains allof (Run, Inst)", r));
  CHECK_FALSE(Matches("ct.name contains allof (Run, Stop)", r));
  CHECK(Matches("ct.name != allof (StopInstances, Reboot)", r));
}

TEST_CASE("a modifier word with no list is a plain value", "[condition]") {
  std::string r =
      R"({"eventTime":"2024-05-01T10:00:00Z","eventType":"AwsApiCall",)"
      R"("eventName":"oneof"})";
  CHECK(Matches("ct.name = oneof", r));
}

TEST_CASE("numeric fields", "[condition]") {
  std::string r = Record(R"("additionalEventData":{"bytesTransferredIn":10,)"
                         R"("bytesTransferredOut":5})");
  CHECK(Matches("s3.bytes = 15", r));
  CHECK(Matches("s3.bytes > 14", r));
  CHECK(Matches("s3.bytes in (1, 15)", r));
  CHECK_FALSE(Matches("s3.bytes < 15", r));
  CHECK(Matches("evt.num = 1", r));
  CHECK(Matches("evt.num > 0", r));
}

TEST_CASE("transformers", "[condition]") {
  std::string r = Record(R"("requestParameters":{"key":"a/b/Report.PDF",)"
                         R"("bucketName":"YWJj"}})");
  CHECK(Matches("tolower(ct.name) = runinstances", r));
  CHECK(Matches("toupper(ct.name) = RUNINSTANCES", r));
  CHECK(Matches("basename(s3.key) = Report.PDF", r));
  CHECK(Matches("b64(s3.bucket) = abc", r));
  CHECK(Matches("len(ct.name) = 12", r));
  CHECK(Matches("tolower(basename(s3.key)) endswith .pdf", r));
  CHECK(Matches("concat(ct.user, \"@\", ct.region) = alice@us-east-1", r));
  CHECK_FALSE(Matches("tolower(ct.error) = x", r));
}

TEST_CASE("field-to-field comparisons", "[condition]") {
  std::string r = Record(R"("requestParameters":{"userName":"alice"})");
  CHECK(Matches("ct.user = val(ct.request.username)", r));
  CHECK_FALSE(Matches("ct.user != val(ct.request.username)", r));
  CHECK(
      Matches("ct.name startswith val(ct.request.username) or "
              "ct.user = tolower(ct.request.username)",
              r));
  CHECK_FALSE(Matches("ct.user = val(ct.error)", r));
}

TEST_CASE("precedence: not > and > or", "[condition]") {
  std::string r = Record();
  CHECK(
      Matches("ct.name = X or ct.name = RunInstances and ct.user = alice", r));
  CHECK_FALSE(
      Matches("(ct.name = X or ct.name = RunInstances) and "
              "ct.user = bob",
              r));
  CHECK(Matches("not ct.name = X and ct.user = alice", r));
  CHECK(Matches("not not ct.name = RunInstances", r));
}

TEST_CASE("uint64 literals are decimal integers only", "[condition]") {
  CHECK(CompileError("evt.num = 0x10") == "1:1: 0x10 is not a valid number");
  CHECK(CompileError("evt.num = 1.5") == "1:1: 1.5 is not a valid number");
  CHECK(CompileError("evt.num = 10").empty());
}

TEST_CASE("operator and type errors", "[condition]") {
  CHECK(CompileError("ct.name bcontains 41") ==
        "1:1: 'bcontains' operator not supported for string filters");
  CHECK(CompileError("evt.num contains 1") ==
        "1:1: 'contains' operator not supported for numeric filters");
  CHECK(CompileError("ct.foo = 1") ==
        "1:1: filter_check called with nonexistent field ct.foo");
  std::string long_value(256, 'a');
  CHECK(CompileError("ct.name = " + long_value).find("too long") !=
        std::string::npos);
  CHECK(CompileError("ct.name = " + long_value.substr(1)).empty());
}
