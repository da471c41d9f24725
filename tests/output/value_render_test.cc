// Rendering of field values and times, checked against what Falco 0.44.1
// printed for the shared records and against hand-computed times.
#include <string>

#include "fields/value.h"
#include "nlohmann/json.hpp"
#include "output/output_format.h"
#include "output_test_support.h"

namespace falconet {
namespace {

using testing::ScopedTimeZone;

std::string Render(FieldType type, Display display, uint64_t n) {
  std::string out;
  AppendValue(type, display, Value::Number(n), out);
  return out;
}

std::string RenderStrings(std::initializer_list<std::string_view> values,
                          bool is_list = true) {
  ValueList list;
  for (std::string_view v : values) list.AddString(v);
  std::string out;
  AppendValues(FieldType::kString, is_list, Display::kPlain, list, out);
  return out;
}

// The text after `key=` up to the next " " + `next` + "=" in an output line.
std::string ValueIn(const std::string& output, const std::string& key,
                    const std::string& next) {
  size_t start = output.rfind(" " + key + "=");
  if (start == std::string::npos) return "<absent>";
  start += key.size() + 2;
  size_t end = output.find(" " + next + "=", start);
  return output.substr(start, end - start);
}

TEST_CASE("time fields render as Falco printed them for the shared records") {
  FALCONET_REQUIRE_SHARED();
  ScopedTimeZone utc("UTC");
  std::vector<std::string> lines =
      testing::ExpectedLines(testing::ExpectedDir() + "/all-fields");
  REQUIRE(lines.size() > 100);

  for (const std::string& line : lines) {
    nlohmann::json alert = nlohmann::json::parse(line);
    const std::string output = alert["output"];
    const nlohmann::json& fields = alert["output_fields"];
    uint64_t ns = fields["evt.rawtime"];
    INFO(line.substr(0, 120));

    CHECK(Render(FieldType::kAbsTime, Display::kTime, ns) ==
          ValueIn(output, "evt.time", "evt.time.s"));
    CHECK(Render(FieldType::kAbsTime, Display::kTimeS, ns) ==
          ValueIn(output, "evt.time.s", "evt.time.iso8601"));
    CHECK(Render(FieldType::kAbsTime, Display::kIso8601, ns) ==
          ValueIn(output, "evt.time.iso8601", "evt.datetime"));
    CHECK(Render(FieldType::kAbsTime, Display::kDatetime, ns) ==
          ValueIn(output, "evt.datetime", "evt.datetime.s"));
    CHECK(Render(FieldType::kAbsTime, Display::kDatetimeS, ns) ==
          ValueIn(output, "evt.datetime.s", "evt.rawtime"));
    CHECK(Render(FieldType::kAbsTime, Display::kPlain, ns) ==
          ValueIn(output, "evt.rawtime", "evt.rawtime.s"));
    CHECK(
        Render(FieldType::kUint64, Display::kPlain, fields["evt.rawtime.s"]) ==
        ValueIn(output, "evt.rawtime.s", "evt.rawtime.ns"));
    CHECK(Render(FieldType::kUint64, Display::kNanos9,
                 fields["evt.rawtime.ns"]) ==
          ValueIn(output, "evt.rawtime.ns", "evt.source"));

    // The text line starts with the event time, and `time` is UTC.
    CHECK(output.substr(0, 20) == FormatAlertTime(ns) + ": ");
    CHECK(alert["time"] == FormatIsoUtc(ns));

    // output_fields hold the raw number whatever the display.
    ValueList values;
    values.AddNumber(ns);
    CHECK(JsonOfValues(FieldType::kAbsTime, false, values) ==
          fields["evt.time.iso8601"]);
  }
}

TEST_CASE("local times follow the time zone; ISO 8601 stays UTC") {
  // 2024-07-30T21:31:21.123456789Z
  const uint64_t ns = 1722375081123456789ull;

  SECTION("UTC+5:30 moves past midnight") {
    ScopedTimeZone tz("IST-5:30");
    CHECK(FormatAlertTime(ns) == "03:01:21.123456789");
    CHECK(Render(FieldType::kAbsTime, Display::kTimeS, ns) == "03:01:21");
    CHECK(Render(FieldType::kAbsTime, Display::kDatetime, ns) ==
          "2024-07-31 03:01:21.123456789");
    CHECK(Render(FieldType::kAbsTime, Display::kDatetimeS, ns) ==
          "2024-07-31 03:01:21");
    CHECK(Render(FieldType::kAbsTime, Display::kIso8601, ns) ==
          "2024-07-30T21:31:21.123456789+0000");
    CHECK(FormatIsoUtc(ns) == "2024-07-30T21:31:21.123456789Z");
  }

  SECTION("UTC-5 moves back a day") {
    ScopedTimeZone tz("EST5");
    CHECK(FormatAlertTime(ns) == "16:31:21.123456789");
    // 2024-07-31T02:00:00Z
    CHECK(Render(FieldType::kAbsTime, Display::kDatetimeS,
                 1722391200000000000ull) == "2024-07-30 21:00:00");
    CHECK(FormatIsoUtc(1722391200000000000ull) ==
          "2024-07-31T02:00:00.000000000Z");
  }

  SECTION("one offset, today's, for every event (libs' gmt2local(0))") {
    ScopedTimeZone tz("CET-1CEST,M3.5.0,M10.5.0/3");
    // 2024-01-15T12:00:00Z and 2024-07-15T12:00:00Z: an hour apart in
    // real local time, printed alike by Falco.
    CHECK(FormatAlertTime(1705320000000000000ull) ==
          FormatAlertTime(1721044800000000000ull));
  }
}

TEST_CASE("scalar values render as Falco prints them") {
  CHECK(Render(FieldType::kUint64, Display::kPlain, 0) == "0");
  CHECK(Render(FieldType::kUint64, Display::kPlain, 18446744073709551615ull) ==
        "18446744073709551615");
  CHECK(Render(FieldType::kUint64, Display::kNanos9, 42) == "000000042");
  CHECK(Render(FieldType::kUint64, Display::kNanos9, 1234567890) ==
        "1234567890");

  std::string out;
  AppendValue(FieldType::kBool, Display::kPlain, Value::Bool(true), out);
  out += ' ';
  AppendValue(FieldType::kBool, Display::kPlain, Value::Bool(false), out);
  CHECK(out == "true false");

  CHECK(RenderStrings({"a b\tc"}, false) == "a b\tc");
  CHECK(RenderStrings({""}, false) == "");
  CHECK(RenderStrings({"caf\xc3\xa9 \xe2\x86\x90"}, false) ==
        "caf\xc3\xa9 \xe2\x86\x90");
  // Falco passes strings as C strings.
  CHECK(RenderStrings({std::string_view("ab\0cd", 5)}, false) == "ab");
}

TEST_CASE("missing values render as <NA>") {
  ValueList none;
  std::string out;
  AppendValues(FieldType::kString, false, Display::kPlain, none, out);
  AppendValues(FieldType::kString, true, Display::kPlain, none, out);
  AppendValues(FieldType::kAbsTime, false, Display::kTime, none, out);
  CHECK(out == "<NA><NA><NA>");
}

TEST_CASE("lists render in parentheses with libs' comma quirk") {
  CHECK(RenderStrings({"ami-1"}) == "(ami-1)");
  CHECK(RenderStrings({"a", "b", "c"}) == "(a,b,c)");
  // A comma goes in only once something follows the "(".
  CHECK(RenderStrings({"", "b"}) == "(b)");
  CHECK(RenderStrings({"", "", "c"}) == "(c)");
  CHECK(RenderStrings({"a", ""}) == "(a,)");

  ValueList numbers;
  numbers.AddNumber(1);
  numbers.AddNumber(22);
  std::string out;
  AppendValues(FieldType::kUint64, true, Display::kPlain, numbers, out);
  CHECK(out == "(1,22)");
}

TEST_CASE("a list rendering is cut at libs' 1024-byte buffer") {
  std::string item(600, 'x');
  std::string rendered = RenderStrings({item, item});
  REQUIRE(rendered.size() == 1023);
  CHECK(rendered == "(" + item + "," + std::string(1023 - 602, 'x'));
}

TEST_CASE("output_fields values are typed") {
  ValueList none;
  CHECK(JsonOfValues(FieldType::kString, false, none).is_null());
  CHECK(JsonOfValues(FieldType::kString, true, none).is_null());

  ValueList one;
  one.AddString("christophe");
  CHECK(JsonOfValues(FieldType::kString, false, one) == "christophe");
  CHECK(JsonOfValues(FieldType::kString, true, one) ==
        nlohmann::json::array({"christophe"}));

  ValueList num;
  num.AddNumber(1722431184000000000ull);
  nlohmann::json n = JsonOfValues(FieldType::kUint64, false, num);
  CHECK(n.is_number_unsigned());
  CHECK(n.dump() == "1722431184000000000");

  ValueList flag;
  flag.Add(Value::Bool(true));
  CHECK(JsonOfValues(FieldType::kBool, false, flag) == true);

  ValueList nul;
  nul.AddString(std::string_view("ab\0cd", 5));
  CHECK(JsonOfValues(FieldType::kString, false, nul) == "ab");
}

TEST_CASE("a one-element list field is an array in output_fields") {
  FALCONET_REQUIRE_SHARED();
  // ec2.imageids is the list field of the cloudtrail plugin; Falco printed
  // it for one record of the shared data.
  bool seen = false;
  for (const std::string& line :
       testing::ExpectedLines(testing::ExpectedDir() + "/all-fields")) {
    nlohmann::json alert = nlohmann::json::parse(line);
    const nlohmann::json& ids = alert["output_fields"]["ec2.imageids"];
    if (ids.is_null()) continue;
    seen = true;
    ValueList values;
    std::vector<std::string> items = ids;
    for (const std::string& item : items) values.AddString(item);
    CHECK(JsonOfValues(FieldType::kString, true, values) == ids);
    std::string out;
    AppendValues(FieldType::kString, true, Display::kPlain, values, out);
    CHECK(ValueIn(alert["output"], "ec2.imageids", "ec2.imageids[0]") == out);
  }
  CHECK(seen);
}

}  // namespace
}  // namespace falconet
