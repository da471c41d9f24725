#include "fields/cloudtrail_record.h"

#include <string>

#include "fields/json_text.h"

namespace falconet {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads the text left to right the way Go's time.parse walks the layout
// "2006-01-02T15:04:05Z07:00".
class GoTimeReader {
 public:
  explicit GoTimeReader(std::string_view text) : s_(text) {}

  bool Literal(char c) {
    if (pos_ >= s_.size() || s_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  // Go's getnum: one or two digits; exactly two when `fixed`.
  bool Number(bool fixed, int& value) {
    if (!DigitAt(pos_)) return false;
    if (!DigitAt(pos_ + 1)) {
      if (fixed) return false;
      value = s_[pos_++] - '0';
      return true;
    }
    value = (s_[pos_] - '0') * 10 + (s_[pos_ + 1] - '0');
    pos_ += 2;
    return true;
  }

  bool Year(int& year) {
    if (s_.size() - pos_ < 4) return false;
    year = 0;
    for (int i = 0; i < 4; ++i) {
      if (!IsDigit(s_[pos_ + i])) return false;
      year = year * 10 + (s_[pos_ + i] - '0');
    }
    pos_ += 4;
    return true;
  }

  // An optional fraction after the seconds: '.' or ',' then digits, of
  // which only the first nine count.
  void Fraction(int64_t& nanos) {
    nanos = 0;
    if (s_.size() - pos_ < 2 || (s_[pos_] != '.' && s_[pos_] != ',') ||
        !IsDigit(s_[pos_ + 1])) {
      return;
    }
    size_t i = pos_ + 1;
    int digits = 0;
    for (; i < s_.size() && IsDigit(s_[i]); ++i) {
      if (digits < 9) {
        nanos = nanos * 10 + (s_[i] - '0');
        ++digits;
      }
    }
    for (; digits < 9; ++digits) nanos *= 10;
    pos_ = i;
  }

  // "Z", or "+hh:mm" / "-hh:mm"; the offset in seconds east of UTC.
  bool Zone(int64_t& offset) {
    offset = 0;
    if (Literal('Z')) return true;
    if (s_.size() - pos_ < 6 || s_[pos_ + 3] != ':') return false;
    char sign = s_[pos_];
    ++pos_;
    int hours, minutes;
    if (!Number(true, hours) || !Literal(':') || !Number(true, minutes)) {
      return false;
    }
    if ((sign != '+' && sign != '-') || hours > 24 || minutes > 60) {
      return false;
    }
    offset = (hours * 60 + minutes) * 60;
    if (sign == '-') offset = -offset;
    return true;
  }

  bool AtEnd() const { return pos_ == s_.size(); }

 private:
  bool DigitAt(size_t i) const { return i < s_.size() && IsDigit(s_[i]); }

  std::string_view s_;
  size_t pos_ = 0;
};

bool IsLeap(int year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int DaysIn(int month, int year) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// The two-digit number at `at`, or -1.
int TwoDigits(std::string_view text, size_t at) {
  unsigned tens = static_cast<unsigned char>(text[at]) - '0';
  unsigned ones = static_cast<unsigned char>(text[at + 1]) - '0';
  return tens < 10 && ones < 10 ? static_cast<int>(tens * 10 + ones) : -1;
}

// CloudTrail writes every eventTime as YYYY-MM-DDTHH:MM:SSZ. That form is
// read by position (what Go's parser reads from it too); false for any
// other text, which then goes through the full parser.
bool ReadCanonicalTime(std::string_view text, int& year, int& month, int& day,
                       int& hour, int& minute, int& second) {
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' ||
      text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      text[19] != 'Z') {
    return false;
  }
  int century = TwoDigits(text, 0), years = TwoDigits(text, 2);
  month = TwoDigits(text, 5);
  day = TwoDigits(text, 8);
  hour = TwoDigits(text, 11);
  minute = TwoDigits(text, 14);
  second = TwoDigits(text, 17);
  year = century * 100 + years;
  return century >= 0 && years >= 0 && month >= 0 && day >= 0 && hour >= 0 &&
         minute >= 0 && second >= 0;
}

}  // namespace

std::optional<uint64_t> ParseGoRfc3339(std::string_view text) {
  int year, month, day, hour, minute, second;
  int64_t nanos = 0, offset = 0;
  if (!ReadCanonicalTime(text, year, month, day, hour, minute, second)) {
    GoTimeReader r(text);
    if (!r.Year(year) || !r.Literal('-') || !r.Number(true, month) ||
        !r.Literal('-') || !r.Number(true, day) || !r.Literal('T') ||
        !r.Number(false, hour) || !r.Literal(':') || !r.Number(true, minute) ||
        !r.Literal(':') || !r.Number(true, second)) {
      return std::nullopt;
    }
    r.Fraction(nanos);
    if (!r.Zone(offset) || !r.AtEnd()) return std::nullopt;
  }
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 ||
      day < 1 || day > DaysIn(month, year)) {
    return std::nullopt;
  }

  int64_t seconds = DaysFromCivil(year, month, day) * 86400 + hour * 3600 +
                    minute * 60 + second - offset;
  // Go's UnixNano wraps on overflow, and the plugin converts it to uint64.
  return static_cast<uint64_t>(seconds) * 1000000000u +
         static_cast<uint64_t>(nanos);
}

Delivery CheckDelivery(const Slot* slots) {
  Delivery result;
  std::string scratch;
  std::optional<std::string_view> time =
      json_text::StringValue(slots[PathPlan::kEventTime].raw, scratch);
  if (!time) {
    result.skip_reason = kSkipMissingTime;
    return result;
  }
  std::optional<uint64_t> ns = ParseGoRfc3339(*time);
  if (!ns) {
    result.skip_reason = kSkipInvalidTime;
    return result;
  }

  std::optional<std::string_view> type =
      json_text::StringValue(slots[PathPlan::kEventType].raw, scratch);
  if (!type) {
    result.skip_reason = kSkipMissingType;
    return result;
  }
  if (*type == "AwsCloudTrailInsight") {
    result.skip_reason = kSkipInsight;
    return result;
  }
  result.delivered = true;
  result.time_ns = *ns;
  return result;
}

}  // namespace falconet
