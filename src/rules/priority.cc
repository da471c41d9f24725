#include "rules/priority.h"

#include <array>

#include "absl/strings/ascii.h"

namespace falconet::rules {
namespace {

constexpr std::array<std::string_view, 8> kPriorityNames = {
    "Emergency", "Alert",  "Critical",      "Error",
    "Warning",   "Notice", "Informational", "Debug",
};
constexpr uint8_t kInformational = 6;

// strcasecmp: ASCII letters compare without case.
bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (absl::ascii_tolower(static_cast<unsigned char>(a[i])) !=
        absl::ascii_tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<uint8_t> ParsePriority(std::string_view name) {
  for (size_t i = 0; i < kPriorityNames.size(); ++i) {
    if (EqualsIgnoreCase(name, kPriorityNames[i]) ||
        (i == kInformational && EqualsIgnoreCase(name, "info"))) {
      return static_cast<uint8_t>(i);
    }
  }
  return std::nullopt;
}

std::string_view PriorityName(uint8_t priority) {
  return priority < kPriorityNames.size() ? kPriorityNames[priority] : "";
}

}  // namespace falconet::rules
