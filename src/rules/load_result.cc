#include "rules/load_result.h"

#include <array>

#include "absl/strings/str_cat.h"

namespace falconet::rules {
namespace {

struct CodeTexts {
  std::string_view name;
  std::string_view text;
  std::string_view description;
};

// ORDER ErrorCode
constexpr std::array<CodeTexts, 7> kErrorTexts = {{
    {"LOAD_ERR_FILE_READ", "File read error",
     "This occurs when falco can not read a given file. Check permissions "
     "and whether the file exists."},
    {"LOAD_ERR_YAML_PARSE", "YAML parse error",
     "This occurs when the rules content is not valid YAML."},
    {"LOAD_ERR_YAML_VALIDATE",
     "Error validating internal structure of YAML file",
     "This occurs when the internal structure of the YAML file is incorrect. "
     "Examples include not consisting of a sequence of maps, a given "
     "rule/macro/list item not having required keys, values not having the "
     "right type (e.g. the items property of a list not being a sequence), "
     "etc."},
    {"LOAD_ERR_COMPILE_CONDITION", "Error compiling condition",
     "This occurs when a condition string can not be compiled to a filter "
     "object."},
    {"LOAD_ERR_COMPILE_OUTPUT", "Error compiling output",
     "This occurs when an output string can not be compiled to an output "
     "object."},
    {"LOAD_ERR_VALIDATE", "Error validating rule/macro/list/exception objects",
     "This occurs when a rule/macro/list item is incorrect. Examples include "
     "a condition field referring to an undefined macro, falco "
     "engine/plugin version mismatches, items with append without any "
     "existing item, exception fields/comps having different lengths, etc."},
    {"LOAD_ERR_EXTENSION", "Error in extension item",
     "This occurs when there is an error in an extension item"},
}};

// ORDER WarningCode
constexpr std::array<CodeTexts, 15> kWarningTexts = {{
    {"LOAD_UNKNOWN_SOURCE", "Unknown event source",
     "A rule has a unknown event source. This can occur when reading rules "
     "content without having a corresponding plugin loaded, etc. The rule "
     "will be silently ignored."},
    {"LOAD_UNSAFE_NA_CHECK", "Unsafe <NA> comparison in condition",
     "Comparing a field value with <NA> is unsafe and can lead to "
     "unpredictable behavior of the rule condition. If you need to check "
     "for the existence of a field, consider using the 'exists' operator "
     "instead."},
    {"LOAD_NO_EVTTYPE", "Condition has no event-type restriction",
     "A rule condition matches too many evt.type values. This has a "
     "significant performance penalty. Make the condition more specific by "
     "adding an evt.type field or further restricting the number of "
     "evt.type values in the condition."},
    {"LOAD_UNKNOWN_FILTER",
     "Unknown field or event-type in condition or output",
     "A rule condition or output refers to a field or evt.type that does "
     "not exist. This is normally an error, but if a rule has a "
     "skip-if-unknown-filter property, the error is downgraded to a "
     "warning."},
    {"LOAD_UNUSED_MACRO", "Unused macro",
     "A macro is defined in the rules content but is not used by any other "
     "macro or rule."},
    {"LOAD_UNUSED_LIST", "Unused list",
     "A list is defined in the rules content but is not used by any other "
     "list, macro, or rule."},
    {"LOAD_UNKNOWN_ITEM", "Unknown rules file item",
     "An unknown top-level object is in the rules content. It will be "
     "ignored."},
    {"LOAD_DEPRECATED_ITEM", "Used deprecated item",
     "A deprecated item is employed by lists, macros, or rules."},
    {"LOAD_WARNING_EXTENSION", "Warning in extension item",
     "An extension item has a warning"},
    {"LOAD_APPEND_NO_VALUES", "Overriding/appending with no values",
     "A rule exception is overriding/appending with no values"},
    {"LOAD_EXCEPTION_NAME_NOT_UNIQUE",
     "Multiple exceptions defined with the same name",
     "A rule is defining multiple exceptions with the same name"},
    {"LOAD_INVALID_MACRO_NAME", "Invalid macro name",
     "A macro is defined with an invalid name"},
    {"LOAD_INVALID_LIST_NAME", "Invalid list name",
     "A list is defined with an invalid name"},
    {"LOAD_COMPILE_CONDITION", "Warning in rule condition",
     "A rule condition or output have been parsed with a warning"},
    {"LOAD_UNKNOWN_KEY", "Unknown key in item definition",
     "An item in the rules content contains an unrecognized key. The key "
     "will be ignored. This may indicate a typo or a property placed on the "
     "wrong item type."},
}};

// "<name>: Ok", "<name>: Ok, with warnings" or "<name>: Invalid".
std::string Headline(const LoadResult& result) {
  std::string out;
  if (!result.name.empty()) absl::StrAppend(&out, result.name, ": ");
  if (!result.successful) {
    out += "Invalid";
  } else {
    out += result.warnings.empty() ? "Ok" : "Ok, with warnings";
  }
  return out;
}

// "\n N errors: [CODE (text) CODE (text)]".
void AppendCodeList(const std::vector<Diagnostic>& list, std::string_view kind,
                    std::string& out) {
  if (list.empty()) return;
  out += "\n " + std::to_string(list.size()) + " " + std::string(kind) + ": [";
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += " ";
    absl::StrAppend(&out, list[i].code, " (", list[i].text, ")");
  }
  out += "]";
}

// "In rule 'x': (file:3:2)\n    rule condition: (file:4:13)\n".
void AppendContext(const Diagnostic& d, std::string& out) {
  bool first = true;
  for (const Location& loc : d.context) {
    out += first ? "In " : "    ";
    first = false;
    out += loc.item_type;
    if (!loc.item_name.empty()) absl::StrAppend(&out, " '", loc.item_name, "'");
    absl::StrAppend(&out, ": (", loc.name, ":", loc.line, ":", loc.column,
                    ")\n");
  }
}

void AppendVerboseList(const std::vector<Diagnostic>& list,
                       std::string_view kind, std::string& out) {
  if (list.empty()) return;
  out += "\n" + std::to_string(list.size()) + " " + std::string(kind) + ":\n";
  for (const Diagnostic& d : list) {
    AppendContext(d, out);
    absl::StrAppend(&out, "------\n", d.snippet, "------\n");
    absl::StrAppend(&out, d.code, " (", d.text, "): ", d.message, "\n");
  }
}

nlohmann::json DiagnosticJson(const Diagnostic& d) {
  nlohmann::json locations = nlohmann::json::array();
  for (const Location& loc : d.context) {
    nlohmann::json position = {{"name", loc.name},
                               {"line", loc.line},
                               {"column", loc.column},
                               {"offset", loc.offset}};
    locations.push_back({{"item_type", loc.item_type},
                         {"item_name", loc.item_name},
                         {"position", std::move(position)}});
  }
  nlohmann::json context = {{"locations", std::move(locations)},
                            {"snippet", d.snippet}};
  return {{"context", std::move(context)},
          {"code", d.code},
          {"codedesc", d.codedesc},
          {"message", d.message}};
}

}  // namespace

