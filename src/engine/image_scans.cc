#include "engine/image_scans.h"

namespace falconet {

absl::Status ImageScans::Configure(ImageScanOptions options) {
  DeploymentImages locations;
  for (const ImageLocation& location : options.extra_locations) {
    if (absl::Status s = locations.Add(location); !s.ok()) return s;
  }
  locations_ = std::move(locations);
  options_ = std::move(options);
  return absl::OkStatus();
}

std::vector<PendingScan> ImageScans::Requests(
    std::string_view record, const ImageScanRequest& context,
    uint64_t event_num, std::vector<std::string>& warnings) {
  std::vector<PendingScan> out;
  absl::StatusOr<std::vector<DeployedImage>> images =
      locations_.Extract(record);
  if (!images.ok()) return out;

  for (DeployedImage& deployed : *images) {
    if (!deployed.reference.ok()) {
      warnings.push_back("image reference skipped at " + deployed.pointer +
                         ": " +
                         std::string(deployed.reference.status().message()));
      continue;
    }
    // Repeats are suppressed in event time, so results do not depend on
    // how fast the records are read.
    std::string key = deployed.reference->Canonical();
    auto it = last_requested_.find(key);
    if (it != last_requested_.end() &&
        context.event_time_ns - it->second < options_.repeat_window_ns &&
        context.event_time_ns >= it->second) {
      continue;
    }
    last_requested_[key] = context.event_time_ns;

    PendingScan scan;
    scan.request = context;
    scan.request.id = next_id_++;
    scan.request.image = deployed.text;
    scan.request.registry = deployed.reference->registry;
    scan.request.repository = deployed.reference->repository;
    scan.request.tag = deployed.reference->tag;
    scan.request.digest = deployed.reference->digest;
    scan.image = *std::move(deployed.reference);
    scan.record = std::string(record);
    scan.event_num = event_num;
    out.push_back(std::move(scan));
  }
  return out;
}

bool ImageScans::Take(uint64_t id, PendingScan& out) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return false;
  out = std::move(it->second);
  pending_.erase(it);
  return true;
}

std::vector<uint64_t> ImageScans::PendingIds() const {
  std::vector<uint64_t> ids;
  for (const auto& [id, scan] : pending_) ids.push_back(id);
  return ids;
}

ScanSummary SummaryOf(const ImageScanReport& report) {
  switch (report.kind) {
    case ImageScanReport::Kind::kReport:
      return ParseScanReport(report.text);
    case ImageScanReport::Kind::kFindings:
      return SummarizeFindings(
          report.findings, report.scanner.empty() ? "custom" : report.scanner);
    case ImageScanReport::Kind::kFailed:
      return FailedScan(report.scanner, report.error);
    case ImageScanReport::Kind::kLater:
      break;
  }
  return FailedScan("", "no report");
}

}  // namespace falconet
