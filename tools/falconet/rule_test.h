// Rule tests: YAML files of cases that run CloudTrail records through Falco
// rules files and say which rules must fire and which must not. The format
// is described in docs/rule-tests.md.
//
// ReadRuleTestFile parses and checks a test file; RuleTestRunner runs its
// cases with the library, every rule evaluated on every record (rule
// matching "all"), building each distinct list of rules files once.
// Nothing here prints: results and errors are returned to the caller.
// A runner is used by one thread at a time.
#ifndef FALCONET_TOOLS_RULE_TEST_H_
#define FALCONET_TOOLS_RULE_TEST_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "falconet/ruleset.h"

namespace falconet::cli {

// A rule named by a case, and where (for error messages).
struct RuleExpectation {
  std::string rule;
  std::optional<uint64_t> count;  // must_fire only: exactly this many
  int line = 0;                   // 1-based
};

struct RuleTestCase {
  std::string name;
  std::string file;                      // the test file, as given
  int line = 0;                          // 1-based line where the case starts
  std::vector<std::string> rules_files;  // resolved against the test file
  std::string records;                   // JSON text of inline records
  std::string records_file;  // resolved path; empty for inline records
  bool skip_if_missing = false;
  bool allow_skipped_records = false;
  bool no_other_rules = false;
  std::vector<RuleExpectation> must_fire;
  std::vector<RuleExpectation> must_not_fire;
};

// Reads and checks a test file. Errors (unreadable file, invalid YAML, a
// missing, unknown or mistyped key) read "FILE:LINE: message".
absl::StatusOr<std::vector<RuleTestCase>> ReadRuleTestFile(
    const std::string& path);

enum class CaseOutcome { kPassed, kFailed, kSkipped };

struct CaseResult {
  CaseOutcome outcome = CaseOutcome::kPassed;
  // Why the case failed (what did not fire, what fired) or was skipped;
  // empty when it passed.
  std::string detail;
  // Every alert, as "<Priority> <rule>: <output>", in record order.
  std::vector<std::string> alerts;
};

class RuleTestRunner {
 public:
  // Runs one case. An error means the case could not run: its rules files
  // do not load (the message holds Falco's diagnostics), its records file
  // cannot be read, or it names a rule that the files do not define (or,
  // in must_not_fire, one that is disabled and so proves nothing).
  absl::StatusOr<CaseResult> Run(const RuleTestCase& test_case);

 private:
  absl::StatusOr<std::shared_ptr<const Ruleset>> Load(
      const std::vector<std::string>& files);

  std::map<std::vector<std::string>, std::shared_ptr<const Ruleset>> loaded_;
};

}  // namespace falconet::cli

#endif  // FALCONET_TOOLS_RULE_TEST_H_
