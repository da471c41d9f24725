// The C ABI of image scans: the scan callback, its request handle, and
// later answers through falconet_evaluator_submit_scan_report.
#include <string>

#include "capi_internal.h"

namespace falconet::capi {
namespace {

const char* Text(const falconet_scan_request* r,
                 std::string ImageScanRequest::*member) {
  return r && r->request ? (r->request->*member).c_str() : nullptr;
}

// Calls the host's callback and turns what it did into the engine's
// answer. The callback is C: it cannot throw.
ImageScanReport AskHost(falconet_scan_cb cb, void* payload,
                        const ImageScanRequest& request) {
  falconet_scan_request handle;
  handle.request = &request;
  int rc = cb(&handle, payload);
  if (rc == FALCONET_SCAN_LATER) return ImageScanReport::Later();
  if (rc != FALCONET_SCAN_ANSWERED) {
    return ImageScanReport::Failed(
        "custom", "the scan callback returned " + std::to_string(rc));
  }
  if (!handle.answered) {
    return ImageScanReport::Failed(
        "custom", "the scan callback answered without a report");
  }
  return std::move(handle.answer);
}

int CheckScanOptions(const falconet_scan_options* opts) {
  const char* fn = "falconet_evaluator_set_image_scan";
  if (int rc = CheckVersion(fn, opts->version, FALCONET_SCAN_OPTIONS_VERSION);
      rc < 0) {
    return rc;
  }
  if (opts->extra_location_count > 0 && !opts->extra_locations) {
    return NullArgument(fn, "extra_locations");
  }
  for (size_t i = 0; i < opts->extra_location_count; ++i) {
    const falconet_image_location& l = opts->extra_locations[i];
    if (!l.event_source || !l.event_name || !l.pointer) {
      return SetError(FALCONET_EINVALID, std::string(fn) + ": extra location " +
                                             std::to_string(i) +
                                             " has a NULL member");
    }
  }
  return FALCONET_OK;
}

ImageScanOptions ToEngine(const falconet_scan_options& opts) {
  ImageScanOptions options;
  options.repeat_window_ns = opts.repeat_window_ns;
  for (size_t i = 0; i < opts.extra_location_count; ++i) {
    const falconet_image_location& l = opts.extra_locations[i];
    options.extra_locations.push_back(
        {l.event_source, l.event_name, l.pointer});
  }
  if (opts.scan_cb) {
    options.hook = [cb = opts.scan_cb,
                    payload = opts.payload](const ImageScanRequest& r) {
      return AskHost(cb, payload, r);
    };
  }
  return options;
}

}  // namespace
}  // namespace falconet::capi

using namespace falconet::capi;
using falconet::ImageScanRequest;

extern "C" {

uint64_t falconet_scan_request_id(const falconet_scan_request* r) {
  return r && r->request ? r->request->id : 0;
}
const char* falconet_scan_request_image(const falconet_scan_request* r) {
  return Text(r, &ImageScanRequest::image);
}
const char* falconet_scan_request_registry(const falconet_scan_request* r) {
  return Text(r, &ImageScanRequest::registry);
}
const char* falconet_scan_request_repository(const falconet_scan_request* r) {
  return Text(r, &ImageScanRequest::repository);
}
const char* falconet_scan_request_tag(const falconet_scan_request* r) {
  return Text(r, &ImageScanRequest::tag);
}
const char* falconet_scan_request_digest(const falconet_scan_request* r) {
  return Text(r, &ImageScanRequest::digest);
}
const char* falconet_scan_request_account(const falconet_scan_request* r) {
  return Text(r, &ImageScanRequest::account);
}
const char* falconet_scan_request_region(const falconet_scan_request* r) {
  return Text(r, &ImageScanRequest::region);
}
const char* falconet_scan_request_principal(const falconet_scan_request* r) {
  return Text(r, &ImageScanRequest::principal);
}
const char* falconet_scan_request_source_ip(const falconet_scan_request* r) {
  return Text(r, &ImageScanRequest::source_ip);
}
const char* falconet_scan_request_event_id(const falconet_scan_request* r) {
  return Text(r, &ImageScanRequest::event_id);
}
const char* falconet_scan_request_event_name(const falconet_scan_request* r) {
  return Text(r, &ImageScanRequest::event_name);
}
uint64_t falconet_scan_request_event_time(const falconet_scan_request* r) {
  return r && r->request ? r->request->event_time_ns : 0;
}
size_t falconet_scan_request_rule_count(const falconet_scan_request* r) {
  return r && r->request ? r->request->rules.size() : 0;
}
const char* falconet_scan_request_rule(const falconet_scan_request* r,
                                       size_t index) {
  if (!r || !r->request || index >= r->request->rules.size()) return nullptr;
  return r->request->rules[index].c_str();
}

int falconet_scan_request_report(falconet_scan_request* request,
                                 const char* report, size_t size) {
  const char* fn = "falconet_scan_request_report";
  if (!request || !request->request) return NullArgument(fn, "request");
  if (!report && size > 0) return NullArgument(fn, "report");
  return Guard([&]() -> int {
    request->answer = falconet::ImageScanReport::FromJson(
        std::string(report ? report : "", size));
    request->answered = true;
    return FALCONET_OK;
  });
}

int falconet_scan_request_fail(falconet_scan_request* request,
                               const char* scanner, const char* reason) {
  if (!request || !request->request) {
    return NullArgument("falconet_scan_request_fail", "request");
  }
  return Guard([&]() -> int {
    request->answer = falconet::ImageScanReport::Failed(
        scanner ? scanner : "custom", reason ? reason : "");
    request->answered = true;
    return FALCONET_OK;
  });
}

int falconet_scan_options_init(falconet_scan_options* opts,
                               unsigned int version) {
  if (!opts) return NullArgument("falconet_scan_options_init", "opts");
  if (int rc = CheckVersion("falconet_scan_options_init", version,
                            FALCONET_SCAN_OPTIONS_VERSION);
      rc < 0) {
    return rc;
  }
  *opts = falconet_scan_options FALCONET_SCAN_OPTIONS_INIT;
  return FALCONET_OK;
}

int falconet_evaluator_set_image_scan(falconet_evaluator* evaluator,
                                      const falconet_scan_options* opts) {
  const char* fn = "falconet_evaluator_set_image_scan";
  if (!evaluator) return NullArgument(fn, "evaluator");
  falconet_scan_options defaults = FALCONET_SCAN_OPTIONS_INIT;
  if (!opts) opts = &defaults;
  if (int rc = CheckScanOptions(opts); rc < 0) return rc;
  if (evaluator->busy.load(std::memory_order_acquire)) {
    return SetError(FALCONET_EINVALID,
                    std::string(fn) + ": the evaluator is evaluating");
  }
  return Guard([&]() -> int {
    absl::Status status = evaluator->evaluator.SetImageScan(ToEngine(*opts));
    if (!status.ok()) {
      return SetError(FALCONET_EINVALID,
                      std::string(fn) + ": " + std::string(status.message()));
    }
    return FALCONET_OK;
  });
}

size_t falconet_evaluator_pending_scan_count(
    const falconet_evaluator* evaluator) {
  if (!evaluator) return 0;
  try {
    return evaluator->evaluator.PendingScans().size();
  } catch (...) {
    return 0;
  }
}

}  // extern "C"
