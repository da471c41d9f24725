// The fields of the `aws_cloudtrail` source, value for value as Falco 0.44.1
// gives them with the cloudtrail plugin 0.17.1 and the json plugin 0.7.4:
//
//   ct.*, s3.*, ec2.*, ecr.*, iam.*   the cloudtrail plugin's fields
//   json.*, jevt.*                    the json plugin's fields
//   evt.*                             libsinsp's generic fields that make
//                                     sense for plugin events
//   aws.*                             legacy names from other CloudTrail
//                                     rule engines, as aliases
//
// Upstream quirks are kept on purpose and each field's description says
// which: JSON values that are not strings read as "", s3.cnt.* are missing
// instead of 0, ct.request.documentname is always missing, and more.
//
// Compact JSON (ct.request, ct.response, ct.additionaleventdata,
// ct.resources, json.value of a non-string) keeps strings as the record
// writes them, as fastjson's MarshalTo does for strings nothing read
// before. Falco re-escapes a string that an earlier field of the same event
// read (ct.request after ct.request.policy, say); that changes only "\/",
// "\u" escapes and rare control escapes, and falconet does not reproduce
// this dependence on extraction order.
//
// Field extraction reads only the projected slots, the record text (for
// json.obj) and the event's time and number; strings that must be built go
// to the event's arena.
#ifndef FALCONET_FIELDS_CLOUDTRAIL_FIELDS_H_
#define FALCONET_FIELDS_CLOUDTRAIL_FIELDS_H_

#include <optional>
#include <string_view>

#include "fields/field_registry.h"
#include "fields/path_plan.h"

namespace falconet {

// The registry for source "aws_cloudtrail". Built on first use
// (thread-safe), immutable afterwards, alive for the whole process.
const FieldRegistry& CloudtrailFieldRegistry();

// The path that json.value[pointer] reads, split as the json plugin splits
// it: one leading '/' dropped, then split on '/', with "~1" -> "/" and
// "~0" -> "~" in each part.
JsonPath JsonPointerPath(std::string_view pointer);

}  // namespace falconet

#endif  // FALCONET_FIELDS_CLOUDTRAIL_FIELDS_H_
