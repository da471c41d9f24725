// The progress line that `falconet run` and `grep` draw on a terminal:
// files, records, bytes and records per second, redrawn in place on
// stderr at most a few times a second. Used by one thread.
#ifndef FALCONET_TOOLS_PROGRESS_BAR_H_
#define FALCONET_TOOLS_PROGRESS_BAR_H_

#include <chrono>
#include <cstdint>
#include <ostream>

namespace falconet::cli {

class ProgressBar {
 public:
  struct State {
    uint64_t files_done = 0;
    uint64_t files_total = 0;
    uint64_t records = 0;
    uint64_t bytes_done = 0;  // on disk (compressed when gzip)
    uint64_t bytes_total = 0;
  };

  // Draws nothing unless `enabled`.
  ProgressBar(std::ostream& out, bool enabled);

  // Redraws, unless it was drawn less than a tenth of a second ago.
  void Update(const State& state);
  // Erases the line, e.g. before a warning is printed.
  void Clear();

 private:
  std::ostream& out_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace falconet::cli

#endif  // FALCONET_TOOLS_PROGRESS_BAR_H_
