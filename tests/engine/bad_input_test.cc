// Bad input never stops evaluation (issue #2, "Bad input"): a record that
// cannot be evaluated is skipped, counted under its reason and reported
// through on_skip with its index, line and offset, and the records around
// it are still evaluated. A bad condition gets Falco's error text and its
// 1-based line:column, never a crash.
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "engine_test_support.h"

namespace falconet {
namespace {

using testing::CompileError;
using testing::Record;

struct Run {
  std::vector<SkippedRecord> skipped;  // reason and detail copied below
  std::vector<std::string> reasons;
  std::vector<std::string> matched;  // the ct.id of each matching record
  EvaluationStats stats;
};

// Evaluates `input` with a condition that every good record here matches,
// and returns what was reported.
Run Evaluate(std::string_view input) {
  auto ruleset = Ruleset::FromCondition("ct.id exists");
  REQUIRE(ruleset.ok());
  Evaluator evaluator(*ruleset);
  Run run;
  EvaluatorCallbacks callbacks;
  callbacks.on_skip = [&](const SkippedRecord& s) {
    run.skipped.push_back(s);
    run.reasons.emplace_back(s.reason);
  };
  callbacks.on_alert = [&](const Alert&, std::string_view record) {
    size_t at = record.find("\"eventID\":\"");
    run.matched.emplace_back(record.substr(at + 11, 2));
  };
  evaluator.Evaluate(input, callbacks);
  run.stats = evaluator.stats();
  return run;
}

// A good record with eventID `id` (two characters).
std::string Good(std::string_view id) {
  return Record("\"eventID\":\"" + std::string(id) + "\"");
}

uint64_t Skipped(const EvaluationStats& stats, const std::string& reason) {
  auto it = stats.records_skipped.find(reason);
  return it == stats.records_skipped.end() ? 0 : it->second;
}

uint64_t TotalSkipped(const EvaluationStats& stats) {
  uint64_t total = 0;
  for (const auto& [reason, count] : stats.records_skipped) total += count;
  return total;
}

// One bad record between two good ones, as JSON Lines: the bad one is
// skipped with `reason` at index 1, line 2, and both good ones match.
void ExpectSkippedBetweenGood(const std::string& bad,
                              const std::string& reason) {
  INFO("bad record: " << bad.substr(0, 200));
  std::string first = Good("g1");
  std::string input = first + "\n" + bad + "\n" + Good("g2") + "\n";
  Run run = Evaluate(input);

  REQUIRE(run.skipped.size() == 1);
  CHECK(run.reasons[0] == reason);
  CHECK(run.skipped[0].index == 1);
  CHECK(run.skipped[0].line == 2);
  CHECK(run.skipped[0].offset == first.size() + 1);
  CHECK(run.matched == std::vector<std::string>{"g1", "g2"});

  CHECK(run.stats.records_read == 3);
  CHECK(run.stats.records_evaluated == 2);
  CHECK(Skipped(run.stats, reason) == 1);
  CHECK(TotalSkipped(run.stats) == 1);
}

TEST_CASE("records that are not valid JSON", "[bad-input]") {
  ExpectSkippedBetweenGood(Record("\"x\":1,"), "invalid JSON");
  ExpectSkippedBetweenGood(Record("\"x\" 1"), "invalid JSON");
  ExpectSkippedBetweenGood(Record("\"x\":1 2"), "invalid JSON");
  ExpectSkippedBetweenGood(Record("\"x\":\"unterminated"), "invalid JSON");
  ExpectSkippedBetweenGood(Record("\"x\":[[1]"), "invalid JSON");
  ExpectSkippedBetweenGood("{", "invalid JSON");
  ExpectSkippedBetweenGood(Good("b1") + " " + Good("b2"), "invalid JSON");
}

// Falco's plugin parses every record in full (valyala/fastjson) and drops
// a record damaged anywhere, also in members no condition reads.
TEST_CASE("damage inside a member no condition reads", "[bad-input]") {
  ExpectSkippedBetweenGood(Record("\"x\":{\"a\":}"), "invalid JSON");
  ExpectSkippedBetweenGood(Record("\"x\":{\"a\" 1}"), "invalid JSON");
  ExpectSkippedBetweenGood(Record("\"x\":[1,]"), "invalid JSON");
  ExpectSkippedBetweenGood(Record("\"x\":[tru]"), "invalid JSON");
  ExpectSkippedBetweenGood(Record("\"x\": nope"), "invalid JSON");
  ExpectSkippedBetweenGood(Record("\"x\":[1 2]"), "invalid JSON");
  ExpectSkippedBetweenGood(Record("\"x\":{\"a\":\"b\"c}"), "invalid JSON");
  ExpectSkippedBetweenGood(Record("\"x\":{\"a\":\"b\"c\"d\"}"), "invalid JSON");
  ExpectSkippedBetweenGood(Record("\"x\":[\"a\"\"b\"]"), "invalid JSON");
  ExpectSkippedBetweenGood(Record("\"x\":{\"a\"\"b\":1}"), "invalid JSON");
  ExpectSkippedBetweenGood(Record("\"x\":{\"a\":1,,\"b\":2}"), "invalid JSON");
  ExpectSkippedBetweenGood(Record("\"x\":[{\"a\":[null,falsey]}]"),
                           "invalid JSON");
  // Only the first member is damaged: the record is still refused.
  ExpectSkippedBetweenGood("{\"x\": nope, " + Good("g9").substr(1),
                           "invalid JSON");
}

// What fastjson accepts stays accepted where no condition reads it:
// numbers are any run of number characters, and any nesting is walked.
TEST_CASE("lenient values in members no condition reads", "[bad-input]") {
  std::string lenient = "\"x\":[01, 1.2.3, -, 1e+, true, null, {\"\":[[]]}]";
  CHECK(falconet::testing::CountMatches("ct.name exists", Record(lenient)) ==
        1);
}

TEST_CASE("records that are not objects", "[bad-input]") {
  ExpectSkippedBetweenGood("42", "record is not an object");
  ExpectSkippedBetweenGood(R"("a string")", "record is not an object");
  ExpectSkippedBetweenGood("null", "record is not an object");

  // Inside a Records array, too.
  std::string input =
      "{\"Records\": [" + Good("g1") + ", 7, [1], " + Good("g2") + "]}";
  Run run = Evaluate(input);
  CHECK(run.reasons == std::vector<std::string>{"record is not an object",
                                                "record is not an object"});
  REQUIRE(run.skipped.size() == 2);
  CHECK(run.skipped[0].index == 1);
  CHECK(run.skipped[1].index == 2);
  CHECK(run.matched == std::vector<std::string>{"g1", "g2"});
}

// Falco's plugin (valyala/fastjson, MaxDepth 300) drops records nested
// deeper than 300 levels; the splitter measures the nesting of each record.
TEST_CASE("records nested too deeply", "[bad-input]") {
  const int depth = 5000;
  std::string deep = std::string(depth, '[') + std::string(depth, ']');
  ExpectSkippedBetweenGood(Record("\"x\":" + deep), "too deep");
  ExpectSkippedBetweenGood(Record("\"requestParameters\":{\"x\":" + deep + "}"),
                           "too deep");
  // 299 levels inside the record object: deep, but within the limit.
  std::string ok = std::string(299, '[') + std::string(299, ']');
  CHECK(falconet::testing::CountMatches("ct.name exists",
                                        Record("\"x\":" + ok)) == 1);
}

TEST_CASE("records larger than the limit", "[bad-input]") {
  // The limit is 64 MiB (kMaxRecordSize in src/engine/evaluator.cc).
  std::string padding(64 << 20, 'x');
  std::string bad = Record(R"("padding":")" + padding + "\"");
  ExpectSkippedBetweenGood(bad, "record too large");
}

TEST_CASE("records that are not valid UTF-8", "[bad-input]") {
  ExpectSkippedBetweenGood(Record("\"userAgent\":\"caf\xE9\""),
                           "invalid UTF-8");
  // An overlong encoding of '/', and a lone continuation byte in a key.
  ExpectSkippedBetweenGood(Record("\"userAgent\":\"\xC0\xAF\""),
                           "invalid UTF-8");
  ExpectSkippedBetweenGood(Record("\"k\x80\":1"), "invalid UTF-8");
}

// Records Falco's cloudtrail plugin does not deliver (spec 4.1).
TEST_CASE("records Falco would not deliver", "[bad-input]") {
  ExpectSkippedBetweenGood(R"({"eventType":"AwsApiCall","eventID":"b1"})",
                           "missing eventTime");
  ExpectSkippedBetweenGood(
      R"({"eventTime":"yesterday","eventType":"AwsApiCall","eventID":"b1"})",
      "invalid eventTime");
  ExpectSkippedBetweenGood(
      R"({"eventTime":"2024-05-01T10:00:00Z","eventID":"b1"})",
      "missing eventType");
  ExpectSkippedBetweenGood(
      R"({"eventTime":"2024-05-01T10:00:00Z",)"
      R"("eventType":"AwsCloudTrailInsight","eventID":"b1"})",
      "insight event");
}

TEST_CASE("skipped records are not numbered", "[bad-input]") {
  // evt.num counts delivered records only, as Falco numbers its events.
  auto ruleset = Ruleset::FromCondition("evt.num = 2");
  REQUIRE(ruleset.ok());
  Evaluator evaluator(*ruleset);
  std::vector<std::string> matched;
  EvaluatorCallbacks callbacks;
  callbacks.on_alert = [&](const Alert&, std::string_view record) {
    matched.emplace_back(record.substr(record.find("\"eventID\"")));
  };
  std::string input = Good("g1") + "\n{not json}\n42\n" +
                      R"({"eventType":"AwsApiCall"})" + "\n" + Good("g2") +
                      "\n" + Good("g3") + "\n";
  evaluator.Evaluate(input, callbacks);
  REQUIRE(matched.size() == 1);
  CHECK(matched[0].starts_with("\"eventID\":\"g2\""));
  CHECK(evaluator.stats().records_read == 6);
  CHECK(evaluator.stats().records_evaluated == 3);
}

TEST_CASE("the reported line and offset follow the buffer", "[bad-input]") {
  // A pretty-printed Records document: each record starts on its own line.
  std::string input = "{\n  \"Records\": [\n    " + Good("g1") +
                      ",\n    {\"broken\": }\n,\n    " + Good("g2") +
                      "\n  ]\n}\n";
  Run run = Evaluate(input);
  REQUIRE(run.skipped.size() == 1);
  CHECK(run.reasons[0] == "invalid JSON");
  CHECK(run.skipped[0].index == 1);
  CHECK(run.skipped[0].line == 4);
  CHECK(run.skipped[0].offset == input.find("{\"broken\""));
  CHECK(run.matched == std::vector<std::string>{"g1", "g2"});
}

TEST_CASE("counters add up over several buffers", "[bad-input]") {
  auto ruleset = Ruleset::FromCondition("ct.id exists");
  REQUIRE(ruleset.ok());
  Evaluator evaluator(*ruleset);
  EvaluatorCallbacks none;
  evaluator.Evaluate(Good("a1") + "\n42\n{x}\n", none);
  evaluator.Evaluate("[1]\n" + Good("a2") + "\n{\"eventTime\":1}\n", none);
  const EvaluationStats& stats = evaluator.stats();
  CHECK(stats.records_read == 6);
  CHECK(stats.records_evaluated == 2);
  CHECK(Skipped(stats, "record is not an object") == 2);
  CHECK(Skipped(stats, "invalid JSON") == 1);
  // A non-string eventTime is no eventTime: the plugin reads a string.
  CHECK(Skipped(stats, "missing eventTime") == 1);
  CHECK(stats.records_read == stats.records_evaluated + TotalSkipped(stats));
  CHECK(stats.alerts.at("condition") == 2);
}

TEST_CASE("random damage to records never crashes", "[bad-input]") {
  // Truncations, byte flips and splices of a good record: whatever each
  // becomes, every record is either evaluated or skipped with a reason.
  std::mt19937 rng(2);
  std::string good = Good("g1");
  std::string input;
  size_t records = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string r = good;
    switch (i % 4) {
      case 0:
        r.resize(rng() % r.size());
        break;
      case 1:
        r[rng() % r.size()] = static_cast<char>(rng());
        break;
      case 2:
        r.insert(rng() % r.size(), good.substr(rng() % good.size()));
        break;
      case 3:
        r.erase(rng() % r.size(), 1 + rng() % 8);
        break;
    }
    for (char& c : r) {
      if (c == '\n') c = ' ';
    }
    input += r + "\n";
    ++records;
  }
  input += good + "\n";
  Run run = Evaluate(input);
  CHECK(run.stats.records_read ==
        run.stats.records_evaluated + TotalSkipped(run.stats));
  CHECK(run.stats.records_read >= records / 2);
  REQUIRE(!run.matched.empty());
  CHECK(run.matched.back() == "g1");
  for (const std::string& reason : run.reasons) CHECK(!reason.empty());
}

