// The C ABI of rule loading: options, the builder and rule sets.
#include <string>

#include "capi_internal.h"

namespace falconet::capi {
namespace {

// The C ABI reports 1-based positions. Falco's YAML locations carry
// yaml-cpp's 0-based marks; its "condition expression" and "rule output
// expression" locations already add the parser's 1-based position to the
// mark, which makes them 1-based.
bool IsExpression(const std::string& item_type) {
  return item_type == "condition expression" ||
         item_type == "rule output expression";
}

void Report(const falconet_ruleset_builder& b, const std::string& file,
            const rules::Diagnostic& d, falconet_severity severity) {
  static const rules::Location kNowhere;
  const rules::Location& loc = d.context.empty() ? kNowhere : d.context.back();
  const int base = IsExpression(loc.item_type) ? 0 : 1;

  falconet_diagnostic out;
  out.severity = severity;
  out.code = d.code.c_str();
  out.text = d.text.c_str();
  out.message = d.message.c_str();
  out.file = file.c_str();
  out.line = d.context.empty() ? 0 : loc.line + base;
  out.column = d.context.empty() ? 0 : loc.column + base;
  out.item_type = loc.item_type.c_str();
  out.item_name = loc.item_name.c_str();
  out.snippet = d.snippet.c_str();
  b.diagnostic_cb(&out, b.payload);
}

// Passes a file's diagnostics to the callback and sets the return code.
int Deliver(const falconet_ruleset_builder& b, const LoadResult& result) {
  if (b.diagnostic_cb) {
    for (const rules::Diagnostic& d : result.errors) {
      Report(b, result.name, d, FALCONET_SEVERITY_ERROR);
    }
    for (const rules::Diagnostic& d : result.warnings) {
      Report(b, result.name, d, FALCONET_SEVERITY_WARNING);
    }
  }
  if (result.successful) return FALCONET_OK;
  std::string message = result.name + ": Invalid";
  if (!result.errors.empty()) {
    const rules::Diagnostic& first = result.errors.front();
    message += ": " + first.code + " (" + first.text + "): " + first.message;
  }
  return SetError(FALCONET_ELOAD, message);
}

int CheckBuilder(const char* function, const falconet_ruleset_builder* b) {
  if (!b) return NullArgument(function, "builder");
  if (b->built) {
    return SetError(FALCONET_EINVALID,
                    std::string(function) + ": the builder was already built");
  }
  return FALCONET_OK;
}

// Appends a copied selection string after the usual checks.
using SelectionList = std::vector<std::string> RuleSelection::*;

int AddSelection(const char* function, falconet_ruleset_builder* b,
                 const char* value, SelectionList list) {
  if (int rc = CheckBuilder(function, b); rc < 0) return rc;
  if (!value) return NullArgument(function, "value");
  return Guard([&]() -> int {
    (b->selection.*list).emplace_back(value);
    return FALCONET_OK;
  });
}

int ValidateOptions(const char* function, const falconet_ruleset_options* o) {
  if (!o) return FALCONET_OK;
  if (int rc =
          CheckVersion(function, o->version, FALCONET_RULESET_OPTIONS_VERSION);
      rc < 0) {
    return rc;
  }
  if (o->matching != FALCONET_MATCH_FIRST &&
      o->matching != FALCONET_MATCH_ALL) {
    return SetError(FALCONET_EINVALID, std::string(function) +
                                           ": unknown rule matching " +
                                           std::to_string(o->matching));
  }
  if (o->min_priority < FALCONET_PRIORITY_EMERGENCY ||
      o->min_priority > FALCONET_PRIORITY_DEBUG) {
    return SetError(FALCONET_EINVALID, std::string(function) +
                                           ": unknown priority " +
                                           std::to_string(o->min_priority));
  }
  return FALCONET_OK;
}

const RuleInfo* RuleAt(const falconet_ruleset* r, size_t index) {
  if (!r) return nullptr;
  const std::vector<RuleInfo>& rules = r->ruleset->rules();
  return index < rules.size() ? &rules[index] : nullptr;
}

}  // namespace
}  // namespace falconet::capi

using namespace falconet::capi;

