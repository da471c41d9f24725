// Helpers shared by the tests: where ../shared is, and reading files.
#ifndef FALCONET_TESTS_TEST_SUPPORT_H_
#define FALCONET_TESTS_TEST_SUPPORT_H_

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

namespace falconet::testing {

// The shared folder (../shared next to the checkout), or "" when absent.
inline std::string SharedDir() {
  std::filesystem::path dir(FALCONET_SHARED_DIR);
  return std::filesystem::is_directory(dir) ? dir.string() : std::string();
}

// Skips the current test case, with a message, when ../shared is absent.
#define FALCONET_REQUIRE_SHARED()                                     \
  do {                                                                \
    if (::falconet::testing::SharedDir().empty()) {                   \
      WARN("skipped: ../shared is absent (" FALCONET_SHARED_DIR ")"); \
      return;                                                         \
    }                                                                 \
  } while (0)

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace falconet::testing

#endif  // FALCONET_TESTS_TEST_SUPPORT_H_
