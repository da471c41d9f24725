#include "rules/rule_compiler.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "compiler/compiler.h"
#include "condition/parser.h"
#include "rules/list_expander.h"

namespace falconet::rules {
namespace {

using condition::Node;
using condition::Position;
using condition::ValueExpr;

constexpr std::string_view kContainerInfo = "%container.info";

LoadError Invalid(std::string message, const Context& ctx) {
  return LoadError{ErrorCode::kValidate, std::move(message), ctx};
}

// Falco's quote_item: values with a space that do not start with a quote
// are wrapped in double quotes (without escaping what is inside).
std::string Quoted(std::string value) {
  if (value.find(' ') != std::string::npos && value[0] != '"' &&
      value[0] != '\'') {
    value = "\"" + value + "\"";
  }
  return value;
}

// `fields: f`, `values: [a, b]` -> "(f comp (a, b))".
MaybeError SingleFormCondition(const ExceptionInfo& ex, std::string& out,
                               std::set<std::string>& fields) {
  for (const ExceptionEntry& value : ex.values) {
    if (value.is_list) {
      return Invalid("Expected values array to contain a list of strings",
                     ex.ctx);
    }
    out +=
        out.empty() ? "(" + ex.fields.item + " " + ex.comps.item + " (" : ", ";
    fields.insert(ex.fields.item);
    out += Quoted(value.item);
  }
  if (!out.empty()) out += "))";
  return std::nullopt;
}

// One tuple value: a list becomes "(a, b)"; a scalar under a list operator
// becomes "(v)" unless it starts with "(" (so a list name expands);
// other scalars are quoted if they hold a space.
std::string TupleValue(const ExceptionEntry& value, const std::string& comp) {
  if (value.is_list) {
    std::string out = "(";
    for (const ExceptionEntry& v : value.items) {
      if (out != "(") out += ", ";
      out += Quoted(v.item);
    }
    return out + ")";
  }
  if (IsListOperator(comp)) {
    return value.item.empty() || value.item[0] != '(' ? "(" + value.item + ")"
                                                      : value.item;
  }
  return Quoted(value.item);
}

// `fields: [f1, f2]`, `values: [[a, b], ...]` ->
// "(( f1 op1 a and  f2 op2 b) or (...))".
MaybeError TupleFormCondition(const ExceptionInfo& ex, std::string& out,
                              std::set<std::string>& fields) {
  out = "(";
  for (const ExceptionEntry& tuple : ex.values) {
    if (ex.fields.items.size() != tuple.items.size()) {
      return Invalid("Fields and values lists must have equal length", ex.ctx);
    }
    if (out != "(") out += " or ";
    out += "(";
    for (size_t k = 0; k < ex.fields.items.size(); ++k) {
      const std::string& field = ex.fields.items[k].item;
      const std::string& comp = ex.comps.items[k].item;
      if (k > 0) out += " and ";
      out += " " + field + " " + comp + " " + TupleValue(tuple.items[k], comp);
      fields.insert(field);
    }
    out += ")";
  }
  out += ")";
  if (out == "()") out.clear();
  return std::nullopt;
}

// A list after one level of nested-list expansion.
struct CompiledList {
  std::string name;
  std::vector<std::string> items;
  bool used = false;
};

struct CompiledMacro {
  std::string name;
  std::unique_ptr<Node> ast;
  bool used = false;
};

// Substitutes macro references with copies of the visible macros' trees,
// as Falco's filter_macro_resolver does: substituted bodies are resolved
// too, a macro met again on the way is a loop, and names it cannot resolve
// are collected. Positions stay those of the macro texts.
class MacroResolver {
 public:
  using Visible = absl::flat_hash_map<std::string, const Node*>;

  explicit MacroResolver(const Visible& visible) : visible_(visible) {}

  void Run(std::unique_ptr<Node>& root) {
    if (std::unique_ptr<Node> sub = Visit(*root)) root = std::move(sub);
  }

  // The first loop error, else the first unknown macro, like Falco.
  std::optional<std::pair<std::string, Position>> FirstError() const {
    if (!loops_.empty()) return loops_.front();
    if (unknown_.empty()) return std::nullopt;
    return std::make_pair(
        "Undefined macro '" + unknown_.front().first + "' used in filter.",
        unknown_.front().second);
  }

  const std::vector<std::string>& resolved() const { return resolved_; }

 private:
  // Returns the node's replacement, or nullptr to keep it.
  std::unique_ptr<Node> Visit(Node& node) {
    if (node.kind == Node::Kind::kCheck) return nullptr;
    if (node.kind == Node::Kind::kMacro) return VisitMacro(node);
    for (std::unique_ptr<Node>& child : node.children) {
      if (std::unique_ptr<Node> sub = Visit(*child)) child = std::move(sub);
    }
    return nullptr;
  }

