// Falco rule priorities: Emergency (0) to Debug (7).
#ifndef FALCONET_RULES_PRIORITY_H_
#define FALCONET_RULES_PRIORITY_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace falconet::rules {

inline constexpr uint8_t kPriorityDebug = 7;

// Case-insensitive; "info" is accepted for Informational as in Falco.
std::optional<uint8_t> ParsePriority(std::string_view name);

// "Emergency" ... "Informational" ... "Debug"; "" when out of range.
std::string_view PriorityName(uint8_t priority);

}  // namespace falconet::rules

#endif  // FALCONET_RULES_PRIORITY_H_
