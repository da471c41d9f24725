// The evaluator's side of image-scan hooks: which records deploy images,
// which requests are repeats, and which are still waiting for a report.
//
// Owned by one Evaluator; not thread-safe.
#ifndef FALCONET_ENGINE_IMAGE_SCANS_H_
#define FALCONET_ENGINE_IMAGE_SCANS_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "falconet/image_scan.h"

namespace falconet {

// A request and the record it came from, kept until its report arrives.
struct PendingScan {
  ImageScanRequest request;
  ImageReference image;
  std::string record;  // the deploying record's JSON
  uint64_t event_num = 0;
};

class ImageScans {
 public:
  absl::Status Configure(ImageScanOptions options);
  bool enabled() const { return static_cast<bool>(options_.hook); }

  bool Covers(std::string_view source, std::string_view name) const {
    return enabled() && locations_.Covers(source, name);
  }

  // The new requests for the images `record` deploys (repeats within the
  // window dropped); `context` carries the record's fields. Unparseable
  // references are returned in `warnings`.
  std::vector<PendingScan> Requests(std::string_view record,
                                    const ImageScanRequest& context,
                                    uint64_t event_num,
                                    std::vector<std::string>& warnings);

  ImageScanReport Ask(const ImageScanRequest& request) {
    return options_.hook(request);
  }

  void Defer(PendingScan scan) {
    uint64_t id = scan.request.id;
    pending_.emplace(id, std::move(scan));
  }
  // Removes and returns a deferred scan; false when `id` is not pending.
  bool Take(uint64_t id, PendingScan& out);
  std::vector<uint64_t> PendingIds() const;

 private:
  ImageScanOptions options_;
  DeploymentImages locations_;
  absl::flat_hash_map<std::string, uint64_t> last_requested_;  // canonical
  std::map<uint64_t, PendingScan> pending_;
  uint64_t next_id_ = 1;
};

// The summary an answer stands for (parsed, summarised or failed).
ScanSummary SummaryOf(const ImageScanReport& report);

}  // namespace falconet

#endif  // FALCONET_ENGINE_IMAGE_SCANS_H_
