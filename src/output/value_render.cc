// How Falco prints field values in outputs and times in alerts.
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "output/output_format.h"

namespace falconet {
namespace {

constexpr uint64_t kNanosPerSecond = 1000000000;

// libs copies a rendered list into a 1024-byte buffer with strlcpy.
constexpr size_t kMaxListRendering = 1023;

// Falco hands strings around as C strings: they end at the first NUL.
std::string_view CString(std::string_view s) {
  if (s.empty()) return s;  // its data() may be null, which memchr rejects
  const void* nul = std::memchr(s.data(), '\0', s.size());
  if (nul == nullptr) return s;
  return s.substr(0, static_cast<const char*>(nul) - s.data());
}

// The offset of local time from UTC, in seconds, as libs' gmt2local(0)
// computes it: at the current time, in whole minutes.
int32_t LocalOffsetNow() {
  time_t now = time(nullptr);
  struct tm utc;
  struct tm local;
  gmtime_r(&now, &utc);
  localtime_r(&now, &local);
  int32_t offset =
      (local.tm_hour - utc.tm_hour) * 3600 + (local.tm_min - utc.tm_min) * 60;
  int day = local.tm_year - utc.tm_year;
  if (day == 0) day = local.tm_yday - utc.tm_yday;
  return offset + day * 86400;
}

// libs' ts_to_string: the time of day (and the date) shifted by the current
// local offset, with the same unsigned arithmetic.
void AppendLocalTime(uint64_t ns, bool date, bool nanos, std::string& out) {
  uint64_t sec = ns / kNanosPerSecond;
  uint64_t shifted =
      sec + static_cast<uint64_t>(static_cast<int64_t>(LocalOffsetNow()));
  int32_t day_sec = static_cast<int32_t>(shifted % 86400);
  char buf[64];
  if (date) {
    time_t midnight = static_cast<time_t>(shifted - day_sec);
    struct tm tm;
    if (gmtime_r(&midnight, &tm) == nullptr) {
      out += "<date error> ";
    } else {
      snprintf(buf, sizeof(buf), "%04d-%02d-%02d ", tm.tm_year + 1900,
               tm.tm_mon + 1, tm.tm_mday);
      out += buf;
    }
  }
  int len = snprintf(buf, sizeof(buf), "%02d:%02d:%02d", day_sec / 3600,
                     (day_sec % 3600) / 60, day_sec % 60);
  if (nanos) {
    snprintf(buf + len, sizeof(buf) - len, ".%09u",
             static_cast<unsigned>(ns % kNanosPerSecond));
  }
  out += buf;
}

// "YYYY-MM-DDTHH:MM:SS" in UTC.
bool AppendUtcSeconds(uint64_t ns, std::string& out) {
  time_t sec = static_cast<time_t>(ns / kNanosPerSecond);
  struct tm tm;
  char buf[64];
  if (gmtime_r(&sec, &tm) == nullptr ||
      strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
    return false;
  }
  out += buf;
  return true;
}

// libs' ts_to_iso_8601: UTC with the zone written as +0000.
void AppendIso8601(uint64_t ns, std::string& out) {
  size_t start = out.size();
  if (!AppendUtcSeconds(ns, out)) {
    out.resize(start);
    out += "YYYY-MM-DDTHH:MM:SS-0000";
    return;
  }
  char buf[32];
  snprintf(buf, sizeof(buf), ".%09u+0000",
           static_cast<unsigned>(ns % kNanosPerSecond));
  out += buf;
}

void AppendNumber(uint64_t n, Display display, std::string& out) {
  char buf[32];
  const char* format = display == Display::kNanos9 ? "%09" PRIu64 : "%" PRIu64;
  snprintf(buf, sizeof(buf), format, n);
  out += buf;
}

}  // namespace

void AppendValue(FieldType type, Display display, const Value& value,
                 std::string& out) {
  if (type == FieldType::kString) {
    out += CString(value.str);
    return;
  }
  if (type == FieldType::kBool) {
    out += value.num != 0 ? "true" : "false";
    return;
  }
  switch (display) {
    case Display::kTime:
      return AppendLocalTime(value.num, false, true, out);
    case Display::kTimeS:
      return AppendLocalTime(value.num, false, false, out);
    case Display::kDatetime:
      return AppendLocalTime(value.num, true, true, out);
    case Display::kDatetimeS:
      return AppendLocalTime(value.num, true, false, out);
    case Display::kIso8601:
      return AppendIso8601(value.num, out);
    case Display::kPlain:
    case Display::kNanos9:
      return AppendNumber(value.num, display, out);
  }
}

void AppendValues(FieldType type, bool is_list, Display display,
                  const ValueList& values, std::string& out) {
  if (values.empty()) {
    out += "<NA>";
    return;
  }
  if (!is_list) {
    AppendValue(type, display, values[0], out);
    return;
  }

  // libs adds a comma only once the rendering holds more than "(", so
  // leading empty strings swallow their commas: ("", "b") prints (b).
  size_t start = out.size();
  out += '(';
  for (const Value& value : values) {
    if (out.size() - start > 1) out += ',';
    AppendValue(type, display, value, out);
  }
  out += ')';
  if (out.size() - start > kMaxListRendering) {
    out.resize(start + kMaxListRendering);
  }
}

void AppendRendered(const ProgramSet& set, uint32_t operand,
                    const ValueList& values, std::string& out) {
  const Operand& op = set.operands[operand];
  Display display = Display::kPlain;
  if (op.kind == Operand::Kind::kField && op.field.info != nullptr) {
    display = op.field.info->display;
  }
  AppendValues(op.type, op.is_list, display, values, out);
}

nlohmann::json JsonOfValues(FieldType type, bool is_list,
                            const ValueList& values) {
  if (values.empty()) return nullptr;
  auto scalar = [type](const Value& value) -> nlohmann::json {
    switch (type) {
      case FieldType::kString:
        return std::string(CString(value.str));
      case FieldType::kBool:
        return value.num != 0;
      case FieldType::kUint64:
      case FieldType::kAbsTime:
        break;
    }
    return value.num;
  };
  if (!is_list) return scalar(values[0]);
  nlohmann::json array = nlohmann::json::array();
  for (const Value& value : values) array.push_back(scalar(value));
  return array;
}

std::string FormatAlertTime(uint64_t time_ns) {
  std::string out;
  AppendLocalTime(time_ns, false, true, out);
  return out;
}

std::string FormatIsoUtc(uint64_t time_ns) {
  std::string out;
  if (!AppendUtcSeconds(time_ns, out)) out.clear();
  char buf[32];
  snprintf(buf, sizeof(buf), ".%09" PRIu64 "Z", time_ns % kNanosPerSecond);
  out += buf;
  return out;
}

}  // namespace falconet
