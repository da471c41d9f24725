#include "rule_test.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string_view>

#include "falconet/evaluator.h"
#include "falconet/ruleset_builder.h"
#include "nlohmann/json.hpp"
#include "yaml-cpp/yaml.h"

namespace falconet::cli {
namespace {

using OrderedJson = nlohmann::ordered_json;

// --- Reading test files -------------------------------------------------

// Parses one test file; the first error found is kept in error_ and stops
// the rest (every step checks ok()).
class TestFileReader {
 public:
  explicit TestFileReader(std::string path) : path_(std::move(path)) {}

  absl::StatusOr<std::vector<RuleTestCase>> Read(const std::string& text);

 private:
  bool ok() const { return error_.empty(); }
  void Fail(const YAML::Node& at, const std::string& message);
  void CheckKeys(const YAML::Node& map,
                 const std::vector<std::string_view>& allowed);

  std::string String(const YAML::Node& node, std::string_view key);
  void OptionalBool(const YAML::Node& map, std::string_view key, bool& out);
  std::string Resolve(const YAML::Node& node, std::string_view key);
  std::vector<std::string> Paths(const YAML::Node& node);
  std::vector<RuleExpectation> Expectations(const YAML::Node& node,
                                            bool counts_allowed);
  std::string Records(const YAML::Node& node);
  OrderedJson Record(const YAML::Node& node);
  void CaseRecords(const YAML::Node& node, RuleTestCase& c);
  RuleTestCase Case(const YAML::Node& node);

  std::string path_;
  std::vector<std::string> default_rules_files_;
  YAML::Node record_defaults_;
  std::string error_;
};

void TestFileReader::Fail(const YAML::Node& at, const std::string& message) {
  if (!ok()) return;
  error_ = path_ + ":" + std::to_string(at.Mark().line + 1) + ": " + message;
}

void TestFileReader::CheckKeys(const YAML::Node& map,
                               const std::vector<std::string_view>& allowed) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      Fail(it->first, "unknown key '" + key + "'");
    }
  }
}

std::string TestFileReader::String(const YAML::Node& node,
                                   std::string_view key) {
  if (!node.IsScalar() || node.Scalar().empty()) {
    Fail(node, "'" + std::string(key) + "' must be a non-empty string");
    return "";
  }
  return node.Scalar();
}

// `map[key]`, when present, must be true or false.
void TestFileReader::OptionalBool(const YAML::Node& map, std::string_view key,
                                  bool& out) {
  const YAML::Node node = map[std::string(key)];
  if (!node) return;
  if (node.IsScalar() &&
      (node.Scalar() == "true" || node.Scalar() == "false")) {
    out = node.Scalar() == "true";
  } else {
    Fail(node, "'" + std::string(key) + "' must be true or false");
  }
}

// A path, resolved against the test file's folder.
std::string TestFileReader::Resolve(const YAML::Node& node,
                                    std::string_view key) {
  std::filesystem::path p = String(node, key);
  if (p.is_relative()) {
    p = (std::filesystem::path(path_).parent_path() / p).lexically_normal();
  }
  return p.string();
}

// A path or a list of paths.
std::vector<std::string> TestFileReader::Paths(const YAML::Node& node) {
  std::vector<YAML::Node> items;
  if (node.IsSequence()) {
    for (const YAML::Node& item : node) items.push_back(item);
  } else {
    items.push_back(node);
  }
  if (items.empty()) Fail(node, "'rules_files' is empty");

  std::vector<std::string> paths;
  for (const YAML::Node& item : items) {
    paths.push_back(Resolve(item, "rules_files"));
  }
  return paths;
}

