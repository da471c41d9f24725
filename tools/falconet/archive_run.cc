#include "archive_run.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "engine/record_splitter.h"
#include "progress_bar.h"

namespace falconet::cli {
namespace {

// What one unit produced, handed from its worker to the writer.
struct UnitResult {
  RunCounts counts;
  std::string output;
  std::string warnings;
  uint64_t disk_bytes = 0;  // the file's size on disk, on its first unit
  bool ready = false;
};

// A whole file, or a run of `count` records of it from `start`.
struct Unit {
  size_t file = 0;
  size_t chunk = 0;
  std::shared_ptr<const std::string> data;
  std::optional<RecordSplitter> start;  // set for chunks
  uint64_t count = 0;                   // records in a chunk
};

// Reasons for which the cloudtrail plugin silently does not deliver a
// record: counted, but not damage in the input.
bool IsDeliveryReason(std::string_view reason) {
  return reason == "missing eventTime" || reason == "invalid eventTime" ||
         reason == "missing eventType" || reason == "insight event";
}

void Bump(CountMap& map, std::string_view key) {
  auto it = map.find(key);
  if (it == map.end()) {
    map.emplace(std::string(key), 1);
  } else {
    ++it->second;
  }
}

// One thread's evaluator and the callbacks that fill the current unit.
class Worker {
 public:
  Worker(std::shared_ptr<const Ruleset> ruleset, const RunOptions& options,
         const AlertFormatter& formatter)
      : evaluator_(std::move(ruleset)), options_(options) {
    if (options.filter && options.filter->active()) {
      checker_.emplace(*options.filter);
    }
    callbacks_.on_alert = [this, &formatter](const Alert& alert,
                                             std::string_view record) {
      Bump(result_->counts.alerts, alert.rule);
      Bump(result_->counts.alerts_by_priority, PriorityName(alert.priority));
      formatter(alert, record, result_->output);
    };
    callbacks_.on_skip = [this](const SkippedRecord& skipped) {
      OnSkip(skipped);
    };
    callbacks_.on_warning = [this](std::string_view message) {
      result_->warnings +=
          options_.command + ": " + name_ + ": " + std::string(message) + "\n";
    };
  }

  absl::Status Start() {
    if (!options_.hooks.on_create) return absl::OkStatus();
    return options_.hooks.on_create(evaluator_);
  }

  void Evaluate(const Unit& unit, const std::string& name, UnitResult& result) {
    result_ = &result;
    name_ = name;
    const EvaluationStats& stats = evaluator_.stats();
    uint64_t read = stats.records_read;
    uint64_t evaluated = stats.records_evaluated;
    if (unit.start || checker_) {
      EvaluateRecords(unit);
    } else {
      evaluator_.Evaluate(*unit.data, callbacks_);
    }
    result.counts.records_read += stats.records_read - read;
    result.counts.records_evaluated += stats.records_evaluated - evaluated;
    if (options_.hooks.after_unit) {
      options_.hooks.after_unit(evaluator_, callbacks_);
    }
    result_ = nullptr;
  }

  void Finish(UnitResult& result) {
    if (!options_.hooks.at_end) return;
    result_ = &result;
    name_ = "";
    options_.hooks.at_end(evaluator_, callbacks_);
    result_ = nullptr;
  }

 private:
  // Record by record, so that the filter can leave records out and a
  // chunk can start in the middle of a file; positions then come from
  // this splitter, which sees the whole file.
  void EvaluateRecords(const Unit& unit) {
    RecordSplitter splitter =
        unit.start ? *unit.start : RecordSplitter(*unit.data);
    RecordSlice slice;
    for (uint64_t i = 0;
         (!unit.start || i < unit.count) && splitter.Next(slice); ++i) {
      if (checker_ && slice.error.empty()) {
        std::string_view reason = checker_->Check(slice.json);
        if (!reason.empty()) {
          ++result_->counts.records_read;
          Bump(result_->counts.records_skipped, reason);
          continue;
        }
      }
      slice_ = &slice;
      evaluator_.Evaluate(slice.json, callbacks_);
      slice_ = nullptr;
    }
  }

