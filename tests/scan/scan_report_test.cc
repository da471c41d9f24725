// Trivy and Grype reports, and findings passed directly, reduced to a
// summary; malformed reports fail with a reason instead of throwing.
#include "scan/scan_report.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "test_support.h"

namespace falconet {
namespace {

using ::falconet::testing::ReadFile;
using ::falconet::testing::SharedDir;

struct Counts {
  uint64_t critical, high, medium, low, unknown, total, fixable, ids;
};

// Established by hand with jq, independently of falconet, per file in
// ../shared/data/scans. Distinct (id, package, installed version) by
// severity, then total, fixable and the number of distinct ids:
//
// Trivy:
//   jq -c '[.Results[]?.Vulnerabilities[]? | {k:[.VulnerabilityID,.PkgName,
//     .InstalledVersion], s:(.Severity|ascii_downcase),
//     f:((.FixedVersion // "")!="")}] | unique_by(.k)
//     | [(map(select(.s=="critical"))|length), ...high, medium, low,
//        unknown..., length, (map(select(.f))|length)]' FILE
//   jq '[.Results[]?.Vulnerabilities[]?.VulnerabilityID] | unique | length'
// Grype: the same over .matches[] with k:[.vulnerability.id,
//   .artifact.name, .artifact.version], s from .vulnerability.severity
//   ("negligible" counted as low), f:((.vulnerability.fix.versions // [])
//   | length > 0), and ids from [.matches[].vulnerability.id] | unique.
const std::map<std::string, Counts>& ExpectedCounts() {
  static const auto* counts = new std::map<std::string, Counts>{
      // file                                  C  H  M  L  U  T  F  ids
      {"trivy_trivy_almalinux-8.json", {0, 0, 1, 0, 0, 1, 1, 1}},
      {"trivy_trivy_alpine-310.json", {0, 0, 4, 0, 0, 4, 4, 2}},
      {"trivy_trivy_alpine-39-skip.json", {0, 0, 0, 0, 0, 0, 0, 0}},
      {"trivy_trivy_alpine-39.json", {2, 0, 4, 0, 0, 6, 6, 3}},
      {"trivy_trivy_amazon-2.json", {0, 0, 1, 1, 0, 2, 2, 2}},
      {"trivy_trivy_busybox-with-lockfile.json", {0, 1, 1, 0, 0, 2, 2, 2}},
      {"trivy_trivy_centos-7.json", {0, 0, 1, 2, 0, 3, 2, 3}},
      {"trivy_trivy_debian-buster.json", {1, 0, 0, 1, 0, 2, 1, 2}},
      {"trivy_trivy_debian-stretch.json", {0, 0, 4, 1, 0, 5, 4, 2}},
      {"trivy_trivy_distroless-base.json", {0, 0, 2, 2, 0, 4, 2, 2}},
      {"trivy_trivy_distroless-python27.json", {0, 0, 2, 2, 0, 4, 2, 2}},
      {"trivy_trivy_fluentd-gems.json", {1, 1, 0, 0, 0, 2, 2, 2}},
      {"trivy_trivy_mariner-1_0.json", {0, 1, 0, 1, 0, 2, 1, 2}},
      {"trivy_trivy_opensuse-leap-151.json", {0, 0, 2, 0, 0, 2, 2, 1}},
      {"trivy_trivy_oraclelinux-8.json", {0, 0, 2, 0, 0, 2, 2, 2}},
      {"trivy_trivy_photon-30.json", {2, 1, 0, 0, 0, 3, 3, 2}},
      {"trivy_trivy_rockylinux-8.json", {0, 0, 1, 0, 0, 1, 1, 1}},
      {"trivy_trivy_sl-micro-rancher5_4.json", {0, 0, 0, 0, 0, 0, 0, 0}},
      {"trivy_trivy_spring4shell-jre8.json", {0, 0, 0, 1, 0, 1, 1, 1}},
      {"trivy_trivy_ubi-7-comprehensive.json", {0, 1, 0, 1, 0, 2, 1, 2}},
      {"trivy_trivy_ubuntu-1804.json", {0, 0, 4, 1, 0, 5, 4, 2}},
      {"grype_grype_chainguard-ruby-test.json", {0, 3, 0, 0, 0, 3, 2, 2}},
      {"grype_grype_ghsa-test.json", {0, 0, 2, 0, 0, 2, 1, 2}},
      {"grype_grype_keycloak-test.json", {0, 0, 0, 6, 0, 6, 0, 1}},
  };
  return *counts;
}

std::string ScansDir() { return SharedDir() + "/data/scans"; }

TEST_CASE("every shared report parses with the counts established by jq") {
  FALCONET_REQUIRE_SHARED();
  int seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(ScansDir())) {
    std::string name = entry.path().filename().string();
    INFO(name);
    auto expected = ExpectedCounts().find(name);
    REQUIRE(expected != ExpectedCounts().end());  // a new file: count it
    const Counts& want = expected->second;

    ScanSummary s = ParseScanReport(ReadFile(entry.path().string()));
    CHECK(s.status == ScanStatus::kOk);
    CHECK(s.error == "");
    CHECK(s.scanner == name.substr(0, name.find('_')));
    CHECK(s.critical == want.critical);
    CHECK(s.high == want.high);
    CHECK(s.medium == want.medium);
    CHECK(s.low == want.low);
    CHECK(s.unknown == want.unknown);
    CHECK(s.total == want.total);
    CHECK(s.fixable == want.fixable);
    CHECK(s.vulnerability_ids.size() == want.ids);
    ++seen;
  }
  CHECK(seen == static_cast<int>(ExpectedCounts().size()));
}

TEST_CASE("the alpine 3.9 report lists its ids, sorted") {
  FALCONET_REQUIRE_SHARED();
  ScanSummary s =
      ParseScanReport(ReadFile(ScansDir() + "/trivy_trivy_alpine-39.json"));
  // jq -c '[.Results[]?.Vulnerabilities[]?.VulnerabilityID] | unique'
  CHECK(s.vulnerability_ids == std::vector<std::string>{"CVE-2019-14697",
                                                        "CVE-2019-1549",
                                                        "CVE-2019-1551"});
}

TEST_CASE("the Grype GHSA report keeps an advisory and its CVE apart") {
  FALCONET_REQUIRE_SHARED();
  ScanSummary s =
      ParseScanReport(ReadFile(ScansDir() + "/grype_grype_ghsa-test.json"));
  CHECK(s.vulnerability_ids ==
        std::vector<std::string>{"CVE-2014-3577", "GHSA-cfh5-3ghh-wfjx"});
}

TEST_CASE("a vulnerability counts once per id, package and version") {
  // Listed twice in two results for musl 1.1.20-r4 (once with a fix), and
  // once for musl-utils: two vulnerabilities, both fixable.
  ScanSummary s = ParseScanReport(R"({
    "SchemaVersion": 2,
    "Results": [
      {"Target": "a", "Vulnerabilities": [
        {"VulnerabilityID": "CVE-1", "PkgName": "musl",
         "InstalledVersion": "1.1.20-r4", "Severity": "CRITICAL"},
        {"VulnerabilityID": "CVE-1", "PkgName": "musl-utils",
         "InstalledVersion": "1.1.20-r4", "Severity": "CRITICAL"}]},
      {"Target": "b", "Vulnerabilities": [
        {"VulnerabilityID": "CVE-1", "PkgName": "musl",
         "InstalledVersion": "1.1.20-r4", "FixedVersion": "1.1.20-r5",
         "Severity": "CRITICAL"},
        {"VulnerabilityID": "CVE-1", "PkgName": "musl",
         "InstalledVersion": "1.1.22", "Severity": "HIGH"}]}
    ]})");
  REQUIRE(s.status == ScanStatus::kOk);
  CHECK(s.critical == 2);
  CHECK(s.high == 1);
  CHECK(s.total == 3);
  CHECK(s.fixable == 1);
  CHECK(s.vulnerability_ids == std::vector<std::string>{"CVE-1"});
}