extern "C" {

int falconet_ruleset_options_init(falconet_ruleset_options* opts,
                                  unsigned int version) {
  if (!opts) return NullArgument("falconet_ruleset_options_init", "opts");
  if (int rc = CheckVersion("falconet_ruleset_options_init", version,
                            FALCONET_RULESET_OPTIONS_VERSION);
      rc < 0) {
    return rc;
  }
  *opts = falconet_ruleset_options FALCONET_RULESET_OPTIONS_INIT;
  return FALCONET_OK;
}

int falconet_ruleset_builder_new(falconet_ruleset_builder** out,
                                 const falconet_ruleset_options* opts) {
  const char* fn = "falconet_ruleset_builder_new";
  if (!out) return NullArgument(fn, "out");
  *out = nullptr;
  if (int rc = ValidateOptions(fn, opts); rc < 0) return rc;
  return Guard([&]() -> int {
    auto b = std::make_unique<falconet_ruleset_builder>();
    if (opts) {
      b->diagnostic_cb = opts->diagnostic_cb;
      b->payload = opts->payload;
      b->selection.matching = opts->matching == FALCONET_MATCH_ALL
                                  ? falconet::RuleMatching::kAll
                                  : falconet::RuleMatching::kFirst;
      b->selection.min_priority =
          static_cast<falconet::Priority>(opts->min_priority);
    }
    *out = b.release();
    return FALCONET_OK;
  });
}

void falconet_ruleset_builder_free(falconet_ruleset_builder* builder) {
  delete builder;
}

int falconet_ruleset_builder_add_file(falconet_ruleset_builder* builder,
                                      const char* path) {
  const char* fn = "falconet_ruleset_builder_add_file";
  if (int rc = CheckBuilder(fn, builder); rc < 0) return rc;
  if (!path) return NullArgument(fn, "path");
  return Guard([&]() -> int {
    return Deliver(*builder, builder->builder.AddFile(path));
  });
}

int falconet_ruleset_builder_add_string(falconet_ruleset_builder* builder,
                                        const char* name, const char* content,
                                        size_t size) {
  const char* fn = "falconet_ruleset_builder_add_string";
  if (int rc = CheckBuilder(fn, builder); rc < 0) return rc;
  if (!content && size > 0) return NullArgument(fn, "content");
  return Guard([&]() -> int {
    std::string_view text(content ? content : "", size);
    return Deliver(*builder,
                   builder->builder.AddContent(name ? name : "", text));
  });
}

int falconet_ruleset_builder_enable_rules(falconet_ruleset_builder* builder,
                                          const char* pattern) {
  return AddSelection("falconet_ruleset_builder_enable_rules", builder, pattern,
                      &falconet::RuleSelection::enable_names);
}

int falconet_ruleset_builder_disable_rules(falconet_ruleset_builder* builder,
                                           const char* pattern) {
  return AddSelection("falconet_ruleset_builder_disable_rules", builder,
                      pattern, &falconet::RuleSelection::disable_names);
}

int falconet_ruleset_builder_enable_tag(falconet_ruleset_builder* builder,
                                        const char* tag) {
  return AddSelection("falconet_ruleset_builder_enable_tag", builder, tag,
                      &falconet::RuleSelection::enable_tags);
}

int falconet_ruleset_builder_disable_tag(falconet_ruleset_builder* builder,
                                         const char* tag) {
  return AddSelection("falconet_ruleset_builder_disable_tag", builder, tag,
                      &falconet::RuleSelection::disable_tags);
}

int falconet_ruleset_builder_add_output_field(falconet_ruleset_builder* builder,
                                              const char* field) {
  return AddSelection("falconet_ruleset_builder_add_output_field", builder,
                      field, &falconet::RuleSelection::extra_output_fields);
}

int falconet_ruleset_builder_build(falconet_ruleset** out,
                                   falconet_ruleset_builder* builder) {
  const char* fn = "falconet_ruleset_builder_build";
  if (!out) return NullArgument(fn, "out");
  *out = nullptr;
  if (int rc = CheckBuilder(fn, builder); rc < 0) return rc;
  return Guard([&]() -> int {
    builder->built = true;
    absl::StatusOr<std::shared_ptr<const falconet::Ruleset>> built =
        builder->builder.Build(builder->selection);
    if (!built.ok()) {
      return SetError(FALCONET_ELOAD, std::string(built.status().message()));
    }
    *out = new falconet_ruleset{*std::move(built)};
    return FALCONET_OK;
  });
}

int falconet_ruleset_load_file(falconet_ruleset** out, const char* path,
                               const falconet_ruleset_options* opts) {
  if (!out) return NullArgument("falconet_ruleset_load_file", "out");
  *out = nullptr;
  falconet_ruleset_builder* builder = nullptr;
  int rc = falconet_ruleset_builder_new(&builder, opts);
  if (rc == FALCONET_OK) rc = falconet_ruleset_builder_add_file(builder, path);
  if (rc == FALCONET_OK) rc = falconet_ruleset_builder_build(out, builder);
  falconet_ruleset_builder_free(builder);
  return rc;
}

int falconet_ruleset_load_string(falconet_ruleset** out, const char* name,
                                 const char* content, size_t size,
                                 const falconet_ruleset_options* opts) {
  if (!out) return NullArgument("falconet_ruleset_load_string", "out");
  *out = nullptr;
  falconet_ruleset_builder* builder = nullptr;
  int rc = falconet_ruleset_builder_new(&builder, opts);
  if (rc == FALCONET_OK) {
    rc = falconet_ruleset_builder_add_string(builder, name, content, size);
  }
  if (rc == FALCONET_OK) rc = falconet_ruleset_builder_build(out, builder);
  falconet_ruleset_builder_free(builder);
  return rc;
}

void falconet_ruleset_free(falconet_ruleset* ruleset) { delete ruleset; }

size_t falconet_ruleset_rule_count(const falconet_ruleset* ruleset) {
  return ruleset ? ruleset->ruleset->rules().size() : 0;
}

const char* falconet_ruleset_rule_name(const falconet_ruleset* ruleset,
                                       size_t index) {
  const falconet::RuleInfo* rule = RuleAt(ruleset, index);
  return rule ? rule->name.c_str() : nullptr;
}

const char* falconet_ruleset_rule_source(const falconet_ruleset* ruleset,
                                         size_t index) {
  const falconet::RuleInfo* rule = RuleAt(ruleset, index);
  return rule ? rule->source.c_str() : nullptr;
}

int falconet_ruleset_rule_priority(const falconet_ruleset* ruleset,
                                   size_t index) {
  const falconet::RuleInfo* rule = RuleAt(ruleset, index);
  if (!rule) {
    return SetError(ruleset ? FALCONET_ENOTFOUND : FALCONET_EINVALID,
                    "falconet_ruleset_rule_priority: no such rule");
  }
  return static_cast<int>(rule->priority);
}

int falconet_ruleset_rule_active(const falconet_ruleset* ruleset,
                                 size_t index) {
  const falconet::RuleInfo* rule = RuleAt(ruleset, index);
  if (!rule) {
    return SetError(ruleset ? FALCONET_ENOTFOUND : FALCONET_EINVALID,
                    "falconet_ruleset_rule_active: no such rule");
  }
  return rule->active ? 1 : 0;
}

}  // extern "C"