  void OnSkip(const SkippedRecord& skipped) {
    Bump(result_->counts.records_skipped, skipped.reason);
    bool damage = !IsDeliveryReason(skipped.reason);
    if (!damage && !options_.warn_undelivered) return;

    uint64_t index = slice_ ? slice_->index : skipped.index;
    uint64_t line = slice_ ? slice_->line : skipped.line;
    std::string position = "record " + std::to_string(index + 1) + " (line " +
                           std::to_string(line) + ")";
    std::string message(skipped.reason);
    if (!skipped.detail.empty()) message += ": " + std::string(skipped.detail);
    result_->warnings += options_.command + ": " + name_ + ": " + position +
                         ": skipped: " + message + "\n";
    if (damage)
      result_->counts.input_errors.push_back({name_, position, message});
  }

  Evaluator evaluator_;
  const RunOptions& options_;
  std::optional<RecordFilter::Checker> checker_;
  EvaluatorCallbacks callbacks_;
  UnitResult* result_ = nullptr;
  std::string name_;
  const RecordSlice* slice_ = nullptr;
};

// The shared state: which files are open, the chunks waiting for a
// thread, and the results waiting for the writer. Guarded by mutex_.
class ArchiveRunner {
 public:
  ArchiveRunner(std::shared_ptr<const Ruleset> ruleset,
                const std::vector<InputFile>& files, const RunOptions& options,
                const AlertFormatter& formatter)
      : ruleset_(std::move(ruleset)),
        files_(files),
        options_(options),
        formatter_(formatter),
        jobs_(options.sequential ? 1 : std::max(1, options.jobs)),
        window_(std::max<size_t>(4, 4 * jobs_)),
        slots_(files.size()) {}

  absl::Status Run(std::ostream& out, std::ostream& err, RunSummary& summary);

 private:
  struct FileSlot {
    size_t chunks = 0;  // known once the file is open
    std::vector<std::unique_ptr<UnitResult>> results;
  };

  void RunInline(Worker& worker, std::ostream& out, std::ostream& err,
                 RunSummary& summary, ProgressBar& progress);
  void Work(Worker& worker, UnitResult& tail);
  void OpenNext(Worker& worker, std::unique_lock<std::mutex>& lock);
  void Evaluate(Worker& worker, Unit& unit, std::unique_lock<std::mutex>& lock);
  std::vector<Unit> Open(size_t file, UnitResult& first);
  std::vector<Unit> Chunks(size_t file,
                           std::shared_ptr<const std::string> data) const;
  std::unique_ptr<UnitResult> Wait(size_t file, size_t chunk,
                                   ProgressBar& progress);
  void Emit(const UnitResult& result, std::ostream& out, std::ostream& err,
            RunSummary& summary, ProgressBar& progress);

  std::shared_ptr<const Ruleset> ruleset_;
  const std::vector<InputFile>& files_;
  const RunOptions& options_;
  const AlertFormatter& formatter_;
  const int jobs_;
  const size_t window_;  // files open ahead of the writer

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<FileSlot> slots_;
  std::deque<Unit> queue_;  // chunks of open files, in input order
  size_t next_file_ = 0;
  size_t opening_ = 0;  // files being read, whose chunks may come
  size_t written_ = 0;  // files the writer is done with

  ProgressBar::State state_;  // the writer's

  // Buffers of files done, kept for the next files: a fresh buffer costs
  // page faults on every file. At most a few, so memory stays bounded.
  std::mutex spare_mutex_;
  std::vector<std::unique_ptr<std::string>> spare_;
  std::shared_ptr<std::string> Buffer();
};

// A worker takes the next chunk of a file already open, else opens the
// next file (within the window ahead of the writer), else waits.
void ArchiveRunner::Work(Worker& worker, UnitResult& tail) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    if (!queue_.empty()) {
      Unit unit = std::move(queue_.front());
      queue_.pop_front();
      Evaluate(worker, unit, lock);
    } else if (next_file_ < files_.size() && next_file_ < written_ + window_) {
      OpenNext(worker, lock);
    } else if (next_file_ >= files_.size() && opening_ == 0) {
      break;
    } else {
      changed_.wait(lock);
    }
  }
  lock.unlock();
  worker.Finish(tail);
}

