#include "engine/record_splitter.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace falconet {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Index just past the string that starts at `begin` (a quote), or the end.
// memchr finds the quotes (most of a record's bytes are inside strings); a
// quote closes the string unless an odd run of backslashes precedes it.
size_t StringEnd(std::string_view buf, size_t begin) {
  size_t from = begin + 1;
  while (from < buf.size()) {
    const void* found = std::memchr(buf.data() + from, '"', buf.size() - from);
    if (found == nullptr) break;
    size_t quote = static_cast<const char*>(found) - buf.data();
    size_t backslashes = 0;
    while (quote - backslashes > begin + 1 &&
           buf[quote - backslashes - 1] == '\\') {
      ++backslashes;
    }
    if (backslashes % 2 == 0) return quote + 1;
    from = quote + 1;
  }
  return buf.size();
}

// The scan of an object or array, byte by byte or a block at a time.
struct ContainerScan {
  int depth = 0;
  int max_depth = 0;
  bool in_string = false;
  bool escaped = false;  // the previous byte was a backslash in a string

  // Takes one byte; true when it closes the container.
  bool Step(char b) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (b == '\\') {
        escaped = true;
      } else if (b == '"') {
        in_string = false;
      }
      return false;
    }
    if (b == '"') {
      in_string = true;
    } else if (b == '{' || b == '[') {
      max_depth = std::max(max_depth, ++depth);
    } else if ((b == '}' || b == ']') && --depth == 0) {
      return true;
    }
    return false;
  }
};

#if defined(__SSE2__)
// Where in a 64-byte block the bytes that matter to the scan are: bit i
// stands for byte i.
struct BlockMasks {
  uint64_t quote = 0;
  uint64_t backslash = 0;
  uint64_t open = 0;   // '{' or '['
  uint64_t close = 0;  // '}' or ']'
};

BlockMasks Classify(const char* block) {
  // '{' and '[' differ only in bit 0x20, as do '}' and ']'.
  const __m128i case_bit = _mm_set1_epi8(0x20);
  BlockMasks m;
  for (int i = 0; i < 4; ++i) {
    __m128i v =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * i));
    __m128i folded = _mm_or_si128(v, case_bit);
    auto bits = [&](__m128i eq) {
      return static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(eq)))
             << (16 * i);
    };
    m.quote |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
    m.backslash |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
    m.open |= bits(_mm_cmpeq_epi8(folded, _mm_set1_epi8('{')));
    m.close |= bits(_mm_cmpeq_epi8(folded, _mm_set1_epi8('}')));
  }
  return m;
}

// Bit i of the result is the parity of the bits 0..i of x.
uint64_t PrefixXor(uint64_t x) {
  for (int shift = 1; shift < 64; shift *= 2) x ^= x << shift;
  return x;
}
#endif

// Index just past the object or array that starts at `begin`, or the end;
// `max_depth` gets the deepest bracket nesting inside it. Blocks without a
// backslash are scanned 64 bytes at a time: there every quote opens or
// closes a string, so the quotes' running parity tells which brackets lie
// inside strings. Other blocks go byte by byte.
size_t ContainerEnd(std::string_view buf, size_t begin, int& max_depth) {
  ContainerScan scan;
  struct Report {
    ContainerScan& scan;
    int& out;
    ~Report() { out = scan.max_depth; }
  } report{scan, max_depth};
  size_t i = begin;
#if defined(__SSE2__)
  for (; i + 64 <= buf.size(); i += 64) {
    BlockMasks m = Classify(buf.data() + i);
    if (m.backslash != 0 || scan.escaped) {
      for (size_t j = i; j < i + 64; ++j) {
        if (scan.Step(buf[j])) return j + 1;
      }
      continue;
    }
    uint64_t inside = PrefixXor(m.quote);
    if (scan.in_string) inside = ~inside;
    scan.in_string = (inside >> 63) != 0;
    for (uint64_t brackets = (m.open | m.close) & ~inside; brackets != 0;
         brackets &= brackets - 1) {
      int bit = __builtin_ctzll(brackets);
      if ((m.open >> bit) & 1) {
        scan.max_depth = std::max(scan.max_depth, ++scan.depth);
      } else if (--scan.depth == 0) {
        return i + bit + 1;
      }
    }
  }
#endif
  for (; i < buf.size(); ++i) {
    if (scan.Step(buf[i])) return i + 1;
  }
  return buf.size();
}

}  // namespace

