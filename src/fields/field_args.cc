#include "fields/field_args.h"

#include <cctype>

#include "fields/str_util.h"

namespace falconet {
namespace {

// The field as Falco's compiler hands it to the filter check.
std::string FullName(std::string_view name,
                     std::optional<std::string_view> arg) {
  if (!arg || arg->empty()) return std::string(name);
  return Concat({name, "[", *arg, "]"});
}

absl::Status ArgError(std::string_view full, std::string_view name,
                      std::string_view problem) {
  return absl::InvalidArgumentError(
      Concat({"filter '", full, "': ", name, " ", problem}));
}

// libsinsp checks index arguments with a message of its own shape.
absl::StatusOr<uint64_t> ParseIndex(std::string_view full,
                                    std::string_view name,
                                    std::string_view text) {
  std::string_view problem;
  if (text.empty() || (text.size() > 1 && text[0] == '0')) {
    problem = "has an invalid index argument starting with 0: ";
  }
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      problem = "has an invalid index argument not composed only by digits: ";
      break;
    }
  }
  uint64_t value = 0;
  if (problem.empty()) {
    for (char c : text) {
      uint64_t digit = static_cast<uint64_t>(c - '0');
      if (value > (UINT64_MAX - digit) / 10) {
        problem = "has an invalid index argument not representable on 64 bit: ";
        break;
      }
      value = value * 10 + digit;
    }
  }
  if (problem.empty()) return value;
  return absl::InvalidArgumentError(
      Concat({"filter ", full, " ", name, " ", problem, text}));
}

}  // namespace

absl::StatusOr<FieldArgument> ParseFieldArgument(
    const FieldInfo& info, std::optional<std::string_view> arg) {
  std::string full = FullName(info.name, arg);
  FieldArgument result;
  if (full.size() == info.name.size()) {
    if (info.arg == ArgMode::kKeyRequired) {
      return ArgError(full, info.name,
                      "requires an argument but none provided");
    }
    return result;
  }

  // Falco looks at the text up to the first space only, trimmed.
  std::string_view val = full;
  val = val.substr(0, val.find(' '));
  while (!val.empty() && std::isspace(static_cast<unsigned char>(val.back()))) {
    val.remove_suffix(1);
  }
  size_t arg_start = info.name.size() + 1;
  if (arg_start >= val.size()) {
    return ArgError(full, info.name,
                    "terminates with incomplete argument brackets");
  }
  std::string_view text = val.substr(arg_start);
  size_t arg_len = text.find(']');
  if (arg_len == std::string_view::npos) {
    return ArgError(full, info.name, "has unbalanced argument brackets");
  }
  text = text.substr(0, arg_len);
  if (info.arg == ArgMode::kNone) {
    return ArgError(full, info.name,
                    Concat({"does not allow nor require an argument but "
                            "one is provided: ",
                            text}));
  }
  if (info.arg == ArgMode::kIndexOptional) {
    absl::StatusOr<uint64_t> index = ParseIndex(full, info.name, text);
    if (!index.ok()) return index.status();
    result.index = *index;
  }
  // A `]` inside the argument ends the field early; Falco then finds no
  // field named like the whole text.
  if (arg_start + arg_len + 1 != full.size()) {
    return NonexistentFieldError(info.name, arg);
  }
  result.text = std::string(text);
  return result;
}

absl::Status NonexistentFieldError(std::string_view name,
                                   std::optional<std::string_view> arg) {
  return absl::InvalidArgumentError(Concat(
      {"filter_check called with nonexistent field ", FullName(name, arg)}));
}

}  // namespace falconet