// A rule name, or {rule: NAME, count: N} where counts are allowed.
std::vector<RuleExpectation> TestFileReader::Expectations(
    const YAML::Node& node, bool counts_allowed) {
  std::vector<YAML::Node> items;
  if (node.IsSequence()) {
    for (const YAML::Node& item : node) items.push_back(item);
  } else {
    items.push_back(node);
  }

  std::vector<RuleExpectation> expectations;
  for (const YAML::Node& item : items) {
    RuleExpectation e;
    e.line = item.Mark().line + 1;
    if (item.IsMap() && counts_allowed) {
      CheckKeys(item, {"rule", "count"});
      e.rule = String(item["rule"], "rule");
      if (item["count"]) {
        static const std::regex kCount("0|[1-9][0-9]{0,17}");
        std::string count =
            item["count"].IsScalar() ? item["count"].Scalar() : std::string();
        if (!std::regex_match(count, kCount)) {
          Fail(item["count"], "'count' must be a non-negative integer");
        } else {
          e.count = std::stoull(count);
        }
      }
    } else {
      e.rule = String(item, counts_allowed ? "must_fire" : "must_not_fire");
    }
    expectations.push_back(std::move(e));
  }
  return expectations;
}

// A YAML scalar as JSON: plain null/true/false/numbers are typed, anything
// quoted or else is a string (docs/rule-tests.md).
OrderedJson ScalarJson(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  if (node.Tag() != "?") return text;  // quoted, block or tagged
  if (text == "true") return true;
  if (text == "false") return false;
  static const std::regex kNumber(
      "-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
  if (std::regex_match(text, kNumber)) return OrderedJson::parse(text);
  return text;
}

OrderedJson TestFileReader::Record(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return ScalarJson(node);
    case YAML::NodeType::Sequence: {
      OrderedJson array = OrderedJson::array();
      for (const YAML::Node& item : node) array.push_back(Record(item));
      return array;
    }
    case YAML::NodeType::Map: {
      OrderedJson object = OrderedJson::object();
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (!it->first.IsScalar()) Fail(it->first, "keys must be strings");
        object[it->first.Scalar()] = Record(it->second);
      }
      return object;
    }
    default:
      return nullptr;
  }
}

// Inline records as the JSON text the evaluator reads.
std::string TestFileReader::Records(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();  // JSON text, used as is
  if (!node.IsSequence() && !node.IsMap()) {
    Fail(node, "'records' must be a list of records, a record or JSON text");
    return "";
  }

  OrderedJson records = OrderedJson::array();
  std::vector<YAML::Node> items;
  if (node.IsMap()) {
    items.push_back(node);
  } else {
    for (const YAML::Node& item : node) items.push_back(item);
  }
  for (const YAML::Node& item : items) {
    if (!item.IsMap()) {
      Fail(item, "each record must be a map");
      return "";
    }
    // The record's keys replace the defaults' in place; new ones go last.
    OrderedJson record =
        record_defaults_ ? Record(record_defaults_) : OrderedJson::object();
    OrderedJson own = Record(item);
    for (auto& [key, value] : own.items()) record[key] = value;
    records.push_back(std::move(record));
  }
  OrderedJson document = {{"Records", std::move(records)}};
  return document.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

void TestFileReader::CaseRecords(const YAML::Node& node, RuleTestCase& c) {
  if (node["records"] && node["records_file"]) {
    Fail(node, "give 'records' or 'records_file', not both");
  } else if (node["records"]) {
    c.records = Records(node["records"]);
  } else if (node["records_file"]) {
    c.records_file = Resolve(node["records_file"], "records_file");
  } else {
    Fail(node, "a case needs 'records' or 'records_file'");
  }
}

RuleTestCase TestFileReader::Case(const YAML::Node& node) {
  RuleTestCase c;
  c.file = path_;
  c.line = node.Mark().line + 1;
  if (!node.IsMap()) {
    Fail(node, "each case must be a map");
    return c;
  }
  CheckKeys(node, {"name", "rules_files", "records", "records_file",
                   "skip_if_missing", "allow_skipped_records", "must_fire",
                   "must_not_fire", "no_other_rules"});
  if (!node["name"]) Fail(node, "a case needs a 'name'");
  c.name = String(node["name"], "name");

  c.rules_files = default_rules_files_;
  if (node["rules_files"]) c.rules_files = Paths(node["rules_files"]);
  if (c.rules_files.empty()) Fail(node, "no 'rules_files' for this case");

  CaseRecords(node, c);
  OptionalBool(node, "skip_if_missing", c.skip_if_missing);
  OptionalBool(node, "allow_skipped_records", c.allow_skipped_records);
  OptionalBool(node, "no_other_rules", c.no_other_rules);
  if (node["must_fire"]) c.must_fire = Expectations(node["must_fire"], true);
  if (node["must_not_fire"]) {
    c.must_not_fire = Expectations(node["must_not_fire"], false);
  }
  if (c.must_fire.empty() && c.must_not_fire.empty() && !c.no_other_rules) {
    Fail(node,
         "a case needs 'must_fire', 'must_not_fire' or "
         "'no_other_rules'");
  }
  return c;
}

absl::StatusOr<std::vector<RuleTestCase>> TestFileReader::Read(
    const std::string& text) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    return absl::InvalidArgumentError(
        path_ + ":" + std::to_string(e.mark.line + 1) + ":" +
        std::to_string(e.mark.column + 1) + ": invalid YAML: " + e.msg);
  }
  if (!root.IsMap() || !root["cases"] || !root["cases"].IsSequence()) {
    return absl::InvalidArgumentError(path_ +
                                      ":1: expected a map with a 'cases' list");
  }

  CheckKeys(root, {"cases", "rules_files", "record_defaults"});
  if (root["rules_files"]) default_rules_files_ = Paths(root["rules_files"]);
  if (root["record_defaults"]) {
    record_defaults_ = root["record_defaults"];
    if (!record_defaults_.IsMap()) {
      Fail(record_defaults_, "'record_defaults' must be a map");
    }
  }

  std::vector<RuleTestCase> cases;
  for (const YAML::Node& node : root["cases"]) {
    if (!ok()) break;
    cases.push_back(Case(node));
  }
  if (!ok()) return absl::InvalidArgumentError(error_);
  return cases;
}

