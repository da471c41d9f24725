#include "rules/rule_reader.h"

#include <functional>
#include <set>

#include "absl/strings/ascii.h"
#include "rules/priority.h"

namespace falconet::rules {
namespace {

constexpr std::string_view kWarningAppend =
    "'append' key is deprecated. Add an 'append' entry (e.g. 'condition: "
    "append') under 'override' instead.";
constexpr std::string_view kWarningEnabled =
    "The standalone 'enabled' key usage is deprecated. The correct approach "
    "requires also a 'replace' entry under the 'override' key (i.e. "
    "'enabled: replace').";
constexpr std::string_view kErrorOverrideAppend =
    "Keys 'override' and 'append: true' cannot be used together. Add an "
    "'append' entry (e.g. 'condition: append') under 'override' instead.";

// The patterns Falco checks list and macro names against (the condition
// grammar's BareStr and Identifier), as they appear in its warnings.
constexpr std::string_view kBareStrPattern = "([^()\"'[:space:]=,]+)";
constexpr std::string_view kIdentifierPattern = "([a-zA-Z]+[a-zA-Z0-9_]*)";

using KeySet = std::set<std::string, std::less<>>;

const KeySet kListKeys = {"list", "items", "append", "override"};
const KeySet kMacroKeys = {"macro", "condition", "append", "override"};
const KeySet kRuleKeys = {"rule",
                          "condition",
                          "output",
                          "desc",
                          "priority",
                          "source",
                          "enabled",
                          "tags",
                          "exceptions",
                          "capture",
                          "capture_duration",
                          "warn_evttypes",
                          "skip-if-unknown-filter",
                          "append",
                          "override"};
const KeySet kRuleAppendable = {"condition", "output", "desc", "tags",
                                "exceptions"};
const KeySet kRuleReplaceable = {"condition",
                                 "output",
                                 "desc",
                                 "priority",
                                 "tags",
                                 "exceptions",
                                 "enabled",
                                 "warn_evttypes",
                                 "skip-if-unknown-filter",
                                 "capture",
                                 "capture_duration"};

bool IsBareStr(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (c == '(' || c == ')' || c == '"' || c == '\'' || c == '=' || c == ',' ||
        absl::ascii_isspace(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

bool IsIdentifier(std::string_view name) {
  if (name.empty() ||
      !absl::ascii_isalpha(static_cast<unsigned char>(name[0]))) {
    return false;
  }
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') {
      return false;
    }
  }
  return true;
}

LoadError YamlError(std::string message, const Context& ctx) {
  return LoadError{ErrorCode::kYamlValidate, std::move(message), ctx};
}

// One scalar under `key`: missing (unless optional), null, not a scalar,
// empty or not convertible to T are errors, as in Falco's decode_val.
template <typename T>
MaybeError DecodeValue(const YAML::Node& item, const char* key,
                       const Context& ctx, bool optional, T& out) {
  const YAML::Node val = item[key];
  if (!val.IsDefined() && optional) return std::nullopt;
  if (!val.IsDefined()) {
    return YamlError(std::string("Item has no mapping for key '") + key + "'",
                     ctx);
  }
  if (val.IsNull()) {
    return YamlError(std::string("Mapping for key '") + key + "' is empty",
                     ctx);
  }
  Context valctx(val, ItemType::kValueFor, key, ctx);
  if (!val.IsScalar()) return YamlError("Value is not a scalar value", valctx);
  if (val.Scalar().empty()) {
    return YamlError("Value must be non-empty", valctx);
  }
  if (!YAML::convert<T>::decode(val, out)) {
    return YamlError("Can't decode YAML scalar value", valctx);
  }
  return std::nullopt;
}

template <typename T>
MaybeError Required(const YAML::Node& item, const char* key, const Context& ctx,
                    T& out) {
  return DecodeValue(item, key, ctx, /*optional=*/false, out);
}

template <typename T>
MaybeError Required(const YAML::Node& item, const char* key, const Context& ctx,
                    std::optional<T>& out) {
  T decoded{};
  FALCONET_RETURN_IF_LOAD_ERROR(Required(item, key, ctx, decoded));
  out = std::move(decoded);
  return std::nullopt;
}

template <typename T>
MaybeError Optional(const YAML::Node& item, const char* key, const Context& ctx,
                    T& out) {
  return DecodeValue(item, key, ctx, /*optional=*/true, out);
}

// A sequence of scalars under `key` (list items, rule tags).
MaybeError DecodeSequence(const YAML::Node& item, const char* key,
                          const Context& ctx, bool optional,
                          const std::function<void(std::string)>& insert) {
  const YAML::Node val = item[key];
  if (!val.IsDefined() && optional) return std::nullopt;
  if (!val.IsDefined()) {
    return YamlError(std::string("Item has no mapping for key '") + key + "'",
                     ctx);
  }
  Context valctx(val, ItemType::kValueFor, key, ctx);
  if (!val.IsSequence()) return YamlError("Value is not a sequence", valctx);
  for (const YAML::Node& v : val) {
    Context ictx(v, ItemType::kListItem, "", valctx);
    if (!v.IsScalar()) return YamlError("sequence value is not scalar", ictx);
    std::string value;
    if (!YAML::convert<std::string>::decode(v, value)) {
      return YamlError("Can't decode YAML sequence value", ictx);
    }
    insert(std::move(value));
  }
  return std::nullopt;
}

MaybeError DecodeTags(const YAML::Node& item, const Context& ctx,
                      std::set<std::string>& out) {
  return DecodeSequence(item, "tags", ctx, /*optional=*/true,
                        [&](std::string v) { out.insert(std::move(v)); });
}

MaybeError DecodeTags(const YAML::Node& item, const Context& ctx,
                      std::optional<std::set<std::string>>& out) {
  std::set<std::string> decoded;
  FALCONET_RETURN_IF_LOAD_ERROR(DecodeTags(item, ctx, decoded));
  out = std::move(decoded);
  return std::nullopt;
}

// The `override:` map: each key must be overridable in the named way. As
// in Falco, keys and operations are read with as<std::string>(), which
// throws (and fails the file) for non-scalars.
MaybeError DecodeOverrides(const YAML::Node& item, const KeySet& appendable,
                           const KeySet& replaceable, KeySet& out_append,
                           KeySet& out_replace, const Context& ctx) {
  const YAML::Node val = item["override"];
  if (!val.IsDefined()) return std::nullopt;

  Context overridectx(item, ItemType::kOverride, "", ctx);
  for (auto it = val.begin(); it != val.end(); ++it) {
    std::string key = it->first.as<std::string>();
    std::string operation = it->second.as<std::string>();
    bool can_append = appendable.contains(key);
    bool can_replace = replaceable.contains(key);
    if (operation == "append") {
      Context keyctx(it->first, ItemType::kOverride, key, overridectx);
      if (!can_append) {
        return YamlError(
            "Key '" + key + "' cannot be appended to, use 'replace' instead",
            keyctx);
      }
      out_append.insert(key);
    } else if (operation == "replace") {
      Context keyctx(it->first, ItemType::kOverride, key, overridectx);
      if (!can_replace) {
        return YamlError("Key '" + key + "' cannot be replaced", keyctx);
      }
      out_replace.insert(key);
    } else {
      Context opctx(it->second, ItemType::kValueFor, key, overridectx);
      std::string message = "Invalid override operation for key '" + key +
                            "': '" + operation + "'. Allowed values are: ";
      if (can_append) message += "append ";
      if (can_replace) message += "replace ";
      return YamlError(std::move(message), opctx);
    }
  }
  return std::nullopt;
}

// An exception's fields/comps/value: a non-empty scalar or a sequence of
// such entries. Other node kinds leave `out` empty (invalid), as in Falco.
MaybeError DecodeEntry(const YAML::Node& val, const char* key,
                       const Context& ctx, ExceptionEntry& out) {
  Context valctx(val, ItemType::kValueFor, key, ctx);
  if (val.IsScalar()) {
    if (val.Scalar().empty()) {
      return YamlError("Value must be non-empty", valctx);
    }
    out.is_list = false;
    out.item = val.Scalar();
  }
  if (val.IsSequence()) {
    out.is_list = true;
    for (const YAML::Node& v : val) {
      Context lctx(v, ItemType::kException, "", valctx);
      ExceptionEntry entry;
      FALCONET_RETURN_IF_LOAD_ERROR(DecodeEntry(v, "", lctx, entry));
      out.items.push_back(std::move(entry));
    }
  }
  return std::nullopt;
}

MaybeError DecodeEntryKey(const YAML::Node& ex, const char* key,
                          const Context& ctx, bool optional,
                          ExceptionEntry& out) {
  const YAML::Node val = ex[key];
  if (!val.IsDefined() && optional) return std::nullopt;
  if (!val.IsDefined()) {
    return YamlError(std::string("Item has no mapping for key '") + key + "'",
                     ctx);
  }
  return DecodeEntry(val, key, ctx, out);
}

class OverrideKeys;

class Reader {
 public:
  Reader(Collector& collector, ResultBuilder& out)
      : collector_(collector), out_(out) {}

  MaybeError ReadDocument(const YAML::Node& doc, const Context& ctx);

 private:
  MaybeError ReadItem(const YAML::Node& item, const Context& parent);
  MaybeError ReadEngineVersion(const YAML::Node& item, const Context& parent);
  MaybeError ReadPluginVersions(const YAML::Node& item, const Context& parent);
  MaybeError ReadList(const YAML::Node& item, const Context& parent);
  MaybeError ReadAppendMode(const YAML::Node& item, const std::string& key,
                            const Context& ctx, bool& appends);
  MaybeError ReadMacro(const YAML::Node& item, const Context& parent);
  MaybeError ReadRule(const YAML::Node& item, const Context& parent);
  MaybeError ReadRuleOverrides(const YAML::Node& item, const Context& ctx,
                               const std::string& name, KeySet& append,
                               KeySet& replace);
  MaybeError ReadSharedOverrides(const YAML::Node& item, const Context& ctx,
                                 const KeySet& ops, std::string_view kind,
                                 OverrideKeys& keys, RuleUpdate& v);
  MaybeError ReadRuleAppend(const YAML::Node& item, const Context& ctx,
                            const std::string& name);
  MaybeError ReadRuleDefinition(const YAML::Node& item, const Context& ctx,
                                const std::string& name);
  MaybeError ReadExceptions(const YAML::Node& item, const Context& parent,
                            bool append, std::vector<ExceptionInfo>& out);
  MaybeError ReadExceptions(const YAML::Node& item, const Context& parent,
                            bool append,
                            std::optional<std::vector<ExceptionInfo>>& out);
  void WarnUnknownKeys(const YAML::Node& item, const KeySet& expected,
                       const Context& ctx);

  Collector& collector_;
  ResultBuilder& out_;
};

MaybeError Reader::ReadDocument(const YAML::Node& doc, const Context& ctx) {
  if (!doc.IsMap() && !doc.IsSequence()) {
    return YamlError("Rules content is not yaml", ctx);
  }
  if (!doc.IsSequence()) {
    return YamlError("Rules content is not yaml array of objects", ctx);
  }
  for (const YAML::Node& item : doc) {
    if (!item.IsNull()) FALCONET_RETURN_IF_LOAD_ERROR(ReadItem(item, ctx));
  }
  return std::nullopt;
}

MaybeError Reader::ReadItem(const YAML::Node& item, const Context& parent) {
  if (!item.IsMap()) {
    Context tmp(item, ItemType::kRulesContentItem, "", parent);
    return YamlError(
        "Unexpected element type. Each element should be a yaml associative "
        "array.",
        tmp);
  }
  if (item["required_engine_version"].IsDefined()) {
    return ReadEngineVersion(item, parent);
  }
  if (item["required_plugin_versions"].IsDefined()) {
    return ReadPluginVersions(item, parent);
  }
  if (item["list"].IsDefined()) return ReadList(item, parent);
  if (item["macro"].IsDefined()) return ReadMacro(item, parent);
  if (item["rule"].IsDefined()) return ReadRule(item, parent);

  Context ctx(item, ItemType::kRulesContentItem, "", parent);
  out_.Warn(WarningCode::kUnknownItem, "Unknown top level item", ctx);
  return std::nullopt;
}

// Falco reports each key an item does not know, and goes on.
// TODO(#3): the context Falco 0.44.1 gives this warning could not be read
// from its sources; we use the item's, as for its other item warnings.
void Reader::WarnUnknownKeys(const YAML::Node& item, const KeySet& expected,
                             const Context& ctx) {
  for (auto it = item.begin(); it != item.end(); ++it) {
    std::string key = it->first.as<std::string>();
    if (expected.contains(key)) continue;
    out_.Warn(WarningCode::kUnknownKey,
              "Unknown key '" + key + "'. The key will be ignored.", ctx);
  }
}

MaybeError Reader::ReadEngineVersion(const YAML::Node& item,
                                     const Context& parent) {
  Context ctx(item, ItemType::kRequiredEngineVersion, "", parent);
  WarnUnknownKeys(item, {"required_engine_version"}, ctx);

  // An integer N means 0.N.0; anything else must be an "x.y.z" string.
  SemVer version;
  uint32_t number = 0;
  if (!Required(item, "required_engine_version", ctx, number)) {
    version = SemVer{0, number, 0};
  } else {
    std::string text;
    FALCONET_RETURN_IF_LOAD_ERROR(
        Required(item, "required_engine_version", ctx, text));
    std::optional<SemVer> parsed = SemVer::Parse(text);
    if (!parsed) {
      return YamlError("Unable to parse engine version '" + text +
                           "' as a semver string. Expected \"x.y.z\" semver "
                           "format.",
                       ctx);
    }
    version = *parsed;
  }
  return collector_.RequireEngineVersion(version, ctx);
}

MaybeError Reader::ReadPluginVersions(const YAML::Node& item,
                                      const Context& parent) {
  const YAML::Node reqs = item["required_plugin_versions"];
  Context ctx(reqs, ItemType::kRequiredPluginVersions, "", parent);
  WarnUnknownKeys(item, {"required_plugin_versions"}, ctx);
  if (!reqs.IsSequence()) {
    return YamlError("Value of required_plugin_versions must be a sequence",
                     ctx);
  }
  for (const YAML::Node& plugin : reqs) {
    Context tmp(plugin, ItemType::kRequiredPluginVersionsEntry, "", ctx);
    if (!plugin.IsMap()) {
      return YamlError("Plugin version must be a mapping", tmp);
    }
    PluginRequirement req;
    FALCONET_RETURN_IF_LOAD_ERROR(Required(plugin, "name", tmp, req.name));
    Context pctx(plugin, ItemType::kRequiredPluginVersionsEntry, req.name, ctx);
    FALCONET_RETURN_IF_LOAD_ERROR(
        Required(plugin, "version", pctx, req.version));
    RequirementAlternatives alternatives = {req};

    const YAML::Node alts = plugin["alternatives"];
    if (alts.IsDefined()) {
      if (!alts.IsSequence()) {
        return YamlError(
            "Value of plugin version alternatives must be a sequence", pctx);
      }
      for (const YAML::Node& alt : alts) {
        Context atmp(alt, ItemType::kRequiredPluginVersionsAlternative, "",
                     pctx);
        if (!alt.IsMap()) {
          return YamlError("Plugin version alternative must be a mapping",
                           atmp);
        }
        FALCONET_RETURN_IF_LOAD_ERROR(Required(alt, "name", atmp, req.name));
        Context actx(alt, ItemType::kRequiredPluginVersionsAlternative,
                     req.name, pctx);
        FALCONET_RETURN_IF_LOAD_ERROR(
            Required(alt, "version", actx, req.version));
        alternatives.push_back(req);
      }
    }
    FALCONET_RETURN_IF_LOAD_ERROR(
        collector_.RequirePlugins(std::move(alternatives), pctx));
  }
  return std::nullopt;
}

MaybeError Reader::ReadList(const YAML::Node& item, const Context& parent) {
  std::string name;
  Context tmp(item, ItemType::kList, "", parent);
  FALCONET_RETURN_IF_LOAD_ERROR(Required(item, "list", tmp, name));
  Context ctx(item, ItemType::kList, name, parent);
  WarnUnknownKeys(item, kListKeys, ctx);
  if (!IsBareStr(name)) {
    out_.Warn(WarningCode::kInvalidListName,
              "List has an invalid name. List names should match a regular "
              "expression: " +
                  std::string(kBareStrPattern),
              ctx);
  }

  ListInfo v(ctx);
  v.name = name;
  FALCONET_RETURN_IF_LOAD_ERROR(
      DecodeSequence(item, "items", ctx, /*optional=*/false,
                     [&](std::string s) { v.items.push_back(std::move(s)); }));
  bool appends = false;
  FALCONET_RETURN_IF_LOAD_ERROR(ReadAppendMode(item, "items", ctx, appends));
  // A list has only items: appending them appends the list, and replacing
  // them redefines it.
  if (appends) {
    return collector_.AppendList(v);
  }
  collector_.DefineList(std::move(v));
  return std::nullopt;
}

// Lists and macros have one overridable key: reads `append` (deprecated)
// and `override` for it, and says whether the item appends to an earlier
// definition rather than (re)defining it.
MaybeError Reader::ReadAppendMode(const YAML::Node& item,
                                  const std::string& key, const Context& ctx,
                                  bool& appends) {
  bool append = false;
  FALCONET_RETURN_IF_LOAD_ERROR(Optional(item, "append", ctx, append));
  if (append) {
    out_.Warn(WarningCode::kDeprecatedItem, std::string(kWarningAppend), ctx);
  }

  KeySet overridable = {key};
  KeySet override_append, override_replace;
  FALCONET_RETURN_IF_LOAD_ERROR(DecodeOverrides(
      item, overridable, overridable, override_append, override_replace, ctx));
  bool has_overrides = !override_append.empty() || !override_replace.empty();
  if (append && has_overrides) {
    return YamlError(std::string(kErrorOverrideAppend), ctx);
  }
  appends = append || override_append.contains(key);
  return std::nullopt;
}

MaybeError Reader::ReadMacro(const YAML::Node& item, const Context& parent) {
  std::string name;
  Context tmp(item, ItemType::kMacro, "", parent);
  FALCONET_RETURN_IF_LOAD_ERROR(Required(item, "macro", tmp, name));
  Context ctx(item, ItemType::kMacro, name, parent);
  WarnUnknownKeys(item, kMacroKeys, ctx);
  if (!IsIdentifier(name)) {
    out_.Warn(WarningCode::kInvalidMacroName,
              "Macro has an invalid name. Macro names should match a regular "
              "expression: " +
                  std::string(kIdentifierPattern),
              ctx);
  }

  MacroInfo v(ctx);
  v.name = name;
  FALCONET_RETURN_IF_LOAD_ERROR(Required(item, "condition", ctx, v.cond));
  v.cond_ctx = Context(item["condition"], ItemType::kMacroCondition, "", ctx);
  bool appends = false;
  FALCONET_RETURN_IF_LOAD_ERROR(
      ReadAppendMode(item, "condition", ctx, appends));
  if (appends) {
    return collector_.AppendMacro(v);
  }
  collector_.DefineMacro(std::move(v));
  return std::nullopt;
}

MaybeError Reader::ReadRule(const YAML::Node& item, const Context& parent) {
  std::string name;
  Context tmp(item, ItemType::kRule, "", parent);
  FALCONET_RETURN_IF_LOAD_ERROR(Required(item, "rule", tmp, name));
  Context ctx(item, ItemType::kRule, name, parent);
  WarnUnknownKeys(item, kRuleKeys, ctx);

  bool has_append_flag = false;
  FALCONET_RETURN_IF_LOAD_ERROR(Optional(item, "append", ctx, has_append_flag));
  if (has_append_flag) {
    out_.Warn(WarningCode::kDeprecatedItem, std::string(kWarningAppend), ctx);
  }

  KeySet override_append, override_replace;
  FALCONET_RETURN_IF_LOAD_ERROR(
      DecodeOverrides(item, kRuleAppendable, kRuleReplaceable, override_append,
                      override_replace, ctx));
  bool has_overrides = !override_append.empty() || !override_replace.empty();
  if (has_append_flag && has_overrides) {
    return YamlError(std::string(kErrorOverrideAppend), ctx);
  }
  if (has_overrides) {
    return ReadRuleOverrides(item, ctx, name, override_append,
                             override_replace);
  }
  if (has_append_flag) return ReadRuleAppend(item, ctx, name);
  return ReadRuleDefinition(item, ctx, name);
}

// An override of `key` in the way `kind` names: the key must be present in
// the item, and is then no longer expected.
class OverrideKeys {
 public:
  OverrideKeys(const YAML::Node& item, const Context& ctx, KeySet& expected)
      : item_(item), ctx_(ctx), expected_(expected) {}

  // Sets `taken` when `ops` overrides `key`.
  MaybeError Take(const KeySet& ops, std::string_view kind,
                  const std::string& key, bool& taken) {
    taken = ops.contains(key);
    if (!taken) return std::nullopt;
    if (!expected_.contains(key)) {
      return YamlError("An " + std::string(kind) + " override for '" + key +
                           "' was specified but '" + key + "' is not defined",
                       ctx_);
    }
    expected_.erase(key);
    return std::nullopt;
  }

  // Reads the scalar `key` into `out` when `ops` overrides it.
  template <typename T>
  MaybeError Scalar(const KeySet& ops, std::string_view kind, const char* key,
                    std::optional<T>& out) {
    bool taken = false;
    FALCONET_RETURN_IF_LOAD_ERROR(Take(ops, kind, key, taken));
    if (!taken) return std::nullopt;
    return Required(item_, key, ctx_, out);
  }

 private:
  const YAML::Node& item_;
  const Context& ctx_;
  KeySet& expected_;
};

// The keys both `append` and `replace` may override, in Falco's order.
MaybeError Reader::ReadSharedOverrides(const YAML::Node& item,
                                       const Context& ctx, const KeySet& ops,
                                       std::string_view kind,
                                       OverrideKeys& keys, RuleUpdate& v) {
  bool taken = false;
  FALCONET_RETURN_IF_LOAD_ERROR(keys.Scalar(ops, kind, "condition", v.cond));
  FALCONET_RETURN_IF_LOAD_ERROR(keys.Take(ops, kind, "exceptions", taken));
  if (taken) {
    FALCONET_RETURN_IF_LOAD_ERROR(
        ReadExceptions(item, ctx, kind == "append", v.exceptions));
  }
  FALCONET_RETURN_IF_LOAD_ERROR(keys.Scalar(ops, kind, "output", v.output));
  FALCONET_RETURN_IF_LOAD_ERROR(keys.Scalar(ops, kind, "desc", v.desc));
  FALCONET_RETURN_IF_LOAD_ERROR(keys.Take(ops, kind, "tags", taken));
  if (taken) FALCONET_RETURN_IF_LOAD_ERROR(DecodeTags(item, ctx, v.tags));
  return std::nullopt;
}

// The keys only `replace` may override.
MaybeError ReadReplaceOnlyOverrides(const YAML::Node& item, const Context& ctx,
                                    const KeySet& ops, OverrideKeys& keys,
                                    RuleUpdate& v) {
  bool taken = false;
  FALCONET_RETURN_IF_LOAD_ERROR(keys.Take(ops, "replace", "priority", taken));
  if (taken) {
    std::string priority;
    FALCONET_RETURN_IF_LOAD_ERROR(Required(item, "priority", ctx, priority));
    Context prictx(item["priority"], ItemType::kRulePriority, "", ctx);
    v.priority = ParsePriority(priority);
    if (!v.priority) return YamlError("Invalid priority", prictx);
  }
  FALCONET_RETURN_IF_LOAD_ERROR(
      keys.Scalar(ops, "replace", "enabled", v.enabled));
  FALCONET_RETURN_IF_LOAD_ERROR(
      keys.Scalar(ops, "replace", "warn_evttypes", v.warn_evttypes));
  FALCONET_RETURN_IF_LOAD_ERROR(keys.Scalar(
      ops, "replace", "skip-if-unknown-filter", v.skip_if_unknown_filter));
  FALCONET_RETURN_IF_LOAD_ERROR(
      keys.Scalar(ops, "replace", "capture", v.capture));
  return keys.Scalar(ops, "replace", "capture_duration", v.capture_duration);
}

MaybeError Reader::ReadRuleOverrides(const YAML::Node& item, const Context& ctx,
                                     const std::string& name, KeySet& append,
                                     KeySet& replace) {
  // The overridable keys present in the item; each must be overridden.
  KeySet expected;
  for (const KeySet* keys : {&kRuleAppendable, &kRuleReplaceable}) {
    for (const std::string& key : *keys) {
      if (item[key].IsDefined()) expected.insert(key);
    }
  }
  OverrideKeys keys(item, ctx, expected);

  if (!append.empty()) {
    RuleUpdate v(ctx);
    v.name = name;
    FALCONET_RETURN_IF_LOAD_ERROR(
        ReadSharedOverrides(item, ctx, append, "append", keys, v));
    FALCONET_RETURN_IF_LOAD_ERROR(collector_.AppendRule(std::move(v)));
  }
  if (!replace.empty()) {
    RuleUpdate v(ctx);
    v.name = name;
    FALCONET_RETURN_IF_LOAD_ERROR(
        ReadSharedOverrides(item, ctx, replace, "replace", keys, v));
    FALCONET_RETURN_IF_LOAD_ERROR(
        ReadReplaceOnlyOverrides(item, ctx, replace, keys, v));
    FALCONET_RETURN_IF_LOAD_ERROR(collector_.ReplaceRule(std::move(v)));
  }

  // An overridable key that no override names is a mistake.
  if (!expected.empty()) {
    const std::string& key = *expected.begin();
    Context keyctx(item[key], ItemType::kOverride, key, ctx);
    return YamlError("Unexpected key '" + key +
                         "': no corresponding entry under 'override' is "
                         "defined.",
                     keyctx);
  }
  return std::nullopt;
}

// The deprecated `append: true`: only condition and exceptions are read.
MaybeError Reader::ReadRuleAppend(const YAML::Node& item, const Context& ctx,
                                  const std::string& name) {
  RuleUpdate v(ctx);
  v.name = name;
  if (item["condition"].IsDefined()) {
    FALCONET_RETURN_IF_LOAD_ERROR(Required(item, "condition", ctx, v.cond));
  }
  if (item["exceptions"].IsDefined()) {
    FALCONET_RETURN_IF_LOAD_ERROR(
        ReadExceptions(item, ctx, true, v.exceptions));
  }
  return collector_.AppendRule(std::move(v));
}

MaybeError Reader::ReadRuleDefinition(const YAML::Node& item,
                                      const Context& ctx,
                                      const std::string& name) {
  RuleInfo v(ctx);
  v.name = name;

  // With none of the four main keys the item only sets `enabled` of an
  // existing rule (deprecated).
  if (!item["condition"].IsDefined() && !item["output"].IsDefined() &&
      !item["desc"].IsDefined() && !item["priority"].IsDefined()) {
    FALCONET_RETURN_IF_LOAD_ERROR(Required(item, "enabled", ctx, v.enabled));
    out_.Warn(WarningCode::kDeprecatedItem, std::string(kWarningEnabled), ctx);
    return collector_.EnableRule(name, v.enabled, ctx);
  }

  FALCONET_RETURN_IF_LOAD_ERROR(Required(item, "condition", ctx, v.cond));
  v.cond_ctx = Context(item["condition"], ItemType::kRuleCondition, "", ctx);
  FALCONET_RETURN_IF_LOAD_ERROR(Required(item, "output", ctx, v.output));
  v.output_ctx = Context(item["output"], ItemType::kRuleOutput, "", ctx);
  FALCONET_RETURN_IF_LOAD_ERROR(Required(item, "desc", ctx, v.desc));
  std::string priority;
  FALCONET_RETURN_IF_LOAD_ERROR(Required(item, "priority", ctx, priority));

  absl::StripAsciiWhitespace(&v.output);
  v.source = "syscall";
  Context prictx(item["priority"], ItemType::kRulePriority, "", ctx);
  std::optional<uint8_t> parsed = ParsePriority(priority);
  if (!parsed) return YamlError("Invalid priority", prictx);
  v.priority = *parsed;

  FALCONET_RETURN_IF_LOAD_ERROR(Optional(item, "source", ctx, v.source));
  FALCONET_RETURN_IF_LOAD_ERROR(Optional(item, "enabled", ctx, v.enabled));
  FALCONET_RETURN_IF_LOAD_ERROR(
      Optional(item, "warn_evttypes", ctx, v.warn_evttypes));
  FALCONET_RETURN_IF_LOAD_ERROR(
      Optional(item, "skip-if-unknown-filter", ctx, v.skip_if_unknown_filter));
  FALCONET_RETURN_IF_LOAD_ERROR(Optional(item, "capture", ctx, v.capture));
  FALCONET_RETURN_IF_LOAD_ERROR(
      Optional(item, "capture_duration", ctx, v.capture_duration));
  FALCONET_RETURN_IF_LOAD_ERROR(DecodeTags(item, ctx, v.tags));
  FALCONET_RETURN_IF_LOAD_ERROR(ReadExceptions(item, ctx, false, v.exceptions));
  return collector_.DefineRule(std::move(v), out_);
}

MaybeError Reader::ReadExceptions(const YAML::Node& item, const Context& parent,
                                  bool append,
                                  std::vector<ExceptionInfo>& out) {
  const YAML::Node exs = item["exceptions"];
  // A missing or empty exceptions key is allowed.
  if (!exs.IsDefined() || exs.IsNull()) return std::nullopt;

  Context exes_ctx(exs, ItemType::kExceptions, "", parent);
  if (!exs.IsSequence()) {
    return YamlError("Rule exceptions must be a sequence", exes_ctx);
  }
  for (const YAML::Node& ex : exs) {
    Context tmp(ex, ItemType::kException, "", exes_ctx);
    if (!ex.IsMap()) return YamlError("Rule exception must be a mapping", tmp);
    std::string name;
    FALCONET_RETURN_IF_LOAD_ERROR(Required(ex, "name", tmp, name));

    // The real context names the exception; its parent is the rule.
    Context ex_ctx(ex, ItemType::kException, name, parent);
    ExceptionInfo v(ex_ctx);
    v.name = name;
    for (const ExceptionInfo& other : out) {
      if (other.name == name) {
        out_.Warn(
            WarningCode::kExceptionNameNotUnique,
            "Multiple definitions of exception '" + name + "' in the same rule",
            ex_ctx);
      }
    }

    // Appended exceptions may leave fields out (they add values).
    FALCONET_RETURN_IF_LOAD_ERROR(
        DecodeEntryKey(ex, "fields", ex_ctx, /*optional=*/append, v.fields));
    FALCONET_RETURN_IF_LOAD_ERROR(
        DecodeEntryKey(ex, "comps", ex_ctx, /*optional=*/true, v.comps));
    const YAML::Node values = ex["values"];
    if (values.IsDefined()) {
      Context vals_ctx(values, ItemType::kExceptionValues, "", ex_ctx);
      if (!values.IsSequence()) {
        return YamlError("Rule exception values must be a sequence", vals_ctx);
      }
      for (const YAML::Node& val : values) {
        Context vctx(val, ItemType::kExceptionValue, "", vals_ctx);
        ExceptionEntry entry;
        FALCONET_RETURN_IF_LOAD_ERROR(DecodeEntry(val, "", vctx, entry));
        v.values.push_back(std::move(entry));
      }
    } else if (append) {
      out_.Warn(WarningCode::kAppendNoValues,
                "Overriding/appending exception with no values", ex_ctx);
    }
    out.push_back(std::move(v));
  }
  return std::nullopt;
}

MaybeError Reader::ReadExceptions(
    const YAML::Node& item, const Context& parent, bool append,
    std::optional<std::vector<ExceptionInfo>>& out) {
  std::vector<ExceptionInfo> decoded;
  FALCONET_RETURN_IF_LOAD_ERROR(ReadExceptions(item, parent, append, decoded));
  out = std::move(decoded);
  return std::nullopt;
}

}  // namespace

bool ReadRulesContent(const std::string& name, const std::string& content,
                      Collector& collector, ResultBuilder& out) {
  Context ctx(name);
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(content);
  } catch (const YAML::ParserException& e) {
    out.Fail(LoadError{ErrorCode::kYamlParse, e.what(), Context(e.mark, ctx)});
    return false;
  } catch (const std::exception& e) {
    out.Fail(LoadError{ErrorCode::kYamlParse, e.what(), ctx});
    return false;
  }

  Reader reader(collector, out);
  for (const YAML::Node& doc : docs) {
    if (!doc.IsDefined() || doc.IsNull()) continue;
    // yaml-cpp reports misuse (a non-scalar where a string is read) with
    // exceptions; Falco turns them into errors of the file, and so do we.
    MaybeError error;
    try {
      error = reader.ReadDocument(doc, ctx);
    } catch (const YAML::ParserException& e) {
      error =
          LoadError{ErrorCode::kYamlValidate, e.what(), Context(e.mark, ctx)};
    } catch (const std::exception& e) {
      error = LoadError{ErrorCode::kValidate, e.what(), ctx};
    }
    if (error) {
      // Falco stops at the first error, even with documents left.
      out.Fail(*error);
      return false;
    }
  }
  return true;
}

}  // namespace falconet::rules
