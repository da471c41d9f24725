// Helpers for the output tests: a scoped time zone and the expected files.
#ifndef FALCONET_TESTS_OUTPUT_OUTPUT_TEST_SUPPORT_H_
#define FALCONET_TESTS_OUTPUT_OUTPUT_TEST_SUPPORT_H_

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "test_support.h"

namespace falconet::testing {

// Sets TZ for the life of the object (the expected files were made in UTC).
class ScopedTimeZone {
 public:
  explicit ScopedTimeZone(const char* tz) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    setenv("TZ", tz, 1);
    tzset();
  }
  ~ScopedTimeZone() {
    if (old_) {
      setenv("TZ", old_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

 private:
  std::optional<std::string> old_;
};

inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

inline std::string ExpectedDir() {
  return SharedDir() + "/expected/falco-0.44.1";
}

// The lines of one .jsonl file, or of a .jsonl.gz read with gzip -dc.
inline std::vector<std::string> ExpectedFileLines(const std::string& file) {
  std::string text;
  if (file.size() > 3 && file.compare(file.size() - 3, 3, ".gz") == 0) {
    std::string command = "gzip -dc '" + file + "'";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return {};
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) text.append(buf, n);
    pclose(pipe);
  } else {
    text = ReadFile(file);
  }
  return Lines(text);
}

// The lines of every file in `folder`, in file name order.
inline std::vector<std::string> ExpectedLines(const std::string& folder) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> lines;
  for (const std::string& file : files) {
    for (std::string& line : ExpectedFileLines(file)) {
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

}  // namespace falconet::testing

#endif  // FALCONET_TESTS_OUTPUT_OUTPUT_TEST_SUPPORT_H_
