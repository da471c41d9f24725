// String helpers for the fields stage that take std::string_view.
//
// Debian's abseil has its own string_view type, so absl::StrCat and friends
// do not accept std::string_view; these small helpers stand in for them.
#ifndef FALCONET_FIELDS_STR_UTIL_H_
#define FALCONET_FIELDS_STR_UTIL_H_

#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace falconet {

inline void AppendAll(std::string& out,
                      std::initializer_list<std::string_view> parts) {
  for (std::string_view part : parts) out.append(part);
}

inline std::string Concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  AppendAll(out, parts);
  return out;
}

inline void AppendDecimal(std::string& out, uint64_t value) {
  char buf[20];
  auto result = std::to_chars(buf, buf + sizeof(buf), value);
  out.append(buf, result.ptr);
}

}  // namespace falconet

#endif  // FALCONET_FIELDS_STR_UTIL_H_