  std::unique_ptr<Node> VisitMacro(const Node& node) {
    const std::string name = node.macro;
    auto it = visible_.find(name);
    if (it == visible_.end() || it->second == nullptr) {
      unknown_.emplace_back(name, node.pos);
      return nullptr;
    }
    if (std::find(path_.begin(), path_.end(), name) != path_.end()) {
      loops_.emplace_back("reference loop in macro '" + name + "'", node.pos);
      unknown_.emplace_back(name, node.pos);
      return nullptr;
    }
    path_.push_back(name);
    std::unique_ptr<Node> body = condition::Clone(*it->second);
    if (std::unique_ptr<Node> sub = Visit(*body)) body = std::move(sub);
    resolved_.push_back(name);
    path_.pop_back();
    return body;
  }

  const Visible& visible_;
  std::vector<std::string> path_;
  std::vector<std::pair<std::string, Position>> loops_;
  std::vector<std::pair<std::string, Position>> unknown_;
  std::vector<std::string> resolved_;
};

bool IsUnsafeField(const std::string& name) {
  return name.starts_with("ka.") || name.starts_with("jevt.");
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// Falco's replace(): every occurrence, left to right.
std::string ReplaceAll(std::string text, std::string_view from,
                       std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// Falco remembers whether the last field it met on the left-hand side
// (inside transformers too) is unsafe.
void LastFieldUnsafe(const ValueExpr& expr, bool& unsafe) {
  if (expr.kind == ValueExpr::Kind::kField) unsafe = IsUnsafeField(expr.name);
  for (const ValueExpr& arg : expr.args) LastFieldUnsafe(arg, unsafe);
}

bool HasNaLiteral(const ValueExpr& expr) {
  if (expr.kind == ValueExpr::Kind::kLiteral && expr.name == "<NA>") {
    return true;
  }
  for (const ValueExpr& arg : expr.args) {
    if (HasNaLiteral(arg)) return true;
  }
  return false;
}

bool IsUnsafeNaCheck(const condition::Check& check) {
  bool unsafe = false;
  LastFieldUnsafe(check.lhs, unsafe);
  const std::string& op = check.op;
  bool equality = op == "==" || op == "=" || op == "!=" || op == "in" ||
                  op == "intersects" || op == "pmatch";
  if (!unsafe || !equality) return false;
  switch (check.rhs_kind) {
    case condition::Check::RhsKind::kValue:
    case condition::Check::RhsKind::kList:
      return std::find(check.values.begin(), check.values.end(), "<NA>") !=
             check.values.end();
    case condition::Check::RhsKind::kField:
      return HasNaLiteral(check.rhs);
    case condition::Check::RhsKind::kNone:
      return false;
  }
  return false;
}

// The errors Falco downgrades to warnings for skip-if-unknown-filter.
bool IsUnknownTypeOrField(std::string_view message) {
  return Contains(message, "nonexistent field") ||
         Contains(message, "invalid formatting token") ||
         Contains(message, "unknown event type") ||
         Contains(message, "unknown filter:");
}

class RuleCompiler {
 public:
  RuleCompiler(const Collector& collector, ResultBuilder& out)
      : collector_(collector), out_(out) {}

  MaybeError Compile(CompiledRules& result);
  void WarnUnused();

 private:
  void CompileLists();
  MaybeError CompileMacros();
  MaybeError CompileRule(const RuleInfo& rule, CompiledRules& result);
  MaybeError CompileCondition(const RuleInfo& rule, const std::string& text,
                              ProgramSet& set, CompiledRule& out,
                              bool& skipped);
  MaybeError Parse(const std::string& text, const Context& ctx,
                   std::unique_ptr<Node>& root, std::string& expanded);
  MaybeError Resolve(std::unique_ptr<Node>& root, const std::string& text,
                     size_t visibility, const Context& ctx);

  const Collector& collector_;
  ResultBuilder& out_;
  std::vector<CompiledList> lists_;
  std::vector<CompiledMacro> macros_;
  absl::flat_hash_map<std::string, size_t> macro_index_;
};

MaybeError RuleCompiler::Compile(CompiledRules& result) {
  CompileLists();
  FALCONET_RETURN_IF_LOAD_ERROR(CompileMacros());
  for (const RuleInfo& rule : collector_.rules()) {
    if (rule.unknown_source) continue;
    FALCONET_RETURN_IF_LOAD_ERROR(CompileRule(rule, result));
  }
  return std::nullopt;
}

// An item naming a list visible to this one (defined before its latest
// definition) is replaced by that list's items, one level deep.
void RuleCompiler::CompileLists() {
  std::vector<std::string> used;
  for (const ListInfo& list : collector_.lists()) {
    CompiledList compiled{list.name, {}, false};
    for (const std::string& item : list.items) {
      const ListInfo* ref = collector_.FindList(item);
      if (ref != nullptr && ref->index < list.visibility) {
        used.push_back(ref->name);
        compiled.items.insert(compiled.items.end(), ref->items.begin(),
                              ref->items.end());
      } else {
        compiled.items.push_back(item);
      }
    }
    lists_.push_back(std::move(compiled));
  }
  for (CompiledList& list : lists_) {
    if (std::find(used.begin(), used.end(), list.name) != used.end()) {
      list.used = true;
    }
  }
}

// Expands every list (all are visible) and parses; a parse error points
// into the expanded text.
MaybeError RuleCompiler::Parse(const std::string& text, const Context& ctx,
                               std::unique_ptr<Node>& root,
                               std::string& expanded) {
  expanded = text;
  for (CompiledList& list : lists_) {
    if (ExpandList(expanded, list.name, list.items)) list.used = true;
  }
  condition::ParseResult parsed = condition::Parse(expanded);
  if (parsed.error) {
    return LoadError{ErrorCode::kCompileCondition, parsed.error->message,
                     Context::ForCondition(parsed.error->pos, expanded, ctx)};
  }
  root = std::move(parsed.root);
  return std::nullopt;
}

// Substitutes the macros whose first definition comes before `visibility`.
// As in Falco, the error context quotes `text` (not list-expanded) while
// the position comes from the expanded text.
MaybeError RuleCompiler::Resolve(std::unique_ptr<Node>& root,
                                 const std::string& text, size_t visibility,
                                 const Context& ctx) {
  MacroResolver::Visible visible;
  const std::vector<MacroInfo>& infos = collector_.macros();
  for (size_t i = 0; i < infos.size(); ++i) {
    if (infos[i].index < visibility) {
      visible[infos[i].name] = macros_[i].ast.get();
    }
  }
  MacroResolver resolver(visible);
  resolver.Run(root);
  if (auto error = resolver.FirstError()) {
    return Invalid(error->first,
                   Context::ForCondition(error->second, text, ctx));
  }
  for (const std::string& name : resolver.resolved()) {
    macros_[macro_index_.at(name)].used = true;
  }
  return std::nullopt;
}

// Every macro is parsed first, then each is resolved in order against the
// macros visible to it, updating its tree in place for the next ones.
MaybeError RuleCompiler::CompileMacros() {
  for (const MacroInfo& info : collector_.macros()) {
    CompiledMacro macro{info.name, nullptr, false};
    std::string expanded;
    FALCONET_RETURN_IF_LOAD_ERROR(
        Parse(info.cond, info.cond_ctx, macro.ast, expanded));
    macro_index_[info.name] = macros_.size();
    macros_.push_back(std::move(macro));
  }
  const std::vector<MacroInfo>& infos = collector_.macros();
  for (size_t i = 0; i < infos.size(); ++i) {
    FALCONET_RETURN_IF_LOAD_ERROR(Resolve(macros_[i].ast, infos[i].cond,
                                          infos[i].visibility, infos[i].ctx));
  }
  return std::nullopt;
}

MaybeError RuleCompiler::CompileRule(const RuleInfo& rule,
                                     CompiledRules& result) {
  CompiledRule compiled;
  std::string condition = rule.cond;
  std::set<std::string> exception_fields;
  if (!rule.exceptions.empty()) {
    FALCONET_RETURN_IF_LOAD_ERROR(
        AppendExceptions(rule.exceptions, condition, exception_fields));
  }

  compiled.output = rule.output;
  if (Contains(compiled.output, kContainerInfo)) {
    out_.Warn(WarningCode::kDeprecatedItem,
              "%container.info is deprecated and no more useful, and will be "
              "dropped by Falco 1.0.0. The container plugin will "
              "automatically add required fields to the output message.",
              rule.ctx);
    compiled.output = ReplaceAll(compiled.output, kContainerInfo, "");
  }

  std::unique_ptr<ProgramSet>& set = result.sets[rule.source];
  if (set == nullptr) {
    set = std::make_unique<ProgramSet>(*FieldRegistry::ForSource(rule.source));
  }
  absl::StatusOr<OutputFormat> format =
      OutputFormat::Compile(compiled.output, *set);
  if (!format.ok()) {
    std::string message(format.status().message());
    if (rule.skip_if_unknown_filter && IsUnknownTypeOrField(message)) {
      out_.Warn(WarningCode::kUnknownFilter, message, rule.output_ctx);
      return std::nullopt;
    }
    return LoadError{ErrorCode::kCompileOutput, message, rule.output_ctx};
  }
  compiled.format = *std::move(format);

  bool skipped = false;
  FALCONET_RETURN_IF_LOAD_ERROR(
      CompileCondition(rule, condition, *set, compiled, skipped));
  if (skipped) return std::nullopt;

  compiled.name = rule.name;
  compiled.description = rule.desc;
  compiled.source = rule.source;
  compiled.priority = rule.priority;
  compiled.tags.assign(rule.tags.begin(), rule.tags.end());
  compiled.enabled = rule.enabled;
  compiled.exception_fields.assign(exception_fields.begin(),
                                   exception_fields.end());
  result.rules.push_back(std::move(compiled));
  return std::nullopt;
}

MaybeError RuleCompiler::CompileCondition(const RuleInfo& rule,
                                          const std::string& text,
                                          ProgramSet& set, CompiledRule& out,
                                          bool& skipped) {
  std::unique_ptr<Node> root;
  FALCONET_RETURN_IF_LOAD_ERROR(
      Parse(text, rule.cond_ctx, root, out.condition));
  FALCONET_RETURN_IF_LOAD_ERROR(
      Resolve(root, text, std::numeric_limits<size_t>::max(), rule.ctx));
  // TODO(#3): Falco also warns (LOAD_DEPRECATED_ITEM) here about the
  // syscall fields evt.dir and evt.latency*; CloudTrail sources have no
  // such fields, so such a condition fails to compile just below anyway.
  if (HasUnsafeNaCheck(*root)) {
    out_.Warn(WarningCode::kUnsafeNaCheck, "", rule.cond_ctx);
  }

  CompileResult compiled = falconet::CompileCondition(*root, set);
  if (compiled.error) {
    Context ctx =
        Context::ForCondition(compiled.error->pos, text, rule.cond_ctx);
    const std::string& message = compiled.error->message;
    if (rule.skip_if_unknown_filter &&
        (compiled.unknown_field || IsUnknownTypeOrField(message))) {
      out_.Warn(WarningCode::kUnknownFilter, message, ctx);
      skipped = true;
      return std::nullopt;
    }
    return LoadError{ErrorCode::kCompileCondition, message, ctx};
  }
  for (const CompileMessage& warning : compiled.warnings) {
    out_.Warn(WarningCode::kCompileCondition, warning.message,
              Context::ForCondition(warning.pos, text, rule.cond_ctx));
  }
  out.program = *compiled.program;
  out.event_names = std::move(compiled.event_names);
  return std::nullopt;
}

void RuleCompiler::WarnUnused() {
  const std::vector<MacroInfo>& macros = collector_.macros();
  for (size_t i = 0; i < macros.size(); ++i) {
    if (!macros_[i].used) {
      out_.Warn(WarningCode::kUnusedMacro,
                "Macro not referred to by any other rule/macro", macros[i].ctx);
    }
  }
  const std::vector<ListInfo>& lists = collector_.lists();
  for (size_t i = 0; i < lists.size(); ++i) {
    if (!lists_[i].used) {
      out_.Warn(WarningCode::kUnusedList,
                "List not referred to by any other rule/macro", lists[i].ctx);
    }
  }
}

}  // namespace

MaybeError AppendExceptions(const std::vector<ExceptionInfo>& exceptions,
                            std::string& condition,
                            std::set<std::string>& fields) {
  condition = "(" + condition + ")";
  for (const ExceptionInfo& ex : exceptions) {
    std::string text;
    if (ex.fields.is_list) {
      FALCONET_RETURN_IF_LOAD_ERROR(TupleFormCondition(ex, text, fields));
    } else {
      FALCONET_RETURN_IF_LOAD_ERROR(SingleFormCondition(ex, text, fields));
    }
    if (!text.empty()) condition += " and not " + text;
  }
  return std::nullopt;
}

bool HasUnsafeNaCheck(const Node& root) {
  if (root.kind == Node::Kind::kCheck) return IsUnsafeNaCheck(root.check);
  for (const std::unique_ptr<Node>& child : root.children) {
    if (HasUnsafeNaCheck(*child)) return true;
  }
  return false;
}

std::unique_ptr<CompiledRules> CompileCollected(const Collector& collector,
                                                ResultBuilder& out) {
  auto result = std::make_unique<CompiledRules>();
  RuleCompiler compiler(collector, out);
  if (MaybeError error = compiler.Compile(*result)) {
    out.Fail(*error);
    return nullptr;
  }
  compiler.WarnUnused();

  // Sets whose only rules were skipped hold no program.
  std::erase_if(result->sets, [](const auto& entry) {
    return entry.second->programs.empty();
  });
  return result;
}

}  // namespace falconet::rules
