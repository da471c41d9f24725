// How each aws_cloudtrail field derives its value from the projected
// record: the building blocks behind CloudtrailFieldRegistry().
//
// Internal to the fields stage. The derivations follow the Go code of the
// cloudtrail plugin 0.17.1 (fastjson lookups: GetStringBytes is nil for
// non-strings, Get(...).GetStringBytes() is "" for them) and libsinsp.
#ifndef FALCONET_FIELDS_CLOUDTRAIL_EXTRACT_H_
#define FALCONET_FIELDS_CLOUDTRAIL_EXTRACT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fields/event_view.h"
#include "fields/field_registry.h"
#include "fields/value.h"

namespace falconet::cloudtrail {

// The record paths that fields deriving from several of them read.
enum class Path : uint8_t {
  kEventSource,
  kEventName,
  kAwsRegion,
  kSourceIp,
  kErrorCode,
  kReadOnly,
  kUserType,
  kUserName,
  kUserInvokedBy,
  kUserIssuerName,
  kUserArn,
  kUserPrincipalId,
  kUserAccountId,
  kRecipientAccountId,
  kPublicAccessBlock,
  kRootBlockPublicAcls,
  kRootBlockPublicPolicy,
  kRootIgnorePublicAcls,
  kRootRestrictPublicBuckets,
  kBytesIn,
  kBytesOut,
  kBucketName,
  kKey,
  kHost,
  kTagItems,
  kInstanceItems,
  kImageId,
  kFastLaunchImageId,
  kLaunchSpecImageId,
  kCount
};

// The path of `p`, components separated by '/'.
std::string_view PathText(Path p);

// The slots of a field that reads several paths: ref.slots holds one entry
// per Path (kNoSlot where the field reads none).
inline constexpr SlotId kNoSlot = 0xFFFF;

class RecordSlots {
 public:
  RecordSlots(const FieldRef& ref, const EventView& event)
      : ref_(ref), event_(event) {}

  // The raw JSON at `p`, nullopt when absent.
  std::optional<std::string_view> Raw(Path p) const;
  // fastjson's GetStringBytes: the unescaped string, nullopt when absent
  // or not a string.
  std::optional<std::string_view> String(Path p) const;
  // The plugin's usual reading: nullopt when absent, the unescaped string,
  // or "" for any other JSON value.
  std::optional<std::string_view> Text(Path p) const;
  // fastjson's GetBool: true only for JSON true.
  bool IsTrue(Path p) const;

  StringArena& arena() const { return *event_.arena; }

 private:
  const FieldRef& ref_;
  const EventView& event_;
};

// Readings of one raw slot (nullopt/empty raw = absent).
std::optional<std::string_view> StringOf(std::string_view raw,
                                         StringArena& arena);
std::optional<std::string_view> TextOf(std::string_view raw,
                                       StringArena& arena);
// The plugin's number reading (getvalueU64): an exact unsigned integer, else
// the float truncated as Go converts it, else 0 for non-numbers.
uint64_t NumberOf(std::string_view raw);
// fastjson's MarshalTo of the value, nullopt when absent or malformed.
std::optional<std::string_view> CompactOf(std::string_view raw,
                                          StringArena& arena);

// The derivations of the composite fields.
std::optional<std::string_view> User(const RecordSlots& r);
// getUser's second result when the user is not present: what
// evt.plugininfo prints in its place ("", "<unknown user type>", "<NA>").
std::string_view UserPlaceholder(const RecordSlots& r);
std::optional<std::string_view> OriginalUser(const RecordSlots& r);
std::optional<std::string_view> AccountId(const RecordSlots& r);
std::optional<std::string_view> ShortSource(std::string_view event_source);
std::optional<uint64_t> S3Bytes(const RecordSlots& r);
std::optional<std::string_view> S3Uri(const RecordSlots& r);
std::string_view Info(const RecordSlots& r);
// evt.plugininfo: the plugin's event summary.
std::string_view PluginInfo(const RecordSlots& r);
std::optional<std::string_view> Ec2Name(const RecordSlots& r);
// ec2.imageids: all ids (no index) or the one at `index`.
void Ec2ImageIds(const RecordSlots& r, std::optional<uint64_t> index,
                 ValueList& out);
std::optional<std::string_view> Resources(std::string_view raw,
                                          StringArena& arena);

}  // namespace falconet::cloudtrail

#endif  // FALCONET_FIELDS_CLOUDTRAIL_EXTRACT_H_