// Condition errors, through the public API: Falco's message, prefixed by
// the 1-based line and column (spec 1.1, 1.5, 1.9).
TEST_CASE("an unknown field", "[bad-input][condition-errors]") {
  CHECK(CompileError("ct.nosuch = 1") ==
        "1:1: filter_check called with nonexistent field ct.nosuch");
  // The position is the check's: line 2, after two blanks.
  CHECK(CompileError("ct.name = A and\n  ct.nosuch exists") ==
        "2:3: filter_check called with nonexistent field ct.nosuch");
  CHECK(CompileError("ct.name = A and tolower(ct.nosuch) = a") ==
        "1:17: filter_check called with nonexistent field ct.nosuch");
}

TEST_CASE("type mismatches", "[bad-input][condition-errors]") {
  CHECK(CompileError("s3.bytes startswith 1") ==
        "1:1: 'startswith' operator not supported for numeric filters");
  CHECK(CompileError("ct.name = A or s3.bytes = big") ==
        "1:16: big is not a valid number");
  CHECK(CompileError("ec2.imageids = ami-1") ==
        "1:1: '=' operator not supported list filters");
  CHECK(CompileError("ct.user = val(s3.bytes)") ==
        "1:1: field 'ct.user' has type 'CHARBUF' while the right-hand side "
        "field 's3.bytes' has incompatible type 'UINT64'");
  // List-ness must match too, whatever the operator (libs
  // check_rhs_field_type_consistency).
  CHECK(CompileError("ct.name = val(ec2.imageids)") ==
        "1:1: field 'ct.name' has type 'CHARBUF' while the right-hand side "
        "field 'ec2.imageids' has incompatible type 'CHARBUF (list)'");
  CHECK(CompileError("ct.name in val(ec2.imageids)") ==
        "1:1: field 'ct.name' has type 'CHARBUF' while the right-hand side "
        "field 'ec2.imageids' has incompatible type 'CHARBUF (list)'");
  CHECK(CompileError("len(s3.bytes) = 1") ==
        "1:1: can't add field transformer: type 'UINT64' is not supported by "
        "'len' transformer applied on field 's3.bytes'");
}

