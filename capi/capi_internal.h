// What the C ABI's handles hold, and how its functions report errors.
//
// Every exported function catches every exception (Guard) and turns it
// into a return code plus the thread-local last-error message (SetError),
// so that no C++ exception reaches a C, Python or Go host. Handles are
// plain structs owning the C++ objects; their layout is private to the
// library.
#ifndef FALCONET_CAPI_CAPI_INTERNAL_H_
#define FALCONET_CAPI_CAPI_INTERNAL_H_

#include <atomic>
#include <cstdint>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "falconet.h"
#include "falconet/evaluator.h"
#include "falconet/ruleset.h"
#include "falconet/ruleset_builder.h"

namespace falconet::capi {

// Records `message` as this thread's last error and returns `code`.
int SetError(int code, std::string_view message);

// Runs `body` (returning a falconet_error_code) and converts anything it
// throws into FALCONET_ENOMEM or FALCONET_ERROR.
template <typename Body>
int Guard(Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return SetError(FALCONET_ENOMEM, "out of memory");
  } catch (const std::exception& e) {
    return SetError(FALCONET_ERROR, e.what());
  } catch (...) {
    return SetError(FALCONET_ERROR, "unknown internal error");
  }
}

// FALCONET_EINVALID with "<function>: <what> is NULL".
int NullArgument(const char* function, const char* what);

// Checks an options struct's version against the newest this library
// knows; FALCONET_EVERSION with a message when it is 0 or newer.
int CheckVersion(const char* function, unsigned int version,
                 unsigned int newest);

}  // namespace falconet::capi

struct falconet_ruleset {
  std::shared_ptr<const falconet::Ruleset> ruleset;
};

struct falconet_ruleset_builder {
  falconet::RulesetBuilder builder;
  falconet::RuleSelection selection;
  falconet_diagnostic_cb diagnostic_cb = nullptr;
  void* payload = nullptr;
  bool built = false;
};

// An alert as the C ABI shows it during an alert callback: the engine's
// Alert plus the text forms, made on first use and reusing their buffers
// from one alert to the next.
struct falconet_alert {
  const falconet::Alert* alert = nullptr;
  std::string_view record;
  const std::string* hostname = nullptr;

  mutable bool json_ready = false;
  mutable std::string json;
  mutable bool fields_ready = false;
  mutable size_t field_count = 0;
  mutable std::vector<std::pair<std::string, std::string>> fields;

  void Reset(const falconet::Alert& a, std::string_view r) {
    alert = &a;
    record = r;
    json_ready = false;
    fields_ready = false;
  }
  void PrepareFields() const;
};

// A scan request as the C ABI shows it during a scan callback, and the
// answer the callback gives through falconet_scan_request_report/_fail.
struct falconet_scan_request {
  const falconet::ImageScanRequest* request = nullptr;
  falconet::ImageScanReport answer;
  bool answered = false;
};

struct falconet_evaluator {
  explicit falconet_evaluator(std::shared_ptr<const falconet::Ruleset> r)
      : evaluator(std::move(r)) {}

  falconet::Evaluator evaluator;
  // Set during falconet_evaluator_evaluate, so that a second call into
  // the same evaluator (from a callback, or from another thread) fails
  // instead of corrupting its scratch space.
  std::atomic<bool> busy{false};
  std::string hostname;
  falconet_alert alert;
  std::string skip_reason;  // NUL-terminated copies for falconet_skip_cb
  std::string skip_detail;
};

struct falconet_field_list {
  struct Entry {
    std::string name;
    std::string type;
    std::string description;
    unsigned int flags = 0;
  };
  std::vector<Entry> entries;
};

#endif  // FALCONET_CAPI_CAPI_INTERNAL_H_
