#include "rules/rule_collector.h"

#include <algorithm>
#include <array>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "compiler/compiler.h"
#include "condition/parser.h"

namespace falconet::rules {
namespace {

constexpr std::string_view kNoPreviousList =
    "List uses 'append' or 'override.items: append' but no list by that "
    "name already exists";
constexpr std::string_view kNoPreviousMacro =
    "Macro uses 'append' or 'override.condition: append' but no macro by "
    "that name already exists";
constexpr std::string_view kNoPreviousRuleAppend =
    "Rule uses 'append' or 'override.<key>: append' but no rule by that name "
    "already exists";
constexpr std::string_view kNoPreviousRuleReplace =
    "An 'override.<key>: replace' to a rule was requested but no rule by "
    "that name already exists";

// libsinsp's parser::supported_operators(), in its order.
constexpr std::array<std::string_view, 20> kOperators = {
    "exists",   "<=",        "<",          ">=",         ">",
    "==",       "=",         "!=",         "glob",       "iglob",
    "contains", "icontains", "bcontains",  "startswith", "bstartswith",
    "endswith", "regex",     "intersects", "in",         "pmatch",
};

// The string operators that accept oneof/anyof/allof.
constexpr std::array<std::string_view, 12> kModifiableOperators = {
    "=",         "==",        "!=",         "contains",
    "icontains", "bcontains", "startswith", "bstartswith",
    "endswith",  "glob",      "iglob",      "regex",
};

bool Contains(auto& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// "startswith oneof": an operator that takes a modifier, blanks, a modifier.
bool IsModifierOperator(std::string_view op) {
  size_t blank = op.find_first_of(" \t");
  if (blank == std::string_view::npos) return false;
  size_t mod = op.find_first_not_of(" \t", blank);
  if (mod == std::string_view::npos) return false;
  std::string_view modifier = op.substr(mod);
  return Contains(kModifiableOperators, op.substr(0, blank)) &&
         (modifier == "oneof" || modifier == "anyof" || modifier == "allof");
}

LoadError Invalid(std::string message, const Context& ctx) {
  return LoadError{ErrorCode::kValidate, std::move(message), ctx};
}

MaybeError CheckFields(const ExceptionInfo& ex, const FieldRegistry* registry) {
  if (registry == nullptr) return std::nullopt;
  auto check = [&](const std::string& field) -> MaybeError {
    if (IsFilterField(field, *registry)) return std::nullopt;
    return Invalid("'" + field + "' is not a supported filter field", ex.ctx);
  };
  if (!ex.fields.is_list) return check(ex.fields.item);
  for (const ExceptionEntry& field : ex.fields.items) {
    FALCONET_RETURN_IF_LOAD_ERROR(check(field.item));
  }
  return std::nullopt;
}

// Fills default comps ("=" per field, or "in"), trims them and checks that
// fields and comps agree; fields are checked only for a known source.
MaybeError ValidateException(ExceptionInfo& ex, const FieldRegistry* registry) {
  ExceptionEntry& comps = ex.comps;
  if (ex.fields.is_list) {
    if (!comps.IsValid()) {
      comps.is_list = true;
      comps.items.resize(ex.fields.items.size(),
                         ExceptionEntry{false, "=", {}});
    }
    if (ex.fields.items.size() != comps.items.size()) {
      return Invalid("Fields and comps lists must have equal length", ex.ctx);
    }
    for (ExceptionEntry& comp : comps.items) {
      absl::StripAsciiWhitespace(&comp.item);
      if (!IsComparisonOperator(comp.item)) {
        return Invalid(
            "'" + comp.item + "' is not a supported comparison operator",
            ex.ctx);
      }
    }
    return CheckFields(ex, registry);
  }

  if (!comps.IsValid()) comps = ExceptionEntry{false, "in", {}};
  if (comps.is_list) {
    return Invalid("Fields and comps must both be strings", ex.ctx);
  }
  absl::StripAsciiWhitespace(&comps.item);
  if (comps.item != "in" && comps.item != "pmatch" &&
      comps.item != "intersects" && !IsModifierOperator(comps.item)) {
    return Invalid(
        "When fields is a single value, comps must be one of (in, pmatch, "
        "intersects) or a modifier operator (e.g. startswith oneof)",
        ex.ctx);
  }
  return CheckFields(ex, registry);
}

// Exceptions of a definition (or a replacement): each needs fields.
MaybeError ValidateExceptions(std::vector<ExceptionInfo>& exceptions,
                              const FieldRegistry* registry) {
  for (ExceptionInfo& ex : exceptions) {
    if (!ex.fields.IsValid()) {
      return Invalid(
          "Rule exception item must have fields property with a list of "
          "fields",
          ex.ctx);
    }
    FALCONET_RETURN_IF_LOAD_ERROR(ValidateException(ex, registry));
  }
  return std::nullopt;
}

// Appended exceptions: new names are added whole, known names get values.
MaybeError MergeExceptions(std::vector<ExceptionInfo>& into,
                           std::vector<ExceptionInfo>& added,
                           const FieldRegistry* registry) {
  for (ExceptionInfo& ex : added) {
    auto prev = std::find_if(into.begin(), into.end(),
                             [&](const auto& e) { return e.name == ex.name; });
    if (prev == into.end()) {
      if (!ex.fields.IsValid()) {
        return Invalid(
            "Rule exception must have fields property with a list of fields",
            ex.ctx);
      }
      if (ex.values.empty()) {
        return Invalid(
            "Rule exception must have values property with a list of values",
            ex.ctx);
      }
      FALCONET_RETURN_IF_LOAD_ERROR(ValidateException(ex, registry));
      into.push_back(ex);
      continue;
    }
    if (ex.fields.IsValid()) {
      return Invalid(
          "Can not append exception fields to existing exception, only "
          "values",
          ex.ctx);
    }
    if (ex.comps.IsValid()) {
      return Invalid(
          "Can not append exception comps to existing exception, only values",
          ex.ctx);
    }
    prev->values.insert(prev->values.end(), ex.values.begin(), ex.values.end());
  }
  return std::nullopt;
}

// Appends " text" unless text is empty, as Falco concatenates appends.
void AppendText(std::string& to, const std::optional<std::string>& text) {
  if (text && !text->empty()) to += " " + *text;
}

}  // namespace

bool IsComparisonOperator(std::string_view op) {
  return Contains(kOperators, op) || IsModifierOperator(op);
}

bool IsListOperator(std::string_view op) {
  return op == "in" || op == "intersects" || op == "pmatch" ||
         IsModifierOperator(op);
}

bool IsFilterField(std::string_view field, const FieldRegistry& registry) {
  if (field.empty()) return false;
  std::string text(field);
  text += " exists";
  condition::ParseResult parsed = condition::Parse(text);
  if (!parsed.root || parsed.root->kind != condition::Node::Kind::kCheck) {
    return false;
  }
  ProgramSet scratch(registry);
  return !CompileCondition(*parsed.root, scratch).error.has_value();
}

MaybeError Collector::RequireEngineVersion(const SemVer& version,
                                           const Context& ctx) {
  if (!kEngineVersion.CompatibleWith(version)) {
    return Invalid("Rules require engine version " + version.ToString() +
                       ", but engine version is " + kEngineVersion.ToString(),
                   ctx);
  }
  max_engine_version_ = std::max(max_engine_version_, version);
  return std::nullopt;
}

MaybeError Collector::RequirePlugins(RequirementAlternatives alternatives,
                                     const Context& ctx) {
  absl::flat_hash_set<std::string> names;
  for (const PluginRequirement& req : alternatives) {
    if (!SemVer::Parse(req.version)) {
      return Invalid("Invalid required version '" + req.version +
                         "' for plugin '" + req.name + "'",
                     ctx);
    }
    if (!names.insert(req.name).second) {
      return Invalid(
          "Defined multiple alternative version requirements for plugin '" +
              req.name + "'",
          ctx);
    }
  }
  required_plugin_versions_.push_back(std::move(alternatives));
  return std::nullopt;
}

template <typename T>
void Collector::Define(NamedItems<T>& items, T info) {
  info.visibility = next_index_;
  if (T* prev = items.Find(info.name)) {
    info.index = prev->index;
    *prev = std::move(info);
  } else {
    info.index = next_index_;
    items.Add(std::move(info));
  }
  ++next_index_;
}

void Collector::DefineList(ListInfo info) { Define(lists_, std::move(info)); }

MaybeError Collector::AppendList(const ListInfo& info) {
  ListInfo* prev = lists_.Find(info.name);
  if (prev == nullptr) return Invalid(std::string(kNoPreviousList), info.ctx);
  prev->items.insert(prev->items.end(), info.items.begin(), info.items.end());
  prev->visibility = next_index_++;
  return std::nullopt;
}

void Collector::DefineMacro(MacroInfo info) {
  Define(macros_, std::move(info));
}

MaybeError Collector::AppendMacro(const MacroInfo& info) {
  MacroInfo* prev = macros_.Find(info.name);
  if (prev == nullptr) return Invalid(std::string(kNoPreviousMacro), info.ctx);
  prev->cond += " " + info.cond;
  prev->visibility = next_index_++;
  return std::nullopt;
}

MaybeError Collector::DefineRule(RuleInfo info, ResultBuilder& out) {
  const RuleInfo* prev = rules_.Find(info.name);
  if (prev != nullptr && prev->source != info.source) {
    return Invalid("Rule has been re-defined with a different source",
                   info.ctx);
  }
  const FieldRegistry* registry = FieldRegistry::ForSource(info.source);
  if (registry == nullptr) {
    info.unknown_source = true;
    out.Warn(WarningCode::kUnknownSource,
             "Unknown source " + info.source + ", skipping", info.ctx);
  }
  FALCONET_RETURN_IF_LOAD_ERROR(ValidateExceptions(info.exceptions, registry));
  Define(rules_, std::move(info));
  return std::nullopt;
}

MaybeError Collector::AppendRule(RuleUpdate update) {
  RuleInfo* prev = rules_.Find(update.name);
  if (prev == nullptr) {
    return Invalid(std::string(kNoPreviousRuleAppend), update.ctx);
  }
  if (!update.HasAnyValue()) {
    return Invalid("Appended rule must have exceptions or condition property",
                   update.ctx);
  }
  const FieldRegistry* registry =
      prev->unknown_source ? nullptr : FieldRegistry::ForSource(prev->source);

  AppendText(prev->cond, update.cond);
  AppendText(prev->output, update.output);
  AppendText(prev->desc, update.desc);
  if (update.tags) prev->tags.insert(update.tags->begin(), update.tags->end());
  if (update.exceptions) {
    FALCONET_RETURN_IF_LOAD_ERROR(
        MergeExceptions(prev->exceptions, *update.exceptions, registry));
  }
  prev->visibility = next_index_++;
  return std::nullopt;
}

MaybeError Collector::ReplaceRule(RuleUpdate update) {
  RuleInfo* prev = rules_.Find(update.name);
  if (prev == nullptr) {
    return Invalid(std::string(kNoPreviousRuleReplace), update.ctx);
  }
  if (!update.HasAnyValue()) {
    return Invalid("The rule must have at least one field that can be replaced",
                   update.ctx);
  }
  const FieldRegistry* registry =
      prev->unknown_source ? nullptr : FieldRegistry::ForSource(prev->source);

  if (update.cond) prev->cond = *update.cond;
  if (update.output) prev->output = *update.output;
  if (update.desc) prev->desc = *update.desc;
  if (update.tags) prev->tags = *update.tags;
  if (update.exceptions) {
    // Falco 0.44 stores replaced exceptions unchecked, and then reads comps
    // that may not exist; we validate them as a definition's instead.
    FALCONET_RETURN_IF_LOAD_ERROR(
        ValidateExceptions(*update.exceptions, registry));
    prev->exceptions = std::move(*update.exceptions);
  }
  if (update.priority) prev->priority = *update.priority;
  if (update.enabled) prev->enabled = *update.enabled;
  if (update.warn_evttypes) prev->warn_evttypes = *update.warn_evttypes;
  if (update.skip_if_unknown_filter) {
    prev->skip_if_unknown_filter = *update.skip_if_unknown_filter;
  }
  if (update.capture) prev->capture = *update.capture;
  if (update.capture_duration) {
    prev->capture_duration = *update.capture_duration;
  }
  prev->visibility = next_index_++;
  return std::nullopt;
}

MaybeError Collector::EnableRule(std::string_view name, bool enabled,
                                 const Context& ctx) {
  RuleInfo* prev = rules_.Find(name);
  if (prev == nullptr) {
    return Invalid(
        "Rule has 'enabled' key but no rule by that name already exists", ctx);
  }
  prev->enabled = enabled;
  return std::nullopt;
}

}  // namespace falconet::rules
