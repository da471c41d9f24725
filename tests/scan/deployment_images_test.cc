// Which images CloudTrail records deploy: the real App Runner incident and
// Stratus Red Team detonations, and hand-written records for the other
// services, shaped like the requests their APIs take.
#include "scan/deployment_images.h"

#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace falconet {
namespace {

using ::falconet::testing::ReadFile;
using ::falconet::testing::SharedDir;

const std::string kDigest =
    "sha256:98c8b060c21d9adbb6b8c41b916e95e6307102786973ab93a41e8b86d1fc6d3e";

std::vector<nlohmann::json> Records(const std::string& file) {
  nlohmann::json doc = nlohmann::json::parse(ReadFile(file));
  return doc["Records"].get<std::vector<nlohmann::json>>();
}

std::vector<DeployedImage> Extract(const DeploymentImages& table,
                                   const std::string& record) {
  absl::StatusOr<std::vector<DeployedImage>> images = table.Extract(record);
  REQUIRE(images.ok());
  return *std::move(images);
}

std::vector<std::string> Texts(const std::vector<DeployedImage>& images) {
  std::vector<std::string> out;
  for (const DeployedImage& image : images) out.push_back(image.text);
  return out;
}

TEST_CASE("the App Runner incident deploys its ECR image once") {
  FALCONET_REQUIRE_SHARED();
  std::vector<nlohmann::json> records =
      Records(SharedDir() + "/data/cloudtrail/apprunner_incident.json");
  REQUIRE(records.size() == 5);
  DeploymentImages table;

  // Record 0: CreateService refused with AccessDeniedException.
  CHECK(table.Covers("apprunner.amazonaws.com", "CreateService"));
  CHECK(Extract(table, records[0].dump()).empty());

  // Record 1: the same call, accepted.
  std::vector<DeployedImage> images = Extract(table, records[1].dump());
  REQUIRE(images.size() == 1);
  CHECK(images[0].text ==
        "845151661675.dkr.ecr.eu-west-1.amazonaws.com/payments-api:1.4.2");
  CHECK(images[0].pointer ==
        "/requestParameters/sourceConfiguration/imageRepository/"
        "imageIdentifier");
  REQUIRE(images[0].reference.ok());
  CHECK(images[0].reference->registry ==
        "845151661675.dkr.ecr.eu-west-1.amazonaws.com");
  CHECK(images[0].reference->repository == "payments-api");
  CHECK(images[0].reference->tag == "1.4.2");

  // ListServices, DeleteAlarms, AuthorizeSecurityGroupIngress.
  for (int i = 2; i < 5; ++i) {
    INFO(records[i]["eventName"]);
    CHECK_FALSE(table.Covers(records[i]["eventSource"].get<std::string>(),
                             records[i]["eventName"].get<std::string>()));
    CHECK(Extract(table, records[i].dump()).empty());
  }
}

TEST_CASE("an App Runner service built from source deploys no image") {
  FALCONET_REQUIRE_SHARED();
  std::vector<nlohmann::json> records =
      Records(SharedDir() +
              "/data/cloudtrail/"
              "awsdocs_apprunner_createservice_code_repository."
              "json");
  REQUIRE(records.size() == 1);
  CHECK(Extract(DeploymentImages(), records[0].dump()).empty());
}

TEST_CASE("Stratus Red Team detonations deploy no image") {
  FALCONET_REQUIRE_SHARED();
  DeploymentImages table;
  int records = 0;
  int covered = 0;
  std::string dir = SharedDir() + "/data/cloudtrail/stratus-red-team";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    for (const nlohmann::json& record : Records(entry.path().string())) {
      INFO(entry.path().filename().string() << " " << record["eventName"]);
      ++records;
      if (table.Covers(record["eventSource"].get<std::string>(),
                       record["eventName"].get<std::string>())) {
        ++covered;
      }
      CHECK(Extract(table, record.dump()).empty());
    }
  }
  CHECK(records == 310);  // SOURCES.md: 310 events in all
  // The one covered call: UpdateFunctionCode20150331v2 of a .zip function.
  CHECK(covered == 1);
}

