// One rule set shared by many threads, each with its own evaluator: the
// C ABI's thread model. Built and run under ThreadSanitizer by
// -DFALCONET_TSAN=ON; in other builds it checks the results only.
//
// Every thread evaluates the same batch many times and must see exactly
// the alerts the batch holds; a data race in the shared rule set would
// show up as a TSan report (and usually as wrong counts).
#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "capi_test_support.h"
#include "falconet.h"

using falconet::capi_testing::kRules;
using falconet::capi_testing::Record;

namespace {

constexpr int kThreads = 8;
constexpr int kRounds = 50;

struct Count {
  uint64_t alerts = 0;
  uint64_t warnings = 0;
};

int CountAlert(const falconet_alert* alert, void* payload) {
  auto* count = static_cast<Count*>(payload);
  ++count->alerts;
  if (falconet_alert_priority(alert) == FALCONET_PRIORITY_WARNING) {
    ++count->warnings;
  }
  // Reading the text forms exercises the shared output formats.
  const char* json = nullptr;
  if (falconet_alert_json(&json, nullptr, alert) != FALCONET_OK) return 1;
  return 0;
}

}  // namespace

int main() {
  falconet_ruleset* rules = nullptr;
  if (falconet_ruleset_load_string(&rules, "rules.yaml", kRules.data(),
                                   kRules.size(), nullptr) != FALCONET_OK) {
    std::fprintf(stderr, "load: %s\n", falconet_error_last());
    return 1;
  }

  // 4 records: CreateUser fires "User created" (a warning); the others
  // fire "Any IAM call"; the broken line is skipped.
  const std::string batch =
      Record("CreateUser") + "\n" + Record("ListUsers") + "\n" + "{broken\n" +
      Record("DeleteUser", "mallory") + "\n" + Record("GetUser") + "\n";

  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      falconet_evaluator* ev = nullptr;
      if (falconet_evaluator_new(&ev, rules, nullptr) != FALCONET_OK) {
        ++failures;
        return;
      }
      Count count;
      falconet_eval_options opts = FALCONET_EVAL_OPTIONS_INIT;
      opts.alert_cb = CountAlert;
      opts.payload = &count;
      uint64_t skipped = 0;
      for (int round = 0; round < kRounds; ++round) {
        falconet_eval_result result = FALCONET_EVAL_RESULT_INIT;
        if (falconet_evaluator_evaluate(&result, ev, batch.data(), batch.size(),
                                        &opts) != FALCONET_OK) {
          ++failures;
        }
        skipped += result.records_skipped;
      }
      if (count.alerts != 4u * kRounds || count.warnings != 1u * kRounds ||
          skipped != 1u * kRounds) {
        std::fprintf(stderr, "thread saw %llu alerts, %llu warnings\n",
                     static_cast<unsigned long long>(count.alerts),
                     static_cast<unsigned long long>(count.warnings));
        ++failures;
      }
      falconet_evaluator_free(ev);
    });
  }
  for (std::thread& t : threads) t.join();
  falconet_ruleset_free(rules);

  if (failures != 0) {
    std::fprintf(stderr, "%d failures\n", failures.load());
    return 1;
  }
  std::printf("%d threads x %d rounds: ok\n", kThreads, kRounds);
  return 0;
}
