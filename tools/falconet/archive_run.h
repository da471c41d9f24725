// Evaluates a list of CloudTrail files on N threads, as `falconet run` and
// `falconet grep` do, with output in input order.
//
// Work is cut into units: a whole file, or, for a file larger than twice
// the chunk size when more than one thread runs, a run of its records.
// Each thread has its own Evaluator over the one shared Ruleset, reads and
// decompresses the files it picks, and writes what it finds for a unit
// into that unit's buffer; the calling thread writes the buffers out in
// input order (alerts of a file keep their record order), draws the
// progress bar and adds the counts up. Output is the same for any number
// of threads, byte for byte.
//
// evt.num numbers the records delivered before a record in input order,
// which a thread cannot know for a file other threads have not finished:
// when the rules read evt.num, or when an evaluator hook needs one
// evaluator to see everything (the image-scan hook), the run must be
// `sequential` and uses one thread. Records left out by a RecordFilter
// are not delivered, so they are not numbered.
//
// Memory stays bounded by the largest file per thread: a thread holds the
// file it evaluates, decompressed, and buffers are reused; the writer
// holds the output of at most 4 files per thread ahead of it.
#ifndef FALCONET_TOOLS_ARCHIVE_RUN_H_
#define FALCONET_TOOLS_ARCHIVE_RUN_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "falconet/evaluator.h"
#include "input_files.h"
#include "record_filter.h"
#include "run_summary.h"

namespace falconet::cli {

// Appends to `out` what to print for an alert; `record` is the matching
// record's JSON. Called on worker threads, concurrently: it must only
// touch `out` and read shared data.
using AlertFormatter = std::function<void(
    const Alert& alert, std::string_view record, std::string& out)>;

// Hooks around each thread's Evaluator, for features that extend the
// evaluator (the image-scan hook). Each is optional and runs on the
// worker thread that owns the evaluator; `callbacks` write to the unit
// being evaluated, so alerts raised there come out in order.
struct EvaluatorHooks {
  // Right after the evaluator is created; an error stops the run.
  std::function<absl::Status(Evaluator&)> on_create;
  // After each unit.
  std::function<void(Evaluator&, const EvaluatorCallbacks&)> after_unit;
  // Once, when the thread has no more work; its output comes last.
  std::function<void(Evaluator&, const EvaluatorCallbacks&)> at_end;
};

struct RunOptions {
  std::string command = "falconet";  // prefix of warnings
  int jobs = 1;
  bool jobs_chosen = false;  // -j was given (else one thread per CPU)
  bool sequential = false;   // see above: forces one thread
  size_t chunk_bytes = 8 << 20;
  bool progress = false;  // draw a progress bar on stderr
  // Warn about records that the cloudtrail plugin would not deliver (they
  // are always counted); damaged records are always warned about.
  bool warn_undelivered = false;
  const RecordFilter* filter = nullptr;  // null or inactive: keep all
  EvaluatorHooks hooks;
};

// Runs `files` through `ruleset`. Alert text goes to `out`, warnings to
// `err`, counts into `summary`. Fails (before any output) only when a hook
// fails.
absl::Status RunArchive(std::shared_ptr<const Ruleset> ruleset,
                        const std::vector<InputFile>& files,
                        const RunOptions& options,
                        const AlertFormatter& formatter, std::ostream& out,
                        std::ostream& err, RunSummary& summary);

}  // namespace falconet::cli

#endif  // FALCONET_TOOLS_ARCHIVE_RUN_H_
