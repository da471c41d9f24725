// The projection pass: planned paths only, fastjson's lookup rules, and
// clear errors for records that are not JSON objects.
#include "fields/projector.h"

#include <string>

#include <catch2/catch.hpp>

#include "simdjson.h"

namespace falconet {
namespace {

// Owns a record followed by the padding simdjson reads past its end.
class Padded {
 public:
  explicit Padded(std::string_view json)
      : buffer_(std::string(json) +
                std::string(simdjson::SIMDJSON_PADDING, ' ')),
        size_(json.size()) {}
  std::string_view view() const { return {buffer_.data(), size_}; }

 private:
  std::string buffer_;
  size_t size_;
};

struct Projected {
  absl::Status status;
  std::vector<Slot> slots;
  std::string_view at(SlotId slot) const { return slots[slot].raw; }
};

Projected Project(Projector& projector, const PathPlan& plan,
                  const Padded& record, bool include_cold = true) {
  Projected p;
  p.status = projector.Project(plan, record.view(), include_cold, p.slots);
  return p;
}

TEST_CASE("Projector fills planned paths with raw JSON text") {
  PathPlan plan;
  SlotId user = plan.Add({"userIdentity", "userName"}, true);
  SlotId ro = plan.Add({"readOnly"}, true);
  SlotId params = plan.Add({"requestParameters"}, true);
  SlotId absent = plan.Add({"nope", "deeper"}, true);
  Padded record(R"({
    "eventTime": "2024-08-01T13:29:57Z", "eventType": "AwsApiCall",
    "eventName": "Get\u0041", "readOnly": true,
    "userIdentity": {"type": "IAMUser", "userName": "al\"ice"},
    "requestParameters": { "a" : [1, 2] }
  })");
  Projector projector;
  Projected p = Project(projector, plan, record);
  REQUIRE(p.status.ok());
  REQUIRE(p.slots.size() == plan.size());
  CHECK(p.at(PathPlan::kEventTime) == "\"2024-08-01T13:29:57Z\"");
  CHECK(p.at(PathPlan::kEventName) == R"("Get\u0041")");
  CHECK(p.at(PathPlan::kEventSource).empty());
  CHECK(p.at(user) == R"("al\"ice")");
  CHECK(p.at(ro) == "true");
  CHECK(p.at(params) == R"({ "a" : [1, 2] })");
  CHECK(p.at(absent).empty());
  // Slots point into the record.
  CHECK(p.at(ro).data() >= record.view().data());
  CHECK(p.at(ro).data() < record.view().data() + record.view().size());
}

TEST_CASE("Projector skips cold paths unless asked for them") {
  PathPlan plan;
  SlotId hot = plan.Add({"a", "hot"}, true);
  SlotId cold = plan.Add({"a", "cold"}, false);
  SlotId whole = plan.Add({"a"}, false);
  Padded record(R"({"a": {"cold": 1, "hot": 2}})");
  Projector projector;

  Projected hot_only = Project(projector, plan, record, false);
  REQUIRE(hot_only.status.ok());
  CHECK(hot_only.at(hot) == "2");
  CHECK(hot_only.at(cold).empty());
  CHECK(hot_only.at(whole).empty());

  Projected all = Project(projector, plan, record, true);
  REQUIRE(all.status.ok());
  CHECK(all.at(hot) == "2");
  CHECK(all.at(cold) == "1");
  CHECK(all.at(whole) == R"({"cold": 1, "hot": 2})");
}

TEST_CASE("Projector addresses array elements by index keys") {
  PathPlan plan;
  SlotId first = plan.Add({"items", "0", "id"}, true);
  SlotId third = plan.Add({"items", "2"}, true);
  SlotId padded_index = plan.Add({"items", "01", "id"}, true);
  SlotId out_of_range = plan.Add({"items", "7"}, true);
  SlotId not_index = plan.Add({"items", "id"}, true);
  SlotId object_key = plan.Add({"obj", "0"}, true);
  Padded record(R"({"items": [{"id": "a"}, {"id": "b"}, [true]],
                    "obj": {"0": "zero"}})");
  Projector projector;
  Projected p = Project(projector, plan, record);
  REQUIRE(p.status.ok());
  CHECK(p.at(first) == "\"a\"");
  CHECK(p.at(third) == "[true]");
  CHECK(p.at(padded_index) == "\"b\"");
  CHECK(p.at(out_of_range).empty());
  CHECK(p.at(not_index).empty());
  CHECK(p.at(object_key) == "\"zero\"");
}

TEST_CASE("Projector keeps the first of duplicate keys, children included") {
  PathPlan plan;
  SlotId a = plan.Add({"a"}, true);
  SlotId ox = plan.Add({"o", "x"}, true);
  SlotId oy = plan.Add({"o", "y"}, true);
  Padded record(R"({"a": 1, "o": {"x": 1}, "a": 2, "o": {"x": 2, "y": 3}})");
  Projector projector;
  Projected p = Project(projector, plan, record);
  REQUIRE(p.status.ok());
  CHECK(p.at(a) == "1");
  CHECK(p.at(ox) == "1");
  CHECK(p.at(oy).empty());
}

