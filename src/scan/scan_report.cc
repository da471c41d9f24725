#include "scan/scan_report.h"

#include <algorithm>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace falconet {
namespace {

using Json = nlohmann::json;

// Debian's abseil has its own string_view, distinct from std::string_view.
absl::string_view Absl(std::string_view s) { return {s.data(), s.size()}; }

enum class Severity { kCritical, kHigh, kMedium, kLow, kUnknown };

Severity ParseSeverity(std::string_view s) {
  if (absl::EqualsIgnoreCase(Absl(s), "critical")) return Severity::kCritical;
  if (absl::EqualsIgnoreCase(Absl(s), "high")) return Severity::kHigh;
  if (absl::EqualsIgnoreCase(Absl(s), "medium") ||
      absl::EqualsIgnoreCase(Absl(s), "moderate")) {
    return Severity::kMedium;
  }
  if (absl::EqualsIgnoreCase(Absl(s), "low") ||
      absl::EqualsIgnoreCase(Absl(s), "negligible")) {
    return Severity::kLow;
  }
  return Severity::kUnknown;
}

void Count(Severity severity, ScanSummary& summary) {
  switch (severity) {
    case Severity::kCritical:
      ++summary.critical;
      break;
    case Severity::kHigh:
      ++summary.high;
      break;
    case Severity::kMedium:
      ++summary.medium;
      break;
    case Severity::kLow:
      ++summary.low;
      break;
    case Severity::kUnknown:
      ++summary.unknown;
      break;
  }
}

// Reads the parts of a report we need, remembering the first problem with
// the path where it was found ("Results[0].Vulnerabilities[2]").
class ReportReader {
 public:
  const std::string& error() const { return error_; }

  // `value[key]` as a string into `out`; absent or null leaves `out`
  // empty. Anything else but a string is an error, and so is absence when
  // `required`.
  bool String(const Json& object, const char* key, std::string_view where,
              bool required, std::string& out) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
      if (!required) return true;
      return Fail(absl::StrCat(Absl(where), ".", key, " is missing"));
    }
    if (!it->is_string()) {
      return Fail(absl::StrCat(Absl(where), ".", key, " is not a string"));
    }
    out = it->get<std::string>();
    if (required && out.empty()) {
      return Fail(absl::StrCat(Absl(where), ".", key, " is empty"));
    }
    return true;
  }

  // `object[key]` as an array; absent or null is an empty array.
  bool Array(const Json& object, const char* key, std::string_view where,
             const Json*& out) {
    static const Json kEmpty = Json::array();
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
      out = &kEmpty;
      return true;
    }
    if (!it->is_array()) {
      return Fail(
          absl::StrCat(where.empty() ? "" : absl::StrCat(Absl(where), "."), key,
                       " is not an array"));
    }
    out = &*it;
    return true;
  }

  bool Object(const Json& value, std::string_view where) {
    return value.is_object() ||
           Fail(absl::StrCat(Absl(where), " is not an object"));
  }

  bool Fail(std::string error) {
    if (error_.empty()) error_ = std::move(error);
    return false;
  }

 private:
  std::string error_;
};

bool ReadTrivyVulnerability(const Json& v, const std::string& where,
                            ReportReader& reader, std::vector<Finding>& out) {
  Finding f;
  if (!reader.Object(v, where) ||
      !reader.String(v, "VulnerabilityID", where, true, f.id) ||
      !reader.String(v, "Severity", where, false, f.severity) ||
      !reader.String(v, "PkgName", where, false, f.package) ||
      !reader.String(v, "InstalledVersion", where, false,
                     f.installed_version) ||
      !reader.String(v, "FixedVersion", where, false, f.fixed_version)) {
    return false;
  }
  out.push_back(std::move(f));
  return true;
}

// Trivy: Results[].Vulnerabilities[]; both may be absent when nothing was
// found (Trivy omits empty lists).
bool ReadTrivy(const Json& root, ReportReader& reader,
               std::vector<Finding>& out) {
  const Json& version = *root.find("SchemaVersion");
  if (!version.is_number_integer() || version.get<int64_t>() != 2) {
    return reader.Fail(absl::StrCat("SchemaVersion ", version.dump(),
                                    " is not supported (expected 2)"));
  }
  const Json* results;
  if (!reader.Array(root, "Results", "", results)) return false;
  for (size_t i = 0; i < results->size(); ++i) {
    std::string where = absl::StrCat("Results[", i, "]");
    const Json* vulns;
    if (!reader.Object((*results)[i], where) ||
        !reader.Array((*results)[i], "Vulnerabilities", where, vulns)) {
      return false;
    }
    for (size_t j = 0; j < vulns->size(); ++j) {
      std::string at = absl::StrCat(where, ".Vulnerabilities[", j, "]");
      if (!ReadTrivyVulnerability((*vulns)[j], at, reader, out)) return false;
    }
  }
  return true;
}

// Grype's fix.versions, joined; a fix without versions is not a fix.
bool ReadGrypeFix(const Json& vuln, const std::string& where,
                  ReportReader& reader, std::string& out) {
  auto fix = vuln.find("fix");
  if (fix == vuln.end() || fix->is_null()) return true;
  std::string at = absl::StrCat(where, ".fix");
  const Json* versions;
  if (!reader.Object(*fix, at) ||
      !reader.Array(*fix, "versions", at, versions)) {
    return false;
  }
  std::vector<std::string> names;
  for (const Json& v : *versions) {
    if (!v.is_string()) {
      return reader.Fail(absl::StrCat(at, ".versions holds a non-string"));
    }
    names.push_back(v.get<std::string>());
  }
  out = absl::StrJoin(names, ", ");
  return true;
}

