#include "image_scanner.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "nlohmann/json.hpp"

namespace falconet::cli {
namespace {

namespace fs = std::filesystem;

// File-name form of an image name: the characters a path cannot hold
// become '_'.
std::string FileStem(std::string_view image) {
  std::string out(image);
  for (char& c : out) {
    if (c == '/' || c == ':' || c == '@') c = '_';
  }
  return out;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The image a report says it scanned: Trivy's ArtifactName, Grype's
// source target.
std::string ReportedImage(const std::string& text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_object()) return "";
  if (json.contains("ArtifactName") && json["ArtifactName"].is_string()) {
    return json["ArtifactName"];
  }
  const nlohmann::json* target = nullptr;
  if (json.contains("source") && json["source"].is_object() &&
      json["source"].contains("target")) {
    target = &json["source"]["target"];
  }
  if (target && target->is_object() && target->contains("userInput") &&
      (*target)["userInput"].is_string()) {
    return (*target)["userInput"];
  }
  return "";
}

struct ChildOutput {
  std::string out;
  std::string err;
  int status = 0;
  bool timed_out = false;
  std::string spawn_error;
};

// Runs `command` with /bin/sh, collecting stdout and stderr until it exits
// or `timeout` passes (then its process group is killed).
ChildOutput Spawn(const std::string& command, double timeout) {
  ChildOutput result;
  int out_pipe[2], err_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0) {
    result.spawn_error = "cannot create pipes";
    return result;
  }
  pid_t pid = fork();
  if (pid < 0) {
    result.spawn_error = "cannot fork";
    return result;
  }
  if (pid == 0) {
    setpgid(0, 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    close(out_pipe[0]);
    close(err_pipe[0]);
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);

  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout);
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buffer[1 << 16];
  while (open_fds > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      kill(-pid, SIGKILL);
      break;
    }
    if (poll(fds, 2, static_cast<int>(left.count())) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      ssize_t n = read(fds[i].fd, buffer, sizeof(buffer));
      if (n > 0) {
        (i == 0 ? result.out : result.err).append(buffer, n);
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  for (pollfd& fd : fds) {
    if (fd.fd >= 0) close(fd.fd);
  }
  waitpid(pid, &result.status, 0);
  return result;
}

std::string LastLine(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.pop_back();
  }
  size_t nl = text.rfind('\n');
  return nl == std::string::npos ? text : text.substr(nl + 1);
}

}  // namespace

const std::vector<OptionSpec>& ImageScanOptionSpecs() {
  static const std::vector<OptionSpec> specs = {
      {"scan-command", 0, "CMD",
       "scan each deployed image with CMD via /bin/sh; {image} is replaced "
       "by the quoted reference; stdout must be Trivy or Grype JSON"},
      {"scan-reports", 0, "DIR",
       "use scan reports from DIR, matched by the image they name"},
      {"scan-timeout", 0, "SECONDS", "kill a scan after SECONDS (300)"},
      {"scan-jobs", 0, "N", "run at most N scans at once (2)"},
      {"scan-window", 0, "SECONDS",
       "scan an image again only after SECONDS of event time (3600)"},
  };
  return specs;
}

std::string ShellQuote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

ImageScanner::~ImageScanner() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

bool ImageScanner::Configure(const Arguments& args, std::string& error) {
  command_ = args.Get("scan-command");
  reports_dir_ = args.Get("scan-reports");
  try {
    timeout_seconds_ = std::stod(args.Get("scan-timeout", "300"));
    jobs_ = std::stoi(args.Get("scan-jobs", "2"));
    window_ns_ =
        static_cast<uint64_t>(std::stod(args.Get("scan-window", "3600")) * 1e9);
  } catch (const std::exception&) {
    error = "--scan-timeout, --scan-jobs and --scan-window take numbers";
    return false;
  }
  if (jobs_ < 1 || timeout_seconds_ <= 0) {
    error = "--scan-jobs and --scan-timeout must be positive";
    return false;
  }
  if (!reports_dir_.empty() && !fs::is_directory(reports_dir_)) {
    error = "--scan-reports: " + reports_dir_ + " is not a directory";
    return false;
  }
  if (!reports_dir_.empty()) IndexReports();
  return true;
}

void ImageScanner::IndexReports() {
  for (const auto& entry : fs::recursive_directory_iterator(reports_dir_)) {
    if (!entry.is_regular_file()) continue;
    std::string path = entry.path().string();
    reports_.emplace(entry.path().stem().string(), path);
    std::string image = ReportedImage(ReadAll(path));
    if (!image.empty()) reports_.emplace(image, path);
  }
}

absl::Status ImageScanner::Attach(Evaluator& evaluator) {
  if (!enabled()) return absl::OkStatus();
  for (int i = 0; !command_.empty() && i < jobs_; ++i) {
    workers_.emplace_back([this] { Work(); });
  }
  ImageScanOptions options;
  options.repeat_window_ns = window_ns_;
  options.hook = [this](const ImageScanRequest& request) {
    return OnRequest(request);
  };
  return evaluator.SetImageScan(std::move(options));
}

ImageScanReport ImageScanner::OnRequest(const ImageScanRequest& request) {
  if (command_.empty()) return FromReportsDir(request);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(Job{request.id, request.image});
    ++outstanding_;
  }
  changed_.notify_all();
  return ImageScanReport::Later();
}

