// `falconet test TESTS.yaml...`: runs rule tests (docs/rule-tests.md).
#include <iostream>
#include <string>
#include <vector>

#include "arguments.h"
#include "commands.h"
#include "rule_test.h"

namespace falconet::cli {
namespace {

const std::vector<OptionSpec> kOptions = {
    {"verbose", 'v', "", "print the alerts of every case under its line"},
    {"help", 'h', "", "show this help"},
};

constexpr char kUsage[] =
    "Usage: falconet test [OPTIONS] TESTS.yaml...\n"
    "\n"
    "Runs rule tests: each case loads rules files, evaluates CloudTrail\n"
    "records with every rule (as --rule-matching all) and checks which\n"
    "rules fired. Prints one line per case (ok, FAIL with what fired and\n"
    "what did not, or skip), then 'N passed, M failed'. Exit status: 0\n"
    "when every case passed, 1 when one failed, 2 when the tests could not\n"
    "run (unreadable or invalid test file, rules that do not load, an\n"
    "unknown rule name).\n"
    "\n"
    "A test file is a YAML map:\n"
    "  rules_files     rules files for every case (relative to the test\n"
    "                  file); a case may give its own\n"
    "  record_defaults a map merged under every record written as YAML\n"
    "  cases           the list of cases, each with:\n"
    "    name                   what the case checks\n"
    "    records                a list of records written in YAML, or JSON\n"
    "                           text; or instead\n"
    "    records_file           a JSON file of records (relative path)\n"
    "    skip_if_missing        true: skip the case when records_file is\n"
    "                           absent\n"
    "    must_fire              rule names, or {rule: NAME, count: N} for\n"
    "                           an exact count\n"
    "    must_not_fire          rule names\n"
    "    no_other_rules         true: nothing outside must_fire may fire\n"
    "    allow_skipped_records  true: records the cloudtrail plugin would\n"
    "                           not deliver do not fail the case\n"
    "In YAML records, plain true/false/null and JSON numbers are typed;\n"
    "quote account ids and other strings that look like numbers. Full\n"
    "description: docs/rule-tests.md.\n"
    "\n"
    "Example (rules/tests/logging_tests.yaml):\n"
    "  rules_files: [../aws_cloudtrail.yaml]\n"
    "  record_defaults:\n"
    "    eventTime: \"2024-05-01T10:00:00Z\"\n"
    "    eventType: AwsApiCall\n"
    "    awsRegion: eu-west-1\n"
    "    sourceIPAddress: 198.51.100.7\n"
    "    userIdentity: {type: IAMUser, userName: alice,\n"
    "                   accountId: \"111122223333\"}\n"
    "  cases:\n"
    "    - name: logging stopped\n"
    "      records:\n"
    "        - eventSource: cloudtrail.amazonaws.com\n"
    "          eventName: StopLogging\n"
    "          requestParameters: {name: main}\n"
    "      must_fire: [CloudTrail Logging Stopped]\n"
    "    - name: a refused StopLogging\n"
    "      records:\n"
    "        - eventSource: cloudtrail.amazonaws.com\n"
    "          eventName: StopLogging\n"
    "          errorCode: AccessDenied\n"
    "      must_not_fire: [CloudTrail Logging Stopped]\n"
    "\n"
    "  falconet test rules/tests/logging_tests.yaml\n"
    "\n";

const char* Label(CaseOutcome outcome) {
  switch (outcome) {
    case CaseOutcome::kPassed:
      return "ok  ";
    case CaseOutcome::kFailed:
      return "FAIL";
    case CaseOutcome::kSkipped:
      return "skip";
  }
  return "";
}

// Reads every file before running anything: a bad file stops the run.
bool ReadAll(const std::vector<std::string>& files,
             std::vector<RuleTestCase>& cases) {
  for (const std::string& file : files) {
    absl::StatusOr<std::vector<RuleTestCase>> read = ReadRuleTestFile(file);
    if (!read.ok()) {
      std::cerr << "falconet test: " << read.status().message() << "\n";
      return false;
    }
    cases.insert(cases.end(), read->begin(), read->end());
  }
  return true;
}

}  // namespace

int RunTest(int argc, char** argv) {
  Arguments args(argc, argv, 2, kOptions);
  if (!args.ok()) {
    std::cerr << "falconet test: " << args.error() << "\n";
    return 2;
  }
  if (args.Has("help")) {
    std::cout << kUsage << OptionsHelp(kOptions);
    return 0;
  }
  if (args.positional().empty()) {
    std::cerr << "falconet test: missing TESTS.yaml file\n" << kUsage;
    return 2;
  }
  std::vector<RuleTestCase> cases;
  if (!ReadAll(args.positional(), cases)) return 2;

  RuleTestRunner runner;
  int passed = 0, failed = 0, skipped = 0;
  for (const RuleTestCase& c : cases) {
    absl::StatusOr<CaseResult> result = runner.Run(c);
    if (!result.ok()) {
      std::cout.flush();
      std::cerr << "falconet test: " << result.status().message() << "\n";
      return 2;
    }
    std::cout << Label(result->outcome) << " " << c.file << ":" << c.line
              << ": " << c.name;
    if (!result->detail.empty()) std::cout << ": " << result->detail;
    std::cout << "\n";
    if (args.Has("verbose")) {
      for (const std::string& alert : result->alerts) {
        std::cout << "     " << alert << "\n";
      }
    }
    passed += result->outcome == CaseOutcome::kPassed;
    failed += result->outcome == CaseOutcome::kFailed;
    skipped += result->outcome == CaseOutcome::kSkipped;
  }
  if (skipped > 0) std::cout << skipped << " skipped\n";
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed > 0 ? 1 : 0;
}

}  // namespace falconet::cli
