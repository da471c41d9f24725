#include "input_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#ifdef FALCONET_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include "absl/strings/match.h"

namespace falconet::cli {
namespace fs = std::filesystem;
namespace {

bool LooksLikeCloudTrail(const fs::path& path) {
  std::string name = path.filename().string();
  for (const char* suffix :
       {".json", ".json.gz", ".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz"}) {
    if (absl::EndsWith(name, suffix)) return true;
  }
  return false;
}

std::vector<std::string> Split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  size_t begin = 0;
  for (size_t end; (end = text.find(separator, begin)) != text.npos;
       begin = end + 1) {
    parts.emplace_back(text.substr(begin, end - begin));
  }
  parts.emplace_back(text.substr(begin));
  return parts;
}

bool IsAccountId(std::string_view text) {
  return text.size() == 12 && std::all_of(text.begin(), text.end(), [](char c) {
           return c >= '0' && c <= '9';
         });
}

void AddFile(const fs::path& path, uint64_t size, InputList& out) {
  if (IsDigestPath(path.string())) {
    out.skipped_digests.push_back(path.string());
    return;
  }
  InputFile file{path.string(), size, "", ""};
  ReadPathLayout(file);
  out.files.push_back(std::move(file));
}

void AddDirectory(const fs::path& dir, InputList& out) {
  std::vector<std::pair<fs::path, uint64_t>> found;
  std::error_code ec;
  auto options = fs::directory_options::skip_permission_denied;
  for (fs::recursive_directory_iterator it(dir, options, ec), end;
       !ec && it != end; it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec) && LooksLikeCloudTrail(it->path())) {
      found.emplace_back(it->path(), it->file_size(size_ec));
    }
  }
  if (ec) out.errors.push_back({dir.string(), "", ec.message()});
  std::sort(found.begin(), found.end());
  for (const auto& [path, size] : found) AddFile(path, size, out);
}

absl::Status ErrnoStatus(int err) {
  std::string message = std::strerror(err);
  if (err == EACCES || err == EPERM) {
    return absl::PermissionDeniedError(message);
  }
  if (err == ENOENT) return absl::NotFoundError(message);
  return absl::DataLossError(message);
}

// Reads everything `fd` has into `data` from offset `used`; the bytes of
// `data` past `used` are buffer space, overwritten (growing a string
// zero-fills, so the space is kept from file to file).
absl::Status ReadAll(int fd, std::string& data, size_t used) {
  for (;;) {
    if (data.size() - used < (1 << 16)) {
      data.resize(std::max<size_t>(data.size() * 2, used + (1 << 16)));
    }
    ssize_t n = read(fd, data.data() + used, data.size() - used);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      data.resize(used);
      return ErrnoStatus(err);
    }
    used += n;
  }
  data.resize(used);
  return absl::OkStatus();
}

absl::Status ReadFile(const std::string& path, std::string& data) {
  if (path == "-") return ReadAll(STDIN_FILENO, data, 0);
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(errno);
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    close(fd);
    return ErrnoStatus(EISDIR);
  }
  // Room for the whole file and the read that sees its end.
  if (fstat(fd, &st) == 0 && st.st_size > 0 &&
      data.size() < static_cast<size_t>(st.st_size) + (1 << 16)) {
    data.resize(st.st_size + (1 << 16));
  }
  absl::Status status = ReadAll(fd, data, 0);
  close(fd);
  return status;
}

bool IsGzip(std::string_view bytes) {
  return bytes.size() >= 2 && bytes[0] == '\x1f' && bytes[1] == '\x8b';
}

// The uncompressed size that a one-member gzip stream declares (modulo
// 4 GiB), as a first guess for the output buffer; a damaged stream may
// declare anything, so the guess is capped by a generous ratio.
size_t DeclaredSize(std::string_view gz) {
  size_t cap = gz.size() * 64 + 4096;
  if (gz.size() < 18) return cap;
  const unsigned char* tail =
      reinterpret_cast<const unsigned char*>(gz.data() + gz.size() - 4);
  size_t size = tail[0] | tail[1] << 8 | tail[2] << 16 |
                static_cast<size_t>(tail[3]) << 24;
  return std::clamp(size, gz.size(), cap);
}

