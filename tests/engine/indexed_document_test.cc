// A Records document is projected over one token index of the whole buffer
// (Projector::Index and ProjectAt). Whatever the document holds, the
// results must be those of its records evaluated one at a time, each
// through its own stage 1 pass.
#include <sys/mman.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/record_splitter.h"
#include "engine_test_support.h"
#include "falconet/ruleset_builder.h"
#include "test_support.h"

namespace falconet {
namespace {

using testing::Record;

// What an evaluation reports, in order: "alert <evt.num> <record>" and
// "skip <reason>: <detail>".
std::vector<std::string> Outcome(Evaluator& evaluator, std::string_view input) {
  std::vector<std::string> out;
  EvaluatorCallbacks callbacks;
  callbacks.on_alert = [&](const Alert& alert, std::string_view record) {
    out.push_back("alert " + alert.message + " " + std::string(record));
  };
  callbacks.on_skip = [&](const SkippedRecord& s) {
    out.push_back("skip " + std::string(s.reason) + ": " +
                  std::string(s.detail));
  };
  evaluator.Evaluate(input, callbacks);
  return out;
}

std::shared_ptr<const Ruleset> Rules() {
  RulesetBuilder builder;
  LoadResult loaded = builder.AddContent(
      "test.yaml",
      "- rule: any\n"
      "  desc: d\n"
      "  condition: ct.id exists and not ct.error exists\n"
      "  output: n=%evt.num t=%evt.time id=%ct.id user=%ct.user "
      "req=%ct.request src=%ct.src\n"
      "  priority: NOTICE\n"
      "  source: aws_cloudtrail\n");
  REQUIRE(loaded.successful);
  auto ruleset = builder.Build(RuleSelection{});
  REQUIRE(ruleset.ok());
  return *ruleset;
}

// The document evaluated whole, against each of its records evaluated
// alone (the splitter's slices, as the whole evaluation cuts them).
void ExpectSameAsOneByOne(const std::string& document) {
  INFO(document.substr(0, 300));
  auto ruleset = Rules();
  Evaluator whole(ruleset);
  std::vector<std::string> got = Outcome(whole, document);

  Evaluator alone(ruleset);
  std::vector<std::string> expected;
  RecordSplitter splitter(document);
  RecordSlice slice;
  while (splitter.Next(slice)) {
    std::vector<std::string> one;
    if (slice.error.empty()) {
      one = Outcome(alone, std::string(slice.json));
    } else {
      one = {"skip " + std::string(slice.error) + ": "};
    }
    expected.insert(expected.end(), one.begin(), one.end());
  }
  CHECK(got == expected);
  CHECK_FALSE(got.empty());
}

std::string Document(const std::vector<std::string>& records) {
  std::string doc = "{\"Records\":[";
  for (size_t i = 0; i < records.size(); ++i) {
    doc += (i ? ",\n  " : "") + records[i];
  }
  return doc + "]}";
}

std::string Good(const std::string& id, const std::string& extra = "") {
  return Record("\"eventID\":\"" + id + "\"" + (extra.empty() ? "" : ",") +
                extra);
}

TEST_CASE("a Records document gives what its records give one by one",
          "[indexed]") {
  std::string deep = std::string(400, '[') + std::string(400, ']');
  ExpectSameAsOneByOne(Document({
      Good("a1"),
      Good("a2", R"("requestParameters":{"k":"v \"}\" {","n":[1,{"x":null}]})"),
      Good("a3", R"("x":[1,])"),         // damage no condition reads
      "42",                              // not an object
      Good("a4", R"("x": nope)"),        // a bad literal
      Good("a5", R"("x":)" + deep),      // too deep
      Good("a6", R"("eventID":"dup")"),  // first key wins
      R"({"eventType":"AwsApiCall","eventID":"a7"})",  // not delivered
      Good("a8", R"("k\u0065y":"\u00e9\\\"")"),
      Good("a9"),
  }));
}

TEST_CASE("damage that stage 1 sees sends every record its own way",
          "[indexed]") {
  // Invalid UTF-8 or an unclosed string fails the whole buffer's index;
  // the records are then projected one by one, with the same results.
  ExpectSameAsOneByOne(
      Document({Good("b1"), Good("b2", "\"u\":\"caf\xE9\""), Good("b3")}));
  ExpectSameAsOneByOne(Document({Good("c1"), Good("c2"), "{\"eventID\":\"c3"}));
  // A damaged record that does not close swallows the rest, both ways.
  ExpectSameAsOneByOne(
      Document({Good("d1"), "{\"eventID\":{\"d2\":1", Good("d3")}));
}

TEST_CASE("keys at the end of an unpadded buffer are read within it",
          "[indexed]") {
  // The last key lies seven bytes from the end of a buffer that ends where
  // an unreadable page begins: a word read past it would crash here.
  std::string doc = Document({Good("e1"), Good("e2", "\"a\":1")});
  REQUIRE(doc.substr(doc.size() - 8) == "\"a\":1}]}");
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  REQUIRE(doc.size() <= page);
  void* pages = mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  REQUIRE(pages != MAP_FAILED);
  char* guard = static_cast<char*>(pages) + page;
  REQUIRE(mprotect(guard, page, PROT_NONE) == 0);
  char* start = guard - doc.size();
  std::memcpy(start, doc.data(), doc.size());

  Evaluator evaluator(Rules());
  std::vector<std::string> out =
      Outcome(evaluator, std::string_view(start, doc.size()));
  munmap(pages, 2 * page);
  REQUIRE(out.size() == 2);
  CHECK(out[1].find("id=e2") != std::string::npos);
}

TEST_CASE("the shared CloudTrail files evaluate as one record at a time",
          "[indexed][shared]") {
  FALCONET_REQUIRE_SHARED();
  namespace fs = std::filesystem;
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(
           testing::SharedDir() + "/data/cloudtrail")) {
    if (entry.path().extension() != ".json") continue;
    ExpectSameAsOneByOne(testing::ReadFile(entry.path().string()));
    ++files;
  }
  CHECK(files > 0);
}

}  // namespace
}  // namespace falconet
