// How the command line finds and reads CloudTrail files.
//
// Paths name files or directories (read recursively, in sorted order);
// `-` is standard input. `.gz` files are decompressed; CloudTrail digest
// files are recognised by name and skipped. Errors are returned, never
// printed: the commands decide how to report them.
#ifndef FALCONET_TOOLS_INPUT_FILES_H_
#define FALCONET_TOOLS_INPUT_FILES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace falconet::cli {

struct InputFile {
  std::string path;  // "-" for standard input
};

struct InputList {
  std::vector<InputFile> files;
  std::vector<std::string> skipped_digests;  // CloudTrail-Digest files
  std::vector<std::string> errors;           // "path: reason"
};

// Expands paths; no paths means standard input.
InputList ExpandInputs(const std::vector<std::string>& paths);

// The whole content of `path`, decompressed when it is gzip.
absl::StatusOr<std::string> ReadInput(const std::string& path);

}  // namespace falconet::cli

#endif  // FALCONET_TOOLS_INPUT_FILES_H_
