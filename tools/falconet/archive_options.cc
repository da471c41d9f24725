#include "archive_options.h"

#include <unistd.h>

#include <fstream>
#include <thread>

#include "absl/strings/numbers.h"

namespace falconet::cli {

const std::vector<OptionSpec>& ArchiveOptionSpecs() {
  static const std::vector<OptionSpec> specs = [] {
    std::vector<OptionSpec> specs = {
        {"jobs", 'j', "N",
         "evaluate on N threads (default and 0: one per CPU); output is the "
         "same whatever N"},
    };
    for (const OptionSpec& spec : RecordFilterOptionSpecs()) {
      specs.push_back(spec);
    }
    specs.push_back({"chunk-size", 0, "BYTES",
                     "with -j, split files larger than twice BYTES into "
                     "runs of records for several threads (default "
                     "8388608)"});
    specs.push_back({"stats-json", 0, "FILE",
                     "write the run's counts as one JSON object to FILE"});
    specs.push_back({"no-progress", 0, "",
                     "no progress bar (drawn only when stderr is a "
                     "terminal)"});
    return specs;
  }();
  return specs;
}

absl::Status SetUpArchive(const Arguments& args, const std::string& command,
                          const std::vector<std::string>& paths,
                          ArchiveSetup& setup) {
  RunOptions& options = setup.options;
  options.command = command;
  int jobs = 0;
  if (args.Has("jobs") &&
      (!absl::SimpleAtoi(args.Get("jobs"), &jobs) || jobs < 0 || jobs > 1024)) {
    return absl::InvalidArgumentError("-j: '" + args.Get("jobs") +
                                      "' is not a number of threads");
  }
  options.jobs_chosen = args.Has("jobs");
  options.jobs =
      jobs > 0
          ? jobs
          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (args.Has("chunk-size")) {
    uint64_t bytes = 0;
    if (!absl::SimpleAtoi(args.Get("chunk-size"), &bytes) || bytes == 0) {
      return absl::InvalidArgumentError("--chunk-size: '" +
                                        args.Get("chunk-size") +
                                        "' is not a positive number of bytes");
    }
    options.chunk_bytes = bytes;
  }
  if (absl::Status s = setup.filter.Parse(args); !s.ok()) return s;
  options.filter = &setup.filter;
  options.progress = !args.Has("no-progress") && isatty(STDERR_FILENO);

  setup.listing = ExpandInputs(paths);
  for (InputFile& file : setup.listing.files) {
    if (setup.filter.KeepsFile(file)) {
      setup.files.push_back(std::move(file));
    } else {
      ++setup.files_left_out;
    }
  }
  setup.listing.files.clear();
  return absl::OkStatus();
}

void ReportListingErrors(const ArchiveSetup& setup, std::ostream& err) {
  for (const InputError& error : setup.listing.errors) {
    err << setup.options.command << ": " << error.file << ": " << error.message
        << "\n";
  }
}

absl::Status WriteStatsJson(const Arguments& args, const RunSummary& summary) {
  if (!args.Has("stats-json")) return absl::OkStatus();
  std::ofstream out(args.Get("stats-json"), std::ios::trunc);
  out << summary.Json().dump(2) << "\n";
  if (!out) {
    return absl::UnavailableError("cannot write " + args.Get("stats-json"));
  }
  return absl::OkStatus();
}

}  // namespace falconet::cli
