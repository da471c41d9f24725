#include "rules/semver.h"

#include <cctype>

#include "absl/strings/str_cat.h"

namespace falconet::rules {
namespace {

// One sscanf %u conversion: optional blanks, an optional sign, then at
// least one digit; the unsigned long result is truncated to 32 bits.
bool ScanUnsigned(std::string_view text, size_t& i, uint32_t& out) {
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) {
    ++i;
  }
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    negative = text[i] == '-';
    ++i;
  }
  if (i >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i]))) {
    return false;
  }
  uint64_t value = 0;
  bool saturated = false;
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]));
       ++i) {
    if (value > (UINT64_MAX - 9) / 10) saturated = true;
    if (!saturated) value = value * 10 + static_cast<uint64_t>(text[i] - '0');
  }
  if (saturated) {
    out = UINT32_MAX;  // strtoul returns ULONG_MAX whatever the sign
  } else {
    out = static_cast<uint32_t>(negative ? 0 - value : value);
  }
  return true;
}

}  // namespace

std::optional<SemVer> SemVer::Parse(std::string_view text) {
  SemVer v;
  size_t i = 0;
  if (!ScanUnsigned(text, i, v.major)) return std::nullopt;
  if (i >= text.size() || text[i++] != '.') return std::nullopt;
  if (!ScanUnsigned(text, i, v.minor)) return std::nullopt;
  if (i >= text.size() || text[i++] != '.') return std::nullopt;
  if (!ScanUnsigned(text, i, v.patch)) return std::nullopt;
  return v;
}

bool SemVer::CompatibleWith(const SemVer& requested) const {
  return major == requested.major && *this >= requested;
}

std::string SemVer::ToString() const {
  return absl::StrCat(major, ".", minor, ".", patch);
}

}  // namespace falconet::rules
