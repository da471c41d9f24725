// No heap allocation per record in steady state (issue #2, section 4).
//
// This file replaces the global operator new and delete with counting
// versions, so it is built as its own executable (allocation_tests; see
// tests/CMakeLists.txt) and never linked with the other tests.
//
// The test evaluates the same buffer of about a thousand records twice with
// one Evaluator: the first pass warms the buffers (parser capacity, slots,
// operand caches, arena strings); the second must allocate at most a small
// constant, whatever the number of records.
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <string>
#include <vector>

#include "falconet/evaluator.h"
#include "falconet/ruleset_builder.h"
#include "nlohmann/json.hpp"
#include "test_support.h"

namespace {

std::atomic<bool> counting{false};
std::atomic<uint64_t> allocations{0};

void* Allocate(std::size_t size, std::size_t align = 0) {
  if (counting.load(std::memory_order_relaxed)) {
    allocations.fetch_add(1, std::memory_order_relaxed);
  }
  if (size == 0) size = 1;
  void* p = align > alignof(std::max_align_t)
                ? std::aligned_alloc(align, (size + align - 1) / align * align)
                : std::malloc(size);
  return p;
}

}  // namespace

void* operator new(std::size_t size) {
  if (void* p = Allocate(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  if (void* p = Allocate(size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, std::align_val_t align) {
  if (void* p = Allocate(size, static_cast<std::size_t>(align))) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size, std::align_val_t align) {
  if (void* p = Allocate(size, static_cast<std::size_t>(align))) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return Allocate(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return Allocate(size);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}

namespace fs = std::filesystem;
using falconet::testing::ReadFile;
using falconet::testing::SharedDir;

namespace falconet {
namespace {

// How many allocations a second pass may make: a handful, not one per
// record (the buffers hold about a thousand).
constexpr uint64_t kSteadyStateBudget = 8;

// Every record of ../shared/data/cloudtrail, one compact JSON per line.
std::vector<std::string> SharedRecords() {
  std::vector<std::string> records;
  for (const auto& entry :
       fs::recursive_directory_iterator(SharedDir() + "/data/cloudtrail")) {
    if (entry.path().extension() != ".json") continue;
    nlohmann::json doc = nlohmann::json::parse(ReadFile(entry.path()));
    for (const auto& record : doc.at("Records")) {
      records.push_back(record.dump());
    }
  }
  return records;
}

// JSON Lines of `records` repeated to at least `count` lines.
std::string Repeat(const std::vector<std::string>& records, size_t count) {
  std::string out;
  for (size_t i = 0; i < count || i % records.size() != 0; ++i) {
    out += records[i % records.size()];
    out += '\n';
  }
  return out;
}

struct Passes {
  uint64_t records = 0;
  uint64_t alerts = 0;
  uint64_t first = 0;   // allocations of the first pass
  uint64_t second = 0;  // allocations of the second pass
};

// Evaluates `input` twice with one evaluator, counting allocations.
Passes EvaluateTwice(std::shared_ptr<const Ruleset> ruleset,
                     const std::string& input) {
  Evaluator evaluator(std::move(ruleset));
  Passes passes;
  EvaluatorCallbacks callbacks;
  callbacks.on_alert = [&](const Alert&, std::string_view) { ++passes.alerts; };
  for (uint64_t* count : {&passes.first, &passes.second}) {
    allocations = 0;
    counting = true;
    evaluator.Evaluate(input, callbacks);
    counting = false;
    *count = allocations;
  }
  passes.records = evaluator.stats().records_evaluated / 2;
  return passes;
}

// A condition that never holds but reads many fields, through most kinds
// of instruction, so that every record runs the whole program.
constexpr const char* kNeverTrue =
    "ct.name = NoSuchEvent"
    " or (ct.user = nobody and ct.info contains zzz)"
    " or json.value[/userIdentity/sessionContext/sessionIssuer/arn] = x"
    " or ct.useragent icontains ZZZ"
    " or tolower(ct.src) = zzz"
    " or toupper(ct.region) startswith ZZ"
    " or ct.srcip glob 'zz*'"
    " or ct.region regex 'zz.*'"
    " or ct.region in (zz-1, zz-2)"
    " or ec2.imageids intersects (ami-zz)"
    " or s3.uri endswith zz"
    " or ct.request contains zzzz"
    " or ct.response contains zzzz"
    " or concat(ct.user, \"@\", ct.region) = zz"
    " or ct.user startswith anyof (zz, yy)"
    " or evt.num = 0";

TEST_CASE("a condition that never fires allocates nothing per record",
          "[alloc]") {
  FALCONET_REQUIRE_SHARED();
  auto ruleset = Ruleset::FromCondition(kNeverTrue);
  REQUIRE(ruleset.ok());
  std::string input = Repeat(SharedRecords(), 1000);

  Passes passes = EvaluateTwice(*ruleset, input);
  INFO("records per pass: " << passes.records << ", allocations: first pass "
                            << passes.first << ", second pass "
                            << passes.second);
  CHECK(passes.records >= 1000);
  CHECK(passes.alerts == 0);
  CHECK(passes.second <= kSteadyStateBudget);
}

TEST_CASE("the upstream rules over records that do not alert", "[alloc]") {
  FALCONET_REQUIRE_SHARED();
  RulesetBuilder builder;
  LoadResult loaded = builder.AddFile(
      SharedDir() + "/upstream/plugins-cloudtrail/aws_cloudtrail_rules.yaml");
  REQUIRE(loaded.successful);
  auto built = builder.Build();
  REQUIRE(built.ok());
  std::shared_ptr<const Ruleset> ruleset = *built;

  // Keep the records that raise no alert.
  std::vector<std::string> quiet;
  for (const std::string& record : SharedRecords()) {
    Evaluator evaluator(ruleset);
    bool alerted = false;
    EvaluatorCallbacks callbacks;
    callbacks.on_alert = [&](const Alert&, std::string_view) {
      alerted = true;
    };
    evaluator.Evaluate(record, callbacks);
    if (!alerted) quiet.push_back(record);
  }
  REQUIRE(quiet.size() > 100);

  Passes passes = EvaluateTwice(ruleset, Repeat(quiet, 1000));
  INFO("records per pass: " << passes.records << ", allocations: first pass "
                            << passes.first << ", second pass "
                            << passes.second);
  CHECK(passes.records >= 1000);
  CHECK(passes.alerts == 0);
  CHECK(passes.second <= kSteadyStateBudget);
}

TEST_CASE("skipped records allocate nothing either", "[alloc]") {
  auto ruleset = Ruleset::FromCondition(kNeverTrue);
  REQUIRE(ruleset.ok());
  // Every reason a record can be skipped for, a thousand times each.
  std::vector<std::pair<std::string, std::string>> bad = {
      {"invalid JSON", "{\"eventTime\": }"},
      {"record is not an object", "42"},
      {"missing eventTime", "{\"eventType\":\"AwsApiCall\"}"},
      {"invalid eventTime",
       "{\"eventTime\":\"yesterday\",\"eventType\":\"AwsApiCall\"}"},
      {"missing eventType", "{\"eventTime\":\"2024-05-01T10:00:00Z\"}"},
      {"insight event",
       "{\"eventTime\":\"2024-05-01T10:00:00Z\","
       "\"eventType\":\"AwsCloudTrailInsight\"}"},
      {"invalid UTF-8", "{\"userAgent\":\"caf\xE9\"}"},
      {"too deep",
       "{\"x\":" + std::string(3000, '[') + std::string(3000, ']') + "}"},
  };
  for (const auto& [reason, record] : bad) {
    Passes passes = EvaluateTwice(*ruleset, Repeat({record}, 1000));
    INFO(reason << ": allocations: first pass " << passes.first
                << ", second pass " << passes.second);
    CHECK(passes.second <= kSteadyStateBudget);
  }
}

TEST_CASE("the counting allocator counts", "[alloc]") {
  // Guards the test itself: a replaced operator new that was not linked
  // would make every check above pass.
  allocations = 0;
  counting = true;
  std::string* volatile p = new std::string(100, 'x');
  counting = false;
  CHECK(allocations >= 1);
  delete p;
}

}  // namespace
}  // namespace falconet
