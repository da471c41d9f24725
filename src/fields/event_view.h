// What a field sees of one event while it is being evaluated.
//
// Built by the evaluator for each record (and for each image_scan event) and
// valid only while that event is being evaluated. Not thread-safe.
#ifndef FALCONET_FIELDS_EVENT_VIEW_H_
#define FALCONET_FIELDS_EVENT_VIEW_H_

#include <cstdint>
#include <string_view>

#include "fields/path_plan.h"
#include "fields/string_arena.h"

namespace falconet {

struct ImageScanEvent;  // fields/image_scan_event.h

struct EventView {
  std::string_view json;    // the whole CloudTrail record, raw bytes
  const Slot* slots;        // the projection of `json` for the rule set's plan
  uint64_t num = 0;         // evt.num: 1-based over the delivered records
  uint64_t time_ns = 0;     // eventTime in ns since the epoch
  std::string_view source;  // "aws_cloudtrail" or "image_scan"
  StringArena* arena;       // for strings a field builds
  const ImageScanEvent* scan = nullptr;  // set for image_scan events
};

}  // namespace falconet

#endif  // FALCONET_FIELDS_EVENT_VIEW_H_