ImageScanReport ImageScanner::FromReportsDir(const ImageScanRequest& request) {
  std::string canonical = request.registry + "/" + request.repository;
  if (!request.tag.empty()) canonical += ":" + request.tag;
  for (const std::string& name :
       {request.image, canonical, FileStem(request.image)}) {
    auto it = reports_.find(name);
    if (it != reports_.end())
      return ImageScanReport::FromJson(ReadAll(it->second));
  }
  return ImageScanReport::Failed(
      "", "no report for " + request.image + " in " + reports_dir_);
}

void ImageScanner::Work() {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    ImageScanReport report = RunCommand(job.image);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_.push_back(Done{job.id, std::move(report)});
    }
    changed_.notify_all();
  }
}

ImageScanReport ImageScanner::RunCommand(const std::string& image) const {
  std::string command = command_;
  std::string quoted = ShellQuote(image);
  for (size_t at = command.find("{image}"); at != std::string::npos;
       at = command.find("{image}", at + quoted.size())) {
    command.replace(at, 7, quoted);
  }

  ChildOutput child = Spawn(command, timeout_seconds_);
  if (!child.spawn_error.empty()) {
    return ImageScanReport::Failed("", child.spawn_error);
  }
  if (child.timed_out) {
    return ImageScanReport::Failed(
        "", "scan command timed out after " +
                std::to_string(static_cast<int>(timeout_seconds_)) + " s");
  }
  if (!WIFEXITED(child.status) || WEXITSTATUS(child.status) != 0) {
    std::string why =
        WIFEXITED(child.status)
            ? "exit status " + std::to_string(WEXITSTATUS(child.status))
            : "killed by a signal";
    std::string last = LastLine(child.err);
    if (!last.empty()) why += ": " + last;
    return ImageScanReport::Failed("", "scan command failed (" + why + ")");
  }
  return ImageScanReport::FromJson(std::move(child.out));
}

void ImageScanner::Drain(Evaluator& evaluator,
                         const EvaluatorCallbacks& callbacks, bool wait) {
  std::vector<Done> done;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    if (wait) {
      changed_.wait(lock, [&] { return done_.size() == outstanding_; });
    }
    done.swap(done_);
    outstanding_ -= done.size();
  }
  for (Done& d : done) {
    evaluator.SubmitScanReport(d.id, d.report, callbacks).IgnoreError();
  }
}

}  // namespace falconet::cli
