// Image-scan hooks: container images that CloudTrail records deploy are
// handed to the host's scanner, and the scanner's report comes back as an
// `image_scan` event that rules with `source: image_scan` judge.
//
// The engine knows where deployment calls name images (App Runner
// CreateService/UpdateService, ECS RegisterTaskDefinition, Lambda
// CreateFunction/UpdateFunctionCode with an image, Batch
// RegisterJobDefinition, SageMaker CreateModel, ECR PutImage); hosts add
// more locations. Refused calls (with an errorCode) deploy nothing. Each
// distinct image is requested once per repeat window of event time.
//
// The hook runs on the thread that calls Evaluator::Evaluate, and it may
// answer at once (a report) or later (ImageScanReport::Later(), then
// Evaluator::SubmitScanReport with the request id, on the evaluator's
// thread). A slow scanner should answer later so that records keep
// flowing.
#ifndef FALCONET_IMAGE_SCAN_H_
#define FALCONET_IMAGE_SCAN_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "scan/deployment_images.h"
#include "scan/scan_report.h"

namespace falconet {

// One image to scan, with the context of the record that deployed it.
struct ImageScanRequest {
  uint64_t id = 0;    // pass to SubmitScanReport for a later answer
  std::string image;  // the reference as the record gives it
  std::string registry;
  std::string repository;
  std::string tag;
  std::string digest;
  std::string account;     // ct.user.accountid
  std::string region;      // ct.region
  std::string principal;   // ct.user.arn, else ct.user
  std::string source_ip;   // ct.srcip
  std::string event_id;    // ct.id
  std::string event_name;  // ct.name
  uint64_t event_time_ns = 0;
  std::vector<std::string> rules;  // the rules that fired on the record
};

// The host's answer to a request.
struct ImageScanReport {
  enum class Kind { kLater, kReport, kFindings, kFailed };
  Kind kind = Kind::kLater;
  std::string text;               // kReport: Trivy or Grype JSON
  std::vector<Finding> findings;  // kFindings
  std::string scanner;            // kFindings/kFailed: the scanner's name
  std::string error;              // kFailed: why

  static ImageScanReport Later() { return {}; }
  static ImageScanReport FromJson(std::string text) {
    ImageScanReport r;
    r.kind = Kind::kReport;
    r.text = std::move(text);
    return r;
  }
  static ImageScanReport FromFindings(std::vector<Finding> findings,
                                      std::string scanner = "custom") {
    ImageScanReport r;
    r.kind = Kind::kFindings;
    r.findings = std::move(findings);
    r.scanner = std::move(scanner);
    return r;
  }
  static ImageScanReport Failed(std::string scanner, std::string error) {
    ImageScanReport r;
    r.kind = Kind::kFailed;
    r.scanner = std::move(scanner);
    r.error = std::move(error);
    return r;
  }
};

using ImageScanHook = std::function<ImageScanReport(const ImageScanRequest&)>;

struct ImageScanOptions {
  ImageScanHook hook;
  // Requests for an image already requested less than this long before
  // (in event time) are suppressed. 0 requests every occurrence.
  uint64_t repeat_window_ns = 3600ull * 1000000000ull;
  // Where else records name images (event source, event name, pointer).
  std::vector<ImageLocation> extra_locations;
};

}  // namespace falconet

#endif  // FALCONET_IMAGE_SCAN_H_