TEST_CASE("severities are read without regard to case") {
  ScanSummary s = ParseScanReport(R"({"matches": [
    {"vulnerability": {"id": "A", "severity": "Negligible"},
     "artifact": {"name": "p", "version": "1"}},
    {"vulnerability": {"id": "B", "severity": "LOW"},
     "artifact": {"name": "p", "version": "1"}},
    {"vulnerability": {"id": "C", "severity": "Unknown"},
     "artifact": {"name": "p", "version": "1"}},
    {"vulnerability": {"id": "D", "severity": "bogus"},
     "artifact": {"name": "p", "version": "1"}},
    {"vulnerability": {"id": "E"}, "artifact": {"name": "p", "version": "1"}},
    {"vulnerability": {"id": "F", "severity": "cRiTiCaL",
                       "fix": {"versions": [], "state": "not-fixed"}},
     "artifact": {"name": "p", "version": "1"}}
  ]})");
  REQUIRE(s.status == ScanStatus::kOk);
  CHECK(s.scanner == "grype");
  CHECK(s.low == 2);
  CHECK(s.unknown == 3);
  CHECK(s.critical == 1);
  CHECK(s.total == 6);
  CHECK(s.fixable == 0);  // a fix with no version names no fixed version
}

TEST_CASE("reports without findings are clean, not failed") {
  for (const char* report :
       {R"({"SchemaVersion": 2})", R"({"SchemaVersion": 2, "Results": null})",
        R"({"SchemaVersion": 2, "Results": [{"Target": "x"}]})",
        R"({"SchemaVersion": 2, "Results": [{"Vulnerabilities": null}]})",
        R"({"matches": []})", R"({"matches": null})"}) {
    INFO(report);
    ScanSummary s = ParseScanReport(report);
    CHECK(s.status == ScanStatus::kOk);
    CHECK(s.total == 0);
    CHECK(s.vulnerability_ids.empty());
  }
}