TEST_CASE("bad escapes", "[bad-input][condition-errors]") {
  // Raised after the closing quote: column 17 is just past it.
  CHECK(CompileError(R"(ct.name = "a\qb")") ==
        "1:17: unsupported string escape sequence: \\q");
  CHECK(CompileError("ct.name = A or\nct.name = 'x\\\"'") ==
        "2:16: invalid \\\" escape in '-quoted string");
}

TEST_CASE("unterminated strings", "[bad-input][condition-errors]") {
  const std::string expect_string =
      "expected a string value or a field with a valid transformer: 'val', "
      "'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', "
      "'getopt'";
  // The position is the opening quote, where no value could be read.
  CHECK(CompileError("ct.name = \"abc") == "1:11: " + expect_string);
  CHECK(CompileError("ct.name = 'abc") == "1:11: " + expect_string);
  // Inside a list only a string can follow.
  CHECK(CompileError("ct.name in (a, \"b)") == "1:16: expected a string value");
}

TEST_CASE("unbalanced parentheses", "[bad-input][condition-errors]") {
  CHECK(CompileError("(ct.name = A and ct.error exists") ==
        "1:33: expected a ')' token");
  CHECK(CompileError("ct.name = A)") ==
        "1:12: unexpected token after 'A', expecting 'or', 'and'");
  CHECK(CompileError("ct.name in (A, B") == "1:17: expected a ')' token");
  CHECK(CompileError("((ct.name = A)") == "1:15: expected a ')' token");
}

