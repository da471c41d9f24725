// Image-scan hooks through the evaluator: which records ask for scans, what
// the hook sees, and how reports become image_scan alerts.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "falconet/evaluator.h"
#include "falconet/ruleset_builder.h"
#include "test_support.h"

namespace {

using falconet::Alert;
using falconet::Evaluator;
using falconet::EvaluatorCallbacks;
using falconet::ImageScanReport;
using falconet::ImageScanRequest;

constexpr char kDeployRule[] = R"(
- rule: App Runner From Image
  desc: test
  condition: ct.name = CreateService and not ct.error exists
  output: deployed %json.value[/requestParameters/serviceName]
  priority: NOTICE
  source: aws_cloudtrail
)";

std::string AppRunnerRecord(const std::string& image,
                            const std::string& time = "2024-05-01T10:00:00Z",
                            const std::string& extra = "") {
  return R"({"eventTime":")" + time +
         R"(","eventType":"AwsApiCall","eventSource":"apprunner.amazonaws.com",)"
         R"("eventName":"CreateService","awsRegion":"eu-west-1",)"
         R"("eventID":"ev-1","sourceIPAddress":"203.0.113.9",)"
         R"("userIdentity":{"type":"IAMUser","userName":"dana",)"
         R"("arn":"arn:aws:iam::111122223333:user/dana",)"
         R"("accountId":"111122223333"},)" +
         extra +
         R"("requestParameters":{"serviceName":"web","sourceConfiguration":)"
         R"({"imageRepository":{"imageIdentifier":")" +
         image + R"("}}}})";
}

std::shared_ptr<const falconet::Ruleset> Rules() {
  falconet::RulesetBuilder builder;
  REQUIRE(builder.AddContent("deploy.yaml", kDeployRule).successful);
  auto result = builder.AddFile(std::string(FALCONET_SOURCE_DIR) +
                                "/rules/image_scan.yaml");
  INFO(result.Verbose());
  REQUIRE(result.successful);
  falconet::RuleSelection selection;
  selection.matching = falconet::RuleMatching::kAll;
  auto ruleset = builder.Build(selection);
  REQUIRE(ruleset.ok());
  return *ruleset;
}

struct Run {
  std::vector<ImageScanRequest> requests;
  std::vector<Alert> alerts;
  std::vector<std::string> warnings;
  EvaluatorCallbacks callbacks;

  Run() {
    callbacks.on_alert = [this](const Alert& a, std::string_view) {
      alerts.push_back(a);
    };
    callbacks.on_warning = [this](std::string_view m) {
      warnings.emplace_back(m);
    };
  }
};

std::vector<falconet::Finding> Findings() {
  return {{"CVE-1", "CRITICAL", "openssl", "1.0", "1.1"},
          {"CVE-2", "high", "musl", "1.2", ""},
          {"CVE-2", "high", "musl", "1.2", ""}};  // listed twice: counts once
}

}  // namespace

