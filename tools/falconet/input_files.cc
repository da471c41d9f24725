#include "input_files.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

namespace falconet::cli {
namespace fs = std::filesystem;
namespace {

bool IsDigest(const fs::path& path) {
  return path.filename().string().find("CloudTrail-Digest") !=
         std::string::npos;
}

bool LooksLikeCloudTrail(const fs::path& path) {
  std::string name = path.filename().string();
  auto ends = [&](std::string_view suffix) {
    return name.size() >= suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) ==
               0;
  };
  return ends(".json") || ends(".json.gz") || ends(".jsonl") ||
         ends(".jsonl.gz") || ends(".ndjson");
}

void AddDirectory(const fs::path& dir, InputList& out) {
  std::vector<fs::path> found;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->is_regular_file() && LooksLikeCloudTrail(it->path())) {
      found.push_back(it->path());
    }
  }
  if (ec) out.errors.push_back(dir.string() + ": " + ec.message());
  std::sort(found.begin(), found.end());
  for (const fs::path& path : found) {
    if (IsDigest(path)) {
      out.skipped_digests.push_back(path.string());
    } else {
      out.files.push_back(InputFile{path.string()});
    }
  }
}

absl::StatusOr<std::string> ReadGzip(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) {
    return absl::NotFoundError(path + ": " + std::strerror(errno));
  }
  std::string data;
  char buffer[1 << 16];
  int n;
  while ((n = gzread(file, buffer, sizeof(buffer))) > 0) data.append(buffer, n);
  int err = 0;
  std::string message = n < 0 ? gzerror(file, &err) : "";
  gzclose(file);
  if (n < 0) {
    return absl::DataLossError(path + ": corrupt gzip data (" + message + ")");
  }
  return data;
}

}  // namespace

InputList ExpandInputs(const std::vector<std::string>& paths) {
  InputList out;
  if (paths.empty()) out.files.push_back(InputFile{"-"});
  for (const std::string& path : paths) {
    std::error_code ec;
    if (path == "-") {
      out.files.push_back(InputFile{"-"});
    } else if (fs::is_directory(path, ec)) {
      AddDirectory(path, out);
    } else if (fs::exists(path, ec)) {
      if (IsDigest(path)) {
        out.skipped_digests.push_back(path);
      } else {
        out.files.push_back(InputFile{path});
      }
    } else {
      out.errors.push_back(path + ": No such file or directory");
    }
  }
  return out;
}

absl::StatusOr<std::string> ReadInput(const std::string& path) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), {});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(path + ": " + std::strerror(errno));
  char magic[2] = {0, 0};
  in.read(magic, 2);
  if (in.gcount() == 2 && magic[0] == '\x1f' && magic[1] == '\x8b') {
    return ReadGzip(path);
  }
  in.clear();
  in.seekg(0);
  std::string data((std::istreambuf_iterator<char>(in)), {});
  if (in.bad()) return absl::DataLossError(path + ": read error");
  return data;
}

}  // namespace falconet::cli