TEST_CASE("malformed reports fail with a reason") {
  struct Bad {
    std::string report;
    std::string scanner;
    std::string error;
  };
  const Bad cases[] = {
      {"", "", "the report is empty"},
      {" \n\t", "", "the report is empty"},
      {"FATAL: image not found", "", "report is not valid JSON: "},
      {R"({"SchemaVersion": 2, "Results": [)", "",
       "report is not valid JSON: "},
      {"[]", "", "not a Trivy or Grype report: the top level is array"},
      {"{}", "", "neither SchemaVersion (Trivy) nor matches (Grype)"},
      {R"({"SchemaVersion": 2, "matches": []})", "",
       "both SchemaVersion (Trivy) and matches (Grype)"},
      {R"({"SchemaVersion": 1, "Results": []})", "trivy",
       "malformed trivy report: SchemaVersion 1 is not supported"},
      {R"({"SchemaVersion": "2"})", "trivy",
       "SchemaVersion \"2\" is not supported"},
      {R"({"SchemaVersion": 2, "Results": {}})", "trivy",
       "malformed trivy report: Results is not an array"},
      {R"({"SchemaVersion": 2, "Results": [7]})", "trivy",
       "Results[0] is not an object"},
      {R"({"SchemaVersion": 2, "Results": [{"Vulnerabilities": [
          {"VulnerabilityID": "CVE-1"}, {"PkgName": "x"}]}]})",
       "trivy", "Results[0].Vulnerabilities[1].VulnerabilityID is missing"},
      {R"({"SchemaVersion": 2, "Results": [{"Vulnerabilities": [
          {"VulnerabilityID": "CVE-1", "Severity": 4}]}]})",
       "trivy", "Results[0].Vulnerabilities[0].Severity is not a string"},
      {R"({"matches": {}})", "grype",
       "malformed grype report: matches is not an array"},
      {R"({"matches": [{"artifact": {}}]})", "grype",
       "matches[0].vulnerability is missing"},
      {R"({"matches": [{"vulnerability": {"id": ""}, "artifact": {}}]})",
       "grype", "matches[0].vulnerability.id is empty"},
      {R"({"matches": [{"vulnerability": {"id": "X"}}]})", "grype",
       "matches[0].artifact is missing"},
      {R"({"matches": [{"vulnerability": {"id": "X",
          "fix": {"versions": [1]}}, "artifact": {}}]})",
       "grype", "matches[0].vulnerability.fix.versions holds a non-string"},
  };
  for (const Bad& c : cases) {
    INFO(c.report);
    ScanSummary s = ParseScanReport(c.report);
    CHECK(s.status == ScanStatus::kFailed);
    CHECK(ScanStatusName(s.status) == "failed");
    CHECK(s.scanner == c.scanner);
    CHECK_THAT(s.error, Catch::Contains(c.error));
    CHECK(s.total == 0);
    CHECK(s.vulnerability_ids.empty());
  }
}