// --- Running cases ------------------------------------------------------

std::string Where(const RuleTestCase& c, int line) {
  return c.file + ":" + std::to_string(line) + ": ";
}

std::string Times(uint64_t n) {
  return std::to_string(n) + (n == 1 ? " time" : " times");
}

const RuleInfo* FindRule(const Ruleset& ruleset, const std::string& name) {
  for (const RuleInfo& info : ruleset.rules()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

// Every name the case uses must be a rule of its files; a must_not_fire
// rule must be able to fire, or the check proves nothing.
absl::Status CheckRuleNames(const RuleTestCase& c, const Ruleset& ruleset) {
  for (const auto* list : {&c.must_fire, &c.must_not_fire}) {
    for (const RuleExpectation& e : *list) {
      const RuleInfo* info = FindRule(ruleset, e.rule);
      if (info == nullptr) {
        return absl::InvalidArgumentError(Where(c, e.line) + "no rule '" +
                                          e.rule + "' in the rules files");
      }
      if (list == &c.must_not_fire && !info->active) {
        return absl::InvalidArgumentError(
            Where(c, e.line) + "rule '" + e.rule +
            "' is disabled: it cannot fire, so the check proves nothing");
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadRecordsFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError("cannot read records file " + path + ": " +
                               std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// What the evaluator reported for one case.
struct Observed {
  std::map<std::string, uint64_t> fired;  // rule -> alerts
  std::vector<std::string> skipped;       // one line per skipped record
  uint64_t evaluated = 0;
  std::vector<std::string> alerts;
};

Observed Evaluate(std::shared_ptr<const Ruleset> ruleset,
                  std::string_view records) {
  Observed seen;
  Evaluator evaluator(std::move(ruleset));
  EvaluatorCallbacks callbacks;
  callbacks.on_alert = [&](const Alert& alert, std::string_view) {
    ++seen.fired[alert.rule];
    seen.alerts.push_back(PriorityName(alert.priority) + " " + alert.rule +
                          ": " + alert.message);
  };
  callbacks.on_skip = [&](const SkippedRecord& skipped) {
    seen.skipped.push_back("record " + std::to_string(skipped.index + 1) +
                           " skipped (" + std::string(skipped.reason) + ")");
  };
  evaluator.Evaluate(records, callbacks);
  seen.evaluated = evaluator.stats().records_evaluated;
  return seen;
}

// The problems of a case: what the expectations say against what fired.
std::vector<std::string> Problems(const RuleTestCase& c, const Observed& seen) {
  std::vector<std::string> problems;
  auto fired = [&](const std::string& rule) -> uint64_t {
    auto it = seen.fired.find(rule);
    return it == seen.fired.end() ? 0 : it->second;
  };

  for (const RuleExpectation& e : c.must_fire) {
    uint64_t n = fired(e.rule);
    if (n == 0 && e.count.value_or(1) != 0) {
      problems.push_back("did not fire: " + e.rule);
    } else if (e.count && n != *e.count) {
      problems.push_back(e.rule + " fired " + Times(n) + ", expected " +
                         std::to_string(*e.count));
    }
  }
  for (const RuleExpectation& e : c.must_not_fire) {
    if (uint64_t n = fired(e.rule)) {
      problems.push_back("must not fire: " + e.rule + " (fired " + Times(n) +
                         ")");
    }
  }
  if (c.no_other_rules) {
    std::set<std::string> expected;
    for (const RuleExpectation& e : c.must_fire) expected.insert(e.rule);
    for (const auto& [rule, n] : seen.fired) {
      if (!expected.count(rule)) {
        problems.push_back("unexpected: " + rule + " (fired " + Times(n) + ")");
      }
    }
  }

  if (!c.allow_skipped_records) {
    for (const std::string& s : seen.skipped) problems.push_back(s);
  }
  if (seen.evaluated == 0) problems.push_back("no record was evaluated");
  return problems;
}

std::string Describe(const std::vector<std::string>& problems,
                     const Observed& seen) {
  std::string text;
  for (const std::string& p : problems) text += p + "; ";
  text += "fired:";
  if (seen.fired.empty()) text += " nothing";
  const char* separator = " ";
  for (const auto& [rule, n] : seen.fired) {
    text += separator + rule + " x" + std::to_string(n);
    separator = ", ";
  }
  return text;
}

}  // namespace

absl::StatusOr<std::vector<RuleTestCase>> ReadRuleTestFile(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError("cannot read " + path + ": " +
                               std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return TestFileReader(path).Read(text.str());
}

absl::StatusOr<std::shared_ptr<const Ruleset>> RuleTestRunner::Load(
    const std::vector<std::string>& files) {
  auto it = loaded_.find(files);
  if (it != loaded_.end()) return it->second;

  RulesetBuilder builder;
  for (const std::string& file : files) {
    LoadResult result = builder.AddFile(file);
    if (!result.successful) {
      return absl::InvalidArgumentError(result.Verbose() + file +
                                        " failed to load");
    }
  }
  RuleSelection selection;
  selection.matching = RuleMatching::kAll;
  absl::StatusOr<std::shared_ptr<const Ruleset>> ruleset =
      builder.Build(selection);
  if (!ruleset.ok()) return ruleset.status();
  loaded_[files] = *ruleset;
  return *ruleset;
}

absl::StatusOr<CaseResult> RuleTestRunner::Run(const RuleTestCase& c) {
  absl::StatusOr<std::shared_ptr<const Ruleset>> ruleset = Load(c.rules_files);
  if (!ruleset.ok()) return ruleset.status();
  if (absl::Status names = CheckRuleNames(c, **ruleset); !names.ok()) {
    return names;
  }

  CaseResult result;
  std::string records = c.records;
  if (!c.records_file.empty()) {
    if (c.skip_if_missing && !std::filesystem::exists(c.records_file)) {
      result.outcome = CaseOutcome::kSkipped;
      result.detail = "records file " + c.records_file + " not found";
      return result;
    }
    absl::StatusOr<std::string> text = ReadRecordsFile(c.records_file);
    if (!text.ok()) {
      return absl::NotFoundError(Where(c, c.line) +
                                 std::string(text.status().message()));
    }
    records = std::move(*text);
  }

  Observed seen = Evaluate(*ruleset, records);
  std::vector<std::string> problems = Problems(c, seen);
  result.alerts = std::move(seen.alerts);
  if (!problems.empty()) {
    result.outcome = CaseOutcome::kFailed;
    result.detail = Describe(problems, seen);
  }
  return result;
}

}  // namespace falconet::cli
