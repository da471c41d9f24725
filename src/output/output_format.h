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
#include "nlohmann/json.hpp"
#include "vm/operand_cache.h"

namespace falconet {

class OutputFormat {
 public:
  struct Token {
    std::string text;       // literal text, or the token as written
    bool is_field = false;  // else literal
    uint32_t operand = 0;
    uint32_t width = 0;     // 0 = none
    bool in_output_fields = true;  // false for transformer tokens
  };

  // Errors carry Falco's texts (LOAD_ERR_COMPILE_OUTPUT), e.g.
  // "invalid formatting syntax: formatting cannot end with a %".
  static absl::StatusOr<OutputFormat> Compile(std::string_view format,
                                              ProgramSet& set);

  // The message, with <NA> for missing values.
  std::string Render(const ProgramSet& set, OperandCache& cache,
                     const EventView& event) const;

  // Falco's output_fields: one key per field token, as written, with typed
  // values (null when missing).
  nlohmann::json Fields(const ProgramSet& set, OperandCache& cache,
                        const EventView& event) const;

  const std::vector<Token>& tokens() const { return tokens_; }

 private:
  std::vector<Token> tokens_;
};

// Renders one operand's values the way Falco prints them in outputs: lists
// as (a,b), times per the field's Display, <NA> when missing.
void AppendRendered(const ProgramSet& set, uint32_t operand,
                    const ValueList& values, std::string& out);

// Event time as Falco prints it at the start of a text alert
// (HH:MM:SS.nnnnnnnnn in local time) and in the JSON `time` key
// (YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ in UTC).
std::string FormatAlertTime(uint64_t time_ns);
std::string FormatIsoUtc(uint64_t time_ns);

}  // namespace falconet

#endif  // FALCONET_OUTPUT_OUTPUT_FORMAT_H_