TEST_CASE("the hook sees each deployed image with its context", "[scan]") {
  Evaluator evaluator(Rules());
  Run run;
  falconet::ImageScanOptions options;
  options.hook = [&](const ImageScanRequest& r) {
    run.requests.push_back(r);
    return ImageScanReport::FromFindings(Findings(), "test");
  };
  REQUIRE(evaluator.SetImageScan(options).ok());
  evaluator.Evaluate(AppRunnerRecord("registry.example.com/team/web:1.0"),
                     run.callbacks);

  REQUIRE(run.requests.size() == 1);
  const ImageScanRequest& r = run.requests[0];
  CHECK(r.image == "registry.example.com/team/web:1.0");
  CHECK(r.registry == "registry.example.com");
  CHECK(r.repository == "team/web");
  CHECK(r.tag == "1.0");
  CHECK(r.account == "111122223333");
  CHECK(r.region == "eu-west-1");
  CHECK(r.principal == "arn:aws:iam::111122223333:user/dana");
  CHECK(r.source_ip == "203.0.113.9");
  CHECK(r.event_id == "ev-1");
  CHECK(r.event_name == "CreateService");
  CHECK(r.rules == std::vector<std::string>{"App Runner From Image"});

  // The deployment alert first, then the verdict on its image.
  REQUIRE(run.alerts.size() == 2);
  CHECK(run.alerts[0].rule == "App Runner From Image");
  CHECK(run.alerts[1].rule == "Deployed Image With Critical Vulnerabilities");
  CHECK(run.alerts[1].source == "image_scan");
  CHECK(run.alerts[1].output_fields["scan.critical"] == 1);
  CHECK(run.alerts[1].output_fields["scan.total"] == 2);
  CHECK(run.alerts[1].output_fields["ct.user"] == "dana");
  CHECK(run.alerts[1].output_fields["scan.cves"] ==
        nlohmann::json::array({"CVE-1", "CVE-2"}));
}

TEST_CASE("repeats within the window are suppressed", "[scan]") {
  Evaluator evaluator(Rules());
  int calls = 0;
  falconet::ImageScanOptions options;
  options.repeat_window_ns = 3600ull * 1000000000ull;
  options.hook = [&](const ImageScanRequest&) {
    ++calls;
    return ImageScanReport::FromFindings({}, "test");
  };
  REQUIRE(evaluator.SetImageScan(options).ok());
  Run run;
  std::string image = "registry.example.com/team/web:1.0";
  evaluator.Evaluate(AppRunnerRecord(image, "2024-05-01T10:00:00Z") + "\n" +
                         AppRunnerRecord(image, "2024-05-01T10:30:00Z") + "\n" +
                         AppRunnerRecord(image, "2024-05-01T11:30:00Z"),
                     run.callbacks);
  CHECK(calls == 2);  // 10:00 and 11:30; 10:30 is a repeat
}

TEST_CASE("refused calls and bad references ask for nothing", "[scan]") {
  Evaluator evaluator(Rules());
  int calls = 0;
  falconet::ImageScanOptions options;
  options.hook = [&](const ImageScanRequest&) {
    ++calls;
    return ImageScanReport::FromFindings({}, "test");
  };
  REQUIRE(evaluator.SetImageScan(options).ok());
  Run run;
  evaluator.Evaluate(
      AppRunnerRecord("registry.example.com/team/web:1.0",
                      "2024-05-01T10:00:00Z",
                      R"("errorCode":"AccessDeniedException",)") +
          "\n" + AppRunnerRecord("Not A Valid Reference"),
      run.callbacks);
  CHECK(calls == 0);
  REQUIRE(run.warnings.size() == 1);
  CHECK(run.warnings[0].find("Not A Valid Reference") != std::string::npos);
}

TEST_CASE("deferred reports are submitted later by id", "[scan]") {
  Evaluator evaluator(Rules());
  std::vector<uint64_t> ids;
  falconet::ImageScanOptions options;
  options.hook = [&](const ImageScanRequest& r) {
    ids.push_back(r.id);
    return ImageScanReport::Later();
  };
  REQUIRE(evaluator.SetImageScan(options).ok());
  Run run;
  evaluator.Evaluate(AppRunnerRecord("registry.example.com/team/web:1.0"),
                     run.callbacks);
  REQUIRE(ids.size() == 1);
  CHECK(evaluator.PendingScans() == ids);
  CHECK(run.alerts.size() == 1);  // the deployment only, so far

  CHECK(evaluator
            .SubmitScanReport(ids[0], ImageScanReport::FromJson("not json"),
                              run.callbacks)
            .ok());
  REQUIRE(run.alerts.size() == 2);
  CHECK(run.alerts[1].rule == "Image Scan Failed");
  CHECK(run.alerts[1].output_fields["scan.error"].get<std::string>().find(
            "report is not valid JSON") != std::string::npos);
  CHECK(evaluator.PendingScans().empty());
  CHECK(absl::IsNotFound(evaluator.SubmitScanReport(
      ids[0], ImageScanReport::FromFindings({}), run.callbacks)));
}