TEST_CASE("Lambda names carry API versions") {
  DeploymentImages table;
  const char* kLambda = "lambda.amazonaws.com";
  CHECK(table.Covers(kLambda, "CreateFunction"));
  CHECK(table.Covers(kLambda, "CreateFunction20150331"));
  CHECK(table.Covers(kLambda, "UpdateFunctionCode20150331v2"));
  CHECK(table.Covers(kLambda, "UpdateFunctionCode20150331v12"));
  CHECK_FALSE(table.Covers(kLambda, "CreateFunctionUrlConfig20211031"));
  CHECK_FALSE(table.Covers(kLambda, "UpdateFunctionConfiguration20150331v2"));
  CHECK_FALSE(table.Covers(kLambda, "CreateFunction2015"));
  CHECK_FALSE(table.Covers(kLambda, "CreateFunctionv2"));
  CHECK_FALSE(table.Covers("ecs.amazonaws.com", "CreateFunction20150331"));
}

TEST_CASE("Lambda functions from container images") {
  DeploymentImages table;
  std::string create = R"({
    "eventSource": "lambda.amazonaws.com",
    "eventName": "CreateFunction20150331",
    "awsRegion": "us-east-1",
    "requestParameters": {
      "functionName": "resize",
      "packageType": "Image",
      "code": {"imageUri":
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/resize:v3"}}})";
  CHECK(Texts(Extract(table, create)) ==
        std::vector<std::string>{
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/resize:v3"});

  std::string update = R"({
    "eventSource": "lambda.amazonaws.com",
    "eventName": "UpdateFunctionCode20150331v2",
    "requestParameters": {"functionName": "resize", "imageUri":
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/resize@)" +
                       kDigest + R"("}})";
  std::vector<DeployedImage> images = Extract(table, update);
  REQUIRE(images.size() == 1);
  CHECK(images[0].pointer == "/requestParameters/imageUri");
  REQUIRE(images[0].reference.ok());
  CHECK(images[0].reference->digest == kDigest);
  CHECK(images[0].reference->tag == "");

  std::string zip = R"({
    "eventSource": "lambda.amazonaws.com",
    "eventName": "CreateFunction20150331",
    "requestParameters": {"functionName": "f", "packageType": "Zip",
      "code": {"s3Bucket": "b", "s3Key": "f.zip"}}})";
  CHECK(Extract(table, zip).empty());
}

TEST_CASE("ECS task definitions deploy every container's image") {
  std::string record = R"({
    "eventSource": "ecs.amazonaws.com",
    "eventName": "RegisterTaskDefinition",
    "requestParameters": {
      "family": "web",
      "containerDefinitions": [
        {"name": "app", "image": "nginx:1.25"},
        {"name": "sidecar", "image":
          "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0"},
        {"name": "app2", "image": "nginx:1.25"},
        {"name": "no-image"}]}})";
  std::vector<DeployedImage> images = Extract(DeploymentImages(), record);
  REQUIRE(images.size() == 2);  // nginx:1.25 once
  CHECK(images[0].text == "nginx:1.25");
  CHECK(images[0].pointer == "/requestParameters/containerDefinitions/0/image");
  CHECK(images[0].reference->repository == "library/nginx");
  CHECK(images[1].text ==
        "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0");
  CHECK(images[1].pointer == "/requestParameters/containerDefinitions/1/image");
}

TEST_CASE("refused calls deploy nothing") {
  std::string base = R"({
    "eventSource": "ecs.amazonaws.com",
    "eventName": "RegisterTaskDefinition",
    "requestParameters": {"containerDefinitions": [{"image": "nginx"}]})";
  DeploymentImages table;
  CHECK(Extract(table, base + R"(, "errorCode": "AccessDenied"})").empty());
  CHECK(Extract(table, base + R"(, "errorCode": "ClientException",
                                  "errorMessage": "bad"})")
            .empty());
  // An empty or null errorCode is not a refusal.
  CHECK(Extract(table, base + R"(, "errorCode": null})").size() == 1);
  CHECK(Extract(table, base + R"(, "errorCode": ""})").size() == 1);
  CHECK(Extract(table, base + "}").size() == 1);
}