// Reads the next file without the lock, queues its other chunks for the
// other workers and evaluates the first.
void ArchiveRunner::OpenNext(Worker& worker,
                             std::unique_lock<std::mutex>& lock) {
  size_t file = next_file_++;
  ++opening_;
  lock.unlock();
  auto first = std::make_unique<UnitResult>();
  std::vector<Unit> units = Open(file, *first);
  lock.lock();
  --opening_;

  FileSlot& slot = slots_[file];
  slot.chunks = std::max<size_t>(1, units.size());
  slot.results.push_back(std::move(first));
  for (size_t i = 1; i < units.size(); ++i) {
    slot.results.push_back(std::make_unique<UnitResult>());
    queue_.push_back(std::move(units[i]));
  }
  if (units.empty()) slot.results[0]->ready = true;  // only the error
  changed_.notify_all();
  if (!units.empty()) Evaluate(worker, units[0], lock);
}

// Evaluates a unit without the lock, then hands its result to the writer.
void ArchiveRunner::Evaluate(Worker& worker, Unit& unit,
                             std::unique_lock<std::mutex>& lock) {
  UnitResult& result = *slots_[unit.file].results[unit.chunk];
  lock.unlock();
  worker.Evaluate(unit, DisplayName(files_[unit.file].path), result);
  unit.data.reset();  // the last chunk of a file frees it
  lock.lock();
  result.ready = true;
  changed_.notify_all();
}

// Reads a file and cuts it into units; read errors go into `first`, the
// result of the first unit.
std::vector<Unit> ArchiveRunner::Open(size_t file, UnitResult& first) {
  const InputFile& input = files_[file];
  std::string name = DisplayName(input.path);
  first.disk_bytes = input.size;
  std::shared_ptr<std::string> data = Buffer();
  absl::Status status = ReadInput(input.path, *data);
  if (!status.ok()) {
    std::string message(status.message());
    first.counts.input_errors.push_back({name, "", message});
    first.warnings += options_.command + ": " + name + ": " + message + "\n";
    if (data->empty()) return {};
  }
  first.counts.files = 1;
  first.counts.bytes = data->size();
  if (input.path == "-") first.disk_bytes = data->size();
  return Chunks(file, std::move(data));
}

std::shared_ptr<std::string> ArchiveRunner::Buffer() {
  std::unique_ptr<std::string> buffer;
  {
    std::lock_guard<std::mutex> lock(spare_mutex_);
    if (!spare_.empty()) {
      buffer = std::move(spare_.back());
      spare_.pop_back();
    }
  }
  if (!buffer) buffer = std::make_unique<std::string>();
  return std::shared_ptr<std::string>(buffer.release(), [this](std::string* b) {
    std::lock_guard<std::mutex> lock(spare_mutex_);
    if (spare_.size() < static_cast<size_t>(jobs_) + 2) {
      spare_.emplace_back(b);
    } else {
      delete b;
    }
  });
}

// The file whole, or runs of records of about chunk_bytes when the file is
// large and other threads could take some of them.
std::vector<Unit> ArchiveRunner::Chunks(
    size_t file, std::shared_ptr<const std::string> data) const {
  std::vector<Unit> units;
  if (jobs_ == 1 || data->size() <= 2 * options_.chunk_bytes) {
    units.push_back(Unit{file, 0, std::move(data), std::nullopt, 0});
    return units;
  }
  RecordSplitter splitter(*data);
  RecordSplitter start = splitter;
  RecordSlice slice;
  uint64_t count = 0;
  size_t begin = 0;
  while (true) {
    RecordSplitter before = splitter;
    if (!splitter.Next(slice)) break;
    if (count > 0 && slice.offset - begin >= options_.chunk_bytes) {
      units.push_back(Unit{file, units.size(), data, start, count});
      start = before;
      begin = slice.offset;
      count = 0;
    }
    ++count;
  }
  units.push_back(Unit{file, units.size(), data, start, count});
  return units;
}