TEST_CASE("hosts add where records name images", "[scan]") {
  Evaluator evaluator(Rules());
  std::vector<std::string> images;
  falconet::ImageScanOptions options;
  options.extra_locations.push_back(
      {"example.amazonaws.com", "LaunchThing", "/requestParameters/img"});
  options.hook = [&](const ImageScanRequest& r) {
    images.push_back(r.image);
    return ImageScanReport::FromFindings({}, "test");
  };
  REQUIRE(evaluator.SetImageScan(options).ok());
  Run run;
  evaluator.Evaluate(
      R"({"eventTime":"2024-05-01T10:00:00Z","eventType":"AwsApiCall",)"
      R"("eventSource":"example.amazonaws.com","eventName":"LaunchThing",)"
      R"("requestParameters":{"img":"alpine:3.9"}})",
      run.callbacks);
  CHECK(images == std::vector<std::string>{"alpine:3.9"});

  options.extra_locations = {{"", "X", "bad"}};
  CHECK_FALSE(evaluator.SetImageScan(options).ok());
}

TEST_CASE("App Runner incident with the alpine 3.9 Trivy report", "[scan]") {
  FALCONET_REQUIRE_SHARED();
  const std::string shared = falconet::testing::SharedDir();
  Evaluator evaluator(Rules());
  std::string report = falconet::testing::ReadFile(
      shared + "/data/scans/trivy_trivy_alpine-39.json");
  falconet::ImageScanOptions options;
  options.hook = [&](const ImageScanRequest&) {
    return ImageScanReport::FromJson(report);
  };
  REQUIRE(evaluator.SetImageScan(options).ok());
  Run run;
  evaluator.Evaluate(falconet::testing::ReadFile(
                         shared + "/data/cloudtrail/apprunner_incident.json"),
                     run.callbacks);
  REQUIRE(run.alerts.size() == 2);
  CHECK(run.alerts[0].rule == "App Runner From Image");
  const Alert& verdict = run.alerts[1];
  CHECK(verdict.rule == "Deployed Image With Critical Vulnerabilities");
  CHECK(verdict.output_fields["image.ref"] ==
        "845151661675.dkr.ecr.eu-west-1.amazonaws.com/payments-api:1.4.2");
  CHECK(verdict.output_fields["scan.critical"] == 2);
  CHECK(verdict.output_fields["ct.user"] == "alejandro.villanueva");
}

TEST_CASE("fixable high vulnerabilities without critical ones", "[scan]") {
  Evaluator evaluator(Rules());
  std::vector<falconet::Finding> findings;
  falconet::ImageScanOptions options;
  options.repeat_window_ns = 0;
  options.hook = [&](const ImageScanRequest&) {
    return ImageScanReport::FromFindings(findings, "test");
  };
  REQUIRE(evaluator.SetImageScan(options).ok());

  findings = {{"CVE-9", "HIGH", "musl", "1.2", "1.3"}};
  Run fixable;
  evaluator.Evaluate(AppRunnerRecord("registry.example.com/team/web:1.0"),
                     fixable.callbacks);
  REQUIRE(fixable.alerts.size() == 2);
  CHECK(fixable.alerts[1].rule ==
        "Deployed Image With Fixable High Vulnerabilities");
  CHECK(fixable.alerts[1].output_fields["scan.high.fixable"] == 1);

  findings = {{"CVE-9", "HIGH", "musl", "1.2", ""}};  // no fix known
  Run unfixable;
  evaluator.Evaluate(AppRunnerRecord("registry.example.com/team/web:1.0"),
                     unfixable.callbacks);
  CHECK(unfixable.alerts.size() == 1);  // the deployment only
}
