#include "scan/image_reference.h"

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace falconet {
namespace {

constexpr size_t kMaxNameLength = 255;
constexpr size_t kMaxTagLength = 128;

constexpr std::string_view kDockerHub = "docker.io";
constexpr std::string_view kDockerHubLegacy = "index.docker.io";

// Debian's abseil has its own string_view, distinct from std::string_view.
absl::string_view Absl(std::string_view s) { return {s.data(), s.size()}; }

bool IsLowerAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool IsLowerHex(char c) {
  return (c >= 'a' && c <= 'f') || (c >= '0' && c <= '9');
}

bool AllOf(std::string_view s, bool (*pred)(char)) {
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

// Consumes a run of lowercase letters and digits; false if there is none.
bool ConsumeLowerAlnum(std::string_view s, size_t& i) {
  size_t start = i;
  while (i < s.size() && IsLowerAlnum(s[i])) ++i;
  return i > start;
}

// One repository path component: lowercase alphanumeric runs joined by
// '.', '_', '__' or any number of '-'.
bool IsPathComponent(std::string_view s) {
  size_t i = 0;
  if (!ConsumeLowerAlnum(s, i)) return false;
  while (i < s.size()) {
    if (s[i] == '.') {
      ++i;
    } else if (s[i] == '_') {
      ++i;
      if (i < s.size() && s[i] == '_') ++i;
    } else if (s[i] == '-') {
      while (i < s.size() && s[i] == '-') ++i;
    } else {
      return false;
    }
    if (!ConsumeLowerAlnum(s, i)) return false;
  }
  return true;
}

// One DNS label: alphanumerics, with inner '-'.
bool IsHostLabel(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-') {
      return false;
    }
  }
  return true;
}

bool IsHostName(std::string_view s) {
  if (s.size() > 2 && s.front() == '[' && s.back() == ']') {
    for (char c : s.substr(1, s.size() - 2)) {
      if (!absl::ascii_isxdigit(static_cast<unsigned char>(c)) && c != ':') {
        return false;
      }
    }
    return true;
  }
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    if (!IsHostLabel(s.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// host[:port], host being a DNS name or a bracketed IPv6 address.
bool IsRegistryHost(std::string_view s) {
  size_t colon = s.rfind(':');
  if (colon != std::string_view::npos && s.find(']', colon) == s.npos) {
    std::string_view port = s.substr(colon + 1);
    if (port.empty() ||
        !AllOf(port, [](char c) { return c >= '0' && c <= '9'; })) {
      return false;
    }
    s = s.substr(0, colon);
  }
  return IsHostName(s);
}

// Docker's rule for telling "host/repo" from "user/repo".
bool LooksLikeRegistry(std::string_view first_component) {
  if (first_component == "localhost") return true;
  for (char c : first_component) {
    if (c == '.' || c == ':' || absl::ascii_isupper(c)) return true;
  }
  return false;
}

bool IsTag(std::string_view s) {
  if (s.empty() || s.size() > kMaxTagLength || s.front() == '.' ||
      s.front() == '-') {
    return false;
  }
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' &&
        c != '.' && c != '-') {
      return false;
    }
  }
  return true;
}

// algorithm ":" encoded, with the lengths the registered algorithms imply.
bool IsDigest(std::string_view s) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos) return false;
  std::string_view algorithm = s.substr(0, colon);
  std::string_view encoded = s.substr(colon + 1);

  size_t i = 0;
  if (!ConsumeLowerAlnum(algorithm, i)) return false;
  while (i < algorithm.size()) {
    char c = algorithm[i++];
    if (c != '+' && c != '.' && c != '_' && c != '-') return false;
    if (!ConsumeLowerAlnum(algorithm, i)) return false;
  }

  if (algorithm == "sha256") {
    return encoded.size() == 64 && AllOf(encoded, IsLowerHex);
  }
  if (algorithm == "sha512") {
    return encoded.size() == 128 && AllOf(encoded, IsLowerHex);
  }
  return !encoded.empty() && AllOf(encoded, [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '=' ||
           c == '_' || c == '-';
  });
}

absl::Status Invalid(std::string_view text, std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("invalid image reference \"",
                                                 absl::CHexEscape(Absl(text)),
                                                 "\": ", Absl(why)));
}

// Checks the repository path component by component, so that the error
// names the offending one.
absl::Status CheckRepositoryPath(std::string_view text, std::string_view path) {
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    std::string_view component = path.substr(start, slash - start);
    if (component.empty()) {
      return Invalid(text, "empty repository path component");
    }
    if (!IsPathComponent(component)) {
      bool upper = false;
      for (char c : component) upper = upper || absl::ascii_isupper(c);
      return Invalid(text, upper ? "repository name must be lowercase"
                                 : absl::StrCat("invalid repository name "
                                                "component \"",
                                                Absl(component), "\""));
    }
    if (slash == std::string_view::npos) return absl::OkStatus();
    start = slash + 1;
  }
}

}  // namespace

std::string ImageReference::Canonical() const {
  std::string out = absl::StrCat(registry, "/", repository);
  if (!tag.empty()) absl::StrAppend(&out, ":", tag);
  if (!digest.empty()) absl::StrAppend(&out, "@", digest);
  return out;
}

absl::StatusOr<ImageReference> ParseImageReference(std::string_view text) {
  if (text.empty()) return Invalid(text, "empty reference");
  for (char c : text) {
    if (absl::ascii_isspace(c) || absl::ascii_iscntrl(c)) {
      return Invalid(text, "contains whitespace or control characters");
    }
  }

  ImageReference out;
  out.ref = std::string(text);

  // name[:tag][@digest]; a ':' before the last '/' belongs to a port.
  std::string_view name = text;
  if (size_t at = name.find('@'); at != std::string_view::npos) {
    out.digest = std::string(name.substr(at + 1));
    name = name.substr(0, at);
    if (!IsDigest(out.digest)) {
      return Invalid(text, absl::StrCat("invalid digest \"", out.digest,
                                        "\" (expected e.g. sha256:<64 "
                                        "lowercase hex digits>)"));
    }
  }
  size_t colon = name.rfind(':');
  size_t last_slash = name.rfind('/');
  if (colon != std::string_view::npos &&
      (last_slash == std::string_view::npos || colon > last_slash)) {
    out.tag = std::string(name.substr(colon + 1));
    name = name.substr(0, colon);
    if (!IsTag(out.tag)) {
      return Invalid(text, absl::StrCat("invalid tag \"", out.tag, "\""));
    }
  }

  if (name.empty()) return Invalid(text, "no repository name");
  if (name.size() > kMaxNameLength) {
    return Invalid(text, "name is longer than 255 characters");
  }

  std::string_view path = name;
  size_t slash = name.find('/');
  if (slash != std::string_view::npos &&
      LooksLikeRegistry(name.substr(0, slash))) {
    std::string_view host = name.substr(0, slash);
    if (!IsRegistryHost(host)) {
      return Invalid(
          text, absl::StrCat("invalid registry host \"", Absl(host), "\""));
    }
    out.registry = std::string(host);
    path = name.substr(slash + 1);
  }
  if (absl::Status s = CheckRepositoryPath(text, path); !s.ok()) return s;

  if (out.registry.empty() || out.registry == kDockerHubLegacy) {
    out.registry = std::string(kDockerHub);
  }
  out.repository = std::string(path);
  if (out.registry == kDockerHub && path.find('/') == path.npos) {
    out.repository = absl::StrCat("library/", Absl(path));
  }
  if (out.tag.empty() && out.digest.empty()) out.tag = "latest";
  return out;
}

}  // namespace falconet
