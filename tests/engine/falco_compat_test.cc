// Falconet against real Falco 0.44.1: the same rules over the same records
// must give the same alerts (rule, priority, output text, time, tags,
// source, output fields). The expected outputs are in
// ../shared/expected/falco-0.44.1 (see its README for how they were made:
// append_output added evt.num and ct.id to every alert's output_fields,
// and times are in UTC).
#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <sstream>

#include "falconet/evaluator.h"
#include "falconet/ruleset_builder.h"
#include "test_support.h"

namespace fs = std::filesystem;
using falconet::testing::ReadFile;
using falconet::testing::SharedDir;

namespace {

std::string ReadGzip(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  std::string data;
  char buffer[1 << 16];
  int n;
  while (file && (n = gzread(file, buffer, sizeof(buffer))) > 0) {
    data.append(buffer, n);
  }
  if (file) gzclose(file);
  return data;
}

std::vector<nlohmann::json> JsonLines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
  }
  return lines;
}

// The input file an expected-output file was made from.
std::string InputFor(const std::string& stem) {
  const std::string shared = SharedDir();
  if (stem.rfind("stratus-red-team__", 0) == 0) {
    return shared + "/data/cloudtrail/stratus-red-team/" + stem.substr(18) +
           ".json";
  }
  if (stem.rfind("falco-test-plugins__", 0) == 0) {
    return shared + "/upstream/falco-test-plugins/trace_files/" +
           stem.substr(20) + ".json";
  }
  return shared + "/data/cloudtrail/" + stem + ".json";
}

std::shared_ptr<const falconet::Ruleset> Load(const std::string& rules,
                                              falconet::RuleMatching mode) {
  falconet::RulesetBuilder builder;
  falconet::LoadResult result = builder.AddFile(rules);
  INFO(result.Verbose());
  REQUIRE(result.successful);
  falconet::RuleSelection selection;
  selection.matching = mode;
  selection.extra_output_fields = {"evt.num", "ct.id"};
  auto ruleset = builder.Build(selection);
  REQUIRE(ruleset.ok());
  return *ruleset;
}

// Our alerts for one input file, as Falco's JSON lines would parse.
std::vector<nlohmann::json> Alerts(
    const std::shared_ptr<const falconet::Ruleset>& ruleset,
    const std::string& input) {
  falconet::Evaluator evaluator(ruleset);
  std::vector<nlohmann::json> alerts;
  falconet::EvaluatorCallbacks callbacks;
  callbacks.on_alert = [&](const falconet::Alert& alert, std::string_view) {
    alerts.push_back(nlohmann::json::parse(AlertJsonLine(alert, "vm")));
  };
  evaluator.Evaluate(ReadFile(input), callbacks);
  return alerts;
}

void UseUtc() {
  setenv("TZ", "UTC", 1);
  tzset();
}

void CompareAlertsFolder(const std::string& folder,
                         falconet::RuleMatching mode) {
  UseUtc();
  const std::string shared = SharedDir();
  auto ruleset = Load(
      shared + "/upstream/plugins-cloudtrail/aws_cloudtrail_rules.yaml", mode);
  int files = 0;
  for (const auto& entry :
       fs::directory_iterator(shared + "/expected/falco-0.44.1/" + folder)) {
    std::string stem = entry.path().stem().string();
    INFO(folder << "/" << stem);
    std::vector<nlohmann::json> expected =
        JsonLines(ReadFile(entry.path().string()));
    std::vector<nlohmann::json> actual = Alerts(ruleset, InputFor(stem));
    REQUIRE(actual.size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      expected[i].erase("hostname");
      actual[i].erase("hostname");
      CHECK(actual[i].dump() == expected[i].dump());
    }
    ++files;
  }
  CHECK(files > 30);
}

}  // namespace

TEST_CASE("alerts equal Falco's with rule_matching first", "[compat]") {
  FALCONET_REQUIRE_SHARED();
  CompareAlertsFolder("alerts-first", falconet::RuleMatching::kFirst);
}

TEST_CASE("alerts equal Falco's with rule_matching all", "[compat]") {
  FALCONET_REQUIRE_SHARED();
  CompareAlertsFolder("alerts-all", falconet::RuleMatching::kAll);
}

TEST_CASE("every field of every record equals Falco's", "[compat]") {
  FALCONET_REQUIRE_SHARED();
  UseUtc();
  const std::string expected_dir =
      SharedDir() + "/expected/falco-0.44.1/all-fields";
  auto ruleset = Load(SharedDir() +
                          "/expected/falco-0.44.1/"
                          "all_fields_rules.yaml",
                      falconet::RuleMatching::kAll);
  size_t records = 0;
  for (const auto& entry : fs::directory_iterator(expected_dir)) {
    std::string stem = entry.path().stem().stem().string();  // .jsonl.gz
    INFO(stem);
    std::vector<nlohmann::json> expected =
        JsonLines(ReadGzip(entry.path().string()));
    std::vector<nlohmann::json> actual = Alerts(ruleset, InputFor(stem));
    REQUIRE(actual.size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      INFO("record " << i + 1);
      CHECK(actual[i]["output"] == expected[i]["output"]);
      CHECK(actual[i]["time"] == expected[i]["time"]);
      for (auto& [key, value] : expected[i]["output_fields"].items()) {
        INFO(key);
        CHECK(actual[i]["output_fields"][key] == value);
      }
      CHECK(actual[i]["output_fields"].size() ==
            expected[i]["output_fields"].size());
      ++records;
    }
  }
  CHECK(records > 300);
}
