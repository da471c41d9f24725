// The image_scan source: its own fields read the scanned image and the
// summary; every other field comes from the CloudTrail record that
// deployed the image.
#include "fields/image_scan_fields.h"

#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "fields/image_scan_event.h"
#include "fields/projector.h"
#include "scan/image_reference.h"
#include "scan/scan_report.h"
#include "simdjson.h"
#include "test_support.h"

namespace falconet {
namespace {

using ::falconet::testing::ReadFile;
using ::falconet::testing::SharedDir;

const std::string kDigest =
    "sha256:055936d3920576da37aa9bc460d70c5f212028bda1c08c0879aedf03d7a66ea1";

// The values of `name` for `scan`, rendered as strings ("2" for counts).
std::vector<std::string> Values(const std::string& name,
                                const ImageScanEvent& scan) {
  const FieldRegistry& fields = ImageScanFieldRegistry();
  PathPlan plan;
  absl::StatusOr<FieldRef> ref =
      fields.Resolve(name, std::nullopt, plan, /*hot=*/true);
  REQUIRE(ref.ok());
  StringArena arena;
  EventView event{"{}", nullptr, 1, 0, "image_scan", &arena, &scan};
  ValueList values;
  fields.Extract(*ref, event, values);

  std::vector<std::string> out;
  for (const Value& v : values) {
    out.push_back(ref->info->type == FieldType::kUint64 ? std::to_string(v.num)
                                                        : std::string(v.str));
  }
  return out;
}

using Strings = std::vector<std::string>;

ImageScanEvent Event(const std::string& ref, ScanSummary summary) {
  absl::StatusOr<ImageReference> image = ParseImageReference(ref);
  REQUIRE(image.ok());
  return {*image, std::move(summary)};
}

TEST_CASE("image_scan lists its fields with types and descriptions") {
  const FieldRegistry& fields = ImageScanFieldRegistry();
  CHECK(fields.source() == "image_scan");

  const Strings strings = {"image.ref",   "image.registry", "image.repository",
                           "image.tag",   "image.digest",   "scan.scanner",
                           "scan.status", "scan.error"};
  const Strings counts = {
      "scan.critical",    "scan.high",  "scan.medium",  "scan.low",
      "scan.unknown",     "scan.total", "scan.fixable", "scan.critical.fixable",
      "scan.high.fixable"};
  for (const std::string& name : strings) {
    INFO(name);
    const FieldInfo* f = fields.Find(name);
    REQUIRE(f != nullptr);
    CHECK(f->type == FieldType::kString);
    CHECK_FALSE(f->is_list);
    CHECK_FALSE(f->description.empty());
  }
  for (const std::string& name : counts) {
    INFO(name);
    const FieldInfo* f = fields.Find(name);
    REQUIRE(f != nullptr);
    CHECK(f->type == FieldType::kUint64);
    CHECK_FALSE(f->description.empty());
  }
  const FieldInfo* cves = fields.Find("scan.cves");
  REQUIRE(cves != nullptr);
  CHECK(cves->type == FieldType::kString);
  CHECK(cves->is_list);

  // The listing starts with these eighteen, in the order documented.
  REQUIRE(fields.fields().size() >= 18);
  CHECK(fields.fields()[0].name == "image.ref");
  CHECK(fields.fields()[17].name == "scan.cves");
}

TEST_CASE("the alpine 3.9 scan of the App Runner image") {
  FALCONET_REQUIRE_SHARED();
  ImageScanEvent scan = Event(
      "845151661675.dkr.ecr.eu-west-1.amazonaws.com/payments-api:1.4.2",
      ParseScanReport(
          ReadFile(SharedDir() + "/data/scans/trivy_trivy_alpine-39.json")));

  CHECK(Values("image.ref", scan) ==
        Strings{"845151661675.dkr.ecr.eu-west-1.amazonaws.com/"
                "payments-api:1.4.2"});
  CHECK(Values("image.registry", scan) ==
        Strings{"845151661675.dkr.ecr.eu-west-1.amazonaws.com"});
  CHECK(Values("image.repository", scan) == Strings{"payments-api"});
  CHECK(Values("image.tag", scan) == Strings{"1.4.2"});
  CHECK(Values("image.digest", scan).empty());  // none given: missing
  CHECK(Values("scan.scanner", scan) == Strings{"trivy"});
  CHECK(Values("scan.status", scan) == Strings{"ok"});
  CHECK(Values("scan.error", scan).empty());

  // By hand from the report: musl and musl-utils carry CVE-2019-14697
  // (CRITICAL); libcrypto1.1 and libssl1.1 carry CVE-2019-1549 and
  // CVE-2019-1551 (MEDIUM); all six name a FixedVersion.
  CHECK(Values("scan.critical", scan) == Strings{"2"});
  CHECK(Values("scan.high", scan) == Strings{"0"});
  CHECK(Values("scan.medium", scan) == Strings{"4"});
  CHECK(Values("scan.low", scan) == Strings{"0"});
  CHECK(Values("scan.unknown", scan) == Strings{"0"});
  CHECK(Values("scan.total", scan) == Strings{"6"});
  CHECK(Values("scan.fixable", scan) == Strings{"6"});
  CHECK(Values("scan.cves", scan) ==
        Strings{"CVE-2019-14697", "CVE-2019-1549", "CVE-2019-1551"});
}

TEST_CASE("a failed scan has a status and a reason, and no counts") {
  ImageScanEvent scan =
      Event("nginx@" + kDigest, ParseScanReport("FATAL: no such image"));
  CHECK(Values("scan.status", scan) == Strings{"failed"});
  CHECK_THAT(Values("scan.error", scan).at(0),
             Catch::StartsWith("report is not valid JSON"));
  CHECK(Values("scan.scanner", scan).empty());
  for (const char* name :
       {"scan.critical", "scan.high", "scan.medium", "scan.low", "scan.unknown",
        "scan.total", "scan.fixable", "scan.cves"}) {
    INFO(name);
    CHECK(Values(name, scan).empty());
  }
  // A digest-only reference has no tag.
  CHECK(Values("image.tag", scan).empty());
  CHECK(Values("image.digest", scan) == Strings{kDigest});
  CHECK(Values("image.repository", scan) == Strings{"library/nginx"});
  CHECK(Values("image.registry", scan) == Strings{"docker.io"});
}

TEST_CASE("a clean scan has zero counts and no ids") {
  ImageScanEvent scan = Event("alpine", SummarizeFindings({}));
  CHECK(Values("scan.scanner", scan) == Strings{"custom"});
  CHECK(Values("scan.critical", scan) == Strings{"0"});
  CHECK(Values("scan.total", scan) == Strings{"0"});
  CHECK(Values("scan.cves", scan).empty());
  CHECK(Values("image.tag", scan) == Strings{"latest"});
}

TEST_CASE("image_scan fields take no argument") {
  PathPlan plan;
  absl::StatusOr<FieldRef> ref =
      ImageScanFieldRegistry().Resolve("scan.critical", "x", plan, true);
  REQUIRE_FALSE(ref.ok());
  CHECK(ref.status().message() ==
        "filter 'scan.critical[x]': scan.critical does not allow nor "
        "require an argument but one is provided: x");
}

TEST_CASE("image_scan fields are missing on events without a scan") {
  const FieldRegistry& fields = ImageScanFieldRegistry();
  PathPlan plan;
  absl::StatusOr<FieldRef> ref =
      fields.Resolve("scan.status", std::nullopt, plan, true);
  REQUIRE(ref.ok());
  StringArena arena;
  EventView event{"{}", nullptr, 1, 0, "aws_cloudtrail", &arena, nullptr};
  ValueList values;
  fields.Extract(*ref, event, values);
  CHECK(values.empty());
}

TEST_CASE("unknown names are refused") {
  PathPlan plan;
  absl::StatusOr<FieldRef> ref =
      ImageScanFieldRegistry().Resolve("scan.cve", std::nullopt, plan, true);
  REQUIRE_FALSE(ref.ok());
  CHECK(ref.status().message() ==
        "filter_check called with nonexistent field scan.cve");
  CHECK(ImageScanFieldRegistry().Find("scan.cve") == nullptr);
}

TEST_CASE("image_scan is a registered source") {
  CHECK(FieldRegistry::ForSource("image_scan") == &ImageScanFieldRegistry());
}

TEST_CASE("the deploying record's ct.* and json.* fields stay available") {
  FALCONET_REQUIRE_SHARED();
  REQUIRE(FieldRegistry::ForSource("aws_cloudtrail") != nullptr);
  const FieldRegistry& fields = ImageScanFieldRegistry();
  CHECK(fields.Find("ct.name") != nullptr);

  nlohmann::json records = nlohmann::json::parse(
      ReadFile(SharedDir() + "/data/cloudtrail/apprunner_incident.json"));
  std::string record = records["Records"][1].dump();
  record.append(simdjson::SIMDJSON_PADDING, ' ');
  std::string_view json(record.data(),
                        record.size() - simdjson::SIMDJSON_PADDING);

  PathPlan plan;
  absl::StatusOr<FieldRef> name =
      fields.Resolve("ct.name", std::nullopt, plan, true);
  absl::StatusOr<FieldRef> user =
      fields.Resolve("ct.user", std::nullopt, plan, true);
  absl::StatusOr<FieldRef> service = fields.Resolve(
      "json.value", "/requestParameters/serviceName", plan, true);
  absl::StatusOr<FieldRef> critical =
      fields.Resolve("scan.critical", std::nullopt, plan, true);
  REQUIRE(name.ok());
  REQUIRE(user.ok());
  REQUIRE(service.ok());
  REQUIRE(critical.ok());

  Projector projector;
  std::vector<Slot> slots;
  REQUIRE(projector.Project(plan, json, true, slots).ok());
  ImageScanEvent scan =
      Event("845151661675.dkr.ecr.eu-west-1.amazonaws.com/payments-api:1.4.2",
            SummarizeFindings(std::vector<Finding>{
                {"CVE-2019-14697", "CRITICAL", "musl", "1.1.20-r4", ""}}));
  StringArena arena;
  EventView event{json, slots.data(), 1, 0, "image_scan", &arena, &scan};

  // From the record: eventName, userIdentity.userName (an IAMUser) and
  // requestParameters.serviceName.
  auto one = [&](const FieldRef& ref) {
    ValueList values;
    fields.Extract(ref, event, values);
    REQUIRE(values.size() == 1);
    return values[0];
  };
  CHECK(one(*name).str == "CreateService");
  CHECK(one(*user).str == "alejandro.villanueva");
  CHECK(one(*service).str == "payments-api");
  CHECK(one(*critical).num == 1);
}

}  // namespace
}  // namespace falconet
