// Version numbers as Falco compares them (libsinsp's sinsp_version): three
// unsigned numbers read the way sscanf("%u.%u.%u") reads them, compatible
// when the majors are equal and the version is at least the requested one.
#ifndef FALCONET_RULES_SEMVER_H_
#define FALCONET_RULES_SEMVER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace falconet::rules {

struct SemVer {
  uint32_t major = 0;
  uint32_t minor = 0;
  uint32_t patch = 0;

  // nullopt unless the text starts with three numbers joined by dots; like
  // sscanf, leading blanks and a sign are accepted and trailing text is
  // ignored ("1.2.3-rc1" is 1.2.3).
  static std::optional<SemVer> Parse(std::string_view text);

  // Same major, and *this >= requested.
  bool CompatibleWith(const SemVer& requested) const;

  std::string ToString() const;  // "0.62.0"

  friend auto operator<=>(const SemVer&, const SemVer&) = default;
};

// The rule-engine version falconet implements: Falco 0.44.1's.
inline constexpr SemVer kEngineVersion = {0, 62, 0};

}  // namespace falconet::rules

#endif  // FALCONET_RULES_SEMVER_H_
