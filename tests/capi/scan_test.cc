// Image scans through the C ABI: the request a deployment makes, answers
// given at once or later, and the image_scan alerts they produce.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "capi_test_support.h"
#include "falconet.h"

using falconet::capi_testing::CollectingOptions;
using falconet::capi_testing::Collector;

namespace {

constexpr std::string_view kRules = R"(
- rule: App Runner service
  desc: d
  condition: ct.name = CreateService
  output: service by %ct.user
  priority: NOTICE
  source: aws_cloudtrail
- rule: Critical image
  desc: d
  condition: scan.status = ok and scan.critical > 0
  output: critical=%scan.critical image=%image.ref by=%ct.user
  priority: CRITICAL
  source: image_scan
- rule: Failed scan
  desc: d
  condition: scan.status != ok
  output: failed image=%image.ref
  priority: WARNING
  source: image_scan
)";

// An App Runner CreateService deploying one image, by hand.
constexpr std::string_view kRecord =
    R"({"eventVersion":"1.08","userIdentity":{"type":"IAMUser",)"
    R"("arn":"arn:aws:iam::111122223333:user/ana","accountId":)"
    R"("111122223333","userName":"ana"},"eventTime":)"
    R"("2024-05-01T10:00:00Z","eventType":"AwsApiCall",)"
    R"("eventSource":"apprunner.amazonaws.com",)"
    R"("eventName":"CreateService","awsRegion":"eu-west-1",)"
    R"("sourceIPAddress":"198.51.100.7","eventID":"ev-1",)"
    R"("requestParameters":{"serviceName":"s","sourceConfiguration":)"
    R"({"imageRepository":{"imageIdentifier":)"
    R"("111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop:2.0",)"
    R"("imageRepositoryType":"ECR"}}}})";

// A Trivy report with two critical vulnerabilities.
constexpr std::string_view kReport =
    R"({"SchemaVersion":2,"ArtifactName":"shop","ArtifactType":)"
    R"("container_image","Results":[{"Target":"shop","Vulnerabilities":[)"
    R"({"VulnerabilityID":"CVE-2024-1","PkgName":"a","InstalledVersion":)"
    R"("1","Severity":"CRITICAL"},{"VulnerabilityID":"CVE-2024-2",)"
    R"("PkgName":"b","InstalledVersion":"1","Severity":"CRITICAL"}]}]})";

struct Host {
  int answer = FALCONET_SCAN_LATER;  // or ANSWERED with the report
  std::vector<uint64_t> ids;
  std::vector<std::string> seen;  // "image account region ip event"
};

int Scan(falconet_scan_request* r, void* payload) {
  auto* host = static_cast<Host*>(payload);
  host->ids.push_back(falconet_scan_request_id(r));
  host->seen.push_back(std::string(falconet_scan_request_image(r)) + " " +
                       falconet_scan_request_repository(r) + " " +
                       falconet_scan_request_tag(r) + " " +
                       falconet_scan_request_account(r) + " " +
                       falconet_scan_request_region(r) + " " +
                       falconet_scan_request_source_ip(r) + " " +
                       falconet_scan_request_event_name(r) + " " +
                       falconet_scan_request_event_id(r));
  if (host->answer == FALCONET_SCAN_ANSWERED) {
    return falconet_scan_request_report(r, kReport.data(), kReport.size());
  }
  return host->answer;
}

struct Fixture {
  falconet_ruleset* rules = nullptr;
  falconet_evaluator* ev = nullptr;
  Host host;

