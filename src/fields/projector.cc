#include "fields/projector.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <string>

#include "fields/json_text.h"
#include "simdjson.h"

namespace falconet {
namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The raw bytes of a member's key, between its quotes. The key's end is
// found backwards from the value: only blanks and the colon lie between,
// as the field iterator checked, so no byte of the key is read twice.
std::string_view RawKey(od::field& field) {
  const char* body = reinterpret_cast<const char*>(field.key().raw());
  const char* p = field.value().raw_json_token().data() - 1;
  while (IsBlank(*p)) --p;
  --p;  // past the colon
  while (IsBlank(*p)) --p;
  return std::string_view(body, static_cast<size_t>(p - body));
}

bool HasBackslash(std::string_view text) {
  for (char c : text) {
    if (c == '\\') return true;
  }
  return false;
}

// The raw text of `value`, consuming it when it is a container.
error_code CaptureRaw(od::value& value, std::string_view& raw) {
  od::json_type type;
  SIMDJSON_TRY(value.type().get(type));
  if (type == od::json_type::object) {
    od::object object;
    SIMDJSON_TRY(value.get_object().get(object));
    SIMDJSON_TRY(object.raw_json().get(raw));
  } else if (type == od::json_type::array) {
    od::array array;
    SIMDJSON_TRY(value.get_array().get(array));
    SIMDJSON_TRY(array.raw_json().get(raw));
  } else {
    raw = value.raw_json_token();
  }
  // Raw views run up to the next token; the slot is the value alone.
  raw = json_text::Trim(raw);
  return simdjson::SUCCESS;
}

absl::Status MakeProjectionError(error_code error) {
  switch (error) {
    case simdjson::UTF8_ERROR:
      return absl::InvalidArgumentError("record is not valid UTF-8");
    case simdjson::DEPTH_ERROR:
      return absl::InvalidArgumentError("record nests too deeply");
    case simdjson::EMPTY:
      return absl::InvalidArgumentError("invalid JSON: empty record");
    case simdjson::INCORRECT_TYPE:
      return absl::InvalidArgumentError("record is not a JSON object");
    default:
      return absl::InvalidArgumentError(std::string("invalid JSON: ") +
                                        simdjson::error_message(error));
  }
}

// The error of each code is built once: copies of an absl::Status share its
// message, so a stream of bad records allocates nothing per record.
absl::Status ProjectionError(error_code error) {
  static const auto* const kErrors = [] {
    auto* errors = new std::array<absl::Status, simdjson::NUM_ERROR_CODES>;
    for (int code = 0; code < simdjson::NUM_ERROR_CODES; ++code) {
      (*errors)[code] = MakeProjectionError(static_cast<error_code>(code));
    }
    return errors;
  }();
  if (error < 0 || error >= simdjson::NUM_ERROR_CODES) {
    return MakeProjectionError(error);
  }
  return (*kErrors)[error];
}

}  // namespace

class Projector::Impl {
 public:
  absl::Status Project(const PathPlan& plan, std::string_view json,
                       bool include_cold, std::vector<Slot>& slots);

 private:
  using Node = PathPlan::Node;

  error_code Reserve(size_t size);
  error_code WalkObject(od::object object, uint32_t node);
  error_code WalkArray(od::array array, uint32_t node);
  error_code Visit(od::value value, uint32_t node);
  void ResolveFromText(std::string_view raw, uint32_t node);

  // The child of `node` named by an object key (raw, as in the record),
  // or 0 when the key is not planned or was already seen.
  uint32_t MatchKey(uint32_t node, std::string_view raw_key);
  size_t WantedChildren(uint32_t node) const;
  bool Wanted(uint32_t node) const;
  bool Captured(uint32_t node) const;

  od::parser parser_;
  const PathPlan* plan_ = nullptr;
  bool include_cold_ = false;
  std::vector<Slot>* slots_ = nullptr;
  std::vector<uint8_t> seen_;  // per plan node, for first-key-wins
  std::string key_scratch_;
};

Projector::Projector() : impl_(std::make_unique<Impl>()) {}
Projector::~Projector() = default;
Projector::Projector(Projector&&) noexcept = default;
Projector& Projector::operator=(Projector&&) noexcept = default;

absl::Status Projector::Project(const PathPlan& plan, std::string_view json,
                                bool include_cold, std::vector<Slot>& slots) {
  return impl_->Project(plan, json, include_cold, slots);
}

absl::Status Projector::Impl::Project(const PathPlan& plan,
                                      std::string_view json, bool include_cold,
                                      std::vector<Slot>& slots) {
  plan_ = &plan;
  include_cold_ = include_cold;
  slots_ = &slots;
  slots.assign(plan.size(), Slot{});
  seen_.assign(plan.nodes().size(), 0);

  simdjson::padded_string_view padded(json.data(), json.size(),
                                      json.size() + simdjson::SIMDJSON_PADDING);
  error_code error = Reserve(json.size());
  od::document doc;
  if (!error) error = parser_.iterate(padded).get(doc);
  od::json_type type = od::json_type::null;
  if (!error) error = doc.type().get(type);
  if (!error && type != od::json_type::object) error = simdjson::INCORRECT_TYPE;

  od::object root;
  if (!error) error = doc.get_object().get(root);
  if (!error) error = WalkObject(root, 0);
  // Everything must have been consumed: "{} {}" is not one record.
  if (!error && doc.current_location().error() != simdjson::OUT_OF_BOUNDS) {
    error = simdjson::TRAILING_CONTENT;
  }
  if (error) {
    slots.assign(plan.size(), Slot{});
    return ProjectionError(error);
  }

  if (Captured(0)) (*slots_)[plan.nodes()[0].slot].raw = json_text::Trim(json);
  return absl::OkStatus();
}