TEST_CASE("Batch job definitions: single-node, multi-node, ECS and EKS") {
  std::string record = R"({
    "eventSource": "batch.amazonaws.com",
    "eventName": "RegisterJobDefinition",
    "requestParameters": {
      "jobDefinitionName": "etl",
      "containerProperties": {"image": "busybox"},
      "nodeProperties": {"nodeRangeProperties": [
        {"targetNodes": "0", "container": {"image": "mpi/main:1"}},
        {"targetNodes": "1:", "container": {"image": "mpi/worker:1"}}]},
      "ecsProperties": {"taskProperties": [{"containers": [
        {"name": "a", "image": "ecs/a:1"},
        {"name": "b", "image": "ecs/b:1"}]}]},
      "eksProperties": {"podProperties": {
        "containers": [{"image": "eks/main:1"}],
        "initContainers": [{"image": "eks/init:1"}]}}}})";
  std::vector<DeployedImage> images = Extract(DeploymentImages(), record);
  CHECK(Texts(images) == std::vector<std::string>{
                             "busybox", "mpi/main:1", "mpi/worker:1", "ecs/a:1",
                             "ecs/b:1", "eks/main:1", "eks/init:1"});
  REQUIRE(images.size() == 7);
  CHECK(images[4].pointer ==
        "/requestParameters/ecsProperties/taskProperties/0/containers/1/"
        "image");
}

TEST_CASE("SageMaker models: the primary container and the pipeline") {
  std::string record = R"({
    "eventSource": "sagemaker.amazonaws.com",
    "eventName": "CreateModel",
    "requestParameters": {
      "modelName": "m",
      "primaryContainer": {"image":
        "111122223333.dkr.ecr.us-west-2.amazonaws.com/xgb:1"},
      "containers": [
        {"image": "111122223333.dkr.ecr.us-west-2.amazonaws.com/pre:2"},
        {"image": "111122223333.dkr.ecr.us-west-2.amazonaws.com/xgb:1"}]}})";
  CHECK(Texts(Extract(DeploymentImages(), record)) ==
        std::vector<std::string>{
            "111122223333.dkr.ecr.us-west-2.amazonaws.com/xgb:1",
            "111122223333.dkr.ecr.us-west-2.amazonaws.com/pre:2"});
}

TEST_CASE("ECR PutImage: the reference is built from its parts") {
  std::string record = R"({
    "eventSource": "ecr.amazonaws.com",
    "eventName": "PutImage",
    "awsRegion": "us-east-2",
    "recipientAccountId": "999999999999",
    "requestParameters": {
      "repositoryName": "testrepo", "imageTag": "latest",
      "registryId": "123456789012", "imageManifest": "{}"},
    "responseElements": {"image": {
      "repositoryName": "testrepo", "registryId": "123456789012",
      "imageId": {"imageDigest": ")" +
                       kDigest + R"(", "imageTag": "latest"}}}})";
  std::vector<DeployedImage> images = Extract(DeploymentImages(), record);
  REQUIRE(images.size() == 1);
  CHECK(images[0].text ==
        "123456789012.dkr.ecr.us-east-2.amazonaws.com/testrepo:latest@" +
            kDigest);
  REQUIRE(images[0].reference.ok());
  CHECK(images[0].reference->registry ==
        "123456789012.dkr.ecr.us-east-2.amazonaws.com");
  CHECK(images[0].reference->repository == "testrepo");
  CHECK(images[0].reference->tag == "latest");
  CHECK(images[0].reference->digest == kDigest);
}

TEST_CASE("ECR PutImage falls back on the account and the request digest") {
  std::string record = R"({
    "eventSource": "ecr.amazonaws.com",
    "eventName": "PutImage",
    "awsRegion": "cn-north-1",
    "userIdentity": {"accountId": "444455556666"},
    "requestParameters": {"repositoryName": "team/app",
                          "imageDigest": ")" +
                       kDigest + R"("},
    "responseElements": null})";
  CHECK(Texts(Extract(DeploymentImages(), record)) ==
        std::vector<std::string>{
            "444455556666.dkr.ecr.cn-north-1.amazonaws.com.cn/team/app@" +
            kDigest});

  std::string no_repository = R"({
    "eventSource": "ecr.amazonaws.com", "eventName": "PutImage",
    "awsRegion": "us-east-1", "recipientAccountId": "1",
    "requestParameters": {}})";
  std::vector<DeployedImage> images =
      Extract(DeploymentImages(), no_repository);
  REQUIRE(images.size() == 1);
  CHECK_FALSE(images[0].reference.ok());
  CHECK_THAT(std::string(images[0].reference.status().message()),
             Catch::Contains("lacks the repository name"));
}

