#include "run_summary.h"

#include <cstdio>

namespace falconet::cli {
namespace {

void AddMap(const CountMap& from, CountMap& to) {
  for (const auto& [key, n] : from) {
    auto it = to.find(key);
    if (it == to.end()) {
      to.emplace(key, n);
    } else {
      it->second += n;
    }
  }
}

std::string Fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof(text), "%.*f", decimals, value);
  return text;
}

}  // namespace

void RunCounts::Add(const RunCounts& other) {
  files += other.files;
  bytes += other.bytes;
  records_read += other.records_read;
  records_evaluated += other.records_evaluated;
  AddMap(other.records_skipped, records_skipped);
  AddMap(other.alerts, alerts);
  AddMap(other.alerts_by_priority, alerts_by_priority);
  input_errors.insert(input_errors.end(), other.input_errors.begin(),
                      other.input_errors.end());
}

uint64_t RunCounts::skipped() const {
  uint64_t n = 0;
  for (const auto& [reason, count] : records_skipped) n += count;
  return n;
}

void RunSummary::AddListing(const InputList& inputs, uint64_t files_left_out) {
  digests_skipped_ += inputs.skipped_digests.size();
  files_left_out_ += files_left_out;
  counts_.input_errors.insert(counts_.input_errors.end(), inputs.errors.begin(),
                              inputs.errors.end());
}

double RunSummary::seconds_so_far() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       start_)
      .count();
}

void RunSummary::Finish() { seconds_ = seconds_so_far(); }

void RunSummary::Print(std::ostream& out) const {
  const RunCounts& c = counts_;
  uint64_t alerts = 0;
  for (const auto& [rule, n] : c.alerts) alerts += n;
  double rate = seconds_ > 0 ? c.records_read / seconds_ : 0;
  out << "falconet: " << c.files << " files (" << Fixed(c.bytes / 1e6, 1)
      << " MB), " << c.records_read << " records read: " << c.records_evaluated
      << " evaluated, " << c.skipped() << " skipped; " << alerts << " alerts; "
      << Fixed(seconds_, 2) << " s (" << Fixed(rate, 0) << " records/s)\n";
  for (const auto& [reason, n] : c.records_skipped) {
    out << "  skipped: " << reason << ": " << n << "\n";
  }
  if (digests_skipped_) {
    out << "  digest files skipped: " << digests_skipped_ << "\n";
  }
  if (files_left_out_) {
    out << "  files left out by --account/--region: " << files_left_out_
        << "\n";
  }
  for (const auto& [rule, n] : c.alerts) {
    out << "  alerts: " << rule << ": " << n << "\n";
  }
  for (const auto& [priority, n] : c.alerts_by_priority) {
    out << "  priority: " << priority << ": " << n << "\n";
  }
  if (!c.input_errors.empty()) {
    out << "  input errors: " << c.input_errors.size() << "\n";
  }
}

nlohmann::json RunSummary::Json() const {
  const RunCounts& c = counts_;
  nlohmann::json errors = nlohmann::json::array();
  for (const InputError& e : c.input_errors) {
    errors.push_back(
        {{"file", e.file}, {"position", e.position}, {"message", e.message}});
  }
  return {
      {"files", c.files},
      {"bytes", c.bytes},
      {"digest_files_skipped", digests_skipped_},
      {"files_left_out", files_left_out_},
      {"records_read", c.records_read},
      {"records_evaluated", c.records_evaluated},
      {"records_skipped", c.records_skipped},
      {"alerts", c.alerts},
      {"alerts_by_priority", c.alerts_by_priority},
      {"input_errors", errors},
      {"seconds", seconds_},
  };
}

}  // namespace falconet::cli
