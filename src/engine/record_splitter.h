// Splits an input buffer into CloudTrail records.
//
// Accepts what CloudTrail and its tools write: a `{"Records":[...]}`
// document (one per file, or one per line), a bare `[...]` array of
// records, a single record, or JSON Lines with one record per line. The
// split is a string- and escape-aware brace scan, as Falco's cloudtrail
// plugin does it, so a damaged record costs only itself: each slice is
// parsed on its own later. After the first value, more values mean JSON
// Lines: each further line is one slice, taken whole without a scan (a
// line holding two objects is one damaged record). Slices are views into
// the buffer.
//
// Not thread-safe; cheap to construct.
#ifndef FALCONET_ENGINE_RECORD_SPLITTER_H_
#define FALCONET_ENGINE_RECORD_SPLITTER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace falconet {

struct RecordSlice {
  std::string_view json;  // the record's raw bytes
  uint64_t index = 0;     // 0-based position among the records of the input
  size_t offset = 0;      // byte offset of the record in the buffer
  uint64_t line = 0;      // 1-based line where the record starts
  // Set when the slice cannot be a record (e.g. "record is not an object",
  // "Records is not an array"); json then holds the offending text.
  std::string_view error;
};

class RecordSplitter {
 public:
  explicit RecordSplitter(std::string_view buffer);

  // Fills `out` with the next record (or non-record); false at the end.
  bool Next(RecordSlice& out);

  // Inside a Records array, when the next element is an object: its
  // offset. The caller may then find where it ends (a projection over a
  // token index does) and take it with TakeObject, sparing the scan; else
  // Next() takes it as usual.
  bool PeekObject(size_t& begin);
  // Takes the object PeekObject found as the next record, ending at `end`;
  // false (and nothing taken) when `end` lies outside the array.
  bool TakeObject(size_t end, RecordSlice& out);

 private:
  enum class Mode { kStart, kTopLevel, kRecordsArray };

  bool NextTopLevel(RecordSlice& out);
  bool NextInArray(RecordSlice& out);
  size_t DocumentKeyEnd(size_t begin, size_t limit) const;
  bool EnterDocument(size_t begin, size_t limit, RecordSlice& out);
  void EnterArray(size_t first, size_t limit, int depth);
  void LeaveArray();
  void Emit(size_t begin, size_t end, std::string_view error, RecordSlice& out);
  void SkipBlanks();
  void SkipSeparators();
  size_t ValueEnd(size_t begin, size_t limit);
  uint64_t LineAt(size_t offset);

  std::string_view buf_;
  size_t pos_ = 0;
  Mode mode_ = Mode::kStart;
  // kRecordsArray: where the array's input ends (the buffer's end, or the
  // line's in JSON Lines) and how many brackets are open around its
  // elements (1 for a bare array, 2 in a Records document).
  size_t array_limit_ = 0;
  int array_depth_ = 0;
  uint64_t next_index_ = 0;
  size_t line_pos_ = 0;  // LineAt() counts newlines incrementally
  uint64_t line_ = 1;
};

}  // namespace falconet

#endif  // FALCONET_ENGINE_RECORD_SPLITTER_H_
