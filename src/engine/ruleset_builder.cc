#include "falconet/ruleset_builder.h"

#include "compiler/compiler.h"
#include "engine/ruleset_impl.h"
#include "rules/rules_loader.h"

namespace falconet {
namespace {

RuleInfo InfoOf(const rules::CompiledRule& rule) {
  RuleInfo info;
  info.name = rule.name;
  info.description = rule.description;
  info.source = rule.source;
  info.priority = static_cast<Priority>(rule.priority);
  info.tags = rule.tags;
  info.enabled = rule.enabled;
  info.condition = rule.condition;
  info.output = rule.output;
  info.event_names = rule.event_names;
  return info;
}

// The ct.name operand that picks index buckets, in the CloudTrail set.
absl::Status PrepareIndex(SourceRules& source) {
  source.indexed = true;
  absl::StatusOr<uint32_t> operand = CompileOperand(
      condition::ValueExpr{.name = "ct.name"}, *source.set, /*hot=*/true);
  if (!operand.ok()) return operand.status();
  source.event_name_operand = *operand;
  return absl::OkStatus();
}

}  // namespace

struct RulesetBuilder::Impl {
  rules::RulesLoader loader;
  bool failed = false;
};

RulesetBuilder::RulesetBuilder() : impl_(std::make_unique<Impl>()) {}
RulesetBuilder::~RulesetBuilder() = default;

LoadResult RulesetBuilder::AddFile(const std::string& path) {
  LoadResult result = impl_->loader.AddFile(path);
  if (!result.successful) impl_->failed = true;
  return result;
}

LoadResult RulesetBuilder::AddContent(std::string_view name,
                                      std::string_view content) {
  LoadResult result = impl_->loader.AddContent(name, content);
  if (!result.successful) impl_->failed = true;
  return result;
}

bool RulesetBuilder::ok() const { return !impl_->failed; }

std::vector<std::string> RulesetBuilder::PluginRequirementErrors() const {
  return impl_->loader.PluginRequirementErrors();
}

absl::StatusOr<std::shared_ptr<const Ruleset>> RulesetBuilder::Build(
    const RuleSelection& selection) {
  if (impl_->failed) {
    return absl::FailedPreconditionError("a rules file failed to load");
  }
  std::vector<std::string> plugin_errors = PluginRequirementErrors();
  if (!plugin_errors.empty()) {
    return absl::FailedPreconditionError(plugin_errors.front());
  }
  std::unique_ptr<rules::CompiledRules> compiled = impl_->loader.TakeCompiled();
  if (!compiled) return absl::FailedPreconditionError("no rules loaded");

  // Records are read (and image scans requested) even when no CloudTrail
  // rule is loaded, e.g. with only image_scan rules.
  if (!compiled->sets.count("aws_cloudtrail")) {
    compiled->sets["aws_cloudtrail"] = std::make_unique<ProgramSet>(
        *FieldRegistry::ForSource("aws_cloudtrail"));
  }
  auto impl = std::make_unique<Ruleset::Impl>();
  for (auto& [name, set] : compiled->sets) {
    SourceRules& source = impl->sources[name];
    source.set = std::move(set);
    if (name == "aws_cloudtrail") {
      if (absl::Status s = PrepareIndex(source); !s.ok()) return s;
    }
  }
  for (rules::CompiledRule& rule : compiled->rules) {
    impl->rules.push_back(InfoOf(rule));
    impl->compiled.push_back(CompiledRuleEntry{
        rule.program,
        std::make_shared<const OutputFormat>(std::move(rule.format))});
  }
  if (absl::Status s = impl->Activate(selection); !s.ok()) return s;
  return std::make_shared<const Ruleset>(std::move(impl));
}

}  // namespace falconet
