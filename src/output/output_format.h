// Falco output format strings: "%ct.user did %ct.name (%20json.value[/a])".
//
// Compile() splits a format into literal text and field tokens exactly as
// Falco 0.44.1 does (longest field that compiles, optional width that pads
// or truncates, transformers, unknown trailing characters kept as text) and
// compiles each token to an operand of the rule's ProgramSet (cold paths:
// projected only when a rule matches). Render() produces the message text,
// with `<NA>` for missing values; Fields() produces Falco's JSON
// `output_fields`. A compiled format is immutable and shareable; rendering
// uses the caller's OperandCache and so follows its thread rules.
#ifndef FALCONET_OUTPUT_OUTPUT_FORMAT_H_
#define FALCONET_OUTPUT_OUTPUT_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/program_set.h"
#include "fields/event_view.h"
#include "fields/field_registry.h"
#include "fields/value.h"
#include "nlohmann/json.hpp"
#include "vm/operand_cache.h"

namespace falconet {

class OutputFormat {
 public:
  struct Token {
    std::string text;       // literal text, or the token as written
    bool is_field = false;  // else literal
    uint32_t operand = 0;
    uint32_t width = 0;            // 0 = none
    bool in_output_fields = true;  // false for transformer tokens
  };

  // One key of output_fields: a plain field named in the format, alone or
  // inside a transformer. The key is Falco's canonical text of the field
  // (`json.value[/a]` for `json.value["/a"]`).
  struct JsonField {
    std::string key;
    uint32_t operand = 0;
  };

  // Compiles a rule's output as Falco validates and renders it: one leading
  // `*` is dropped (Falco always renders with missing values allowed), an
  // empty format is an error. Errors carry Falco's texts
  // (LOAD_ERR_COMPILE_OUTPUT), e.g.
  // "invalid formatting syntax: formatting cannot end with a %" or
  // "unknown filter: unexpected token after '". Operands are added to `set`
  // as cold; a failed compile may leave unused operands behind.
  static absl::StatusOr<OutputFormat> Compile(std::string_view format,
                                              ProgramSet& set);

  // The message, with <NA> for missing values.
  std::string Render(const ProgramSet& set, OperandCache& cache,
                     const EventView& event) const;

  // Falco's output_fields: one key per plain field token, with typed values
  // (null when missing). Never null: an object, possibly empty.
  nlohmann::json Fields(const ProgramSet& set, OperandCache& cache,
                        const EventView& event) const;

  const std::vector<Token>& tokens() const { return tokens_; }
  const std::vector<JsonField>& json_fields() const { return json_fields_; }

 private:
  void AddLiteral(std::string_view text);

  std::vector<Token> tokens_;
  std::vector<JsonField> json_fields_;
};

// Renders one operand's values the way Falco prints them in outputs: lists
// as (a,b), times per the field's Display, <NA> when missing.
void AppendRendered(const ProgramSet& set, uint32_t operand,
                    const ValueList& values, std::string& out);

// The same for values of a given type and display, without an operand.
void AppendValues(FieldType type, bool is_list, Display display,
                  const ValueList& values, std::string& out);

// One value, as Falco's rawval_to_string and time fields print it.
void AppendValue(FieldType type, Display display, const Value& value,
                 std::string& out);

// One operand's values as a typed JSON value of output_fields: string,
// number (uint64 and times), bool, an array for lists, null when missing.
nlohmann::json JsonOfValues(FieldType type, bool is_list,
                            const ValueList& values);

// Event time as Falco prints it at the start of a text alert
// (HH:MM:SS.nnnnnnnnn in local time) and in the JSON `time` key
// (YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ in UTC). "Local" follows Falco: the
// offset of the process time zone now, applied to every timestamp.
std::string FormatAlertTime(uint64_t time_ns);
std::string FormatIsoUtc(uint64_t time_ns);

}  // namespace falconet

#endif  // FALCONET_OUTPUT_OUTPUT_FORMAT_H_
