// --since, --until, --account and --region: which records a run looks at.
//
// A RecordFilter holds the options; it judges whole files by the account
// and region their CloudTrail path names (so that files of other accounts
// and regions are not even read), and makes a RecordFilter::Checker per
// thread to judge records. A record is kept when its eventTime is within
// [since, until) and its account (recipientAccountId, else
// userIdentity.accountId) and awsRegion are among those asked for. Records
// that the cloudtrail plugin would not deliver anyway (no or bad
// eventTime, no eventType) are kept, so that the evaluator reports them
// under its own reasons.
//
// A RecordFilter is immutable after Parse and safe to share; a Checker is
// used by one thread at a time.
#ifndef FALCONET_TOOLS_RECORD_FILTER_H_
#define FALCONET_TOOLS_RECORD_FILTER_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "arguments.h"
#include "fields/path_plan.h"
#include "fields/projector.h"
#include "input_files.h"

namespace falconet::cli {

// Skip reasons for records left out by the filter, as the summary shows
// them.
inline constexpr std::string_view kSkipBeforeSince = "before --since";
inline constexpr std::string_view kSkipAtOrAfterUntil = "at or after --until";
inline constexpr std::string_view kSkipOtherAccount = "other account";
inline constexpr std::string_view kSkipOtherRegion = "other region";

// The options, for the help of run and grep.
const std::vector<OptionSpec>& RecordFilterOptionSpecs();

// RFC 3339 (2024-05-01T12:00:00Z, offsets and fractions allowed) or a date
// (2024-05-01, meaning its midnight UTC), as nanoseconds since the epoch.
std::optional<uint64_t> ParseTimeOption(std::string_view text);

class RecordFilter {
 public:
  // Reads --since, --until, --account and --region (the last two
  // repeatable, or comma-separated). InvalidArgument on bad values.
  absl::Status Parse(const Arguments& args);

  // True when some option restricts records.
  bool active() const;
  // False when the file's path names an account or region left out.
  bool KeepsFile(const InputFile& file) const;

  class Checker {
   public:
    explicit Checker(const RecordFilter& filter);
    // Empty when `record` (one record's JSON) is kept, else the reason.
    std::string_view Check(std::string_view record);

   private:
    bool Matches(SlotId slot, const std::set<std::string>& allowed) const;

    const RecordFilter& filter_;
    PathPlan plan_;
    SlotId region_, recipient_, identity_account_;
    Projector projector_;
    std::vector<Slot> slots_;
    std::string padded_;
  };

 private:
  std::optional<uint64_t> since_, until_;
  std::set<std::string> accounts_, regions_;
};

}  // namespace falconet::cli

#endif  // FALCONET_TOOLS_RECORD_FILTER_H_
