#include "engine/record_splitter.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "engine/container_scan.h"

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

}  // namespace

RecordSplitter::RecordSplitter(std::string_view buffer) : buf_(buffer) {
  // A UTF-8 byte order mark is not JSON, but editors write it.
  if (buf_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

bool RecordSplitter::Next(RecordSlice& out) {
  if (mode_ == Mode::kRecordsArray && NextInArray(out)) return true;
  return NextTopLevel(out);
}

void RecordSplitter::SkipBlanks() {
  while (pos_ < buf_.size() && IsBlank(buf_[pos_])) ++pos_;
}

// Where the value starting at `begin` ends, looking no further than
// `limit`: past its closing bracket for objects and arrays (strings and
// escapes respected), past the closing quote for strings, at the next
// delimiter for anything else. Unbalanced input runs to `limit`.
size_t RecordSplitter::ValueEnd(size_t begin, size_t limit) {
  std::string_view view = buf_.substr(0, limit);
  char c = view[begin];
  if (c == '"') return StringEnd(view, begin);
  if (c != '{' && c != '[') {
    size_t i = begin;
    while (i < limit && !IsBlank(view[i]) && view[i] != ',' && view[i] != ']' &&
           view[i] != '}') {
      ++i;
    }
    return std::max(i, begin + 1);
  }

  return ScanContainer(view, begin, 0);
}

bool RecordSplitter::NextTopLevel(RecordSlice& out) {
  SkipBlanks();
  if (pos_ >= buf_.size()) return false;

  // After the first value, more values mean JSON Lines: one per line, so a
  // damaged line cannot swallow the lines after it.
  size_t begin = pos_;
  size_t limit = buf_.size();
  if (mode_ == Mode::kTopLevel) limit = std::min(buf_.find('\n', begin), limit);
  Mode mode = mode_;
  mode_ = Mode::kTopLevel;

  char c = buf_[begin];
  if (c == '[') {
    EnterArray(begin + 1, limit, 1);
    return Next(out);
  }
  if (c == '{' && DocumentKeyEnd(begin, limit) != 0) {
    return EnterDocument(begin, limit, out) || Next(out);
  }

  // In JSON Lines a record is its line: the projection checks that it
  // holds one object and nothing else, so the line is not scanned here.
  // Text that is not an object or array is one damaged line, however many
  // words it has.
  size_t end = limit;
  if (c != '{') {
    end = std::max(ValueEnd(begin, limit), limit);
  } else if (mode == Mode::kStart) {
    end = ValueEnd(begin, limit);
  } else {
    while (end > begin + 1 && IsBlank(buf_[end - 1])) --end;  // CR
  }
  pos_ = end;
  Emit(begin, end, c == '{' ? "" : "record is not an object", out);
  // A JSON Lines record holds no newline: the next line count can start
  // after it.
  if (mode == Mode::kTopLevel) line_pos_ = end;
  return true;
}

// A `{"Records": ...}` document: CloudTrail writes the key first, so only
// the first key is checked (a record never has a "Records" key). Returns
// the offset just past that key, or 0 when the object is not a document.
size_t RecordSplitter::DocumentKeyEnd(size_t begin, size_t limit) const {
  static constexpr std::string_view kKey = "\"Records\"";
  size_t key = begin + 1;
  while (key < limit && IsBlank(buf_[key])) ++key;
  if (buf_.substr(0, limit).compare(key, kKey.size(), kKey) != 0) return 0;
  return key + kKey.size();
}

// Enters the Records array of the document at `begin`; reports the whole
// document when Records is not an array.
bool RecordSplitter::EnterDocument(size_t begin, size_t limit,
                                   RecordSlice& out) {
  size_t value = DocumentKeyEnd(begin, limit);
  while (value < limit && (IsBlank(buf_[value]) || buf_[value] == ':')) {
    ++value;
  }
  if (value >= limit || buf_[value] != '[') {
    size_t end = ScanContainer(buf_.substr(0, limit), begin, 0);
    pos_ = end;
    Emit(begin, end, "Records is not an array", out);
    return true;
  }
  EnterArray(value + 1, limit, 2);
  return false;
}

// The array's elements are found one by one; its end is known when its
// closing bracket comes, so that the input is scanned once.
void RecordSplitter::EnterArray(size_t first, size_t limit, int depth) {
  mode_ = Mode::kRecordsArray;
  pos_ = first;
  array_limit_ = limit;
  array_depth_ = depth;
}

bool RecordSplitter::PeekObject(size_t& begin) {
  if (mode_ != Mode::kRecordsArray) return false;
  SkipSeparators();
  if (pos_ >= array_limit_ || buf_[pos_] != '{') return false;
  begin = pos_;
  return true;
}

bool RecordSplitter::TakeObject(size_t end, RecordSlice& out) {
  if (end > array_limit_ || end <= pos_) return false;
  size_t begin = pos_;
  pos_ = end;
  Emit(begin, end, "", out);
  return true;
}

void RecordSplitter::SkipSeparators() {
  while (pos_ < array_limit_ && (IsBlank(buf_[pos_]) || buf_[pos_] == ',')) {
    ++pos_;
  }
}

bool RecordSplitter::NextInArray(RecordSlice& out) {
  SkipSeparators();
  if (pos_ >= array_limit_ || buf_[pos_] == ']') {
    LeaveArray();
    return false;
  }

  size_t begin = pos_;
  size_t end = ValueEnd(begin, array_limit_);
  pos_ = end;
  Emit(begin, end, buf_[begin] == '{' ? "" : "record is not an object", out);
  return true;
}

// Past the array's closing bracket (if any), then past the rest of the
// document around it.
void RecordSplitter::LeaveArray() {
  mode_ = Mode::kTopLevel;
  if (pos_ >= array_limit_) {
    pos_ = array_limit_;
    return;
  }
  ++pos_;
  if (array_depth_ > 1) {
    pos_ = ScanContainer(buf_.substr(0, array_limit_), pos_, array_depth_ - 1);
  }
}

void RecordSplitter::Emit(size_t begin, size_t end, std::string_view error,
                          RecordSlice& out) {
  out.json = buf_.substr(begin, end - begin);
  out.index = next_index_++;
  out.offset = begin;
  out.line = LineAt(begin);
  out.error = error;
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