std::unique_ptr<UnitResult> ArchiveRunner::Wait(size_t file, size_t chunk,
                                                ProgressBar& progress) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    FileSlot& slot = slots_[file];
    if (slot.results.size() > chunk && slot.results[chunk]->ready) {
      return std::move(slot.results[chunk]);
    }
    changed_.wait_for(lock, std::chrono::milliseconds(100));
    progress.Update(state_);
  }
}

void ArchiveRunner::Emit(const UnitResult& result, std::ostream& out,
                         std::ostream& err, RunSummary& summary,
                         ProgressBar& progress) {
  out << result.output;
  if (!result.warnings.empty()) {
    progress.Clear();
    err << result.warnings;
  }
  summary.Add(result.counts);
  state_.records += result.counts.records_read;
  state_.bytes_done += result.disk_bytes;
  progress.Update(state_);
}

// One job: the calling thread reads, evaluates and writes each file in
// turn. With no other thread there is no hand-off per file, and no wake-up
// to pay for it (dear in virtual machines).
void ArchiveRunner::RunInline(Worker& worker, std::ostream& out,
                              std::ostream& err, RunSummary& summary,
                              ProgressBar& progress) {
  for (size_t file = 0; file < files_.size(); ++file) {
    UnitResult first;
    std::vector<Unit> units = Open(file, first);
    std::string name = DisplayName(files_[file].path);
    for (size_t i = 0; i < units.size(); ++i) {
      UnitResult later;
      UnitResult& result = i == 0 ? first : later;
      worker.Evaluate(units[i], name, result);
      Emit(result, out, err, summary, progress);
    }
    if (units.empty()) Emit(first, out, err, summary, progress);
    ++state_.files_done;
  }
  UnitResult tail;
  worker.Finish(tail);
  Emit(tail, out, err, summary, progress);
  progress.Clear();
}

absl::Status ArchiveRunner::Run(std::ostream& out, std::ostream& err,
                                RunSummary& summary) {
  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < jobs_; ++i) {
    workers.push_back(std::make_unique<Worker>(ruleset_, options_, formatter_));
    if (absl::Status s = workers.back()->Start(); !s.ok()) return s;
  }
  for (const InputFile& file : files_) state_.bytes_total += file.size;
  state_.files_total = files_.size();
  ProgressBar progress(err, options_.progress);

  if (jobs_ == 1) {
    RunInline(*workers[0], out, err, summary, progress);
    return absl::OkStatus();
  }

  std::vector<UnitResult> tails(jobs_);
  std::vector<std::thread> threads;
  for (int i = 0; i < jobs_; ++i) {
    threads.emplace_back(
        [this, &workers, &tails, i] { Work(*workers[i], tails[i]); });
  }
  for (size_t file = 0; file < files_.size(); ++file) {
    for (size_t chunk = 0;; ++chunk) {
      std::unique_ptr<UnitResult> result = Wait(file, chunk, progress);
      Emit(*result, out, err, summary, progress);
      std::lock_guard<std::mutex> lock(mutex_);
      if (chunk + 1 >= slots_[file].chunks) break;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    slots_[file].results.clear();
    written_ = file + 1;
    ++state_.files_done;
    changed_.notify_all();
  }
  for (std::thread& thread : threads) thread.join();
  for (const UnitResult& tail : tails) Emit(tail, out, err, summary, progress);
  progress.Clear();
  return absl::OkStatus();
}

}  // namespace

absl::Status RunArchive(std::shared_ptr<const Ruleset> ruleset,
                        const std::vector<InputFile>& files,
                        const RunOptions& options,
                        const AlertFormatter& formatter, std::ostream& out,
                        std::ostream& err, RunSummary& summary) {
  ArchiveRunner runner(std::move(ruleset), files, options, formatter);
  return runner.Run(out, err, summary);
}

}  // namespace falconet::cli
