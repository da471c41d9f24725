// What a run did, for the summary on stderr and --stats-json: files and
// bytes read, records read, evaluated and skipped by reason, alerts by rule
// and by priority, input errors with their positions, and the time taken.
//
// RunCounts are plain values that workers fill for their share of the
// input and that add up; a RunSummary is owned and updated by one thread.
#ifndef FALCONET_TOOLS_RUN_SUMMARY_H_
#define FALCONET_TOOLS_RUN_SUMMARY_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "input_files.h"
#include "nlohmann/json.hpp"

namespace falconet::cli {

using CountMap = std::map<std::string, uint64_t, std::less<>>;

struct RunCounts {
  uint64_t files = 0;  // files (or standard input) read, even partly
  uint64_t bytes = 0;  // their size once decompressed
  uint64_t records_read = 0;
  uint64_t records_evaluated = 0;
  CountMap records_skipped;  // reason -> count
  CountMap alerts;           // rule -> count
  CountMap alerts_by_priority;
  std::vector<InputError> input_errors;

  void Add(const RunCounts& other);
  uint64_t skipped() const;
};

class RunSummary {
 public:
  RunSummary() : start_(std::chrono::steady_clock::now()) {}

  // What the file listing found besides files to read.
  void AddListing(const InputList& inputs, uint64_t files_left_out);
  void Add(const RunCounts& counts) { counts_.Add(counts); }
  void Finish();

  void Print(std::ostream& out) const;
  nlohmann::json Json() const;

  const RunCounts& counts() const { return counts_; }
  bool has_input_errors() const { return !counts_.input_errors.empty(); }
  double seconds_so_far() const;

 private:
  std::chrono::steady_clock::time_point start_;
  double seconds_ = 0;
  uint64_t digests_skipped_ = 0;
  uint64_t files_left_out_ = 0;  // by --account / --region
  RunCounts counts_;
};

}  // namespace falconet::cli

#endif  // FALCONET_TOOLS_RUN_SUMMARY_H_
