#include "run_summary.h"

#include <iostream>

namespace falconet::cli {
namespace {

// Reasons for which Falco's plugin silently drops a record: they are
// counted, but they are not damage in the input.
bool IsDeliveryReason(std::string_view reason) {
  return reason == "missing eventTime" || reason == "invalid eventTime" ||
         reason == "missing eventType" || reason == "insight event";
}

}  // namespace

void RunSummary::AddExpansion(const InputList& inputs) {
  digests_skipped_ += inputs.skipped_digests.size();
  for (const std::string& error : inputs.errors) {
    input_errors_.push_back({error.substr(0, error.find(':')), "", error});
    std::cerr << "falconet: " << error << "\n";
  }
}

void RunSummary::AddFile(uint64_t bytes) {
  ++files_;
  bytes_ += bytes;
}

void RunSummary::AddInputError(const std::string& file,
                               const std::string& message) {
  input_errors_.push_back({file, "", message});
  std::cerr << "falconet: " << message << "\n";
}

void RunSummary::ReportSkip(const std::string& file,
                            const SkippedRecord& skipped) {
  if (IsDeliveryReason(skipped.reason)) return;
  std::string position = "record " + std::to_string(skipped.index + 1) +
                         " (line " + std::to_string(skipped.line) + ")";
  std::string message(skipped.reason);
  if (!skipped.detail.empty()) message += ": " + std::string(skipped.detail);
  input_errors_.push_back({file, position, message});
  std::cerr << "falconet: " << file << ": " << position
            << ": skipped: " << message << "\n";
}

void RunSummary::CountAlert(const Alert& alert) {
  ++by_priority_[PriorityName(alert.priority)];
}

void RunSummary::Finish(const EvaluationStats& stats) {
  stats_ = stats;
  seconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_)
          .count();
}

void RunSummary::Print(std::ostream& out) const {
  uint64_t skipped = 0;
  for (const auto& [reason, n] : stats_.records_skipped) skipped += n;
  out << "falconet: " << files_ << " files, " << stats_.records_read
      << " records read, " << stats_.records_evaluated << " evaluated, "
      << skipped << " skipped";
  if (digests_skipped_) out << ", " << digests_skipped_ << " digest files";
  out << " in " << seconds_ << " s\n";
  for (const auto& [reason, n] : stats_.records_skipped) {
    out << "  skipped: " << reason << ": " << n << "\n";
  }
  for (const auto& [rule, n] : stats_.alerts) {
    out << "  alerts: " << rule << ": " << n << "\n";
  }
  for (const auto& [priority, n] : by_priority_) {
    out << "  priority: " << priority << ": " << n << "\n";
  }
  if (!input_errors_.empty()) {
    out << "  input errors: " << input_errors_.size() << "\n";
  }
}

nlohmann::json RunSummary::Json() const {
  nlohmann::json errors = nlohmann::json::array();
  for (const InputError& e : input_errors_) {
    errors.push_back(
        {{"file", e.file}, {"position", e.position}, {"message", e.message}});
  }
  return {
      {"files", files_},
      {"bytes", bytes_},
      {"digest_files_skipped", digests_skipped_},
      {"records_read", stats_.records_read},
      {"records_evaluated", stats_.records_evaluated},
      {"records_skipped", stats_.records_skipped},
      {"alerts", stats_.alerts},
      {"alerts_by_priority", by_priority_},
      {"input_errors", errors},
      {"seconds", seconds_},
  };
}

}  // namespace falconet::cli