// Inflates the gzip members of `gz` into `out`. On damage, `out` keeps
// what was recovered.
absl::Status Gunzip(std::string_view gz, std::string& out) {
  out.clear();
  out.resize(DeclaredSize(gz) + 1);
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) {
    return absl::ResourceExhaustedError("cannot start zlib");
  }
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = gz.size();
  size_t used = 0;
  int rc = Z_OK;
  while (true) {
    if (used == out.size()) out.resize(out.size() * 2);
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    zs.avail_out = out.size() - used;
    rc = inflate(&zs, Z_NO_FLUSH);
    used = out.size() - zs.avail_out;
    if (rc == Z_STREAM_END) {
      // Another member may follow (gzip allows concatenation).
      if (zs.avail_in == 0 ||
          !IsGzip({reinterpret_cast<char*>(zs.next_in), zs.avail_in})) {
        break;
      }
      inflateReset(&zs);
      continue;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;  // truncated
    if (rc != Z_OK && rc != Z_BUF_ERROR) break;
  }
  size_t consumed = gz.size() - zs.avail_in;
  std::string zmsg = zs.msg ? zs.msg : "";
  inflateEnd(&zs);
  out.resize(used);

  if (rc == Z_STREAM_END) return absl::OkStatus();
  if (rc == Z_BUF_ERROR) {
    return absl::DataLossError("truncated gzip data (" + std::to_string(used) +
                               " bytes recovered)");
  }
  return absl::DataLossError("corrupt gzip data at compressed byte " +
                             std::to_string(consumed) +
                             (zmsg.empty() ? "" : " (" + zmsg + ")") + ", " +
                             std::to_string(used) + " bytes recovered");
}

#ifdef FALCONET_HAVE_LIBDEFLATE
// Whole-buffer inflation of every member with libdeflate. False when the
// data is damaged (Gunzip then recovers what it can and says why).
bool FastGunzip(std::string_view gz, std::string& out) {
  struct Free {
    void operator()(libdeflate_decompressor* d) {
      libdeflate_free_decompressor(d);
    }
  };
  thread_local std::unique_ptr<libdeflate_decompressor, Free> decompressor(
      libdeflate_alloc_decompressor());
  if (!decompressor) return false;
  // `out` is not cleared: its bytes from the last file are overwritten, so
  // that growing it zero-fills only what the last file did not use.
  size_t used = 0;
  while (!gz.empty()) {
    size_t hint = DeclaredSize(gz);
    if (out.size() < used + hint) out.resize(used + hint);
    size_t in = 0, produced = 0;
    libdeflate_result rc = libdeflate_gzip_decompress_ex(
        decompressor.get(), gz.data(), gz.size(), out.data() + used,
        out.size() - used, &in, &produced);
    if (rc == LIBDEFLATE_INSUFFICIENT_SPACE) {
      out.resize(used + (out.size() - used) * 2);
      continue;
    }
    if (rc != LIBDEFLATE_SUCCESS) return false;
    used += produced;
    gz.remove_prefix(in);
    if (!IsGzip(gz)) break;  // trailing bytes that are not a member
  }
  out.resize(used);
  return true;
}
#endif

}  // namespace

bool IsDigestPath(const std::string& path) {
  return path.find("CloudTrail-Digest") != std::string::npos;
}

void ReadPathLayout(InputFile& file) {
  std::vector<std::string> parts = Split(file.path, '/');
  for (size_t i = 0; i + 3 < parts.size(); ++i) {
    if (parts[i] != "AWSLogs") continue;
    // AWSLogs/<account>/CloudTrail/<region>/ or, in organization trails,
    // AWSLogs/<org-id>/<account>/CloudTrail/<region>/.
    size_t at = parts[i + 2] == "CloudTrail" ? i + 1 : i + 2;
    if (at + 2 < parts.size() && parts[at + 1] == "CloudTrail" &&
        IsAccountId(parts[at])) {
      file.account = parts[at];
      file.region = parts[at + 2];
      return;
    }
  }
  // <account>_CloudTrail_<region>_<time>_<id>.json.gz
  std::vector<std::string> name = Split(parts.back(), '_');
  if (name.size() >= 4 && IsAccountId(name[0]) && name[1] == "CloudTrail") {
    file.account = name[0];
    file.region = name[2];
  }
}

InputList ExpandInputs(const std::vector<std::string>& paths) {
  InputList out;
  if (paths.empty()) out.files.push_back(InputFile{"-", 0, "", ""});
  for (const std::string& path : paths) {
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (path == "-") {
      out.files.push_back(InputFile{"-", 0, "", ""});
    } else if (fs::is_directory(status)) {
      AddDirectory(path, out);
    } else if (fs::exists(status)) {
      AddFile(path, fs::file_size(path, ec), out);
    } else {
      out.errors.push_back({path, "", "No such file or directory"});
    }
  }
  return out;
}

absl::Status ReadInput(const std::string& path, std::string& data) {
  // The bytes as stored; gzip is inflated from here straight into `data`,
  // so that both buffers keep their size class from file to file.
  thread_local std::string raw;
  absl::Status status = ReadFile(path, raw);
  if (!IsGzip(raw)) {
    data.swap(raw);
    return status;
  }
#ifdef FALCONET_HAVE_LIBDEFLATE
  if (status.ok() && FastGunzip(raw, data)) return status;
#endif
  absl::Status inflated = Gunzip(raw, data);
  return status.ok() ? inflated : status;
}

std::string DisplayName(const std::string& path) {
  return path == "-" ? "<stdin>" : path;
}

}  // namespace falconet::cli
