// The options that `falconet run` and `falconet grep` share: which files
// (and records) to read, on how many threads, with or without a progress
// bar, and where to write the run's statistics.
#ifndef FALCONET_TOOLS_ARCHIVE_OPTIONS_H_
#define FALCONET_TOOLS_ARCHIVE_OPTIONS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "archive_run.h"
#include "arguments.h"
#include "input_files.h"
#include "record_filter.h"
#include "run_summary.h"

namespace falconet::cli {

// -j, --since, --until, --account, --region, --chunk-size, --stats-json,
// --no-progress.
const std::vector<OptionSpec>& ArchiveOptionSpecs();

// A run's inputs and options, as the command line gives them.
struct ArchiveSetup {
  RecordFilter filter;
  RunOptions options;
  InputList listing;             // everything the paths named
  std::vector<InputFile> files;  // those to read (after --account/--region)
  uint64_t files_left_out = 0;
};

// Parses the shared options and lists `paths`. InvalidArgument on bad
// values (the message names the option). `command` prefixes warnings.
absl::Status SetUpArchive(const Arguments& args, const std::string& command,
                          const std::vector<std::string>& paths,
                          ArchiveSetup& setup);

// Prints the listing's errors (paths that do not exist) to `err`.
void ReportListingErrors(const ArchiveSetup& setup, std::ostream& err);

// Writes summary.Json() to the --stats-json file, if one was asked for.
absl::Status WriteStatsJson(const Arguments& args, const RunSummary& summary);

}  // namespace falconet::cli

#endif  // FALCONET_TOOLS_ARCHIVE_OPTIONS_H_
