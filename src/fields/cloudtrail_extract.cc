#include "fields/cloudtrail_extract.h"

#include <cmath>

#include <algorithm>
#include <charconv>

#include "fields/json_text.h"
#include "fields/str_util.h"

namespace falconet::cloudtrail {
namespace {

constexpr std::string_view kPathTexts[] = {
    "eventSource",
    "eventName",
    "awsRegion",
    "sourceIPAddress",
    "errorCode",
    "readOnly",
    "userIdentity/type",
    "userIdentity/userName",
    "userIdentity/invokedBy",
    "userIdentity/sessionContext/sessionIssuer/userName",
    "userIdentity/arn",
    "userIdentity/principalId",
    "userIdentity/accountId",
    "recipientAccountId",
    "requestParameters/PublicAccessBlockConfiguration",
    "BlockPublicAcls",
    "BlockPublicPolicy",
    "IgnorePublicAcls",
    "RestrictPublicBuckets",
    "additionalEventData/bytesTransferredIn",
    "additionalEventData/bytesTransferredOut",
    "requestParameters/bucketName",
    "requestParameters/key",
    "requestParameters/Host",
    "requestParameters/tagSpecificationSet/items",
    "responseElements/instancesSet/items",
    "requestParameters/imageId",
    "requestParameters/DescribeFastLaunchImagesRequest/ImageId/content",
    "requestParameters/launchSpecification/imageId",
};
static_assert(std::size(kPathTexts) == static_cast<size_t>(Path::kCount));

constexpr std::string_view kAmazonSuffix = ".amazonaws.com";
constexpr std::string_view kLeftArrow = "\xE2\x86\x90";   // U+2190
constexpr std::string_view kRightArrow = "\xE2\x86\x92";  // U+2192

// Go's float64 -> uint64 conversion as compiled for amd64: values below
// 2^63 go through a signed conversion (so negatives wrap), larger ones are
// offset by 2^63; out-of-range values give the "integer indefinite".
uint64_t GoFloatToUint64(double f) {
  constexpr double kTwo63 = 9223372036854775808.0;
  constexpr uint64_t kIndefinite = uint64_t{1} << 63;
  auto signed_cvt = [](double v) -> uint64_t {
    if (std::isnan(v) || v >= kTwo63 || v < -kTwo63) return kIndefinite;
    return static_cast<uint64_t>(static_cast<int64_t>(v));
  };
  if (f < kTwo63) return signed_cvt(f);
  return signed_cvt(f - kTwo63) ^ kIndefinite;
}

// What follows the last `sep` in `s` when `s` has exactly `parts` parts.
std::optional<std::string_view> LastOfParts(std::string_view s, char sep,
                                            size_t parts) {
  if (static_cast<size_t>(std::count(s.begin(), s.end(), sep)) + 1 != parts) {
    return std::nullopt;
  }
  return s.substr(s.rfind(sep) + 1);
}

}  // namespace

std::string_view PathText(Path p) { return kPathTexts[static_cast<size_t>(p)]; }

std::optional<std::string_view> StringOf(std::string_view raw,
                                         StringArena& arena) {
  if (raw.empty()) return std::nullopt;
  std::optional<std::string_view> body = json_text::StringBody(raw);
  if (!body || body->find('\\') == std::string_view::npos) return body;
  std::string& s = arena.NewString();
  json_text::AppendUnescaped(*body, s);
  return std::string_view(s);
}

std::optional<std::string_view> TextOf(std::string_view raw,
                                       StringArena& arena) {
  if (raw.empty()) return std::nullopt;
  std::optional<std::string_view> s = StringOf(raw, arena);
  return s ? *s : std::string_view();
}

uint64_t NumberOf(std::string_view raw) {
  if (json_text::Classify(raw) != json_text::Kind::kNumber) return 0;
  std::string_view token = json_text::Trim(raw);
  const char* end = token.data() + token.size();
  uint64_t exact;
  bool digits_only = token.find_first_not_of("0123456789") == token.npos;
  if (digits_only) {
    auto [ptr, ec] = std::from_chars(token.data(), end, exact);
    if (ec == std::errc() && ptr == end) return exact;
  }
  // fastjson's Float64 never fails on a number; junk reads as 0.
  double f;
  auto [ptr, ec] = std::from_chars(token.data(), end, f);
  if (ec != std::errc() || ptr != end) return 0;
  return GoFloatToUint64(f);
}

std::optional<std::string_view> CompactOf(std::string_view raw,
                                          StringArena& arena) {
  if (raw.empty()) return std::nullopt;
  std::string& s = arena.NewString();
  if (!json_text::AppendCompact(raw, s)) return std::nullopt;
  return std::string_view(s);
}

std::optional<std::string_view> RecordSlots::Raw(Path p) const {
  SlotId slot = ref_.slots[static_cast<size_t>(p)];
  if (slot == kNoSlot || !event_.slots[slot].present()) return std::nullopt;
  return event_.slots[slot].raw;
}

std::optional<std::string_view> RecordSlots::String(Path p) const {
  std::optional<std::string_view> raw = Raw(p);
  return raw ? StringOf(*raw, arena()) : std::nullopt;
}

std::optional<std::string_view> RecordSlots::Text(Path p) const {
  std::optional<std::string_view> raw = Raw(p);
  return raw ? TextOf(*raw, arena()) : std::nullopt;
}

bool RecordSlots::IsTrue(Path p) const {
  std::optional<std::string_view> raw = Raw(p);
  return raw && json_text::Classify(*raw) == json_text::Kind::kTrue;
}

std::optional<std::string_view> User(const RecordSlots& r) {
  std::optional<std::string_view> type = r.String(Path::kUserType);
  if (!type) return std::nullopt;
  if (*type == "Root" || *type == "IAMUser") return r.Text(Path::kUserName);
  if (*type == "AWSService") return r.Text(Path::kUserInvokedBy);
  if (*type == "AssumedRole") {
    std::optional<std::string_view> role = r.Text(Path::kUserIssuerName);
    return role ? *role : std::string_view("AssumedRole");
  }
  if (*type == "AWSAccount" || *type == "FederatedUser") return type;
  return std::nullopt;
}

std::string_view UserPlaceholder(const RecordSlots& r) {
  std::optional<std::string_view> type = r.String(Path::kUserType);
  if (!type) return "";
  if (*type == "Root" || *type == "IAMUser" || *type == "AWSService") {
    return "<NA>";
  }
  return "<unknown user type>";
}

std::optional<std::string_view> OriginalUser(const RecordSlots& r) {
  if (r.String(Path::kUserType) != "AssumedRole") {
    return r.Text(Path::kUserName);
  }
  // The session name: from the ARN ".../role/session", else from the
  // principal id "AROA...:session".
  std::optional<std::string_view> arn = r.String(Path::kUserArn);
  std::optional<std::string_view> session =
      arn ? LastOfParts(*arn, '/', 3) : std::nullopt;
  if (session) return session;
  std::optional<std::string_view> principal = r.String(Path::kUserPrincipalId);
  return principal ? LastOfParts(*principal, ':', 2) : std::nullopt;
}

std::optional<std::string_view> AccountId(const RecordSlots& r) {
  if (r.Raw(Path::kUserAccountId)) return r.Text(Path::kUserAccountId);
  return r.Text(Path::kRecipientAccountId);
}

std::optional<std::string_view> ShortSource(std::string_view event_source) {
  if (event_source.size() > kAmazonSuffix.size() &&
      event_source.substr(event_source.size() - kAmazonSuffix.size()) ==
          kAmazonSuffix) {
    event_source.remove_suffix(kAmazonSuffix.size());
  }
  return event_source;
}

std::optional<uint64_t> S3Bytes(const RecordSlots& r) {
  std::optional<std::string_view> in = r.Raw(Path::kBytesIn);
  std::optional<std::string_view> out = r.Raw(Path::kBytesOut);
  if (!in && !out) return std::nullopt;
  return (in ? NumberOf(*in) : 0) + (out ? NumberOf(*out) : 0);
}

std::optional<std::string_view> S3Uri(const RecordSlots& r) {
  std::optional<std::string_view> bucket = r.String(Path::kBucketName);
  if (!bucket) return std::nullopt;
  std::optional<std::string_view> key = r.String(Path::kKey);
  if (!key) return std::nullopt;
  std::string& s = r.arena().NewString();
  AppendAll(s, {"s3://", *bucket, "/", *key});
  return std::string_view(s);
}

namespace {

// The tail of ct.info after "who via where what": S3 size and location,
// or the public access block settings (read, by an upstream bug, from the
// record root, so in practice always false).
void AppendInfoDetails(const RecordSlots& r, std::string_view name,
                       std::string& info) {
  if (name == "PutBucketPublicAccessBlock") {
    if (json_text::Classify(r.Raw(Path::kPublicAccessBlock).value_or("")) ==
        json_text::Kind::kObject) {
      auto flag = [&](Path p) { return r.IsTrue(p) ? "true" : "false"; };
      AppendAll(info,
                {" BlockPublicAcls=", flag(Path::kRootBlockPublicAcls),
                 " BlockPublicPolicy=", flag(Path::kRootBlockPublicPolicy),
                 " IgnorePublicAcls=", flag(Path::kRootIgnorePublicAcls),
                 " RestrictPublicBuckets=",
                 flag(Path::kRootRestrictPublicBuckets), " "});
    }
    return;
  }
  if (std::optional<uint64_t> size = S3Bytes(r)) {
    info += " Size=";
    AppendDecimal(info, *size);
  }
  if (std::optional<std::string_view> uri = S3Uri(r)) {
    AppendAll(info, {" URI=", *uri});
  } else if (std::optional<std::string_view> b = r.Text(Path::kBucketName)) {
    AppendAll(info, {" Bucket=", *b});
  } else if (std::optional<std::string_view> k = r.Text(Path::kKey)) {
    AppendAll(info, {" Key=", *k});
  } else if (std::optional<std::string_view> h = r.Text(Path::kHost)) {
    AppendAll(info, {" Host=", *h});
  }
}

}  // namespace

std::string_view Info(const RecordSlots& r) {
  std::optional<std::string_view> user = User(r);
  if (!user) return "<invalid cloudtrail event: userIdentity field missing>";
  // The plugin's message names the wrong key: this is sourceIPAddress.
  std::optional<std::string_view> source_ip = r.Text(Path::kSourceIp);
  if (!source_ip)
    return "<invalid cloudtrail event: eventSource field missing>";
  std::string_view error = r.Raw(Path::kErrorCode) ? "!" : "";
  std::string_view arrow = r.Raw(Path::kReadOnly) && !r.IsTrue(Path::kReadOnly)
                               ? kRightArrow
                               : kLeftArrow;
  std::optional<std::string_view> name = r.Text(Path::kEventName);
  if (!name) return "<invalid cloudtrail event: eventName field missing>";

  std::string& info = r.arena().NewString();
  if (*user == *source_ip) {
    AppendAll(info, {*user, " ", error, arrow, " ", *name});
  } else {
    AppendAll(info,
              {*user, " via ", *source_ip, " ", error, arrow, " ", *name});
  }
  AppendInfoDetails(r, *name, info);
  return info;
}

std::string_view PluginInfo(const RecordSlots& r) {
  std::optional<std::string_view> source = r.String(Path::kEventSource);
  if (!source) return "<invalid JSON: event did not contain a source>";
  std::optional<std::string_view> region = r.String(Path::kAwsRegion);
  if (!region) return "<invalid JSON: event did not contain an awsRegion>";
  std::optional<std::string_view> name = r.String(Path::kEventName);
  if (!name) return "<invalid JSON: event did not contain an eventName>";

  // The plugin prints getUser's fallback text, unspaced, when there is no
  // user ("us-east-1<unknown user type> sso ...").
  std::optional<std::string_view> user = User(r);
  std::string_view user_space = user && !user->empty() ? " " : "";
  std::string_view user_text = user ? *user : UserPlaceholder(r);
  std::string_view info = Info(r);
  std::string& s = r.arena().NewString();
  AppendAll(s, {*region, user_space, user_text, " ", *ShortSource(*source), " ",
                *name, " ", info});
  return s;
}

std::optional<std::string_view> Ec2Name(const RecordSlots& r) {
  std::optional<std::string_view> items = r.Raw(Path::kTagItems);
  if (!items) return std::nullopt;
  std::optional<std::string_view> name;
  json_text::ForEachElement(*items, [&](std::string_view item) {
    std::optional<std::string_view> type = StringOf(
        json_text::FindChild(item, "resourceType").value_or(""), r.arena());
    if (type != "instance") return true;
    std::optional<std::string_view> tags = json_text::FindChild(item, "tags");
    json_text::ForEachElement(tags.value_or(""), [&](std::string_view tag) {
      std::string_view key_raw = json_text::FindChild(tag, "key").value_or("");
      if (StringOf(key_raw, r.arena()) != "Name") return true;
      std::string_view value_raw =
          json_text::FindChild(tag, "value").value_or("");
      name = StringOf(value_raw, r.arena()).value_or("");
      return false;
    });
    return true;
  });
  if (!name || name->empty()) return std::nullopt;
  return name;
}

void Ec2ImageIds(const RecordSlots& r, std::optional<uint64_t> index,
                 ValueList& out) {
  std::string_view items = r.Raw(Path::kInstanceItems).value_or("");
  bool has_items = json_text::FindElement(items, 0).has_value();
  auto image_id = [&](std::string_view item) {
    return StringOf(json_text::FindChild(item, "imageId").value_or(""),
                    r.arena());
  };
  if (has_items) {
    if (index) {
      std::optional<std::string_view> item =
          json_text::FindElement(items, *index);
      std::optional<std::string_view> id =
          item ? image_id(*item) : std::nullopt;
      if (id && !id->empty()) out.AddString(*id);
      return;
    }
    json_text::ForEachElement(items, [&](std::string_view item) {
      std::optional<std::string_view> id = image_id(item);
      if (id && !id->empty()) out.AddString(*id);
      return true;
    });
    return;
  }

  // Calls that name one image in their request.
  if (index && *index != 0) return;
  for (Path p :
       {Path::kImageId, Path::kFastLaunchImageId, Path::kLaunchSpecImageId}) {
    std::optional<std::string_view> id = r.String(p);
    if (id && !id->empty()) {
      out.AddString(*id);
      return;
    }
  }
}

std::optional<std::string_view> Resources(std::string_view raw,
                                          StringArena& arena) {
  if (json_text::Classify(raw) != json_text::Kind::kArray) return std::nullopt;
  std::string& s = arena.NewString();
  json_text::ForEachElement(raw, [&](std::string_view element) {
    json_text::AppendCompact(element, s);
    s += ',';
    return true;
  });
  if (!s.empty()) s.pop_back();
  if (s.empty()) return std::nullopt;
  return std::string_view(s);
}

}  // namespace falconet::cloudtrail
