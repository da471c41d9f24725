// Helpers for the fields tests: padded records and one-call extraction.
#ifndef FALCONET_TESTS_FIELDS_FIELDS_TEST_UTIL_H_
#define FALCONET_TESTS_FIELDS_FIELDS_TEST_UTIL_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "fields/field_registry.h"
#include "fields/projector.h"
#include "simdjson.h"

namespace falconet::testing {

// Owns a record followed by the padding simdjson reads past its end.
class Padded {
 public:
  explicit Padded(std::string_view json)
      : buffer_(std::string(json) +
                std::string(simdjson::SIMDJSON_PADDING, ' ')),
        size_(json.size()) {}
  std::string_view view() const { return {buffer_.data(), size_}; }

 private:
  std::string buffer_;
  size_t size_;
};

// Splits "name[arg]" as a condition would write it.
inline std::pair<std::string_view, std::optional<std::string_view>> SplitField(
    std::string_view text) {
  size_t open = text.find('[');
  if (open == std::string_view::npos || text.back() != ']') {
    return {text, std::nullopt};
  }
  return {text.substr(0, open), text.substr(open + 1, text.size() - open - 2)};
}

// A value as text: strings as they are, numbers in decimal, bools as
// true/false.
inline std::string ValueText(const FieldInfo& info, const Value& v) {
  switch (info.type) {
    case FieldType::kString:
      return std::string(v.str);
    case FieldType::kBool:
      return v.num ? "true" : "false";
    default:
      return std::to_string(v.num);
  }
}

struct EventContext {
  uint64_t num = 7;
  uint64_t time_ns = 1394140974000000000;  // 2014-03-06T21:22:54Z
};

// The values of `field` ("name" or "name[arg]") for `record`, every path
// projected; empty when the field is missing.
inline std::vector<std::string> Values(const FieldRegistry& registry,
                                       std::string_view field,
                                       std::string_view record,
                                       EventContext ctx = {}) {
  auto [name, arg] = SplitField(field);
  PathPlan plan;
  absl::StatusOr<FieldRef> ref = registry.Resolve(name, arg, plan, true);
  INFO(field);
  REQUIRE(ref.ok());

  Padded padded(record);
  Projector projector;
  std::vector<Slot> slots;
  absl::Status status = projector.Project(plan, padded.view(), true, slots);
  INFO(status.message());
  REQUIRE(status.ok());

  StringArena arena;
  EventView event{padded.view(), slots.data(),      ctx.num,
                  ctx.time_ns,   registry.source(), &arena};
  ValueList out;
  registry.Extract(*ref, event, out);
  std::vector<std::string> texts;
  for (const Value& v : out) texts.push_back(ValueText(*ref->info, v));
  return texts;
}

// Falco's error text for resolving `field`, or "" when it resolves.
inline std::string ResolveError(const FieldRegistry& registry,
                                std::string_view field) {
  auto [name, arg] = SplitField(field);
  PathPlan plan;
  absl::StatusOr<FieldRef> ref = registry.Resolve(name, arg, plan, true);
  return ref.ok() ? std::string() : std::string(ref.status().message());
}

}  // namespace falconet::testing

#endif  // FALCONET_TESTS_FIELDS_FIELDS_TEST_UTIL_H_
