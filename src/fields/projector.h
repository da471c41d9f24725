// The projection pass: one forward walk over a record that fills the slots
// of a PathPlan with the raw text found at each planned path.
//
// The walk runs over simdjson's stage 1 index of the record's tokens. Only
// planned paths are captured; every other value is passed over, but its
// grammar is still checked, so that a record damaged anywhere is refused
// as fastjson refuses it (literals must be true, false or null; numbers
// are any run of number characters, as fastjson reads them). Text glued
// to a string ("a"b) is a token of its own in stage 1's index, and out of
// place there.
//
// Lookups follow fastjson, which Falco's plugins use: the first of
// duplicate keys wins (later ones, and their children, are ignored), keys
// match after unescaping, and array elements are addressed by keys that
// Go's strconv.Atoi accepts ("0", "1", also "+1" or "01").
// When a path is planned whole and some of its children are planned too,
// the whole value is captured and the children are found in its text.
//
// A Projector owns a reusable stage 1 buffer: after the first records it
// allocates nothing more unless a record is larger than any before. Not
// thread-safe; use one per thread.
#ifndef FALCONET_FIELDS_PROJECTOR_H_
#define FALCONET_FIELDS_PROJECTOR_H_

#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "fields/path_plan.h"

namespace falconet {

class Projector {
 public:
  Projector();
  ~Projector();
  Projector(Projector&&) noexcept;
  Projector& operator=(Projector&&) noexcept;

  // Fills `slots` (resized to plan.size()) for the record `json`, which
  // must be followed by simdjson::SIMDJSON_PADDING readable bytes. Only hot
  // paths are projected unless `include_cold`. Slots point into `json`.
  //
  // Fails, with every slot empty, when the record is not valid JSON, is not
  // an object or is not valid UTF-8; the message says which ("invalid JSON:
  // ...", "record is not a JSON object", "record is not valid UTF-8").
  // Nesting is not limited (fastjson, which Falco uses, has no limit
  // either; the evaluator applies the plugin's).
  absl::Status Project(const PathPlan& plan, std::string_view json,
                       bool include_cold, std::vector<Slot>& slots);

  // The deepest nesting of objects and arrays in the last record projected
  // without error, the record itself counting 1.
  int depth() const;

  // Indexes the tokens of a whole buffer of records (a Records document)
  // in one stage 1 pass, for ProjectAt; the buffer must stay alive and
  // unchanged while ProjectAt reads it. Fails as stage 1 does (invalid
  // UTF-8, an unclosed string): the records are then projected one by one.
  // The index takes four bytes per byte of the buffer until the next
  // Index.
  absl::Status Index(std::string_view buffer);

  // Project() for the object that starts at byte `offset` of the indexed
  // buffer, hot paths only, without a stage 1 pass of its own; `end` gets
  // the offset just past the object. Records are best taken in order. On
  // failure (damage in the record), project it with Project() instead,
  // which finds the same damage or none, and says which.
  absl::Status ProjectAt(const PathPlan& plan, size_t offset,
                         std::vector<Slot>& slots, size_t& end);

 private:
  // The simdjson parser and the walk's state; kept out of this header so
  // that its users need not agree on simdjson's build options.
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace falconet

#endif  // FALCONET_FIELDS_PROJECTOR_H_
