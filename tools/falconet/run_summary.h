// What a run did, for the summary on stderr (and --stats-json): files,
// records read, evaluated and skipped by reason, alerts by rule and by
// priority, input errors with their positions, and the time taken.
#ifndef FALCONET_TOOLS_RUN_SUMMARY_H_
#define FALCONET_TOOLS_RUN_SUMMARY_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "falconet/evaluator.h"
#include "input_files.h"
#include "nlohmann/json.hpp"

namespace falconet::cli {

class RunSummary {
 public:
  RunSummary() : start_(std::chrono::steady_clock::now()) {}

  void AddExpansion(const InputList& inputs);
  void AddFile(uint64_t bytes);
  void AddInputError(const std::string& file, const std::string& message);
  // Warns on stderr and records the skip as an input error when the record
  // is damaged (not when Falco would simply not deliver it).
  void ReportSkip(const std::string& file, const SkippedRecord& skipped);
  void CountAlert(const Alert& alert);
  void Finish(const EvaluationStats& stats);

  void Print(std::ostream& out) const;
  nlohmann::json Json() const;
  bool has_input_errors() const { return !input_errors_.empty(); }

 private:
  struct InputError {
    std::string file;
    std::string position;
    std::string message;
  };

  std::chrono::steady_clock::time_point start_;
  double seconds_ = 0;
  uint64_t files_ = 0;
  uint64_t bytes_ = 0;
  uint64_t digests_skipped_ = 0;
  EvaluationStats stats_;
  std::map<std::string, uint64_t> by_priority_;
  std::vector<InputError> input_errors_;
};

}  // namespace falconet::cli

#endif  // FALCONET_TOOLS_RUN_SUMMARY_H_
