// Alert lines, rebuilt from the values of real Falco 0.44.1 alerts and
// compared byte for byte.
#include "output/alert.h"

#include <string>

#include "nlohmann/json.hpp"
#include "output/output_format.h"
#include "output_test_support.h"

namespace falconet {
namespace {

using testing::ScopedTimeZone;

int PriorityNumber(const std::string& name) {
  for (int p = 0; p <= 7; ++p) {
    if (PriorityName(p) == name) return p;
  }
  return -1;
}

// An Alert holding what Falco's line says: the message is the output
// without its "<time>: <Priority> " prefix, and evt.time is left for
// AlertJson to add.
Alert AlertFrom(const nlohmann::json& line) {
  Alert alert;
  alert.rule = line.value("rule", "");
  alert.priority = PriorityNumber(line.value("priority", "Informational"));
  alert.source = line.value("source", "aws_cloudtrail");
  if (line.contains("tags")) {
    alert.tags = line["tags"].get<std::vector<std::string>>();
  }
  alert.time_ns = line["output_fields"]["evt.time"];
  const std::string output = line["output"];
  size_t prefix = output.find(' ', output.find(": ") + 2);
  alert.message = output.substr(prefix + 1);
  alert.output_fields = line["output_fields"];
  alert.output_fields.erase("evt.time");
  return alert;
}

TEST_CASE("priority names are Falco's long names") {
  const char* names[] = {"Emergency", "Alert",  "Critical",      "Error",
                         "Warning",   "Notice", "Informational", "Debug"};
  for (int p = 0; p <= 7; ++p) CHECK(PriorityName(p) == names[p]);
  CHECK(PriorityName(-1) == "");
  CHECK(PriorityName(8) == "");
}

TEST_CASE("the text line is time, priority and message, unescaped") {
  ScopedTimeZone utc("UTC");
  Alert alert;
  alert.priority = 4;
  alert.time_ns = 1722431184000000001ull;  // 2024-07-31T13:06:24Z + 1 ns
  alert.message = "say \"hi\"\tto \xe2\x86\x90 C:\\dir";
  CHECK(AlertTextLine(alert) ==
        "13:06:24.000000001: Warning say \"hi\"\tto \xe2\x86\x90 C:\\dir");
}

TEST_CASE("JSON alerts match Falco's lines byte for byte") {
  FALCONET_REQUIRE_SHARED();
  ScopedTimeZone utc("UTC");
  std::vector<std::string> lines =
      testing::ExpectedLines(testing::ExpectedDir() + "/alerts-all");
  REQUIRE(!lines.empty());
  for (const std::string& line : lines) {
    nlohmann::json expected = nlohmann::json::parse(line);
    Alert alert = AlertFrom(expected);
    REQUIRE(alert.priority >= 0);
    CHECK(AlertJsonLine(alert, expected["hostname"].get<std::string>()) ==
          line);
  }
}

TEST_CASE("output, output_fields and time match Falco for every record") {
  FALCONET_REQUIRE_SHARED();
  ScopedTimeZone utc("UTC");
  // These lines keep only output, output_fields and time. They hold
  // non-ASCII text (U+2190), quotes, backslashes, tabs and newlines.
  std::vector<std::string> lines =
      testing::ExpectedLines(testing::ExpectedDir() + "/all-fields");
  REQUIRE(lines.size() > 100);
  for (const std::string& line : lines) {
    nlohmann::json expected = nlohmann::json::parse(line);
    nlohmann::json built = AlertJson(AlertFrom(expected), "host");
    nlohmann::json kept = {{"output", built["output"]},
                           {"output_fields", built["output_fields"]},
                           {"time", built["time"]}};
    CHECK(kept.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) ==
          line);
  }
}

TEST_CASE("JSON alert shape") {
  ScopedTimeZone utc("UTC");
  Alert alert;
  alert.rule = "R";
  alert.priority = 2;
  alert.source = "aws_cloudtrail";
  alert.tags = {"cloud", "aws", "cloud"};
  alert.time_ns = 1722588804000000000ull;
  alert.message = "m \xff";  // invalid UTF-8
  alert.output_fields = {{"ct.user", nullptr}, {"evt.num", 3}};

  nlohmann::json json = AlertJson(alert, "h");
  CHECK(json["output_fields"]["evt.time"].is_number_unsigned());
  CHECK(json["tags"] == nlohmann::json::array({"aws", "cloud"}));
  CHECK(AlertJsonLine(alert, "h") ==
        "{\"hostname\":\"h\",\"output\":\"08:53:24.000000000: Critical m "
        "\xef\xbf\xbd\",\"output_fields\":{\"ct.user\":null,\"evt.num\":3,"
        "\"evt.time\":1722588804000000000},\"priority\":\"Critical\","
        "\"rule\":\"R\",\"source\":\"aws_cloudtrail\",\"tags\":[\"aws\","
        "\"cloud\"],\"time\":\"2024-08-02T08:53:24.000000000Z\"}");

  alert.tags.clear();
  alert.output_fields = nullptr;
  json = AlertJson(alert, "h");
  CHECK(json["tags"] == nlohmann::json::array());
  CHECK(json["output_fields"] ==
        nlohmann::json{{"evt.time", 1722588804000000000ull}});
}

}  // namespace
}  // namespace falconet
