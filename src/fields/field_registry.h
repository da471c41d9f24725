// The fields an event source offers, how each is resolved at compile time and
// how it is extracted from an event.
//
// A FieldRegistry is built once per event source ("aws_cloudtrail",
// "image_scan") and is immutable afterwards: safe to share across threads.
// Resolve() validates a field name and its argument exactly as Falco does and
// records the JSON paths the field reads in a PathPlan. Extract() runs per
// event and must not allocate in steady state: it writes views into the
// record or into the event's arena.
#ifndef FALCONET_FIELDS_FIELD_REGISTRY_H_
#define FALCONET_FIELDS_FIELD_REGISTRY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "fields/event_view.h"
#include "fields/path_plan.h"
#include "fields/value.h"

namespace falconet {

// Whether a field takes a `[argument]`, and of which kind.
enum class ArgMode : uint8_t {
  kNone,           // no argument allowed
  kIndexOptional,  // ec2.imageids, ec2.imageids[0]
  kKeyRequired,    // json.value[/a/b]
};

// How a value renders in an output string. The JSON output_fields always
// hold the raw value (number for uint64 and times).
enum class Display : uint8_t {
  kPlain,      // strings as is, numbers in decimal, bools true/false
  kTime,       // HH:MM:SS.nnnnnnnnn, local time
  kTimeS,      // HH:MM:SS, local time
  kIso8601,    // YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000, UTC
  kDatetime,   // YYYY-MM-DD HH:MM:SS.nnnnnnnnn, local time
  kDatetimeS,  // YYYY-MM-DD HH:MM:SS, local time
  kNanos9,     // the value zero-padded to 9 digits (evt.rawtime.ns)
};

// Which extractor implements a field; meaningful to the registry only.
using FieldCode = uint16_t;

struct FieldInfo {
  std::string_view name;
  FieldType type;
  bool is_list;
  ArgMode arg;
  bool hidden;  // usable, but not listed by `falconet fields`
  Display display;
  std::string_view description;
  FieldCode code;
};

// A field as one condition or output uses it: the field, its argument, and
// the plan slots its extractor reads. Created by FieldRegistry::Resolve.
struct FieldRef {
  const FieldInfo* info = nullptr;
  std::optional<std::string> arg;  // the argument as written, if any
  uint64_t index = 0;              // parsed index argument
  std::vector<SlotId> slots;       // in the order the extractor expects
};

class FieldRegistry {
 public:
  // The registry for `source`, or nullptr if falconet does not know it.
  // The returned object lives for the whole process.
  static const FieldRegistry* ForSource(std::string_view source);

  virtual ~FieldRegistry() = default;

  // The source this registry serves, e.g. "aws_cloudtrail".
  virtual std::string_view source() const = 0;

  // The field called `name` (argument excluded), or nullptr.
  virtual const FieldInfo* Find(std::string_view name) const = 0;

  // Every field, in listing order (hidden ones included).
  virtual const std::vector<FieldInfo>& fields() const = 0;

  // Validates `name[arg]` and adds the paths it reads to `plan` (hot when a
  // condition reads it). Errors carry Falco's texts, e.g.
  // "filter_check called with nonexistent field ct.foo" or
  // "filter 'json.value': json.value requires an argument but none provided".
  virtual absl::StatusOr<FieldRef> Resolve(std::string_view name,
                                           std::optional<std::string_view> arg,
                                           PathPlan& plan, bool hot) const = 0;

  // Appends the field's values for `event` to `out` (nothing when missing).
  virtual void Extract(const FieldRef& ref, const EventView& event,
                       ValueList& out) const = 0;
};

}  // namespace falconet

#endif  // FALCONET_FIELDS_FIELD_REGISTRY_H_