error_code Projector::Impl::Reserve(size_t size) {
  // Grow geometrically so that a stream of growing records reallocates a
  // few times only.
  constexpr size_t kMinCapacity = 64 * 1024;
  if (parser_.capacity() >= size) return simdjson::SUCCESS;
  size_t capacity = std::max({size, 2 * parser_.capacity(), kMinCapacity});
  return parser_.allocate(capacity);
}

bool Projector::Impl::Wanted(uint32_t node) const {
  return include_cold_ || plan_->nodes()[node].hot;
}

bool Projector::Impl::Captured(uint32_t node) const {
  int32_t slot = plan_->nodes()[node].slot;
  return slot >= 0 && (include_cold_ || plan_->hot(static_cast<SlotId>(slot)));
}

uint32_t Projector::Impl::MatchKey(uint32_t node, std::string_view raw_key) {
  std::string_view key = raw_key;
  if (HasBackslash(raw_key)) {
    key_scratch_.clear();
    json_text::AppendUnescaped(raw_key, key_scratch_);
    key = key_scratch_;
  }
  uint32_t child = plan_->FindChild(node, key);
  return child == 0 || seen_[child] || !Wanted(child) ? 0 : child;
}

size_t Projector::Impl::WantedChildren(uint32_t node) const {
  const Node& n = plan_->nodes()[node];
  return include_cold_ ? n.children.size() : n.hot_children;
}

error_code Projector::Impl::WalkObject(od::object object, uint32_t node) {
  size_t remaining = WantedChildren(node);

  // The root is walked to its end so that its structure is checked; inner
  // objects are left as soon as every planned child has been found.
  if (remaining == 0 && node != 0) return simdjson::SUCCESS;
  for (auto member : object) {
    od::field field;
    SIMDJSON_TRY(std::move(member).get(field));
    uint32_t child = MatchKey(node, RawKey(field));
    if (child == 0) continue;
    seen_[child] = 1;
    SIMDJSON_TRY(Visit(field.value(), child));
    if (--remaining == 0 && node != 0) break;
  }
  return simdjson::SUCCESS;
}

error_code Projector::Impl::WalkArray(od::array array, uint32_t node) {
  const std::vector<Node>& nodes = plan_->nodes();
  int64_t last = -1;
  for (uint32_t child : nodes[node].children) {
    if (Wanted(child)) last = std::max(last, nodes[child].array_index);
  }
  if (last < 0) return simdjson::SUCCESS;

  int64_t i = 0;
  for (auto element : array) {
    od::value value;
    SIMDJSON_TRY(std::move(element).get(value));
    // Several keys may name one element ("1", "01", "+1"): the first walks
    // it, the others are served from its text.
    uint32_t first = 0;
    std::string_view raw;
    for (uint32_t child : nodes[node].children) {
      if (!Wanted(child) || nodes[child].array_index != i) continue;
      if (first == 0) {
        first = child;
        SIMDJSON_TRY(CaptureRaw(value, raw));
      }
      if (Captured(child)) (*slots_)[nodes[child].slot].raw = raw;
      ResolveFromText(raw, child);
    }
    if (i++ == last) break;
  }
  return simdjson::SUCCESS;
}

error_code Projector::Impl::Visit(od::value value, uint32_t node) {
  const std::vector<Node>& nodes = plan_->nodes();
  bool descend = WantedChildren(node) != 0;

  if (Captured(node)) {
    std::string_view raw;
    SIMDJSON_TRY(CaptureRaw(value, raw));
    (*slots_)[nodes[node].slot].raw = raw;
    if (descend) ResolveFromText(raw, node);
    return simdjson::SUCCESS;
  }
  if (!descend) return simdjson::SUCCESS;

  od::json_type type;
  SIMDJSON_TRY(value.type().get(type));
  if (type == od::json_type::object) {
    od::object object;
    SIMDJSON_TRY(value.get_object().get(object));
    return WalkObject(object, node);
  }
  if (type == od::json_type::array) {
    od::array array;
    SIMDJSON_TRY(value.get_array().get(array));
    return WalkArray(array, node);
  }
  return simdjson::SUCCESS;
}

void Projector::Impl::ResolveFromText(std::string_view raw, uint32_t node) {
  const std::vector<Node>& nodes = plan_->nodes();
  for (uint32_t child : nodes[node].children) {
    if (!Wanted(child)) continue;
    std::optional<std::string_view> found =
        json_text::FindChild(raw, nodes[child].key);
    if (!found) continue;
    std::string_view child_raw = json_text::Trim(*found);
    if (Captured(child)) (*slots_)[nodes[child].slot].raw = child_raw;
    ResolveFromText(child_raw, child);
  }
}

}  // namespace falconet
