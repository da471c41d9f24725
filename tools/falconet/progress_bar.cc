#include "progress_bar.h"

#include <cstdio>
#include <string>

namespace falconet::cli {
namespace {

constexpr int kBarWidth = 24;

std::string Human(double value) {
  char text[32];
  if (value >= 1e9) {
    std::snprintf(text, sizeof(text), "%.1fG", value / 1e9);
  } else if (value >= 1e6) {
    std::snprintf(text, sizeof(text), "%.1fM", value / 1e6);
  } else if (value >= 1e3) {
    std::snprintf(text, sizeof(text), "%.1fk", value / 1e3);
  } else {
    std::snprintf(text, sizeof(text), "%.0f", value);
  }
  return text;
}

}  // namespace

ProgressBar::ProgressBar(std::ostream& out, bool enabled)
    : out_(out), enabled_(enabled), start_(std::chrono::steady_clock::now()) {}

void ProgressBar::Update(const State& s) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;

  double fraction =
      s.bytes_total   ? static_cast<double>(s.bytes_done) / s.bytes_total
      : s.files_total ? static_cast<double>(s.files_done) / s.files_total
                      : 0;
  int filled = static_cast<int>(fraction * kBarWidth);
  double seconds = std::chrono::duration<double>(now - start_).count();
  std::string line =
      "\r[" + std::string(filled, '#') + std::string(kBarWidth - filled, '.') +
      "] " + std::to_string(static_cast<int>(fraction * 100)) + "% " +
      std::to_string(s.files_done) + "/" + std::to_string(s.files_total) +
      " files, " + Human(s.records) + " records, " + Human(s.bytes_done) +
      "B/" + Human(s.bytes_total) + "B, " +
      Human(seconds > 0 ? s.records / seconds : 0) + " records/s\x1b[K";
  out_ << line << std::flush;
  drawn_ = true;
}

void ProgressBar::Clear() {
  if (!drawn_) return;
  out_ << "\r\x1b[K" << std::flush;
  drawn_ = false;
}

}  // namespace falconet::cli
