// Evaluates CloudTrail records against a Ruleset.
//
// An Evaluator holds the per-thread scratch space of evaluation: the JSON
// parser, the projected field slots, the operand cache and the string
// arena. After the first records it allocates nothing per record except
// for alerts. Create one per thread; it is cheap. An Evaluator must not be
// used by two threads at once; the Ruleset it shares may be.
//
// Records are numbered as Falco numbers them: evt.num counts, from 1, the
// records delivered over the evaluator's lifetime (records that Falco's
// cloudtrail plugin would not deliver are skipped and not numbered).
#ifndef FALCONET_EVALUATOR_H_
#define FALCONET_EVALUATOR_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "falconet/alert.h"
#include "falconet/image_scan.h"
#include "falconet/ruleset.h"

namespace falconet {

// A record that was not evaluated, and why.
struct SkippedRecord {
  uint64_t index = 0;       // 0-based position in the buffer
  uint64_t line = 0;        // 1-based line where it starts
  size_t offset = 0;        // byte offset in the buffer
  std::string_view reason;  // stable short text, e.g. "invalid JSON"
  std::string_view detail;  // a longer explanation, may be empty
};

// Counters over an evaluator's lifetime. read = evaluated + skipped.
struct EvaluationStats {
  uint64_t records_read = 0;
  uint64_t records_evaluated = 0;
  std::map<std::string, uint64_t> records_skipped;  // reason -> count
  std::map<std::string, uint64_t> alerts;           // rule -> count
};

struct EvaluatorCallbacks {
  // Called for each alert. `record` is the raw JSON of the record that
  // matched; both are valid only during the call.
  std::function<void(const Alert& alert, std::string_view record)> on_alert;
  // Called for each record that was skipped.
  std::function<void(const SkippedRecord& skipped)> on_skip;
  // Called for problems that skip less than a record, such as an image
  // reference that cannot be parsed.
  std::function<void(std::string_view message)> on_warning;
};

class Evaluator {
 public:
  explicit Evaluator(std::shared_ptr<const Ruleset> ruleset);
  ~Evaluator();
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  // Evaluates every record of `buffer`: a `{"Records":[...]}` document, a
  // JSON array of records, one record, or JSON Lines. Never throws: bad
  // records are reported through on_skip and counted.
  void Evaluate(std::string_view buffer, const EvaluatorCallbacks& callbacks);

  // Installs the image-scan hook (see image_scan.h). Fails with
  // InvalidArgument when an extra location is malformed.
  absl::Status SetImageScan(ImageScanOptions options);

  // Answers a request that the hook deferred: the report becomes an
  // image_scan event, judged by the rule set's image_scan rules, whose
  // alerts go to callbacks.on_alert. NotFound when `id` is not pending.
  absl::Status SubmitScanReport(uint64_t id, const ImageScanReport& report,
                                const EvaluatorCallbacks& callbacks);

  // The ids of the requests still waiting for a report.
  std::vector<uint64_t> PendingScans() const;

  const EvaluationStats& stats() const;
  const Ruleset& ruleset() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace falconet

#endif  // FALCONET_EVALUATOR_H_
