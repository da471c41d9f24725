// Real rules files: the shipped CloudTrail rules, Falco's plugin test
// fixtures (falco_tests_plugins.yaml says what they must do) and a rule
// from an article about App Runner, which must load unchanged.
#include <string>
#include <vector>

#include "rules_test_support.h"
#include "test_support.h"

namespace falconet::rules {
namespace {

using falconet::testing::ReadFile;
using falconet::testing::SharedDir;
using testing::WithCode;

std::string Upstream(const std::string& path) {
  return SharedDir() + "/upstream/" + path;
}

TEST_CASE("the shipped CloudTrail rules load without error",
          "[rules][upstream]") {
  FALCONET_REQUIRE_SHARED();
  RulesLoader loader;
  LoadResult result =
      loader.AddFile(Upstream("plugins-cloudtrail/aws_cloudtrail_rules.yaml"));
  INFO(result.Verbose());
  CHECK(result.successful);
  CHECK(result.errors.empty());
  // The one list is used; there are no macros.
  CHECK(WithCode(result, "LOAD_UNUSED_LIST").empty());
  CHECK(loader.PluginRequirementErrors().empty());

  const CompiledRules* rules = loader.compiled();
  REQUIRE(rules != nullptr);
  // 22 rule items, all of the aws_cloudtrail source, in file order.
  REQUIRE(rules->rules.size() == 22);
  CHECK(rules->rules.front().name == "All Cloudtrail Events");
  CHECK_FALSE(rules->rules.front().enabled);
  CHECK(rules->rules.front().priority == 7);
  CHECK(rules->rules[1].name == "Console Login Through Assume Role");
  CHECK(rules->rules[1].priority == 4);
  // A folded output keeps its words on one line.
  CHECK(rules->rules[1].output ==
        "Detected a console login through Assume Role "
        "(principal=%ct.user.principalid, assumedRole=%ct.user.arn, "
        "requesting IP=%ct.srcip, AWS region=%ct.region)");
  for (const CompiledRule& rule : rules->rules) {
    CHECK(rule.source == "aws_cloudtrail");
  }
  CHECK(rules->sets.size() == 1);
}

TEST_CASE("falco-test-plugins: create instance", "[rules][upstream]") {
  FALCONET_REQUIRE_SHARED();
  RulesLoader loader;
  LoadResult result = loader.AddFile(
      Upstream("falco-test-plugins/rules/cloudtrail_create_instances.yaml"));
  INFO(result.Verbose());
  CHECK(result.successful);
  CHECK(result.warnings.empty());
  REQUIRE(loader.compiled()->rules.size() == 1);
  const CompiledRule& rule = loader.compiled()->rules[0];
  CHECK(rule.name == "Cloudtrail Create Instance");
  CHECK(rule.priority == 6);  // INFO
  CHECK(rule.source == "aws_cloudtrail");
  CHECK(rule.condition == "evt.num > 0 and ct.name=\"StartInstances\"");
}

TEST_CASE("falco-test-plugins: exceptions without values",
          "[rules][upstream]") {
  FALCONET_REQUIRE_SHARED();
  const std::string path = Upstream(
      "falco-test-plugins/rules/cloudtrail_create_instances_exceptions.yaml");

  // With the cloudtrail fields known, aws.user and aws.region are checked
  // (falconet accepts these legacy names); an exception without values adds
  // nothing to the condition.
  RulesLoader loader;
  LoadResult result = loader.AddFile(path);
  INFO(result.Verbose());
  CHECK(result.successful);
  REQUIRE(loader.compiled()->rules.size() == 1);
  CHECK(loader.compiled()->rules[0].condition ==
        "(evt.num > 0 and ct.name=\"StartInstances\")");
  CHECK(loader.compiled()->rules[0].exception_fields.empty());

  // What Falco's fixture checks: without the plugin the source is unknown,
  // the rule is skipped with a warning and its fields are not checked. A
  // source falconet does not know stands in for the missing plugin.
  std::string content = ReadFile(path);
  const std::string source = "source: aws_cloudtrail";
  content.replace(content.find(source), source.size(), "source: k8s_audit");
  RulesLoader unknown;
  LoadResult skipped = unknown.AddContent("exceptions.yaml", content);
  CHECK(skipped.successful);
  REQUIRE(skipped.warnings.size() == 1);
  const Diagnostic& warning = skipped.warnings[0];
  CHECK(warning.code == "LOAD_UNKNOWN_SOURCE");
  CHECK(warning.message == "Unknown source k8s_audit, skipping");
  CHECK(warning.context.back().item_type == "rule");
  CHECK(warning.context.back().item_name == "Cloudtrail Create Instance");
}

TEST_CASE("falco-test-plugins: incompatible plugin version",
          "[rules][upstream]") {
  FALCONET_REQUIRE_SHARED();
  RulesLoader loader;
  LoadResult result = loader.AddFile(Upstream(
      "falco-test-plugins/rules/cloudtrail_incompat_plugin_version.yaml"));
  // The file itself is valid; the requirement fails after loading.
  CHECK(result.successful);
  CHECK(loader.PluginRequirementErrors() ==
        std::vector<std::string>{
            "Plugin 'cloudtrail' version '0.17.1' is not compatible with "
            "required plugin version '100000.0.0'"});
}

TEST_CASE("the App Runner rule loads unchanged", "[rules][upstream]") {
  const std::string yaml =
      R"(- rule: Create App Runner Service from Image Repository
  desc: Detect the deployment of an App Runner service from an image repository.
  condition: aws.eventSource="apprunner.amazonaws.com" and aws.eventName="CreateService" and jevt.value[/requestParameters/sourceConfiguration/imageRepository] exists and not aws.errorCode exists
  output: An App Runner service has been created from an image pulled from a repository (requesting user=%aws.user, requesting IP=%aws.sourceIP, AWS region=%aws.region, service name=%jevt.value[/requestParameters/serviceName], image identifier=%jevt.value[/requestParameters/sourceConfiguration/imageRepository/imageIdentifier])
  priority: NOTICE
  tags: [cloud, aws, aws_apprunner]
  source: aws_cloudtrail
)";
  RulesLoader loader;
  LoadResult result = loader.AddContent("apprunner.yaml", yaml);
  INFO(result.Verbose());
  CHECK(result.successful);
  CHECK(result.warnings.empty());
  REQUIRE(loader.compiled() != nullptr);
  REQUIRE(loader.compiled()->rules.size() == 1);
  const CompiledRule& rule = loader.compiled()->rules[0];
  CHECK(rule.name == "Create App Runner Service from Image Repository");
  CHECK(rule.priority == 5);  // Notice
  CHECK(rule.tags == std::vector<std::string>{"aws", "aws_apprunner", "cloud"});
  CHECK(rule.output ==
        "An App Runner service has been created from an image pulled from a "
        "repository (requesting user=%aws.user, requesting IP=%aws.sourceIP, "
        "AWS region=%aws.region, service "
        "name=%jevt.value[/requestParameters/serviceName], image "
        "identifier=%jevt.value[/requestParameters/sourceConfiguration/"
        "imageRepository/imageIdentifier])");
  CHECK(rule.enabled);

  // The same rule with its tags as a block sequence, as the issue quotes it.
  std::string block = yaml;
  block.replace(block.find("tags: [cloud, aws, aws_apprunner]"),
                std::string("tags: [cloud, aws, aws_apprunner]").size(),
                "tags:\n    - cloud\n    - aws\n    - aws_apprunner");
  RulesLoader again;
  CHECK(again.AddContent("apprunner.yaml", block).successful);
  REQUIRE(again.compiled()->rules.size() == 1);
  CHECK(again.compiled()->rules[0].tags == rule.tags);
}

}  // namespace
}  // namespace falconet::rules
