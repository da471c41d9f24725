#include "fields/projector.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>

#include "fields/json_text.h"
#include "simdjson.h"

namespace falconet {
namespace {

using simdjson::error_code;

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsNumberChar(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' ||
         c == 'e' || c == 'E';
}

// The word of up to eight bytes at `at`, inside a padded record, zero past
// `size` bytes: one load, reading at most seven bytes past them.
uint64_t PaddedWord(const char* at, size_t size) {
  uint64_t word;
  std::memcpy(&word, at, 8);
  return size >= 8 ? word : word & ~(~uint64_t{0} << (8 * size));
}

bool HasBackslashByte(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101;
  constexpr uint64_t kHighs = 0x8080808080808080;
  uint64_t x = word ^ (kOnes * '\\');
  return ((x - kOnes) & ~x & kHighs) != 0;
}

// Whether text inside a padded record holds a backslash, eight bytes at a
// time.
bool HasBackslash(std::string_view text) {
  for (size_t at = 0; at < text.size(); at += 8) {
    if (HasBackslashByte(PaddedWord(text.data() + at, text.size() - at))) {
      return true;
    }
  }
  return false;
}

absl::Status MakeProjectionError(error_code error) {
  switch (error) {
    case simdjson::UTF8_ERROR:
      return absl::InvalidArgumentError("record is not valid UTF-8");
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

// The walk runs over simdjson's stage 1 output: the positions of every
// bracket, colon, comma, string and literal of the record. Each position
// is looked at once, in order; the grammar is checked all the way, also in
// values no path reads, so that a record is refused for damage anywhere as
// fastjson refuses it.
class Projector::Impl {
 public:
  absl::Status Project(const PathPlan& plan, std::string_view json,
                       bool include_cold, std::vector<Slot>& slots);
  int depth() const { return max_depth_; }
  absl::Status Index(std::string_view buffer);
  absl::Status ProjectAt(const PathPlan& plan, size_t offset,
                         std::vector<Slot>& slots, size_t& end);

 private:
  using Node = PathPlan::Node;

  using Stage1 = std::unique_ptr<simdjson::internal::dom_parser_implementation>;

  error_code Reserve(Stage1& stage1, size_t size, bool geometric);
  void Start(const PathPlan& plan, bool include_cold, std::vector<Slot>& slots);
  absl::Status Failed(error_code error);
  error_code Walk(std::string_view json);
  error_code WalkIndexed(size_t offset);

  // The record's tokens: j_ is the cursor, Token() the first byte of the
  // token there ('\0' past the last).
  char Token() const { return j_ < n_ ? buf_[idx_[j_]] : '\0'; }
  size_t Pos(uint32_t j) const { return j < n_ ? idx_[j] : len_; }
  size_t StringEnd(uint32_t j) const;
  error_code CheckLiteral(uint32_t j) const;
  error_code Key(std::string_view* raw_key);
  error_code SkipValue();
  error_code SkipMember();
  error_code CaptureValue(std::string_view& raw);
  std::string_view TextSince(size_t begin) const;

  bool Open(char close);
  error_code Next(char close, bool& closed);
  error_code WalkObject(uint32_t node);
  error_code WalkArray(uint32_t node);
  error_code Visit(uint32_t node);
  void ResolveFromText(std::string_view raw, uint32_t node);

  // The child of `node` named by an object key (raw, as in the record),
  // or 0 when the key is not planned or was already seen.
  uint32_t MatchKey(uint32_t node, std::string_view raw_key);
  size_t WantedChildren(uint32_t node) const;
  bool Wanted(uint32_t node) const;
  bool Captured(uint32_t node) const;

  Stage1 stage1_;  // one record's tokens
  // The tokens of a whole buffer (Index), and where the last ProjectAt
  // left off in them.
  Stage1 buffer_stage1_;
  std::string_view indexed_buffer_;
  bool indexed_ = false;
  uint32_t cursor_ = 0;
  const char* buf_ = nullptr;
  size_t len_ = 0;
  const char* read_limit_ = nullptr;  // word reads stay below this
  const uint32_t* idx_ = nullptr;
  uint32_t n_ = 0;
  uint32_t j_ = 0;
  int level_ = 0;      // containers the planned walk is inside
  int max_depth_ = 0;  // the deepest nesting met
  // SkipValue's stack: per open container, whether it is an object.
  std::vector<uint8_t> in_object_ = std::vector<uint8_t>(64);

  const PathPlan* plan_ = nullptr;
  bool include_cold_ = false;
  std::vector<Slot>* slots_ = nullptr;
  // Per plan node, the walk that last saw its key (first key wins): a
  // walk counter, so that nothing is cleared per record.
  std::vector<uint32_t> seen_;
  uint32_t walk_ = 0;
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

int Projector::depth() const { return impl_->depth(); }

absl::Status Projector::Index(std::string_view buffer) {
  return impl_->Index(buffer);
}

absl::Status Projector::ProjectAt(const PathPlan& plan, size_t offset,
                                  std::vector<Slot>& slots, size_t& end) {
  return impl_->ProjectAt(plan, offset, slots, end);
}

// Points the walk at `plan` and `slots`, every slot empty.
void Projector::Impl::Start(const PathPlan& plan, bool include_cold,
                            std::vector<Slot>& slots) {
  plan_ = &plan;
  include_cold_ = include_cold;
  slots_ = &slots;
  slots.assign(plan.size(), Slot{});
  if (seen_.size() < plan.nodes().size() || ++walk_ == 0) {
    seen_.assign(std::max(seen_.size(), plan.nodes().size()), 0);
    walk_ = 1;
  }
}

// A failed walk leaves no slot filled.
absl::Status Projector::Impl::Failed(error_code error) {
  slots_->assign(plan_->size(), Slot{});
  return ProjectionError(error);
}

absl::Status Projector::Impl::Project(const PathPlan& plan,
                                      std::string_view json, bool include_cold,
                                      std::vector<Slot>& slots) {
  Start(plan, include_cold, slots);
  if (error_code error = Walk(json)) return Failed(error);
  if (Captured(0)) (*slots_)[plan.nodes()[0].slot].raw = json_text::Trim(json);
  return absl::OkStatus();
}

error_code Projector::Impl::Walk(std::string_view json) {
  SIMDJSON_TRY(Reserve(stage1_, json.size(), true));
  SIMDJSON_TRY(stage1_->stage1(reinterpret_cast<const uint8_t*>(json.data()),
                               json.size(), simdjson::stage1_mode::regular));
  buf_ = json.data();
  len_ = json.size();
  read_limit_ = buf_ + len_ + simdjson::SIMDJSON_PADDING;
  idx_ = stage1_->structural_indexes.get();
  n_ = stage1_->n_structural_indexes;
  j_ = 0;
  level_ = 0;
  max_depth_ = 0;

  if (Token() != '{') return simdjson::INCORRECT_TYPE;
  SIMDJSON_TRY(WalkObject(0));
  // Everything must have been consumed: "{} {}" is not one record.
  return j_ == n_ ? simdjson::SUCCESS : simdjson::TRAILING_CONTENT;
}

// Records grow the capacity geometrically, so that a stream of growing
// records reallocates a few times only; a buffer's index is sized to the
// buffer (in megabytes), since it takes four bytes per byte.
error_code Projector::Impl::Reserve(Stage1& stage1, size_t size,
                                    bool geometric) {
  constexpr size_t kMinCapacity = 64 * 1024;
  constexpr size_t kStep = 1 << 20;
  if (stage1 && stage1->capacity() >= size) return simdjson::SUCCESS;
  size_t capacity = std::max(size, kMinCapacity);
  if (geometric && stage1) {
    capacity = std::max(capacity, 2 * stage1->capacity());
  } else if (!geometric) {
    capacity = (capacity + kStep - 1) / kStep * kStep;
  }
  if (!stage1) {
    // The depth is stage 2's, which is not used.
    return simdjson::get_active_implementation()
        ->create_dom_parser_implementation(capacity, 1, stage1);
  }
  return stage1->set_capacity(capacity);
}

absl::Status Projector::Impl::Index(std::string_view buffer) {
  indexed_ = false;
  error_code error = Reserve(buffer_stage1_, buffer.size(), false);
  if (!error) {
    error =
        buffer_stage1_->stage1(reinterpret_cast<const uint8_t*>(buffer.data()),
                               buffer.size(), simdjson::stage1_mode::regular);
  }
  if (error) return ProjectionError(error);
  indexed_ = true;
  indexed_buffer_ = buffer;
  cursor_ = 0;
  return absl::OkStatus();
}

absl::Status Projector::Impl::ProjectAt(const PathPlan& plan, size_t offset,
                                        std::vector<Slot>& slots, size_t& end) {
  Start(plan, false, slots);
  if (error_code error = WalkIndexed(offset)) return Failed(error);
  end = idx_[j_ - 1] + 1;
  cursor_ = j_;
  if (Captured(0)) {
    (*slots_)[plan.nodes()[0].slot].raw =
        indexed_buffer_.substr(offset, end - offset);
  }
  return absl::OkStatus();
}

// The object at `offset` of the indexed buffer: its first token is the
// cursor's when records are taken in order, else found by search.
error_code Projector::Impl::WalkIndexed(size_t offset) {
  if (!indexed_) return simdjson::UNINITIALIZED;
  buf_ = indexed_buffer_.data();
  len_ = indexed_buffer_.size();
  read_limit_ = buf_ + len_;
  idx_ = buffer_stage1_->structural_indexes.get();
  n_ = buffer_stage1_->n_structural_indexes;
  j_ = cursor_;
  while (j_ < n_ && idx_[j_] < offset && buf_[idx_[j_]] == ',') ++j_;
  if (j_ >= n_ || idx_[j_] != offset) {
    j_ =
        static_cast<uint32_t>(std::lower_bound(idx_, idx_ + n_, offset) - idx_);
  }
  level_ = 0;
  max_depth_ = 0;
  if (Token() != '{' || idx_[j_] != offset) return simdjson::INCORRECT_TYPE;
  return WalkObject(0);
}

// Just past the closing quote of the string token `j`, or 0. Stage 1 saw
// the string closed; its closing quote must be the last byte before the
// next token but blanks, or something follows it unseparated ("a"b).
[[gnu::always_inline]] inline size_t Projector::Impl::StringEnd(
    uint32_t j) const {
  size_t begin = idx_[j];
  size_t end = Pos(j + 1);
  while (end > begin + 1 && IsBlank(buf_[end - 1])) --end;
  return end > begin + 1 && buf_[end - 1] == '"' ? end : 0;
}

// A token that is neither a bracket nor a string: a literal, or a number
// as fastjson reads one (any run of the bytes a number may hold).
error_code Projector::Impl::CheckLiteral(uint32_t j) const {
  size_t begin = idx_[j];
  size_t end = Pos(j + 1);
  while (end > begin && IsBlank(buf_[end - 1])) --end;
  std::string_view text(buf_ + begin, end - begin);
  switch (text.empty() ? '\0' : text[0]) {
    case 't':
      return text == "true" ? simdjson::SUCCESS : simdjson::T_ATOM_ERROR;
    case 'f':
      return text == "false" ? simdjson::SUCCESS : simdjson::F_ATOM_ERROR;
    case 'n':
      return text == "null" ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    case '\0':
    case ':':
    case ',':
    case '}':
    case ']':
      return simdjson::TAPE_ERROR;  // a value was expected
    default:
      return std::all_of(text.begin(), text.end(), IsNumberChar)
                 ? simdjson::SUCCESS
                 : simdjson::NUMBER_ERROR;
  }
}

// A member's key and its colon; `raw_key` gets the key between its quotes.
[[gnu::always_inline]] inline error_code Projector::Impl::Key(
    std::string_view* raw_key) {
  size_t end = Token() == '"' ? StringEnd(j_) : 0;
  if (end == 0) return simdjson::TAPE_ERROR;
  if (raw_key != nullptr) {
    *raw_key = std::string_view(buf_ + idx_[j_] + 1, end - idx_[j_] - 2);
  }
  ++j_;
  if (Token() != ':') return simdjson::TAPE_ERROR;
  ++j_;
  return simdjson::SUCCESS;
}

// Checks and passes the value at the cursor. A
// loop with its own stack: this is where most of a record's tokens go.
error_code Projector::Impl::SkipValue() {
  int open = 0;
  for (;;) {
    char c = Token();
    if (c == '{' || c == '[') {
      char close = c == '{' ? '}' : ']';
      ++j_;
      if (Token() == close) {
        ++j_;
      } else {
        // fastjson has no depth limit, nor has this walk: the evaluator
        // applies Falco's before projecting.
        if (static_cast<size_t>(open) == in_object_.size()) {
          in_object_.resize(2 * in_object_.size());
        }
        in_object_[open++] = c == '{';
        max_depth_ = std::max(max_depth_, level_ + open);
        if (c == '{') SIMDJSON_TRY(Key(nullptr));
        continue;
      }
    } else if (c == '"') {
      if (StringEnd(j_) == 0) return simdjson::TAPE_ERROR;
      ++j_;
    } else {
      SIMDJSON_TRY(CheckLiteral(j_));
      ++j_;
    }

    // After a value: close what ends here, then on to the next one.
    for (;;) {
      if (open == 0) return simdjson::SUCCESS;
      bool object = in_object_[open - 1];
      c = Token();
      ++j_;
      if (c == ',') {
        if (object) SIMDJSON_TRY(Key(nullptr));
        break;
      }
      if (c != (object ? '}' : ']')) return simdjson::TAPE_ERROR;
      --open;
    }
  }
}

// The text from `begin` to the token at the cursor, without the blanks
// before that token.
std::string_view Projector::Impl::TextSince(size_t begin) const {
  size_t end = Pos(j_);
  while (end > begin && IsBlank(buf_[end - 1])) --end;
  return std::string_view(buf_ + begin, end - begin);
}

// SkipValue with the commonest case, a string, inline: most members that
// no path reads are strings.
[[gnu::always_inline]] inline error_code Projector::Impl::SkipMember() {
  if (Token() != '"') return SkipValue();
  if (StringEnd(j_) == 0) return simdjson::TAPE_ERROR;
  ++j_;
  return simdjson::SUCCESS;
}

// Passes the value at the cursor and returns its text.
error_code Projector::Impl::CaptureValue(std::string_view& raw) {
  size_t begin = idx_[j_];
  SIMDJSON_TRY(SkipValue());
  raw = TextSince(begin);
  return simdjson::SUCCESS;
}

[[gnu::always_inline]] inline bool Projector::Impl::Wanted(
    uint32_t node) const {
  return include_cold_ || plan_->nodes()[node].hot;
}

[[gnu::always_inline]] inline bool Projector::Impl::Captured(
    uint32_t node) const {
  const Node& n = plan_->nodes()[node];
  return include_cold_ ? n.slot >= 0 : n.hot_slot;
}

// Keys of up to sixteen bytes, almost all of them, are two loads and a
// probe; escapes in a key cost an unescaped copy.
[[gnu::always_inline]] inline uint32_t Projector::Impl::MatchKey(
    uint32_t node, std::string_view raw_key) {
  static_assert(std::endian::native == std::endian::little,
                "key words are read as little-endian");
  // Words are read up to seven bytes past the key: within a padded record
  // always, within an indexed buffer unless the key is near its end.
  bool near_end = raw_key.data() + raw_key.size() + 8 > read_limit_;
  uint64_t words[2] = {0, 0};
  bool escaped = false;
  if (near_end) {
    escaped = raw_key.find('\\') != std::string_view::npos;
  } else {
    words[0] = PaddedWord(raw_key.data(), raw_key.size());
    if (raw_key.size() > 8) {
      words[1] = PaddedWord(raw_key.data() + 8, raw_key.size() - 8);
    }
    escaped = HasBackslashByte(words[0]) || HasBackslashByte(words[1]) ||
              (raw_key.size() > 16 && HasBackslash(raw_key.substr(16)));
  }

  std::string_view key = raw_key;
  if (escaped) {
    key_scratch_.clear();
    json_text::AppendUnescaped(raw_key, key_scratch_);
    key = key_scratch_;
  }
  if (escaped || near_end) {
    words[0] = PathPlan::KeyPrefix(key);
    words[1] = key.size() > 8 ? PathPlan::KeyPrefix(key.substr(8)) : 0;
  }
  uint32_t child = plan_->FindChild(node, key, words[0], words[1]);
  return child == 0 || seen_[child] == walk_ || !Wanted(child) ? 0 : child;
}

[[gnu::always_inline]] inline size_t Projector::Impl::WantedChildren(
    uint32_t node) const {
  const Node& n = plan_->nodes()[node];
  return include_cold_ ? n.children.size() : n.hot_children;
}

// The planned walk enters the container at the cursor; true when it is
// empty (and already left).
[[gnu::always_inline]] inline bool Projector::Impl::Open(char close) {
  max_depth_ = std::max(max_depth_, ++level_);
  ++j_;
  if (Token() != close) return false;
  ++j_;
  --level_;
  return true;
}

// Past the comma after an item, or past the container's end (`closed`;
// the planned walk then leaves it).
[[gnu::always_inline]] inline error_code Projector::Impl::Next(char close,
                                                               bool& closed) {
  char c = Token();
  ++j_;
  closed = c == close;
  if (closed) --level_;
  return closed || c == ',' ? simdjson::SUCCESS : simdjson::TAPE_ERROR;
}

// The object at the cursor, whose planned members are visited; once all
// are found the rest is only checked.
error_code Projector::Impl::WalkObject(uint32_t node) {
  size_t remaining = WantedChildren(node);
  if (Open('}')) return simdjson::SUCCESS;
  for (;;) {
    std::string_view raw_key;
    SIMDJSON_TRY(Key(&raw_key));
    uint32_t child = remaining != 0 ? MatchKey(node, raw_key) : 0;
    if (child != 0) {
      seen_[child] = walk_;
      --remaining;
      SIMDJSON_TRY(Visit(child));
    } else {
      SIMDJSON_TRY(SkipMember());
    }
    bool closed = false;
    SIMDJSON_TRY(Next('}', closed));
    if (closed) return simdjson::SUCCESS;
  }
}

error_code Projector::Impl::WalkArray(uint32_t node) {
  const std::vector<Node>& nodes = plan_->nodes();
  if (Open(']')) return simdjson::SUCCESS;
  for (int64_t i = 0;; ++i) {
    // Several keys may name one element ("1", "01", "+1"): its text is
    // captured once and serves them all.
    bool wanted = false;
    for (uint32_t child : nodes[node].children) {
      wanted = wanted || (Wanted(child) && nodes[child].array_index == i);
    }
    if (wanted) {
      std::string_view raw;
      SIMDJSON_TRY(CaptureValue(raw));
      for (uint32_t child : nodes[node].children) {
        if (!Wanted(child) || nodes[child].array_index != i) continue;
        if (Captured(child)) (*slots_)[nodes[child].slot].raw = raw;
        ResolveFromText(raw, child);
      }
    } else {
      SIMDJSON_TRY(SkipValue());
    }
    bool closed = false;
    SIMDJSON_TRY(Next(']', closed));
    if (closed) return simdjson::SUCCESS;
  }
}

// The value at the cursor, planned as `node`: captured whole, walked for
// planned children, or both in one pass.
error_code Projector::Impl::Visit(uint32_t node) {
  bool descend = WantedChildren(node) != 0;
  bool captured = Captured(node);
  size_t begin = idx_[j_];
  char c = Token();
  if (descend && c == '{') {
    SIMDJSON_TRY(WalkObject(node));
  } else if (descend && c == '[') {
    SIMDJSON_TRY(WalkArray(node));
  } else {
    SIMDJSON_TRY(SkipMember());
  }
  if (captured) (*slots_)[plan_->nodes()[node].slot].raw = TextSince(begin);
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
