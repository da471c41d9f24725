// Match counts over ../shared/data/cloudtrail, checked against counts that
// this test computes on its own with nlohmann::json from the field
// definitions of falco-rules-language.md section 4 (4.1 for which records
// Falco delivers, 4.2 for how values are read, 4.3 for each field).
#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "falconet/evaluator.h"
#include "nlohmann/json.hpp"
#include "test_support.h"

namespace fs = std::filesystem;
using falconet::testing::ReadFile;
using falconet::testing::SharedDir;
using json = nlohmann::json;

namespace falconet {
namespace {

// The member at `path` from the record root; nullptr when any step is
// missing or not an object.
const json* Member(const json& record,
                   std::initializer_list<const char*> path) {
  const json* at = &record;
  for (const char* key : path) {
    if (!at->is_object()) return nullptr;
    auto it = at->find(key);
    if (it == at->end()) return nullptr;
    at = &*it;
  }
  return at;
}

// A plain string field (4.2): the string, "" for any other JSON value,
// nothing when the member is absent.
std::optional<std::string> Str(const json& record,
                               std::initializer_list<const char*> path) {
  const json* v = Member(record, path);
  if (!v) return std::nullopt;
  return v->is_string() ? v->get<std::string>() : std::string();
}

// ct.readonly and ct.managementevent: "true" only for JSON true.
std::optional<std::string> BoolStr(const json& record, const char* key) {
  const json* v = Member(record, {key});
  if (!v) return std::nullopt;
  return v->is_boolean() && v->get<bool>() ? "true" : "false";
}

// json.value[/a/b]: strings unescaped, anything else as compact JSON.
std::optional<std::string> JsonValue(const json& record,
                                     const std::string& pointer) {
  json::json_pointer ptr(pointer);
  if (!record.contains(ptr)) return std::nullopt;
  const json& v = record.at(ptr);
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// ct.user by identity type (4.3).
std::optional<std::string> User(const json& record) {
  std::optional<std::string> type = Str(record, {"userIdentity", "type"});
  if (!type) return std::nullopt;
  if (*type == "Root" || *type == "IAMUser") {
    return Str(record, {"userIdentity", "userName"});
  }
  if (*type == "AWSService") return Str(record, {"userIdentity", "invokedBy"});
  if (*type == "AssumedRole") {
    auto role = Str(record, {"userIdentity", "sessionContext", "sessionIssuer",
                             "userName"});
    return role ? role : std::optional<std::string>("AssumedRole");
  }
  if (*type == "AWSAccount" || *type == "FederatedUser") return type;
  return std::nullopt;
}

bool Is(const std::optional<std::string>& v, std::string_view s) {
  return v && *v == s;
}

bool StartsWith(const std::optional<std::string>& v, std::string_view s) {
  return v && v->starts_with(s);
}

bool EndsWith(const std::optional<std::string>& v, std::string_view s) {
  return v && v->ends_with(s);
}

// Falco's cloudtrail plugin delivers a record only with an RFC 3339
// eventTime and an eventType other than AwsCloudTrailInsight (4.1).
bool Delivered(const json& record) {
  static const std::regex kRfc3339(
      R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))");
  const json* time = Member(record, {"eventTime"});
  const json* type = Member(record, {"eventType"});
  return time && time->is_string() &&
         std::regex_match(time->get<std::string>(), kRfc3339) && type &&
         !(type->is_string() && *type == "AwsCloudTrailInsight");
}

struct Case {
  std::string condition;
  // Whether the condition holds for a record; `num` is the record's
  // evt.num within its file.
  std::function<bool(const json& record, uint64_t num)> holds;
  bool expect_some = true;  // the data set has matches
};

std::vector<Case> Cases() {
  return {
      {"ct.src = ec2.amazonaws.com",
       [](const json& r, uint64_t) {
         return Is(Str(r, {"eventSource"}), "ec2.amazonaws.com");
       }},
      {"ct.name startswith Describe",
       [](const json& r, uint64_t) {
         return StartsWith(Str(r, {"eventName"}), "Describe");
       }},
      {"ct.error exists",
       [](const json& r, uint64_t) {
         return Str(r, {"errorCode"}).has_value();
       }},
      {"not ct.error exists",
       [](const json& r, uint64_t) {
         return !Str(r, {"errorCode"}).has_value();
       }},
      {"ct.error != AccessDenied",
       [](const json& r, uint64_t) {
         auto e = Str(r, {"errorCode"});
         return e && *e != "AccessDenied";
       }},
      {"ct.user.identitytype = AssumedRole and ct.readonly = false",
       [](const json& r, uint64_t) {
         return Is(Str(r, {"userIdentity", "type"}), "AssumedRole") &&
                Is(BoolStr(r, "readOnly"), "false");
       }},
      {"not ct.error exists and ct.readonly = true",
       [](const json& r, uint64_t) {
         return !Str(r, {"errorCode"}) && Is(BoolStr(r, "readOnly"), "true");
       }},
      {"ct.region in (us-north-2r, ca-northsouth-2r, eu-west-1, nowhere)",
       [](const json& r, uint64_t) {
         auto region = Str(r, {"awsRegion"});
         return Is(region, "us-north-2r") || Is(region, "ca-northsouth-2r") ||
                Is(region, "eu-west-1") || Is(region, "nowhere");
       }},
      {"s3.bucket exists",
       [](const json& r, uint64_t) {
         return Str(r, {"requestParameters", "bucketName"}).has_value();
       },
       false},
      {"ct.request exists",
       [](const json& r, uint64_t) {
         return Member(r, {"requestParameters"}) != nullptr;
       }},
      {"json.value[/userIdentity/sessionContext/attributes/mfaAuthenticated]"
       " = true",
       [](const json& r, uint64_t) {
         return Is(JsonValue(r,
                             "/userIdentity/sessionContext/attributes/"
                             "mfaAuthenticated"),
                   "true");
       },
       false},
      {"json.value[/userIdentity/sessionContext/attributes/mfaAuthenticated]"
       " = false",
       [](const json& r, uint64_t) {
         return Is(JsonValue(r,
                             "/userIdentity/sessionContext/attributes/"
                             "mfaAuthenticated"),
                   "false");
       }},
      {"json.value[/responseElements/instancesSet/items/0/instanceId] exists",
       [](const json& r, uint64_t) {
         return JsonValue(r,
                          "/responseElements/instancesSet/items/0/"
                          "instanceId")
             .has_value();
       }},
      {"ct.useragent icontains AWS-CLI",
       [](const json& r, uint64_t) {
         auto ua = Str(r, {"userAgent"});
         if (!ua) return false;
         std::string lower;
         for (char c : *ua) lower += static_cast<char>(std::tolower(c));
         return lower.find("aws-cli") != std::string::npos;
       }},
      {"ct.src glob '*.amazonaws.com' and not ct.src glob 'ec2*'",
       [](const json& r, uint64_t) {
         auto src = Str(r, {"eventSource"});
         return EndsWith(src, ".amazonaws.com") && !StartsWith(src, "ec2");
       }},
      {"ct.name regex '(Create|Delete|Put)[A-Za-z]*'",
       [](const json& r, uint64_t) {
         static const std::regex kRe("(Create|Delete|Put)[A-Za-z]*");
         auto name = Str(r, {"eventName"});
         return name && std::regex_match(*name, kRe);
       }},
      {"ct.shortsrc in (iam, sts, bedrock)",
       [](const json& r, uint64_t) {
         auto src = Str(r, {"eventSource"});
         if (!src) return false;
         std::string s = *src;
         const std::string suffix = ".amazonaws.com";
         if (s.size() > suffix.size() && s.ends_with(suffix)) {
           s.resize(s.size() - suffix.size());
         }
         return s == "iam" || s == "sts" || s == "bedrock";
       }},
      {"ct.user exists",
       [](const json& r, uint64_t) { return User(r).has_value(); }},
      {"ct.user = AssumedRole or ct.user = FederatedUser",
       [](const json& r, uint64_t) {
         auto user = User(r);
         return Is(user, "AssumedRole") || Is(user, "FederatedUser");
       }},
      {"ct.user.arn contains ':assumed-role/'",
       [](const json& r, uint64_t) {
         auto arn = Str(r, {"userIdentity", "arn"});
         return arn && arn->find(":assumed-role/") != std::string::npos;
       }},
      {"evt.num > 5 and ct.src != ssm.amazonaws.com",
       [](const json& r, uint64_t num) {
         auto src = Str(r, {"eventSource"});
         return num > 5 && src && *src != "ssm.amazonaws.com";
       }},
  };
}

struct FileRecords {
  std::string path;
  std::string text;
  std::vector<json> records;  // the delivered ones, in order
};

std::vector<FileRecords> SharedFiles() {
  std::vector<FileRecords> files;
  for (const auto& entry :
       fs::recursive_directory_iterator(SharedDir() + "/data/cloudtrail")) {
    if (entry.path().extension() != ".json") continue;
    FileRecords file{
        entry.path().string(), ReadFile(entry.path().string()), {}};
    json doc = json::parse(file.text);
    const json& records = doc.is_object() ? doc.at("Records") : doc;
    for (const json& record : records) {
      if (Delivered(record)) file.records.push_back(record);
    }
    files.push_back(std::move(file));
  }
  return files;
}

TEST_CASE("match counts over the shared records equal independent counts",
          "[counts]") {
  FALCONET_REQUIRE_SHARED();
  std::vector<FileRecords> files = SharedFiles();
  REQUIRE(files.size() > 30);

  for (const Case& c : Cases()) {
    INFO(c.condition);
    auto ruleset = Ruleset::FromCondition(c.condition);
    REQUIRE(ruleset.ok());

    uint64_t ours = 0;
    uint64_t theirs = 0;
    for (const FileRecords& file : files) {
      INFO(file.path);
      Evaluator evaluator(*ruleset);
      uint64_t file_ours = 0;
      EvaluatorCallbacks callbacks;
      callbacks.on_alert = [&](const Alert&, std::string_view) { ++file_ours; };
      evaluator.Evaluate(file.text, callbacks);
      CHECK(evaluator.stats().records_evaluated == file.records.size());

      uint64_t file_theirs = 0;
      for (size_t i = 0; i < file.records.size(); ++i) {
        if (c.holds(file.records[i], i + 1)) ++file_theirs;
      }
      CHECK(file_ours == file_theirs);
      ours += file_ours;
      theirs += file_theirs;
    }
    CHECK(ours == theirs);
    if (c.expect_some) CHECK(theirs > 0);
  }
}

}  // namespace
}  // namespace falconet
