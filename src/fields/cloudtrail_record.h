// Whether Falco's cloudtrail plugin (0.17.1) delivers a record at all, and
// at which time.
//
// The plugin skips a record whose eventTime is missing, not a string or not
// accepted by Go's time.Parse(time.RFC3339, ...), whose eventType is missing
// or not a string, and every "AwsCloudTrailInsight" event. Delivered
// records are stamped with eventTime in nanoseconds since the epoch.
//
// Pure functions; thread-safe.
#ifndef FALCONET_FIELDS_CLOUDTRAIL_RECORD_H_
#define FALCONET_FIELDS_CLOUDTRAIL_RECORD_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "fields/path_plan.h"

namespace falconet {

struct Delivery {
  bool delivered = false;
  uint64_t time_ns = 0;          // when delivered
  std::string_view skip_reason;  // when not: a short, stable text
};

// Skip reasons, as CheckDelivery reports them.
inline constexpr std::string_view kSkipMissingTime = "missing eventTime";
inline constexpr std::string_view kSkipInvalidTime = "invalid eventTime";
inline constexpr std::string_view kSkipMissingType = "missing eventType";
inline constexpr std::string_view kSkipInsight = "insight event";

// Decides from the projected slots PathPlan::kEventTime and kEventType.
Delivery CheckDelivery(const Slot* slots);

// Go's time.Parse(time.RFC3339, text) as nanoseconds since the epoch, with
// Go's UnixNano wrap-around for years it cannot represent and the sign bit
// reinterpreted as the plugin's uint64 conversion does. nullopt when Go
// rejects the text. Go accepts more than RFC 3339: a one-digit hour, ','
// before the fraction, fractions longer than 9 digits (truncated) and
// offsets up to +24:60.
std::optional<uint64_t> ParseGoRfc3339(std::string_view text);

}  // namespace falconet

#endif  // FALCONET_FIELDS_CLOUDTRAIL_RECORD_H_