std::string_view CodeName(ErrorCode code) {
  return kErrorTexts[static_cast<size_t>(code)].name;
}
std::string_view ShortText(ErrorCode code) {
  return kErrorTexts[static_cast<size_t>(code)].text;
}
std::string_view Description(ErrorCode code) {
  return kErrorTexts[static_cast<size_t>(code)].description;
}
std::string_view CodeName(WarningCode code) {
  return kWarningTexts[static_cast<size_t>(code)].name;
}
std::string_view ShortText(WarningCode code) {
  return kWarningTexts[static_cast<size_t>(code)].text;
}
std::string_view Description(WarningCode code) {
  return kWarningTexts[static_cast<size_t>(code)].description;
}

std::string LoadResult::Summary() const {
  std::string out = Headline(*this);
  AppendCodeList(errors, "errors", out);
  AppendCodeList(warnings, "warnings", out);
  return out;
}

std::string LoadResult::Verbose() const {
  std::string out = Headline(*this);
  AppendVerboseList(errors, "Errors", out);
  AppendVerboseList(warnings, "Warnings", out);
  return out;
}

nlohmann::json LoadResult::Json() const {
  nlohmann::json out;
  out["name"] = name;
  out["successful"] = successful;
  out["errors"] = nlohmann::json::array();
  for (const Diagnostic& d : errors) out["errors"].push_back(DiagnosticJson(d));
  out["warnings"] = nlohmann::json::array();
  for (const Diagnostic& d : warnings) {
    out["warnings"].push_back(DiagnosticJson(d));
  }
  return out;
}

}  // namespace falconet::rules
