// The record splitter: every input shape CloudTrail tools write, and damage
// that must cost only the damaged record.
#include "engine/record_splitter.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace {

struct Split {
  std::vector<std::string> records;
  std::vector<std::string> errors;  // "index:reason"
  std::vector<uint64_t> lines;
};

Split SplitAll(std::string_view input) {
  Split out;
  falconet::RecordSplitter splitter(input);
  falconet::RecordSlice slice;
  while (splitter.Next(slice)) {
    if (slice.error.empty()) {
      out.records.emplace_back(slice.json);
    } else {
      out.errors.push_back(std::to_string(slice.index) + ":" +
                           std::string(slice.error));
    }
    out.lines.push_back(slice.line);
  }
  return out;
}

}  // namespace

TEST_CASE("a Records document yields its records", "[splitter]") {
  Split s = SplitAll(
      "{\n  \"Records\": [\n    {\"a\": 1},\n    {\"b\": \"}\"}\n  ]\n}\n");
  REQUIRE(s.records ==
          std::vector<std::string>{"{\"a\": 1}", "{\"b\": \"}\"}"});
  CHECK(s.lines == std::vector<uint64_t>{3, 4});
  CHECK(s.errors.empty());
}

TEST_CASE("JSON Lines, a bare array and a single record", "[splitter]") {
  CHECK(SplitAll("{\"a\":1}\n{\"b\":2}\n").records.size() == 2);
  CHECK(SplitAll("[{\"a\":1},{\"b\":2}]").records.size() == 2);
  CHECK(SplitAll("{\"eventName\":\"X\"}").records.size() == 1);
  CHECK(SplitAll("{\"Records\":[]}").records.empty());
  CHECK(SplitAll("").records.empty());
}

TEST_CASE("one Records document per line", "[splitter]") {
  Split s = SplitAll("{\"Records\":[{\"a\":1}]}\n{\"Records\":[{\"b\":2}]}\n");
  CHECK(s.records == std::vector<std::string>{"{\"a\":1}", "{\"b\":2}"});
}

TEST_CASE("non-objects in Records are reported, not dropped", "[splitter]") {
  Split s = SplitAll("{\"Records\":[{\"a\":1}, 42, \"x\", {\"b\":2}]}");
  CHECK(s.records.size() == 2);
  CHECK(s.errors == std::vector<std::string>{"1:record is not an object",
                                             "2:record is not an object"});
}

TEST_CASE("Records that is not an array is reported", "[splitter]") {
  Split s = SplitAll("{\"Records\": {\"a\": 1}}");
  CHECK(s.errors == std::vector<std::string>{"0:Records is not an array"});
}

TEST_CASE("a damaged JSON Lines line does not swallow the next", "[splitter]") {
  Split s = SplitAll("{\"a\":1}\n{\"b\":{\n{\"c\":3}\n");
  REQUIRE(s.records.size() == 3);
  CHECK(s.records[1] == "{\"b\":{");
  CHECK(s.records[2] == "{\"c\":3}");
}

TEST_CASE("a truncated document keeps its complete records", "[splitter]") {
  Split s = SplitAll("{\"Records\":[{\"a\":1},{\"b\":2},{\"c\":");
  REQUIRE(s.records.size() == 3);
  CHECK(s.records[0] == "{\"a\":1}");
  CHECK(s.records[2] == "{\"c\":");
}

TEST_CASE("a line of text is one damaged record", "[splitter]") {
  Split s = SplitAll("{\"a\":1}\nthis is not JSON\n{\"b\":2}\n");
  CHECK(s.records.size() == 2);
  CHECK(s.errors == std::vector<std::string>{"1:record is not an object"});
}

TEST_CASE("a JSON Lines line is one record, whatever it holds", "[splitter]") {
  // After the first value each line is taken whole (CR included in the
  // line end): two objects on one line make one record, which the
  // projection then refuses as invalid JSON.
  Split s = SplitAll("{\"a\":1}\n{\"b\":2} {\"c\":3}\r\n{\"d\":4}\n");
  CHECK(s.records == std::vector<std::string>{
                         "{\"a\":1}", "{\"b\":2} {\"c\":3}", "{\"d\":4}"});
  CHECK(s.lines == std::vector<uint64_t>{1, 2, 3});
}
