// The C ABI's error reporting, versions and priority names.
#include <string>

#include "capi_internal.h"

namespace falconet::capi {
namespace {

// The last error of this thread. A message that cannot be stored (out of
// memory) falls back to a static text rather than throwing.
thread_local std::string last_error;
thread_local const char* last_error_fallback = nullptr;

}  // namespace

int SetError(int code, std::string_view message) {
  try {
    last_error.assign(message.data(), message.size());
    last_error_fallback = nullptr;
  } catch (...) {
    last_error_fallback = "out of memory while reporting an error";
  }
  return code;
}

int NullArgument(const char* function, const char* what) {
  return SetError(FALCONET_EINVALID,
                  std::string(function) + ": " + what + " is NULL");
}

int CheckVersion(const char* function, unsigned int version,
                 unsigned int newest) {
  if (version >= 1 && version <= newest) return FALCONET_OK;
  return SetError(FALCONET_EVERSION,
                  std::string(function) + ": options version " +
                      std::to_string(version) + " is not supported (1 to " +
                      std::to_string(newest) + ")");
}

}  // namespace falconet::capi

using falconet::capi::SetError;

extern "C" {

const char* falconet_version(int* major, int* minor, int* patch) {
  if (major) *major = FALCONET_VERSION_MAJOR;
  if (minor) *minor = FALCONET_VERSION_MINOR;
  if (patch) *patch = FALCONET_VERSION_PATCH;
  return FALCONET_VERSION_STRING;
}

const char* falconet_error_last(void) {
  using namespace falconet::capi;
  return last_error_fallback ? last_error_fallback : last_error.c_str();
}

void falconet_error_clear(void) {
  using namespace falconet::capi;
  last_error.clear();
  last_error_fallback = nullptr;
}

const char* falconet_error_name(int code) {
  switch (code) {
    case FALCONET_OK:
      return "FALCONET_OK";
    case FALCONET_EINVALID:
      return "FALCONET_EINVALID";
    case FALCONET_ENOMEM:
      return "FALCONET_ENOMEM";
    case FALCONET_ELOAD:
      return "FALCONET_ELOAD";
    case FALCONET_ENOTFOUND:
      return "FALCONET_ENOTFOUND";
    case FALCONET_EUSER:
      return "FALCONET_EUSER";
    case FALCONET_EVERSION:
      return "FALCONET_EVERSION";
    default:
      return "FALCONET_ERROR";
  }
}

const char* falconet_priority_name(int priority) {
  // Static copies of falconet::PriorityName, which returns std::string.
  static const char* const kNames[] = {
      "Emergency", "Alert",  "Critical",      "Error",
      "Warning",   "Notice", "Informational", "Debug",
  };
  if (priority < 0 || priority > 7) return nullptr;
  return kNames[priority];
}

}  // extern "C"
