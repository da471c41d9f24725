// Delivery of records as the cloudtrail plugin decides it, and Go's RFC 3339
// parsing. Times are computed by hand (seconds since the epoch).
#include "fields/cloudtrail_record.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace falconet {
namespace {

constexpr uint64_t kSecond = 1000000000;

TEST_CASE("ParseGoRfc3339 accepts what time.Parse(time.RFC3339) accepts") {
  // 2014-03-06T21:22:54Z, the Falco test fixture's time.
  CHECK(ParseGoRfc3339("2014-03-06T21:22:54Z") == 1394140974 * kSecond);
  CHECK(ParseGoRfc3339("1970-01-01T00:00:00Z") == 0u);
  CHECK(ParseGoRfc3339("1970-01-01T00:00:01.5Z") == kSecond + 500000000);
  CHECK(ParseGoRfc3339("1970-01-01T00:00:00.000000001Z") == 1u);
  // Digits past the ninth are read and dropped.
  CHECK(ParseGoRfc3339("1970-01-01T00:00:00.1234567899Z") == 123456789u);
  // Go also takes a comma before the fraction and a one-digit hour.
  CHECK(ParseGoRfc3339("1970-01-01T00:00:00,25Z") == 250000000u);
  CHECK(ParseGoRfc3339("1970-01-01T1:00:00Z") == 3600 * kSecond);
  // Offsets move the instant; Go allows up to 24 hours and 60 minutes.
  CHECK(ParseGoRfc3339("1970-01-01T02:00:00+02:00") == 0u);
  CHECK(ParseGoRfc3339("1970-01-01T00:00:00-01:30") == 5400 * kSecond);
  CHECK(ParseGoRfc3339("1970-01-02T00:00:00+24:00") == 0u);
  // Leap days.
  CHECK(ParseGoRfc3339("2024-02-29T00:00:00Z") == 1709164800 * kSecond);
  CHECK(ParseGoRfc3339("2000-02-29T00:00:00Z") == 951782400 * kSecond);
  // Before 1970 the plugin's uint64 conversion wraps.
  CHECK(ParseGoRfc3339("1969-12-31T23:59:59Z") ==
        static_cast<uint64_t>(-static_cast<int64_t>(kSecond)));
}

TEST_CASE("ParseGoRfc3339 rejects what Go rejects") {
  const char* bad[] = {
      "",
      "2014-03-06",
      "2014-03-06T21:22:54",        // no zone
      "2014-03-06T21:22:54z",       // lower-case zone
      "2014-03-06 21:22:54Z",       // space instead of T
      "2014-3-06T21:22:54Z",        // one-digit month
      "2014-03-6T21:22:54Z",        // one-digit day
      "2014-03-06T21:2:54Z",        // one-digit minute
      "2014-03-06T21:22:5Z",        // one-digit second
      "14-03-06T21:22:54Z",         // short year
      "2014-13-06T21:22:54Z",       // month 13
      "2014-00-06T21:22:54Z",       // month 0
      "2014-02-29T21:22:54Z",       // not a leap year
      "1900-02-29T00:00:00Z",       // not a leap year either
      "2014-04-31T21:22:54Z",       // April has 30 days
      "2014-03-00T21:22:54Z",       // day 0
      "2014-03-06T24:00:00Z",       // hour 24
      "2014-03-06T21:60:54Z",       // minute 60
      "2014-03-06T21:22:60Z",       // leap second
      "2014-03-06T21:22:54.Z",      // empty fraction
      "2014-03-06T21:22:54+0200",   // offset without colon
      "2014-03-06T21:22:54+25:00",  // offset hour
      "2014-03-06T21:22:54+01:61",  // offset minute
      "2014-03-06T21:22:54Z ",      // trailing text
      "2014-03-06T21:22:54ZZ",
  };
  for (const char* text : bad) {
    INFO(text);
    CHECK(ParseGoRfc3339(text) == std::nullopt);
  }
}

Delivery Check(std::string_view time_raw, std::string_view type_raw) {
  std::vector<Slot> slots(4);
  slots[PathPlan::kEventTime].raw = time_raw;
  slots[PathPlan::kEventType].raw = type_raw;
  return CheckDelivery(slots.data());
}

TEST_CASE("CheckDelivery follows the plugin's reasons to skip a record") {
  Delivery ok = Check(R"("2014-03-06T21:22:54Z")", R"("AwsApiCall")");
  CHECK(ok.delivered);
  CHECK(ok.time_ns == 1394140974 * kSecond);
  CHECK(ok.skip_reason.empty());

  // Escaped strings are read unescaped, like fastjson's GetStringBytes.
  CHECK(Check(R"("2014-03-06T21:22:54\u005a")", R"("AwsApiCall")").delivered);

  CHECK(Check("", R"("AwsApiCall")").skip_reason == kSkipMissingTime);
  CHECK(Check("1394140974", R"("AwsApiCall")").skip_reason == kSkipMissingTime);
  CHECK(Check("null", R"("AwsApiCall")").skip_reason == kSkipMissingTime);
  CHECK(Check(R"("yesterday")", R"("AwsApiCall")").skip_reason ==
        kSkipInvalidTime);
  CHECK(Check(R"("2014-03-06T21:22:54Z")", "").skip_reason == kSkipMissingType);
  CHECK(Check(R"("2014-03-06T21:22:54Z")", "7").skip_reason ==
        kSkipMissingType);
  CHECK(Check(R"("2014-03-06T21:22:54Z")", R"("AwsCloudTrailInsight")")
            .skip_reason == kSkipInsight);
  // The time is checked before the type.
  CHECK(Check(R"("bad")", "").skip_reason == kSkipInvalidTime);
  CHECK_FALSE(Check(R"("bad")", "").delivered);
}

TEST_CASE("ParseGoRfc3339 reads CloudTrail's own form as the full parser") {
  // The fixed-position fast path and Go's rules agree on every field's
  // range: the same text with a fraction or an offset takes the full path.
  CHECK(ParseGoRfc3339("2024-02-29T23:59:59Z") ==
        ParseGoRfc3339("2024-02-29T23:59:59.0Z"));
  CHECK(ParseGoRfc3339("2024-02-29T23:59:59Z") ==
        ParseGoRfc3339("2024-02-29T23:59:59+00:00"));
  CHECK_FALSE(ParseGoRfc3339("2023-02-29T10:00:00Z"));
  CHECK_FALSE(ParseGoRfc3339("2024-13-01T10:00:00Z"));
  CHECK_FALSE(ParseGoRfc3339("2024-01-01T24:00:00Z"));
  CHECK_FALSE(ParseGoRfc3339("2024-01-01T10:60:00Z"));
  CHECK_FALSE(ParseGoRfc3339("2024-01-01T10:00:60Z"));
  CHECK_FALSE(ParseGoRfc3339("2024-01-00T10:00:00Z"));
  CHECK_FALSE(ParseGoRfc3339("2024-0a-01T10:00:00Z"));
  CHECK_FALSE(ParseGoRfc3339("2024-01-01T10:00:00z"));
}

}  // namespace
}  // namespace falconet
