#include "engine/record_splitter.h"

#include <algorithm>

namespace falconet {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Index just past the string that starts at `begin` (a quote), or the end.
size_t StringEnd(std::string_view buf, size_t begin) {
  for (size_t i = begin + 1; i < buf.size(); ++i) {
    if (buf[i] == '\\') {
      ++i;
    } else if (buf[i] == '"') {
      return i + 1;
    }
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
size_t RecordSplitter::ValueEnd(size_t begin) const {
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

  int depth = 0;
  for (size_t i = begin; i < buf_.size(); ++i) {
    char b = buf_[i];
    if (b == '"') {
      i = StringEnd(buf_, i) - 1;
    } else if (b == '{' || b == '[') {
      ++depth;
    } else if ((b == '}' || b == ']') && --depth == 0) {
      return i + 1;
    }
  }
  return buf_.size();
}

bool RecordSplitter::NextTopLevel(RecordSlice& out) {
  SkipBlanks();
  if (pos_ >= buf_.size()) return false;

  size_t begin = pos_;
  size_t end = ValueEnd(begin);
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
}

uint64_t RecordSplitter::LineAt(size_t offset) {
  line_ += std::count(buf_.begin() + line_pos_, buf_.begin() + offset, '\n');
  line_pos_ = offset;
  return line_;
}

}  // namespace falconet