bool ReadGrypeMatch(const Json& match, const std::string& where,
                    ReportReader& reader, std::vector<Finding>& out) {
  if (!reader.Object(match, where)) return false;
  std::string vuln_at = absl::StrCat(where, ".vulnerability");
  std::string artifact_at = absl::StrCat(where, ".artifact");
  auto vuln = match.find("vulnerability");
  if (vuln == match.end()) return reader.Fail(vuln_at + " is missing");
  auto artifact = match.find("artifact");
  if (artifact == match.end()) return reader.Fail(artifact_at + " is missing");

  Finding f;
  if (!reader.Object(*vuln, vuln_at) ||
      !reader.String(*vuln, "id", vuln_at, true, f.id) ||
      !reader.String(*vuln, "severity", vuln_at, false, f.severity) ||
      !ReadGrypeFix(*vuln, vuln_at, reader, f.fixed_version) ||
      !reader.Object(*artifact, artifact_at) ||
      !reader.String(*artifact, "name", artifact_at, false, f.package) ||
      !reader.String(*artifact, "version", artifact_at, false,
                     f.installed_version)) {
    return false;
  }
  out.push_back(std::move(f));
  return true;
}

bool ReadGrype(const Json& root, ReportReader& reader,
               std::vector<Finding>& out) {
  const Json* matches;
  if (!reader.Array(root, "matches", "", matches)) return false;
  for (size_t i = 0; i < matches->size(); ++i) {
    std::string where = absl::StrCat("matches[", i, "]");
    if (!ReadGrypeMatch((*matches)[i], where, reader, out)) return false;
  }
  return true;
}

// nlohmann's messages start with "[json.exception.parse_error.101] ".
std::string ParseErrorText(const std::exception& e) {
  std::string_view what = e.what();
  if (absl::StartsWith(Absl(what), "[json.exception.")) {
    size_t end = what.find("] ");
    if (end != std::string_view::npos) what.remove_prefix(end + 2);
  }
  return std::string(what);
}

ScanSummary ParseJsonReport(std::string_view report) {
  Json root;
  try {
    root = Json::parse(report.begin(), report.end());
  } catch (const Json::parse_error& e) {
    return FailedScan(
        "", absl::StrCat("report is not valid JSON: ", ParseErrorText(e)));
  }
  if (!root.is_object()) {
    return FailedScan("", absl::StrCat("not a Trivy or Grype report: the "
                                       "top level is ",
                                       root.type_name(), ", not an object"));
  }

  bool trivy = root.contains("SchemaVersion");
  bool grype = root.contains("matches");
  if (trivy == grype) {
    return FailedScan("", trivy ? "not a Trivy or Grype report: it has both "
                                  "SchemaVersion (Trivy) and matches (Grype)"
                                : "not a Trivy or Grype report: it has "
                                  "neither SchemaVersion (Trivy) nor "
                                  "matches (Grype)");
  }
  std::string_view scanner = trivy ? "trivy" : "grype";
  ReportReader reader;
  std::vector<Finding> findings;
  bool ok = trivy ? ReadTrivy(root, reader, findings)
                  : ReadGrype(root, reader, findings);
  if (!ok) {
    return FailedScan(scanner, absl::StrCat("malformed ", Absl(scanner),
                                            " report: ", reader.error()));
  }
  return SummarizeFindings(findings, scanner);
}

}  // namespace

std::string_view ScanStatusName(ScanStatus status) {
  return status == ScanStatus::kOk ? "ok" : "failed";
}

ScanSummary FailedScan(std::string_view scanner, std::string_view error) {
  ScanSummary summary;
  summary.scanner = std::string(scanner);
  summary.status = ScanStatus::kFailed;
  summary.error = std::string(error);
  return summary;
}

ScanSummary ParseScanReport(std::string_view report) {
  if (absl::StripAsciiWhitespace(Absl(report)).empty()) {
    return FailedScan("", "the report is empty");
  }
  // Nothing below should throw past the JSON parse, but a report is input
  // from outside: no exception may reach the host.
  try {
    return ParseJsonReport(report);
  } catch (const std::exception& e) {
    return FailedScan("", absl::StrCat("cannot read report: ", e.what()));
  }
}

ScanSummary SummarizeFindings(std::span<const Finding> findings,
                              std::string_view scanner) {
  struct Seen {
    Severity severity;
    bool fixable;
  };
  // Keyed by id, package and installed version, NUL-separated.
  absl::flat_hash_map<std::string, Seen> seen;
  std::vector<std::string> order;
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    if (f.id.empty()) {
      return FailedScan(scanner, absl::StrCat("finding ", i, " has no id"));
    }
    std::string key =
        absl::StrCat(f.id, absl::string_view("\0", 1), f.package,
                     absl::string_view("\0", 1), f.installed_version);
    auto [it, inserted] =
        seen.try_emplace(key, Seen{ParseSeverity(f.severity), false});
    it->second.fixable = it->second.fixable || !f.fixed_version.empty();
    if (inserted) order.push_back(f.id);
  }

  ScanSummary summary;
  summary.scanner = std::string(scanner);
  for (const auto& [key, vuln] : seen) {
    Count(vuln.severity, summary);
    if (vuln.fixable) {
      ++summary.fixable;
      if (vuln.severity == Severity::kCritical) ++summary.critical_fixable;
      if (vuln.severity == Severity::kHigh) ++summary.high_fixable;
    }
  }
  summary.total = seen.size();
  std::sort(order.begin(), order.end());
  order.erase(std::unique(order.begin(), order.end()), order.end());
  summary.vulnerability_ids = std::move(order);
  return summary;
}

}  // namespace falconet