TEST_CASE("errors inside macros name the macro",
          "[bad-input][condition-errors]") {
  auto ruleset =
      Ruleset::FromCondition("m and ct.error exists", {{"m", "ct.name = \"x"}});
  REQUIRE(!ruleset.ok());
  CHECK(std::string(ruleset.status().message())
            .starts_with("macro 'm': 1:11: expected"));
  auto undefined = Ruleset::FromCondition("ct.error exists and nope");
  REQUIRE(!undefined.ok());
  CHECK(undefined.status().message() ==
        "1:21: Undefined macro 'nope' used in filter.");
}

TEST_CASE("random damage to conditions never crashes",
          "[bad-input][condition-errors]") {
  // Every result is a compiled rule set or an error with a position.
  const std::string seeds[] = {
      "ct.name = \"ConsoleLogin\" and not ct.error exists",
      "(ct.src in (a, b) or tolower(ct.user) startswith anyof (x, 'y'))",
      "json.value[/a/b] = 'q\\'s' and len(ec2.imageids) > 1",
      "concat(ct.user, \"@\", ct.region) glob '*@us-*' or s3.key pmatch (/a)",
  };
  std::mt19937 rng(7);
  const std::string alphabet = "()[]'\"\\ ,=!<>andorNOTxyz.0123456789\n";
  int errors = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string c = seeds[i % 4];
    int edits = 1 + rng() % 3;
    for (int e = 0; e < edits && !c.empty(); ++e) {
      size_t at = rng() % c.size();
      switch (rng() % 3) {
        case 0:
          c[at] = alphabet[rng() % alphabet.size()];
          break;
        case 1:
          c.erase(at, 1 + rng() % 4);
          break;
        case 2:
          c.insert(at, 1, alphabet[rng() % alphabet.size()]);
          break;
      }
    }
    auto ruleset = Ruleset::FromCondition(c);
    if (ruleset.ok()) continue;
    ++errors;
    std::string message(ruleset.status().message());
    INFO(c << " -> " << message);
    // "line:column: message" with both numbers 1-based.
    size_t colon = message.find(':');
    size_t second = message.find(':', colon + 1);
    REQUIRE(colon != std::string::npos);
    REQUIRE(second != std::string::npos);
    CHECK(std::stoul(message.substr(0, colon)) >= 1);
    CHECK(std::stoul(message.substr(colon + 1, second - colon - 1)) >= 1);
    CHECK(message.size() > second + 2);
  }
  CHECK(errors > 100);
}

}  // namespace
}  // namespace falconet
