// The command line's image scanner: `--scan-command 'trivy image -f json
// {image}'` runs a scanner per image, `--scan-reports DIR` uses reports
// already on disk.
//
// Commands run through /bin/sh on worker threads (at most --scan-jobs at
// once), each with a timeout; the hook answers "later" so that records keep
// flowing, and Drain() submits the finished reports to the evaluator on
// the caller's thread. A scanner that fails, times out or prints something
// that is not a report yields a failed scan with the reason.
#ifndef FALCONET_TOOLS_IMAGE_SCANNER_H_
#define FALCONET_TOOLS_IMAGE_SCANNER_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "arguments.h"
#include "falconet/evaluator.h"

namespace falconet::cli {

// --scan-command, --scan-reports, --scan-timeout, --scan-jobs,
// --scan-window.
const std::vector<OptionSpec>& ImageScanOptionSpecs();

// `'...'` quoting for /bin/sh.
std::string ShellQuote(std::string_view text);

class ImageScanner {
 public:
  ImageScanner() = default;
  ~ImageScanner();

  // Reads the options; false (with `error`) on bad values. Does nothing
  // when neither --scan-command nor --scan-reports is given.
  bool Configure(const Arguments& args, std::string& error);
  bool enabled() const { return !command_.empty() || !reports_dir_.empty(); }

  // Installs the hook into `evaluator`.
  absl::Status Attach(Evaluator& evaluator);

  // Submits the scans that finished; with `wait`, first waits for all.
  void Drain(Evaluator& evaluator, const EvaluatorCallbacks& callbacks,
             bool wait);

 private:
  struct Job {
    uint64_t id;
    std::string image;
  };
  struct Done {
    uint64_t id;
    ImageScanReport report;
  };

  ImageScanReport OnRequest(const ImageScanRequest& request);
  ImageScanReport FromReportsDir(const ImageScanRequest& request);
  void IndexReports();
  void Work();
  ImageScanReport RunCommand(const std::string& image) const;

  std::string command_;
  std::string reports_dir_;
  std::map<std::string, std::string> reports_;  // image name -> file
  double timeout_seconds_ = 300;
  int jobs_ = 2;
  uint64_t window_ns_ = 3600ull * 1000000000ull;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Job> queue_;
  std::vector<Done> done_;
  size_t outstanding_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace falconet::cli

#endif  // FALCONET_TOOLS_IMAGE_SCANNER_H_