TEST_CASE("a report cut short fails instead of counting half of it") {
  FALCONET_REQUIRE_SHARED();
  std::string full = ReadFile(ScansDir() + "/trivy_trivy_alpine-39.json");
  ScanSummary s = ParseScanReport(full.substr(0, full.size() / 2));
  CHECK(s.status == ScanStatus::kFailed);
  CHECK_THAT(s.error, Catch::StartsWith("report is not valid JSON: "));
  CHECK(s.critical == 0);
}

TEST_CASE("findings passed directly are summarised like reports") {
  std::vector<Finding> findings = {
      {"CVE-2019-14697", "CRITICAL", "musl", "1.1.20-r4", "1.1.20-r5"},
      {"CVE-2019-14697", "critical", "musl", "1.1.20-r4", ""},
      {"GHSA-xxxx", "moderate", "uri", "0.10.1", ""},
      {"CVE-3", "", "zlib", "1.2", "1.3"},
  };
  ScanSummary s = SummarizeFindings(findings);
  CHECK(s.scanner == "custom");
  CHECK(s.status == ScanStatus::kOk);
  CHECK(ScanStatusName(s.status) == "ok");
  CHECK(s.critical == 1);
  CHECK(s.medium == 1);
  CHECK(s.unknown == 1);
  CHECK(s.total == 3);
  CHECK(s.fixable == 2);
  CHECK(s.vulnerability_ids ==
        std::vector<std::string>{"CVE-2019-14697", "CVE-3", "GHSA-xxxx"});

  CHECK(SummarizeFindings({}).status == ScanStatus::kOk);
  CHECK(SummarizeFindings(findings, "inspector").scanner == "inspector");
}

TEST_CASE("a finding without an id fails the summary") {
  std::vector<Finding> findings = {{"CVE-1", "HIGH", "a", "1", ""},
                                   {"", "HIGH", "b", "1", ""}};
  ScanSummary s = SummarizeFindings(findings);
  CHECK(s.status == ScanStatus::kFailed);
  CHECK(s.error == "finding 1 has no id");
  CHECK(s.high == 0);
}

TEST_CASE("a failed scan carries the scanner and the reason") {
  ScanSummary s = FailedScan("trivy", "timed out after 60s");
  CHECK(s.status == ScanStatus::kFailed);
  CHECK(s.scanner == "trivy");
  CHECK(s.error == "timed out after 60s");
  CHECK(s.total == 0);
}

}  // namespace
}  // namespace falconet

namespace falconet {
namespace {

// scan.critical.fixable and scan.high.fixable: fixable counts per severity,
// one per (id, package, installed version).
TEST_CASE("fixable counts per severity") {
  std::vector<Finding> findings = {
      {"CVE-1", "CRITICAL", "openssl", "1.0", "1.1"},
      {"CVE-2", "critical", "zlib", "1.2", ""},
      {"CVE-3", "HIGH", "musl", "1.2", "1.3"},
      {"CVE-3", "HIGH", "musl", "1.2", "1.3"},
      {"CVE-4", "high", "busybox", "1.3", ""},
      {"CVE-5", "medium", "curl", "7.0", "7.1"},
  };
  ScanSummary s = SummarizeFindings(findings);
  CHECK(s.critical == 2);
  CHECK(s.critical_fixable == 1);
  CHECK(s.high == 2);
  CHECK(s.high_fixable == 1);
  CHECK(s.fixable == 3);
}

}  // namespace
}  // namespace falconet