  Fixture() {
    REQUIRE(falconet_ruleset_load_string(&rules, "r.yaml", kRules.data(),
                                         kRules.size(), nullptr) == 0);
    REQUIRE(falconet_evaluator_new(&ev, rules, nullptr) == 0);
    falconet_scan_options opts = FALCONET_SCAN_OPTIONS_INIT;
    opts.scan_cb = Scan;
    opts.payload = &host;
    REQUIRE(falconet_evaluator_set_image_scan(ev, &opts) == FALCONET_OK);
  }
  ~Fixture() {
    falconet_evaluator_free(ev);
    falconet_ruleset_free(rules);
  }
  void Evaluate(Collector& c) {
    falconet_eval_options opts = CollectingOptions(c);
    REQUIRE(falconet_evaluator_evaluate(nullptr, ev, kRecord.data(),
                                        kRecord.size(), &opts) == 0);
  }
};

const char* kSeen =
    "111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop:2.0 shop 2.0 "
    "111122223333 eu-west-1 198.51.100.7 CreateService ev-1";

}  // namespace

TEST_CASE("a scan answered at once alerts during evaluate", "[capi][scan]") {
  Fixture f;
  f.host.answer = FALCONET_SCAN_ANSWERED;
  Collector c;
  f.Evaluate(c);
  REQUIRE(f.host.seen == std::vector<std::string>{kSeen});
  REQUIRE(c.alerts.size() == 2);
  CHECK(c.alerts[0].rule == "App Runner service");
  CHECK(c.alerts[1].rule == "Critical image");
  CHECK(c.alerts[1].output.find("critical=2 image=111122223333.dkr.ecr."
                                "eu-west-1.amazonaws.com/shop:2.0 by=ana") !=
        std::string::npos);
  CHECK(falconet_evaluator_pending_scan_count(f.ev) == 0);
}

TEST_CASE("a later answer alerts through submit, once", "[capi][scan]") {
  Fixture f;
  Collector c;
  f.Evaluate(c);
  REQUIRE(c.alerts.size() == 1);  // the record's own alert only
  REQUIRE(f.host.ids.size() == 1);
  CHECK(falconet_evaluator_pending_scan_count(f.ev) == 1);

  falconet_eval_options opts = CollectingOptions(c);
  falconet_eval_result result = FALCONET_EVAL_RESULT_INIT;
  REQUIRE(falconet_evaluator_submit_scan_report(&result, f.ev, f.host.ids[0],
                                                kReport.data(), kReport.size(),
                                                nullptr, &opts) == FALCONET_OK);
  CHECK(result.alerts == 1);
  REQUIRE(c.alerts.size() == 2);
  CHECK(c.alerts[1].rule == "Critical image");
  CHECK(falconet_evaluator_pending_scan_count(f.ev) == 0);

  CHECK(falconet_evaluator_submit_scan_report(
            nullptr, f.ev, f.host.ids[0], kReport.data(), kReport.size(),
            nullptr, &opts) == FALCONET_ENOTFOUND);
}

TEST_CASE("a failed scan and a failing callback", "[capi][scan]") {
  Fixture f;
  f.host.answer = 7;  // neither ANSWERED nor LATER: a failed scan
  Collector c;
  f.Evaluate(c);
  REQUIRE(c.alerts.size() == 2);
  CHECK(c.alerts[1].rule == "Failed scan");
}

TEST_CASE("the same image is asked for once per window", "[capi][scan]") {
  Fixture f;
  Collector c;
  f.Evaluate(c);
  f.Evaluate(c);
  CHECK(f.host.ids.size() == 1);
}

TEST_CASE("scan options are checked", "[capi][scan]") {
  Fixture f;
  falconet_scan_options opts = FALCONET_SCAN_OPTIONS_INIT;
  opts.version = 99;
  CHECK(falconet_evaluator_set_image_scan(f.ev, &opts) == FALCONET_EVERSION);
  opts.version = FALCONET_SCAN_OPTIONS_VERSION;
  falconet_image_location bad = {"ecs.amazonaws.com", "X", "no-slash"};
  opts.extra_locations = &bad;
  opts.extra_location_count = 1;
  CHECK(falconet_evaluator_set_image_scan(f.ev, &opts) == FALCONET_EINVALID);
  CHECK(falconet_evaluator_set_image_scan(nullptr, &opts) == FALCONET_EINVALID);
}
