// Vulnerability scan reports (Trivy JSON, Grype JSON, or findings a host
// passes directly) reduced to the summary that image_scan rules judge.
//
// Counting rules, the same for every input:
// - a vulnerability counts once per (id, package, installed version), as
//   the report lists it: the same id in two packages counts twice, and two
//   ids that are aliases of each other (a GHSA and its CVE) count twice;
// - severities are matched without regard to case: critical, high, medium
//   (or moderate), low (or negligible, as Grype calls it); anything else,
//   including a missing severity, is unknown;
// - a vulnerability is fixable when the report names a fixed version;
// - when the same (id, package, installed version) is listed more than
//   once, its first listing decides the severity and any listing with a
//   fixed version makes it fixable.
//
// Parsing never throws: a report that cannot be read gives a summary with
// status kFailed and an error text that says what is wrong and where.
// Plain data and pure functions: safe to use from any thread.
#ifndef FALCONET_SCAN_SCAN_REPORT_H_
#define FALCONET_SCAN_SCAN_REPORT_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace falconet {

// One vulnerability in one package, as a host passes it directly.
struct Finding {
  std::string id;                 // "CVE-2019-14697", "GHSA-..."; required
  std::string severity;           // "CRITICAL", "High", "negligible", ...
  std::string package;            // "musl"
  std::string installed_version;  // "1.1.20-r4"
  std::string fixed_version;      // "1.1.20-r5"; empty when no fix is known
};

enum class ScanStatus : uint8_t { kOk, kFailed };

// "ok" or "failed", as the scan.status field shows it.
std::string_view ScanStatusName(ScanStatus status);

struct ScanSummary {
  std::string scanner;  // "trivy", "grype", "custom"; empty if not known
  ScanStatus status = ScanStatus::kOk;
  std::string error;  // why the scan failed; empty when status is kOk

  // Distinct vulnerabilities per severity; all zero when the scan failed.
  uint64_t critical = 0;
  uint64_t high = 0;
  uint64_t medium = 0;
  uint64_t low = 0;
  uint64_t unknown = 0;
  uint64_t total = 0;             // the sum of the five above
  uint64_t fixable = 0;           // those with a fixed version, of any severity
  uint64_t critical_fixable = 0;  // critical ones with a fixed version
  uint64_t high_fixable = 0;      // high ones with a fixed version

  // The distinct vulnerability ids, sorted.
  std::vector<std::string> vulnerability_ids;
};

// Reads a Trivy (`trivy image --format json`, SchemaVersion 2) or Grype
// (`grype -o json`) report, telling them apart by their shape: a top-level
// object with "SchemaVersion" is Trivy, one with "matches" is Grype.
ScanSummary ParseScanReport(std::string_view report);

// Summarises findings a host passes directly, under the scanner name
// `scanner`. A finding without an id makes the summary fail.
ScanSummary SummarizeFindings(std::span<const Finding> findings,
                              std::string_view scanner = "custom");

// A failed scan with the reason, for scanners that crash, time out or
// print nothing.
ScanSummary FailedScan(std::string_view scanner, std::string_view error);

}  // namespace falconet

#endif  // FALCONET_SCAN_SCAN_REPORT_H_