RecordSplitter::RecordSplitter(std::string_view buffer) : buf_(buffer) {
  // A UTF-8 byte order mark is not JSON, but editors write it.
  if (buf_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

bool RecordSplitter::Next(RecordSlice& out) {
  if (mode_ == Mode::kRecordsArray) {
    if (NextInArray(out)) return true;
    mode_ = Mode::kTopLevel;
    pos_ = document_end_;
  }
  return NextTopLevel(out);
}

void RecordSplitter::SkipBlanks() {
  while (pos_ < buf_.size() && IsBlank(buf_[pos_])) ++pos_;
}

// Where the value starting at `begin` ends: past its closing bracket for
// objects and arrays (strings and escapes respected), past the closing
// quote for strings, at the next delimiter for anything else. Unbalanced
// input runs to the end of the buffer.
size_t RecordSplitter::ValueEnd(size_t begin) {
  char c = buf_[begin];
  if (c == '"') return StringEnd(buf_, begin);
  if (c != '{' && c != '[') {
    size_t i = begin;
    while (i < buf_.size() && !IsBlank(buf_[i]) && buf_[i] != ',' &&
           buf_[i] != ']' && buf_[i] != '}') {
      ++i;
    }
    return std::max(i, begin + 1);
  }

  return ContainerEnd(buf_, begin, last_depth_);
}

bool RecordSplitter::NextTopLevel(RecordSlice& out) {
  SkipBlanks();
  if (pos_ >= buf_.size()) return false;

  size_t begin = pos_;
  size_t end = ValueEnd(begin);
  // Text that is not an object or array is one damaged line, however many
  // words it has.
  if (buf_[begin] != '{' && buf_[begin] != '[') {
    end = std::max(end, std::min(buf_.find('\n', begin), buf_.size()));
  }
  // After the first value, more values mean JSON Lines: one per line, so a
  // damaged line cannot swallow the lines after it.
  if (mode_ == Mode::kTopLevel) {
    size_t eol = buf_.find('\n', begin);
    if (eol != std::string_view::npos && eol < end) end = eol;
  }
  mode_ = Mode::kTopLevel;
  pos_ = end;

  char c = buf_[begin];
  if (c == '[') {
    mode_ = Mode::kRecordsArray;
    document_end_ = end;
    array_end_ = buf_[end - 1] == ']' ? end - 1 : end;
    pos_ = begin + 1;
    return Next(out);
  }
  if (c == '{' && IsDocument(begin, end)) {
    return EnterDocument(begin, end, out) || Next(out);
  }
  Emit(begin, end, c == '{' ? "" : "record is not an object", out);
  return true;
}

// A `{"Records": ...}` document: CloudTrail writes the key first, so only
// the first key is checked (a record never has a "Records" key).
bool RecordSplitter::IsDocument(size_t begin, size_t end) const {
  static constexpr std::string_view kKey = "\"Records\"";
  size_t key = begin + 1;
  while (key < end && IsBlank(buf_[key])) ++key;
  return buf_.compare(key, kKey.size(), kKey) == 0;
}

// A `{"Records": ...}` document: CloudTrail writes the key first, so only
// the first key is checked (a record never has a "Records" key).
bool RecordSplitter::EnterDocument(size_t begin, size_t end, RecordSlice& out) {
  static constexpr std::string_view kKey = "\"Records\"";
  size_t key = begin + 1;
  while (key < end && IsBlank(buf_[key])) ++key;
  if (buf_.compare(key, kKey.size(), kKey) != 0) return false;

  size_t value = key + kKey.size();
  while (value < end && (IsBlank(buf_[value]) || buf_[value] == ':')) ++value;
  if (value >= end || buf_[value] != '[') {
    Emit(begin, end, "Records is not an array", out);
    return true;
  }

  mode_ = Mode::kRecordsArray;
  document_end_ = end;
  size_t array_end = ValueEnd(value);
  array_end_ = buf_[array_end - 1] == ']' ? array_end - 1 : array_end;
  pos_ = value + 1;
  if (NextInArray(out)) return true;
  mode_ = Mode::kTopLevel;
  pos_ = end;
  return false;
}

bool RecordSplitter::NextInArray(RecordSlice& out) {
  while (pos_ < array_end_ && (IsBlank(buf_[pos_]) || buf_[pos_] == ',')) {
    ++pos_;
  }
  if (pos_ >= array_end_) return false;

  size_t begin = pos_;
  size_t end = std::min(ValueEnd(begin), array_end_);
  pos_ = end;
  Emit(begin, end, buf_[begin] == '{' ? "" : "record is not an object", out);
  return true;
}

void RecordSplitter::Emit(size_t begin, size_t end, std::string_view error,
                          RecordSlice& out) {
  out.json = buf_.substr(begin, end - begin);
  out.index = next_index_++;
  out.offset = begin;
  out.line = LineAt(begin);
  out.error = error;
  out.depth = buf_[begin] == '{' ? last_depth_ : 0;
}

uint64_t RecordSplitter::LineAt(size_t offset) {
  const char* at = buf_.data() + line_pos_;
  const char* end = buf_.data() + offset;
  while (at < end) {
    at = static_cast<const char*>(std::memchr(at, '\n', end - at));
    if (at == nullptr) break;
    ++line_;
    ++at;
  }
  line_pos_ = offset;
  return line_;
}

}  // namespace falconet
