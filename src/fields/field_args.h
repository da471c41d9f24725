// Validation of a field's `[argument]` with Falco's rules and error texts,
// shared by every FieldRegistry.
//
// Falco (libsinsp's plugin filter checks) rebuilds "name[arg]" from the
// parsed condition, cuts it at the first space, and then looks for the
// brackets again. Hence the quirks reproduced here: an empty argument is no
// argument at all, an argument with a space fails with "unbalanced argument
// brackets" (or "incomplete argument brackets" when it starts with one),
// and an argument that contains `]` leaves text after the field, which
// makes the whole name unknown.
#ifndef FALCONET_FIELDS_FIELD_ARGS_H_
#define FALCONET_FIELDS_FIELD_ARGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "fields/field_registry.h"

namespace falconet {

// A validated argument: absent, or its text and (for index arguments) its
// value.
struct FieldArgument {
  std::optional<std::string> text;
  uint64_t index = 0;
};

// Checks `arg` against what `info` accepts. Errors are InvalidArgument with
// Falco's message, e.g. "filter 'ct.name[x]': ct.name does not allow nor
// require an argument but one is provided: x".
absl::StatusOr<FieldArgument> ParseFieldArgument(
    const FieldInfo& info, std::optional<std::string_view> arg);

// Falco's error for a name no registry knows: "filter_check called with
// nonexistent field F" (F with its argument, when one was given).
absl::Status NonexistentFieldError(std::string_view name,
                                   std::optional<std::string_view> arg);

}  // namespace falconet

#endif  // FALCONET_FIELDS_FIELD_ARGS_H_