TEST_CASE("references that do not parse are reported, not dropped") {
  std::string record = R"({
    "eventSource": "ecs.amazonaws.com",
    "eventName": "RegisterTaskDefinition",
    "requestParameters": {"containerDefinitions": [
      {"image": "Not A Reference"}, {"image": 42}, {"image": null},
      {"image": "redis:7"}]}})";
  std::vector<DeployedImage> images = Extract(DeploymentImages(), record);
  REQUIRE(images.size() == 3);
  CHECK(images[0].text == "Not A Reference");
  CHECK_FALSE(images[0].reference.ok());
  CHECK_THAT(std::string(images[0].reference.status().message()),
             Catch::StartsWith("invalid image reference"));
  CHECK(images[1].text == "42");
  CHECK(images[1].reference.status().message() ==
        "expected an image reference string at "
        "/requestParameters/containerDefinitions/1/image, found number");
  CHECK(images[2].reference.ok());
}

TEST_CASE("records that are not JSON objects are errors") {
  DeploymentImages table;
  CHECK(table.Extract("{\"eventName\": ").status().message() ==
        "the record is not valid JSON");
  CHECK(table.Extract("[]").status().message() ==
        "the record is not a JSON object");
  CHECK(table.Extract("{}").ok());
}

TEST_CASE("a host adds its own locations") {
  DeploymentImages table;
  REQUIRE(table
              .Add({"codebuild.amazonaws.com", "CreateProject",
                    "/requestParameters/environment/image"})
              .ok());
  // "*" over nested arrays; "~1" for a '/' inside a member name.
  REQUIRE(table
              .Add({"example.amazonaws.com", "Deploy20240101",
                    "/requestParameters/groups/*/a~1b/*"})
              .ok());
  // On an object "*" is just a member name.
  REQUIRE(table.Add({"example.amazonaws.com", "Star", "/requestParameters/*"})
              .ok());

  CHECK(table.Covers("codebuild.amazonaws.com", "CreateProject"));
  CHECK(table.Covers("example.amazonaws.com", "Deploy"));
  CHECK(table.Covers("example.amazonaws.com", "Deploy20240101v3"));

  std::string codebuild = R"({
    "eventSource": "codebuild.amazonaws.com", "eventName": "CreateProject",
    "requestParameters": {"environment": {
      "image": "aws/codebuild/standard:7.0"}}})";
  CHECK(Texts(Extract(table, codebuild)) ==
        std::vector<std::string>{"aws/codebuild/standard:7.0"});

  std::string nested = R"({
    "eventSource": "example.amazonaws.com", "eventName": "Deploy20240101",
    "requestParameters": {"groups": [
      {"a/b": ["one:1", "two:2"]}, {"a/b": []}, {"other": 1},
      {"a/b": ["three:3"]}]}})";
  std::vector<DeployedImage> images = Extract(table, nested);
  CHECK(Texts(images) == std::vector<std::string>{"one:1", "two:2", "three:3"});
  REQUIRE(images.size() == 3);
  CHECK(images[2].pointer == "/requestParameters/groups/3/a~1b/0");

  std::string star = R"({
    "eventSource": "example.amazonaws.com", "eventName": "Star",
    "requestParameters": {"*": "starred:1", "other": "no:1"}})";
  CHECK(Texts(Extract(table, star)) == std::vector<std::string>{"starred:1"});
}

TEST_CASE("bad locations are refused") {
  DeploymentImages table;
  CHECK(table.Add({"", "X", "/a"}).code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(table.Add({"s", "", "/a"}).code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(table.Add({"s", "X", "a/b"}).message() ==
        "JSON pointer \"a/b\" must start with '/'");
  CHECK(table.Add({"s", "X", ""}).message() ==
        "JSON pointer \"\" must start with '/'");
  CHECK(table.Add({"s", "X", "/a~2"}).message() ==
        "JSON pointer \"/a~2\": '~' must be followed by 0 or 1");
  CHECK(table.Add({"s", "X", "/a~"}).code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK_FALSE(table.Covers("s", "X"));
}

TEST_CASE("numeric pointer segments index arrays") {
  DeploymentImages table;
  REQUIRE(table.Add({"s", "X", "/list/1"}).ok());
  REQUIRE(table.Add({"s", "X", "/list/01"}).ok());  // not an index
  std::string record = R"({"eventSource": "s", "eventName": "X",
                           "list": ["a:1", "b:2"]})";
  CHECK(Texts(Extract(table, record)) == std::vector<std::string>{"b:2"});
}

}  // namespace
}  // namespace falconet
