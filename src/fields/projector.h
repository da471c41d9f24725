// The projection pass: one forward walk over a record that fills the slots
// of a PathPlan with the raw text found at each planned path.
//
// Only planned paths are looked at; everything else is skipped without
// being parsed. Lookups follow fastjson, which Falco's plugins use: the
// first of duplicate keys wins (later ones, and their children, are
// ignored), keys match after unescaping, and array elements are addressed
// by keys that Go's strconv.Atoi accepts ("0", "1", also "+1" or "01").
// When a path is planned whole and some of its children are planned too,
// the whole value is captured and the children are found in its text.
//
// A Projector owns a reusable simdjson parser: after the first records it
// allocates nothing more unless a record is larger than any before. Not
// thread-safe; use one per thread.
#ifndef FALCONET_FIELDS_PROJECTOR_H_
#define FALCONET_FIELDS_PROJECTOR_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "fields/path_plan.h"
#include "simdjson.h"

namespace falconet {

class Projector {
 public:
  Projector() = default;
  Projector(const Projector&) = delete;
  Projector& operator=(const Projector&) = delete;

  // Fills `slots` (resized to plan.size()) for the record `json`, which
  // must be followed by SIMDJSON_PADDING readable bytes. Only hot paths are
  // projected unless `include_cold`. Slots point into `json`.
  //
  // Fails, with every slot empty, when the record is not valid JSON, is not
  // an object or is not valid UTF-8; the message says which ("invalid JSON:
  // ...", "record is not a JSON object", "record is not valid UTF-8").
  // Values that are skipped are checked for balance only, and nesting is
  // not limited there (fastjson, which Falco uses, has no limit either).
  absl::Status Project(const PathPlan& plan, std::string_view json,
                       bool include_cold, std::vector<Slot>& slots);

 private:
  using Node = PathPlan::Node;

  simdjson::error_code Reserve(size_t size);
  simdjson::error_code WalkObject(simdjson::ondemand::object object,
                                  uint32_t node);
  simdjson::error_code WalkArray(simdjson::ondemand::array array,
                                 uint32_t node);
  simdjson::error_code Visit(simdjson::ondemand::value value, uint32_t node);
  void ResolveFromText(std::string_view raw, uint32_t node);

  // The child of `node` named by an object key (raw, as in the record),
  // or 0 when the key is not planned or was already seen.
  uint32_t MatchKey(uint32_t node, std::string_view raw_key);
  bool Wanted(uint32_t node) const;
  bool Captured(uint32_t node) const;

  simdjson::ondemand::parser parser_;
  const PathPlan* plan_ = nullptr;
  bool include_cold_ = false;
  std::vector<Slot>* slots_ = nullptr;
  std::vector<uint8_t> seen_;  // per plan node, for first-key-wins
  std::string key_scratch_;
};

}  // namespace falconet

#endif  // FALCONET_FIELDS_PROJECTOR_H_
