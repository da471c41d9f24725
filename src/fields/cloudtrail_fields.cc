#include "fields/cloudtrail_fields.h"

#include <span>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "fields/cloudtrail_extract.h"
#include "fields/field_args.h"
#include "fields/json_text.h"
#include "fields/str_util.h"

namespace falconet {
namespace {

using cloudtrail::Path;
using cloudtrail::RecordSlots;

// How a field is extracted.
enum class Kind : uint8_t {
  // One record path.
  kString,     // the string, "" for other JSON values
  kRawJson,    // compact JSON text
  kBool,       // "true" for JSON true, "false" for any other value
  kNumber,     // the plugin's uint64 reading
  kShortSrc,   // eventSource without ".amazonaws.com"
  kResources,  // array elements as compact JSON, comma-separated
  kCntGet,     // 1 when eventName is GetObject
  kCntPut,     // 1 when eventName is PutObject
  kCntOther,   // 1 unless eventName is GetObject or PutObject
  kJsonValue,  // json.value: the path comes from the argument
  // Several record paths.
  kUser,
  kOriginalUser,
  kAccountId,
  kInfo,
  kS3Uri,
  kS3Bytes,
  kEc2Name,
  kEc2ImageId,
  kEc2ImageIds,
  kPluginInfo,
  // No record path.
  kMissing,
  kJsonObj,
  kJsonRawtime,
  kEvtNum,
  kEvtTime,
  kEvtRawtimeS,
  kEvtRawtimeNs,
  kEvtSource,
  kEvtPluginName,
  kEvtIsAsync,
  kEvtAsyncType,
};

struct Spec {
  std::string_view name;
  FieldType type;
  Kind kind;
  std::string_view path;  // for one-path kinds, '/'-separated
  std::string_view description;
  bool hidden = false;
  Display display = Display::kPlain;
  ArgMode arg = ArgMode::kNone;
  bool is_list = false;
};

constexpr FieldType kStr = FieldType::kString;
constexpr FieldType kU64 = FieldType::kUint64;
constexpr FieldType kTime = FieldType::kAbsTime;

// Listing order follows Falco's (cloudtrail plugin, json plugin, evt).
const Spec kSpecs[] = {
    {"ct.id", kStr, Kind::kString, "eventID",
     "The event's unique id (eventID)."},
    {"ct.error", kStr, Kind::kString, "errorCode",
     "The error code (errorCode); missing when the call did not fail, so "
     "rules test `not ct.error exists`."},
    {"ct.errormessage", kStr, Kind::kString, "errorMessage",
     "The error description (errorMessage); missing when there is none."},
    {"ct.time", kStr, Kind::kString, "eventTime",
     "The event time as written in the record (eventTime).", true},
    {"ct.src", kStr, Kind::kString, "eventSource",
     "The service that emitted the event (eventSource), e.g. "
     "iam.amazonaws.com."},
    {"ct.shortsrc", kStr, Kind::kShortSrc, "eventSource",
     "eventSource without its \".amazonaws.com\" ending (kept whole when it "
     "is nothing but that ending)."},
    {"ct.name", kStr, Kind::kString, "eventName",
     "The API call or action (eventName)."},
    {"ct.user", kStr, Kind::kUser, "",
     "Who acted, by userIdentity.type: the userName for Root and IAMUser, "
     "invokedBy for AWSService, the role name "
     "(sessionContext.sessionIssuer.userName, else \"AssumedRole\") for "
     "AssumedRole, the literal type for AWSAccount and FederatedUser; "
     "missing for any other type, as in the plugin."},
    {"ct.originaluser", kStr, Kind::kOriginalUser, "",
     "For AssumedRole, the session name: the last part of a three-part "
     "userIdentity.arn, else what follows ':' in a two-part principalId, "
     "else missing. For other types, userIdentity.userName."},
    {"ct.user.accountid", kStr, Kind::kAccountId, "",
     "userIdentity.accountId, or recipientAccountId when the identity has "
     "none."},
    {"ct.user.identitytype", kStr, Kind::kString, "userIdentity/type",
     "The kind of identity (userIdentity.type): Root, IAMUser, AssumedRole, "
     "AWSService, ..."},
    {"ct.user.principalid", kStr, Kind::kString, "userIdentity/principalId",
     "The principal's unique id (userIdentity.principalId)."},
    {"ct.user.arn", kStr, Kind::kString, "userIdentity/arn",
     "The principal's ARN (userIdentity.arn)."},
    {"ct.region", kStr, Kind::kString, "awsRegion",
     "The region of the call (awsRegion)."},
    {"ct.response.subnetid", kStr, Kind::kString, "responseElements/subnetId",
     "responseElements.subnetId."},
    {"ct.response.reservationid", kStr, Kind::kString,
     "responseElements/reservationId", "responseElements.reservationId."},
    {"ct.response", kStr, Kind::kRawJson, "responseElements",
     "responseElements as compact JSON (\"null\" when it is null)."},
    {"ct.request.availabilityzone", kStr, Kind::kString,
     "requestParameters/availabilityZone",
     "requestParameters.availabilityZone."},
    {"ct.request.cluster", kStr, Kind::kString, "requestParameters/cluster",
     "requestParameters.cluster."},
    {"ct.request.functionname", kStr, Kind::kString,
     "requestParameters/functionName", "requestParameters.functionName."},
    {"ct.request.groupname", kStr, Kind::kString, "requestParameters/groupName",
     "requestParameters.groupName."},
    {"ct.request.host", kStr, Kind::kString, "requestParameters/Host",
     "requestParameters.Host (capital H, as S3 writes it)."},
    {"ct.request.name", kStr, Kind::kString, "requestParameters/name",
     "requestParameters.name."},
    {"ct.request.policy", kStr, Kind::kString, "requestParameters/policy",
     "requestParameters.policy."},
    {"ct.request.reason", kStr, Kind::kString, "requestParameters/reason",
     "requestParameters.reason."},
    {"ct.request.target", kStr, Kind::kString, "requestParameters/target",
     "requestParameters.target."},
    {"ct.request.documentname", kStr, Kind::kMissing, "",
     "Meant to be requestParameters.documentName, but always missing: the "
     "plugin's code expects the name spelled ct.request.documentName, so "
     "this one never matches."},
    {"ct.request.serialnumber", kStr, Kind::kString,
     "requestParameters/serialNumber", "requestParameters.serialNumber."},
    {"ct.request.servicename", kStr, Kind::kString,
     "requestParameters/serviceName", "requestParameters.serviceName."},
    {"ct.request.subnetid", kStr, Kind::kString, "requestParameters/subnetId",
     "requestParameters.subnetId."},
    {"ct.request.taskdefinition", kStr, Kind::kString,
     "requestParameters/taskDefinition", "requestParameters.taskDefinition."},
    {"ct.request.username", kStr, Kind::kString, "requestParameters/userName",
     "requestParameters.userName."},
    {"ct.request", kStr, Kind::kRawJson, "requestParameters",
     "requestParameters as compact JSON (\"null\" when it is null)."},
    {"ct.srcip", kStr, Kind::kString, "sourceIPAddress",
     "Where the call came from (sourceIPAddress): an IP address or a service "
     "name such as ec2.amazonaws.com; compared as text."},
    {"ct.useragent", kStr, Kind::kString, "userAgent",
     "The caller's user agent (userAgent)."},
    {"ct.info", kStr, Kind::kInfo, "",
     "A one-line summary: \"<ct.user> via <ct.srcip> <!><arrow> <ct.name>\" "
     "(no \"via\" part when user and source are equal; ! on error; arrow "
     "right for writes, left otherwise) plus S3 size and URI, bucket, key "
     "or host. For PutBucketPublicAccessBlock it lists the four settings, "
     "always false because the plugin reads them from the record root."},
    {"ct.managementevent", kStr, Kind::kBool, "managementEvent",
     "\"true\" when managementEvent is JSON true, \"false\" for any other "
     "value; missing without the key."},
    {"ct.readonly", kStr, Kind::kBool, "readOnly",
     "\"true\" when readOnly is JSON true, \"false\" for any other value; "
     "missing without the key."},
    {"ct.requestid", kStr, Kind::kString, "requestID",
     "The request id (requestID)."},
    {"ct.eventtype", kStr, Kind::kString, "eventType",
     "The kind of record (eventType): AwsApiCall, AwsConsoleSignIn, ..."},
    {"ct.apiversion", kStr, Kind::kString, "apiVersion",
     "The API version (apiVersion)."},
    {"ct.resources", kStr, Kind::kResources, "resources",
     "The resources array, each element as compact JSON, joined by ','; "
     "missing when absent or empty."},
    {"ct.recipientaccountid", kStr, Kind::kString, "recipientAccountId",
     "The account that received the event (recipientAccountId)."},
    {"ct.serviceeventdetails", kStr, Kind::kString, "serviceEventDetails",
     "serviceEventDetails; as it is an object in real records, the plugin "
     "gives \"\"."},
    {"ct.sharedeventid", kStr, Kind::kString, "sharedEventID",
     "sharedEventID."},
    {"ct.vpcendpointid", kStr, Kind::kString, "vpcEndpointId",
     "vpcEndpointId."},
    {"ct.eventcategory", kStr, Kind::kString, "eventCategory",
     "eventCategory: Management, Data, Insight."},
    {"ct.addendum.reason", kStr, Kind::kString, "addendum/reason",
     "addendum.reason."},
    {"ct.addendum.updatedfields", kStr, Kind::kString, "addendum/updatedFields",
     "addendum.updatedFields."},
    {"ct.addendum.originalrequestid", kStr, Kind::kString,
     "addendum/originalRequestID", "addendum.originalRequestID."},
    {"ct.addendum.originaleventid", kStr, Kind::kString,
     "addendum/originalEventID", "addendum.originalEventID."},
    {"ct.sessioncredentialfromconsole", kStr, Kind::kBool,
     "sessionCredentialFromConsole",
     "\"true\" only when sessionCredentialFromConsole is JSON true; CloudTrail "
     "writes the string \"true\", which reads as \"false\". Missing without "
     "the key."},
    {"ct.edgedevicedetails", kStr, Kind::kString, "edgeDeviceDetails",
     "edgeDeviceDetails; an object in real records, which gives \"\"."},
    {"ct.tlsdetails.tlsversion", kStr, Kind::kString, "tlsDetails/tlsVersion",
     "tlsDetails.tlsVersion."},
    {"ct.tlsdetails.ciphersuite", kStr, Kind::kString, "tlsDetails/cipherSuite",
     "tlsDetails.cipherSuite."},
    {"ct.tlsdetails.clientprovidedhostheader", kStr, Kind::kString,
     "tlsDetails/clientProvidedHostHeader",
     "tlsDetails.clientProvidedHostHeader."},
    {"ct.additionaleventdata", kStr, Kind::kRawJson, "additionalEventData",
     "additionalEventData as compact JSON."},
    {"s3.uri", kStr, Kind::kS3Uri, "",
     "\"s3://<bucket>/<key>\" from requestParameters.bucketName and .key; "
     "missing unless both are strings."},
    {"s3.bucket", kStr, Kind::kString, "requestParameters/bucketName",
     "requestParameters.bucketName."},
    {"s3.key", kStr, Kind::kString, "requestParameters/key",
     "requestParameters.key."},
    {"s3.bytes", kU64, Kind::kS3Bytes, "",
     "additionalEventData.bytesTransferredIn plus bytesTransferredOut "
     "(floats truncated, non-numbers count 0); missing when neither is "
     "there."},
    {"s3.bytes.in", kU64, Kind::kNumber,
     "additionalEventData/bytesTransferredIn",
     "additionalEventData.bytesTransferredIn, read as s3.bytes reads it.",
     true},
    {"s3.bytes.out", kU64, Kind::kNumber,
     "additionalEventData/bytesTransferredOut",
     "additionalEventData.bytesTransferredOut, read as s3.bytes reads it.",
     true},
    {"s3.cnt.get", kU64, Kind::kCntGet, "eventName",
     "1 for GetObject; missing (not 0, despite the plugin's documentation) "
     "for any other event.",
     true},
    {"s3.cnt.put", kU64, Kind::kCntPut, "eventName",
     "1 for PutObject; missing (not 0) for any other event.", true},
    {"s3.cnt.other", kU64, Kind::kCntOther, "eventName",
     "1 unless the event is GetObject or PutObject, which give missing (not "
     "0).",
     true},
    {"ec2.name", kStr, Kind::kEc2Name, "",
     "The Name tag of the instance in "
     "requestParameters.tagSpecificationSet (items of resourceType "
     "\"instance\"; the last such item with a Name tag wins); missing when "
     "empty."},
    {"ec2.imageid", kStr, Kind::kEc2ImageId, "",
     "Deprecated: the same as ec2.imageids[0]."},
    {"ec2.imageids", kStr, Kind::kEc2ImageIds, "",
     "The image ids of the call: the non-empty imageId of each "
     "responseElements.instancesSet item (with [n]: item n's), else the one "
     "image the request names (requestParameters.imageId, "
     "DescribeFastLaunchImagesRequest.ImageId.content or "
     "launchSpecification.imageId; only [0] then).",
     false, Display::kPlain, ArgMode::kIndexOptional, true},
    {"ecr.repository", kStr, Kind::kString, "requestParameters/repositoryName",
     "requestParameters.repositoryName."},
    {"ecr.imagetag", kStr, Kind::kString, "requestParameters/imageTag",
     "requestParameters.imageTag."},
    {"iam.role", kStr, Kind::kString, "requestParameters/roleName",
     "requestParameters.roleName."},
    {"iam.policy", kStr, Kind::kString, "requestParameters/policyName",
     "requestParameters.policyName."},

    {"json.value", kStr, Kind::kJsonValue, "",
     "The value at a JSON pointer, e.g. json.value[/userIdentity/arn] (the "
     "leading '/' is optional, ~1 and ~0 escape '/' and '~', array elements "
     "by index): strings unescaped, anything else as compact JSON "
     "(true, 12, null, {...}).",
     false, Display::kPlain, ArgMode::kKeyRequired},
    {"json.obj", kStr, Kind::kJsonObj, "",
     "The whole record, indented by two spaces as Go's json.Indent does."},
    {"json.rawtime", kStr, Kind::kJsonRawtime, "",
     "The event time in nanoseconds since the epoch, as a decimal string."},

    {"evt.num", kU64, Kind::kEvtNum, "",
     "The event's number, counting delivered records from 1."},
    {"evt.time", kTime, Kind::kEvtTime, "",
     "The event time (eventTime); renders as local HH:MM:SS.nnnnnnnnn. "
     "Falco types it as text; falconet compares it as a number of ns.",
     false, Display::kTime},
    {"evt.time.s", kTime, Kind::kEvtTime, "",
     "The event time; renders as local HH:MM:SS.", false, Display::kTimeS},
    {"evt.time.iso8601", kTime, Kind::kEvtTime, "",
     "The event time; renders as YYYY-MM-DDTHH:MM:SS.nnnnnnnnn+0000 (UTC).",
     false, Display::kIso8601},
    {"evt.datetime", kTime, Kind::kEvtTime, "",
     "The event time; renders as local YYYY-MM-DD HH:MM:SS.nnnnnnnnn.", false,
     Display::kDatetime},
    {"evt.datetime.s", kTime, Kind::kEvtTime, "",
     "The event time; renders as local YYYY-MM-DD HH:MM:SS.", false,
     Display::kDatetimeS},
    {"evt.rawtime", kU64, Kind::kEvtTime, "",
     "The event time in nanoseconds since the epoch."},
    {"evt.rawtime.s", kU64, Kind::kEvtRawtimeS, "",
     "The whole seconds of the event time since the epoch."},
    {"evt.rawtime.ns", kU64, Kind::kEvtRawtimeNs, "",
     "The nanoseconds within the second of the event time; renders with 9 "
     "digits.",
     false, Display::kNanos9},
    {"evt.pluginname", kStr, Kind::kEvtPluginName, "",
     "The plugin that produced the event: \"cloudtrail\"."},
    {"evt.plugininfo", kStr, Kind::kPluginInfo, "",
     "The plugin's summary: \"<region> <ct.user> <ct.shortsrc> <ct.name> "
     "<ct.info>\". Without a user the plugin prints its placeholder "
     "instead, unspaced (\"<unknown user type>\", \"<NA>\")."},
    {"evt.source", kStr, Kind::kEvtSource, "",
     "The event source: \"aws_cloudtrail\"."},
    {"evt.is_async", FieldType::kBool, Kind::kEvtIsAsync, "",
     "Always false: CloudTrail records are not asynchronous events."},
    {"evt.asynctype", kStr, Kind::kEvtAsyncType, "",
     "Always missing: CloudTrail records are not asynchronous events."},
};

// Other names for fields above: the json plugin's jevt.* names, and the
// aws.* names of other CloudTrail rule engines (by name only: how those
// engines derived them is not known).
struct Alias {
  std::string_view name;
  std::string_view target;
  std::string_view description;
};

const Alias kAliases[] = {
    {"jevt.value", "json.value", "Alias of json.value."},
    {"jevt.obj", "json.obj", "Alias of json.obj."},
    {"jevt.rawtime", "json.rawtime", "Alias of json.rawtime."},
    {"aws.eventSource", "ct.src", "Legacy alias of ct.src."},
    {"aws.eventName", "ct.name", "Legacy alias of ct.name."},
    {"aws.errorCode", "ct.error",
     "Legacy alias of ct.error (missing when the call did not fail)."},
    {"aws.user", "ct.user", "Legacy alias of ct.user."},
    {"aws.sourceIP", "ct.srcip", "Legacy alias of ct.srcip."},
    {"aws.region", "ct.region", "Legacy alias of ct.region."},
    {"aws.accountId", "ct.user.accountid",
     "Legacy alias of ct.user.accountid."},
    {"aws.eventId", "ct.id", "Legacy alias of ct.id."},
    {"aws.requestId", "ct.requestid", "Legacy alias of ct.requestid."},
    {"aws.userAgent", "ct.useragent", "Legacy alias of ct.useragent."},
    {"aws.ecs.taskDefinition", "ct.request.taskdefinition",
     "Legacy alias of ct.request.taskdefinition."},
};

// The paths each multi-path kind reads.
std::span<const Path> PathsOf(Kind kind) {
  static constexpr Path kUserPaths[] = {Path::kUserType, Path::kUserName,
                                        Path::kUserInvokedBy,
                                        Path::kUserIssuerName};
  static constexpr Path kOriginalUserPaths[] = {
      Path::kUserType, Path::kUserArn, Path::kUserPrincipalId, Path::kUserName};
  static constexpr Path kAccountPaths[] = {Path::kUserAccountId,
                                           Path::kRecipientAccountId};
  static constexpr Path kS3UriPaths[] = {Path::kBucketName, Path::kKey};
  static constexpr Path kS3BytesPaths[] = {Path::kBytesIn, Path::kBytesOut};
  static constexpr Path kEc2NamePaths[] = {Path::kTagItems};
  static constexpr Path kImagePaths[] = {Path::kInstanceItems, Path::kImageId,
                                         Path::kFastLaunchImageId,
                                         Path::kLaunchSpecImageId};
  // ct.info and evt.plugininfo read everything else.
  static constexpr Path kAllPaths[] = {Path::kEventSource,
                                       Path::kEventName,
                                       Path::kAwsRegion,
                                       Path::kSourceIp,
                                       Path::kErrorCode,
                                       Path::kReadOnly,
                                       Path::kUserType,
                                       Path::kUserName,
                                       Path::kUserInvokedBy,
                                       Path::kUserIssuerName,
                                       Path::kPublicAccessBlock,
                                       Path::kRootBlockPublicAcls,
                                       Path::kRootBlockPublicPolicy,
                                       Path::kRootIgnorePublicAcls,
                                       Path::kRootRestrictPublicBuckets,
                                       Path::kBytesIn,
                                       Path::kBytesOut,
                                       Path::kBucketName,
                                       Path::kKey,
                                       Path::kHost};
  switch (kind) {
    case Kind::kUser:
      return kUserPaths;
    case Kind::kOriginalUser:
      return kOriginalUserPaths;
    case Kind::kAccountId:
      return kAccountPaths;
    case Kind::kS3Uri:
      return kS3UriPaths;
    case Kind::kS3Bytes:
      return kS3BytesPaths;
    case Kind::kEc2Name:
      return kEc2NamePaths;
    case Kind::kEc2ImageId:
    case Kind::kEc2ImageIds:
      return kImagePaths;
    case Kind::kInfo:
    case Kind::kPluginInfo:
      return kAllPaths;
    default:
      return {};
  }
}

bool IsOnePathKind(Kind kind) { return kind <= Kind::kJsonValue; }

JsonPath SplitPath(std::string_view path) {
  JsonPath parts;
  size_t start = 0;
  for (size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      parts.emplace_back(path.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// Go's strings.Replace(s, from, to, -1).
std::string ReplaceAll(std::string_view s, std::string_view from,
                       std::string_view to) {
  std::string out;
  size_t pos = 0;
  for (size_t hit; (hit = s.find(from, pos)) != s.npos;
       pos = hit + from.size()) {
    AppendAll(out, {s.substr(pos, hit - pos), to});
  }
  out.append(s.substr(pos));
  return out;
}

class CloudtrailRegistry final : public FieldRegistry {
 public:
  CloudtrailRegistry();

  std::string_view source() const override { return "aws_cloudtrail"; }

  const FieldInfo* Find(std::string_view name) const override {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : &fields_[it->second];
  }

  const std::vector<FieldInfo>& fields() const override { return fields_; }

  absl::StatusOr<FieldRef> Resolve(std::string_view name,
                                   std::optional<std::string_view> arg,
                                   PathPlan& plan, bool hot) const override;

  void Extract(const FieldRef& ref, const EventView& event,
               ValueList& out) const override;

 private:
  void Add(const Spec& spec, std::string_view name,
           std::string_view description);
  void ExtractOnePath(const Spec& spec, std::string_view raw,
                      const EventView& event, ValueList& out) const;
  void ExtractMultiPath(const Spec& spec, const FieldRef& ref,
                        const EventView& event, ValueList& out) const;
  void ExtractEvent(const Spec& spec, const EventView& event,
                    ValueList& out) const;

  std::vector<const Spec*> specs_;  // by FieldInfo::code
  std::vector<FieldInfo> fields_;
  absl::flat_hash_map<std::string_view, size_t> by_name_;
};

CloudtrailRegistry::CloudtrailRegistry() {
  for (const Spec& spec : kSpecs) Add(spec, spec.name, spec.description);
  for (const Alias& alias : kAliases) {
    Add(*specs_[by_name_.at(alias.target)], alias.name, alias.description);
  }
}

void CloudtrailRegistry::Add(const Spec& spec, std::string_view name,
                             std::string_view description) {
  FieldInfo info;
  info.name = name;
  info.type = spec.type;
  info.is_list = spec.is_list;
  info.arg = spec.arg;
  info.hidden = spec.hidden;
  info.display = spec.display;
  info.description = description;
  info.code = static_cast<FieldCode>(specs_.size());
  by_name_[name] = fields_.size();
  fields_.push_back(info);
  specs_.push_back(&spec);
}

absl::StatusOr<FieldRef> CloudtrailRegistry::Resolve(
    std::string_view name, std::optional<std::string_view> arg, PathPlan& plan,
    bool hot) const {
  const FieldInfo* info = Find(name);
  if (info == nullptr) return NonexistentFieldError(name, arg);
  absl::StatusOr<FieldArgument> parsed = ParseFieldArgument(*info, arg);
  if (!parsed.ok()) return parsed.status();

  FieldRef ref;
  ref.info = info;
  ref.arg = std::move(parsed->text);
  ref.index = parsed->index;
  const Spec& spec = *specs_[info->code];
  if (spec.kind == Kind::kJsonValue) {
    ref.slots.push_back(plan.Add(JsonPointerPath(*ref.arg), hot));
  } else if (IsOnePathKind(spec.kind)) {
    ref.slots.push_back(plan.Add(SplitPath(spec.path), hot));
  } else if (std::span<const Path> paths = PathsOf(spec.kind); !paths.empty()) {
    ref.slots.assign(static_cast<size_t>(Path::kCount), cloudtrail::kNoSlot);
    for (Path p : paths) {
      ref.slots[static_cast<size_t>(p)] =
          plan.Add(SplitPath(cloudtrail::PathText(p)), hot);
    }
  }
  return ref;
}

void CloudtrailRegistry::Extract(const FieldRef& ref, const EventView& event,
                                 ValueList& out) const {
  const Spec& spec = *specs_[ref.info->code];
  if (IsOnePathKind(spec.kind)) {
    ExtractOnePath(spec, event.slots[ref.slots[0]].raw, event, out);
  } else if (!PathsOf(spec.kind).empty()) {
    ExtractMultiPath(spec, ref, event, out);
  } else {
    ExtractEvent(spec, event, out);
  }
}

void CloudtrailRegistry::ExtractOnePath(const Spec& spec, std::string_view raw,
                                        const EventView& event,
                                        ValueList& out) const {
  using cloudtrail::TextOf;
  StringArena& arena = *event.arena;
  if (raw.empty()) {
    // Only s3.cnt.other counts a record without an eventName.
    if (spec.kind == Kind::kCntOther) out.AddNumber(1);
    return;
  }
  std::optional<std::string_view> s;
  switch (spec.kind) {
    case Kind::kString:
      s = TextOf(raw, arena);
      break;
    case Kind::kRawJson:
      s = cloudtrail::CompactOf(raw, arena);
      break;
    case Kind::kBool:
      s = json_text::Classify(raw) == json_text::Kind::kTrue ? "true" : "false";
      break;
    case Kind::kNumber:
      out.AddNumber(cloudtrail::NumberOf(raw));
      return;
    case Kind::kShortSrc:
      s = cloudtrail::ShortSource(*TextOf(raw, arena));
      break;
    case Kind::kResources:
      s = cloudtrail::Resources(raw, arena);
      break;
    case Kind::kCntGet:
    case Kind::kCntPut:
    case Kind::kCntOther: {
      std::string_view name = cloudtrail::StringOf(raw, arena).value_or("");
      bool get = name == "GetObject", put = name == "PutObject";
      if ((spec.kind == Kind::kCntGet && get) ||
          (spec.kind == Kind::kCntPut && put) ||
          (spec.kind == Kind::kCntOther && !get && !put)) {
        out.AddNumber(1);
      }
      return;
    }
    case Kind::kJsonValue:
      s = cloudtrail::StringOf(raw, arena);
      if (!s) s = cloudtrail::CompactOf(raw, arena);
      break;
    default:
      break;
  }
  if (s) out.AddString(*s);
}

void CloudtrailRegistry::ExtractMultiPath(const Spec& spec, const FieldRef& ref,
                                          const EventView& event,
                                          ValueList& out) const {
  RecordSlots r(ref, event);
  std::optional<std::string_view> s;
  switch (spec.kind) {
    case Kind::kUser:
      s = cloudtrail::User(r);
      break;
    case Kind::kOriginalUser:
      s = cloudtrail::OriginalUser(r);
      break;
    case Kind::kAccountId:
      s = cloudtrail::AccountId(r);
      break;
    case Kind::kInfo:
      s = cloudtrail::Info(r);
      break;
    case Kind::kPluginInfo:
      s = cloudtrail::PluginInfo(r);
      break;
    case Kind::kS3Uri:
      s = cloudtrail::S3Uri(r);
      break;
    case Kind::kEc2Name:
      s = cloudtrail::Ec2Name(r);
      break;
    case Kind::kS3Bytes:
      if (std::optional<uint64_t> n = cloudtrail::S3Bytes(r)) {
        out.AddNumber(*n);
      }
      return;
    case Kind::kEc2ImageId:
      cloudtrail::Ec2ImageIds(r, 0, out);
      return;
    case Kind::kEc2ImageIds:
      cloudtrail::Ec2ImageIds(
          r, ref.arg ? std::optional<uint64_t>(ref.index) : std::nullopt, out);
      return;
    default:
      return;
  }
  if (s) out.AddString(*s);
}

void CloudtrailRegistry::ExtractEvent(const Spec& spec, const EventView& event,
                                      ValueList& out) const {
  constexpr uint64_t kNanos = 1000000000;
  switch (spec.kind) {
    case Kind::kJsonObj: {
      // The json plugin refuses data that does not start like JSON.
      if (event.json.empty() ||
          (event.json[0] != '{' && event.json[0] != '[')) {
        return;
      }
      std::string& s = event.arena->NewString();
      if (json_text::AppendIndented(event.json, s)) out.AddString(s);
      return;
    }
    case Kind::kJsonRawtime: {
      std::string& s = event.arena->NewString();
      AppendDecimal(s, event.time_ns);
      out.AddString(s);
      return;
    }
    case Kind::kEvtNum:
      out.AddNumber(event.num);
      return;
    case Kind::kEvtTime:
      out.AddNumber(event.time_ns);
      return;
    case Kind::kEvtRawtimeS:
      out.AddNumber(event.time_ns / kNanos);
      return;
    case Kind::kEvtRawtimeNs:
      out.AddNumber(event.time_ns % kNanos);
      return;
    case Kind::kEvtSource:
      out.AddString(event.source);
      return;
    case Kind::kEvtPluginName:
      out.AddString("cloudtrail");
      return;
    case Kind::kEvtIsAsync:
      out.Add(Value::Bool(false));
      return;
    default:
      return;  // kMissing, kEvtAsyncType
  }
}

}  // namespace

JsonPath JsonPointerPath(std::string_view pointer) {
  if (!pointer.empty() && pointer[0] == '/') pointer.remove_prefix(1);
  JsonPath path = SplitPath(pointer);
  for (std::string& key : path) {
    // Go replaces "~1" everywhere first, then "~0".
    key = ReplaceAll(ReplaceAll(key, "~1", "/"), "~0", "~");
  }
  return path;
}

const FieldRegistry& CloudtrailFieldRegistry() {
  static const CloudtrailRegistry* registry = new CloudtrailRegistry();
  return *registry;
}

}  // namespace falconet