TEST_CASE("Projector resolves children of a captured value from its text") {
  PathPlan plan;
  SlotId params = plan.Add({"requestParameters"}, true);
  SlotId bucket = plan.Add({"requestParameters", "bucketName"}, true);
  SlotId tag = plan.Add({"requestParameters", "tags", "1", "k"}, true);
  Padded record(R"({"requestParameters": {"bucketName": "b",
      "tags": [{"k": 1}, {"k": "two"}], "bucketName": "dup"}})");
  Projector projector;
  Projected p = Project(projector, plan, record);
  REQUIRE(p.status.ok());
  CHECK(p.at(params).substr(0, 19) == R"({"bucketName": "b",)");
  CHECK(p.at(params).back() == '}');
  CHECK(p.at(bucket) == "\"b\"");
  CHECK(p.at(tag) == "\"two\"");
}

TEST_CASE("Projector matches keys after unescaping them") {
  PathPlan plan;
  Padded record(R"({"event\u004eame": "x", "eventName": "second"})");
  Projector projector;
  Projected p = Project(projector, plan, record);
  REQUIRE(p.status.ok());
  CHECK(p.at(PathPlan::kEventName) == "\"x\"");
}

TEST_CASE("Projector reports records it cannot read") {
  PathPlan plan;
  Projector projector;
  auto error = [&](std::string_view json) {
    Projected p = Project(projector, plan, Padded(json));
    for (const Slot& slot : p.slots) CHECK_FALSE(slot.present());
    return std::string(p.status.message());
  };
  CHECK_THAT(error(R"({"eventName": "x", )"),
             Catch::StartsWith("invalid JSON: "));
  CHECK(error("[1, 2]") == "record is not a JSON object");
  CHECK(error("\"text\"") == "record is not a JSON object");
  CHECK_THAT(error("{} {}"), Catch::StartsWith("invalid JSON: "));
  CHECK_THAT(error(""), Catch::StartsWith("invalid JSON: "));
  CHECK(error("{\"eventName\": \"\xFF\"}") == "record is not valid UTF-8");
}

TEST_CASE("Projector accepts deep nesting it does not walk into") {
  // fastjson, which Falco's plugins use, has no depth limit; neither has a
  // skipped value here.
  PathPlan plan;
  SlotId after = plan.Add({"after"}, true);
  std::string deep = std::string(5000, '[') + std::string(5000, ']');
  Padded record("{\"a\": " + deep + ", \"after\": 1}");
  Projector projector;
  Projected p = Project(projector, plan, record);
  REQUIRE(p.status.ok());
  CHECK(p.at(after) == "1");
}

TEST_CASE("Projector is reusable across records") {
  PathPlan plan;
  SlotId x = plan.Add({"x"}, true);
  Projector projector;
  Padded one(R"({"x": "first"})");
  Projected first = Project(projector, plan, one);
  REQUIRE(first.status.ok());
  CHECK(first.at(x) == "\"first\"");
  std::vector<Slot> slots = first.slots;
  Padded second(R"({"eventName": "only"})");
  REQUIRE(projector.Project(plan, second.view(), true, slots).ok());
  CHECK(slots[x].raw.empty());
  CHECK(slots[PathPlan::kEventName].raw == "\"only\"");
}

TEST_CASE("Projector rejects every truncation of a record") {
  const std::string full =
      R"({"eventTime": "2014-03-06T21:22:54Z", "a": [1, {"b": "x\"y"}],)"
      R"( "eventName": "n", "c": {"d": [true, null]}})";
  PathPlan plan;
  plan.Add({"a", "1", "b"}, true);
  plan.Add({"c"}, true);
  Projector projector;
  REQUIRE(Project(projector, plan, Padded(full)).status.ok());
  for (size_t len = 0; len < full.size(); ++len) {
    Padded prefix(std::string_view(full).substr(0, len));
    Projected p = Project(projector, plan, prefix);
    INFO(prefix.view());
    CHECK_FALSE(p.status.ok());
  }
}

TEST_CASE("Projector keeps slots inside the record whatever the bytes") {
  const std::string full =
      R"({"eventTime": "t", "a": [1, {"b": "x\"y"}], "c": {"d": [true]}})";
  PathPlan plan;
  plan.Add({"a", "1", "b"}, true);
  plan.Add({"a", "0"}, true);
  plan.Add({"c", "d"}, true);
  Projector projector;
  for (size_t i = 0; i < full.size(); ++i) {
    for (char c : {'"', '\\', '{', '}', '[', ']', ',', ':', '\xFF', ' '}) {
      std::string mutated = full;
      mutated[i] = c;
      Padded record(mutated);
      Projected p = Project(projector, plan, record);
      for (const Slot& slot : p.slots) {
        if (!slot.present()) continue;
        CHECK(slot.raw.data() >= record.view().data());
        CHECK(slot.raw.data() + slot.raw.size() <=
              record.view().data() + record.view().size());
      }
    }
  }
}

}  // namespace
}  // namespace falconet
