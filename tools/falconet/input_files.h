// How the command line finds and reads CloudTrail files.
//
// Paths name files or directories (read recursively, in sorted order);
// `-` is standard input. Files are found as CloudTrail delivers them to S3:
// `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<name>.json.gz`, or
// with the organization id first in organization trails; the account and
// region of a path are read from that layout (or from the file name,
// `<account>_CloudTrail_<region>_...`) so that whole files can be skipped
// by --account and --region. CloudTrail digest files are recognised by
// name and set apart. `.gz` files are decompressed. Errors are returned,
// never printed: the commands decide how to report them.
//
// Pure functions over the file system; safe to call from several threads
// (ReadInput of `-` reads standard input, so only one thread may).
#ifndef FALCONET_TOOLS_INPUT_FILES_H_
#define FALCONET_TOOLS_INPUT_FILES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace falconet::cli {

struct InputFile {
  std::string path;     // "-" for standard input
  uint64_t size = 0;    // on disk, as found (0 for standard input)
  std::string account;  // from the S3 layout or the name; empty if unknown
  std::string region;   // likewise
};

struct InputError {
  std::string file;
  std::string position;  // e.g. "record 3 (line 1)"; empty for the file
  std::string message;
};

struct InputList {
  std::vector<InputFile> files;
  std::vector<std::string> skipped_digests;  // CloudTrail-Digest files
  std::vector<InputError> errors;            // paths that cannot be listed
};

// Expands paths; no paths means standard input.
InputList ExpandInputs(const std::vector<std::string>& paths);

// The account and region that a CloudTrail path names (see above).
void ReadPathLayout(InputFile& file);

// True for a CloudTrail digest file (its name or folder says
// CloudTrail-Digest).
bool IsDigestPath(const std::string& path);

// Reads `path` into `data` (replacing its content, reusing its capacity),
// decompressed when it is gzip (several members allowed). On a corrupt or
// truncated gzip stream, `data` keeps what decompressed before the damage
// and the status says where it stopped (DataLoss); an unreadable file
// gives NotFound or PermissionDenied with the system's reason. Messages
// do not repeat the path.
absl::Status ReadInput(const std::string& path, std::string& data);

// How a path is named in messages: "<stdin>" for "-".
std::string DisplayName(const std::string& path);

}  // namespace falconet::cli

#endif  // FALCONET_TOOLS_INPUT_FILES_H_
