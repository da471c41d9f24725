#include "falconet/ruleset.h"

#include <set>

#include "compiler/compiler.h"
#include "condition/parser.h"
#include "engine/ruleset_impl.h"
#include "rules/list_expander.h"

namespace falconet {
namespace {

using condition::Node;

// Substitutes macro references with the macros' trees, as Falco does for
// a rule condition: every macro is visible, loops are errors.
class MacroSubstituter {
 public:
  explicit MacroSubstituter(
      const std::map<std::string, std::unique_ptr<Node>>& macros)
      : macros_(macros) {}

  absl::Status Substitute(std::unique_ptr<Node>& node) {
    if (node->kind != Node::Kind::kMacro) {
      for (auto& child : node->children) {
        if (absl::Status s = Substitute(child); !s.ok()) return s;
      }
      return absl::OkStatus();
    }
    std::string name = node->macro;
    auto it = macros_.find(name);
    if (it == macros_.end()) {
      return Error(*node, "Undefined macro '" + name + "' used in filter.");
    }
    if (!active_.insert(name).second) {
      return Error(*node, "reference loop in macro '" + name + "'");
    }
    node = condition::Clone(*it->second);
    absl::Status s = Substitute(node);
    active_.erase(name);
    return s;
  }

  condition::Position error_pos() const { return error_pos_; }

 private:
  absl::Status Error(const Node& node, std::string message) {
    error_pos_ = node.pos;
    return absl::InvalidArgumentError(message);
  }

  const std::map<std::string, std::unique_ptr<Node>>& macros_;
  std::set<std::string> active_;
  condition::Position error_pos_;
};

absl::Status PositionedError(const std::string& message,
                             condition::Position pos) {
  return absl::InvalidArgumentError(std::to_string(pos.line) + ":" +
                                    std::to_string(pos.column) + ": " +
                                    message);
}

absl::StatusOr<std::unique_ptr<Node>> ParseExpanded(
    std::string_view text,
    const std::map<std::string, std::vector<std::string>>& lists) {
  std::string expanded = rules::ExpandLists(text, lists);
  condition::ParseResult parsed = condition::Parse(expanded);
  if (parsed.error) {
    return PositionedError(parsed.error->message, parsed.error->pos);
  }
  return std::move(parsed.root);
}

}  // namespace

Ruleset::Ruleset(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Ruleset::~Ruleset() = default;

const std::vector<RuleInfo>& Ruleset::rules() const { return impl_->rules; }
RuleMatching Ruleset::matching() const { return impl_->matching; }

std::string Ruleset::Disassemble(std::string_view rule) const {
  for (size_t i = 0; i < impl_->rules.size(); ++i) {
    if (impl_->rules[i].name != rule) continue;
    const SourceRules& source = impl_->sources.at(impl_->rules[i].source);
    return falconet::Disassemble(*source.set, impl_->compiled[i].program);
  }
  return "";
}

absl::StatusOr<std::shared_ptr<const Ruleset>> Ruleset::FromCondition(
    std::string_view condition,
    const std::map<std::string, std::string>& macros,
    const std::map<std::string, std::vector<std::string>>& lists,
    std::string name) {
  std::map<std::string, std::unique_ptr<Node>> macro_trees;
  for (const auto& [macro, text] : macros) {
    absl::StatusOr<std::unique_ptr<Node>> tree = ParseExpanded(text, lists);
    if (!tree.ok()) {
      return absl::InvalidArgumentError(
          "macro '" + macro + "': " + std::string(tree.status().message()));
    }
    macro_trees[macro] = *std::move(tree);
  }

  absl::StatusOr<std::unique_ptr<Node>> root = ParseExpanded(condition, lists);
  if (!root.ok()) return root.status();
  MacroSubstituter substituter(macro_trees);
  if (absl::Status s = substituter.Substitute(*root); !s.ok()) {
    return PositionedError(std::string(s.message()), substituter.error_pos());
  }

  auto impl = std::make_unique<Impl>();
  const FieldRegistry* registry = FieldRegistry::ForSource("aws_cloudtrail");
  SourceRules& source = impl->sources["aws_cloudtrail"];
  source.set = std::make_unique<ProgramSet>(*registry);
  source.indexed = true;

  CompileResult compiled = CompileCondition(**root, *source.set);
  if (compiled.error) {
    return PositionedError(compiled.error->message, compiled.error->pos);
  }
  absl::StatusOr<uint32_t> event_name =
      CompileOperand(condition::ValueExpr{.name = "ct.name"}, *source.set,
                     /*hot=*/true);
  if (!event_name.ok()) return event_name.status();
  source.event_name_operand = *event_name;

  RuleInfo info;
  info.name = std::move(name);
  info.source = "aws_cloudtrail";
  info.condition = std::string(condition);
  info.event_names = compiled.event_names;
  impl->rules.push_back(std::move(info));
  impl->compiled.push_back(CompiledRuleEntry{*compiled.program, nullptr});
  if (absl::Status s = impl->Activate(RuleSelection{}); !s.ok()) return s;
  return std::make_shared<const Ruleset>(std::move(impl));
}

}  // namespace falconet
