// What loading one rules file produced: success, errors and warnings, each
// with Falco 0.44.1's code, texts and location chain, and the three ways Falco
// prints a load result (summary, verbose, JSON).
//
// A LoadResult is a plain value: it owns its strings and holds no pointer
// into the loader, so it may outlive it and be read from any thread.
#ifndef FALCONET_RULES_LOAD_RESULT_H_
#define FALCONET_RULES_LOAD_RESULT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nlohmann/json.hpp"

namespace falconet::rules {

// Falco's falco::load_result::error_code, in its order.
enum class ErrorCode : uint8_t {
  kFileRead,
  kYamlParse,
  kYamlValidate,
  kCompileCondition,
  kCompileOutput,
  kValidate,
  kExtension,
};

// Falco's falco::load_result::warning_code, in its order.
enum class WarningCode : uint8_t {
  kUnknownSource,
  kUnsafeNaCheck,
  kNoEvttype,
  kUnknownFilter,
  kUnusedMacro,
  kUnusedList,
  kUnknownItem,
  kDeprecatedItem,
  kWarningExtension,
  kAppendNoValues,
  kExceptionNameNotUnique,
  kInvalidMacroName,
  kInvalidListName,
  kCompileCondition,
  kUnknownKey,
};

// "LOAD_ERR_YAML_PARSE", its short text "YAML parse error" and its long
// description.
std::string_view CodeName(ErrorCode code);
std::string_view ShortText(ErrorCode code);
std::string_view Description(ErrorCode code);
std::string_view CodeName(WarningCode code);
std::string_view ShortText(WarningCode code);
std::string_view Description(WarningCode code);

// One step of a diagnostic's context, outermost first: the rules content,
// then the item, then values inside it. For YAML items line and column are
// yaml-cpp's (0-based); for a "condition expression" they are the parser's
// 1-based position added to the enclosing YAML mark, as Falco computes them.
struct Location {
  std::string item_type;  // "rule", "macro condition", "condition expression"
  std::string item_name;  // "" when the item has no name
  std::string name;       // the file name, or the quoted condition
  int line = 0;
  int column = 0;
  int offset = 0;
};

struct Diagnostic {
  std::string code;  // "LOAD_ERR_COMPILE_CONDITION", "LOAD_UNUSED_MACRO"
  std::string text;  // short text: "Error compiling condition"
  // What Falco's JSON prints as "codedesc": the long description for
  // warnings, but the short text for errors (falco_load_result.cpp returns
  // the wrong table for errors; we keep the bug so the JSON is identical).
  std::string codedesc;
  std::string message;
  std::vector<Location> context;
  // The offending line with a caret line under the position, "\n"-ended.
  std::string snippet;
};

struct LoadResult {
  std::string name;  // the file name given to the loader
  bool successful = true;
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;

  // "<name>: Ok", "<name>: Ok, with warnings" or "<name>: Invalid", then
  // one line listing the error codes and one the warning codes.
  std::string Summary() const;
  // The summary's first line, then every error and warning with its
  // context, snippet and message, as `falco -V` prints it.
  std::string Verbose() const;
  // Falco's JSON form: {name, successful, errors: [...], warnings: [...]}.
  // TODO(#3): Falco can add schema_valid/schema_warnings from its optional
  // JSON-schema check of the YAML; falconet does not run that check.
  nlohmann::json Json() const;
};

}  // namespace falconet::rules

#endif  // FALCONET_RULES_LOAD_RESULT_H_
