// Records per second: falconet evaluating the upstream CloudTrail rules,
// next to simdjson parsing the same records and nothing else.
//
// The records of ../shared/data/cloudtrail, re-serialised one per line
// (compact JSON Lines), are repeated to at least 100,000 and evaluated as
// one buffer on one thread with the conditions of
// ../shared/upstream/plugins-cloudtrail/aws_cloudtrail_rules.yaml.
//
// The parse-only baselines get the records already split (views into one
// padded buffer), so they pay neither the split nor the padded copy that
// Evaluator::Evaluate does; the comparison is conservative for falconet.
//   - BM_ParseOnly_Dom: simdjson::dom::parser::parse of each record. This
//     is the reference for the ratio: simdjson's full parse, which checks
//     every byte and materialises every value, as a JSON library's "parse"
//     is usually understood, and needs no code of ours to define.
//   - BM_ParseOnly_OnDemandAll: On-Demand, touching every key and value
//     (strings unescaped, numbers parsed). The engine uses On-Demand but
//     touches only the paths the rules read; this shows what visiting all
//     of them would cost.
// After the runs, the ratio evaluate / parse-only is printed.
//
// Skips, with a message and exit status 0, when ../shared is absent.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "falconet/evaluator.h"
#include "falconet/ruleset_builder.h"
#include "nlohmann/json.hpp"

namespace fs = std::filesystem;

namespace {

constexpr size_t kMinRecords = 100000;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The records, as JSON Lines, with simdjson padding after the last one.
struct Corpus {
  std::string buffer;                   // JSON Lines + padding
  size_t size = 0;                      // without the padding
  std::vector<std::string_view> views;  // one per record, into buffer
};

Corpus& TheCorpus() {
  static Corpus corpus;
  return corpus;
}

std::string RulesPath() {
  return std::string(FALCONET_SHARED_DIR) +
         "/upstream/plugins-cloudtrail/aws_cloudtrail_rules.yaml";
}

void LoadCorpus() {
  std::vector<std::string> records;
  for (const auto& entry : fs::recursive_directory_iterator(
           std::string(FALCONET_SHARED_DIR) + "/data/cloudtrail")) {
    if (entry.path().extension() != ".json") continue;
    nlohmann::json doc = nlohmann::json::parse(ReadFile(entry.path()));
    for (const auto& record : doc.at("Records")) {
      records.push_back(record.dump());
    }
  }

  Corpus& corpus = TheCorpus();
  std::vector<size_t> starts;
  for (size_t i = 0; i < kMinRecords || i % records.size() != 0; ++i) {
    starts.push_back(corpus.buffer.size());
    corpus.buffer += records[i % records.size()];
    corpus.buffer += '\n';
  }
  corpus.size = corpus.buffer.size();
  corpus.buffer.append(simdjson::SIMDJSON_PADDING, ' ');
  for (size_t i = 0; i < starts.size(); ++i) {
    size_t end = (i + 1 < starts.size() ? starts[i + 1] : corpus.size) - 1;
    corpus.views.emplace_back(corpus.buffer.data() + starts[i],
                              end - starts[i]);
  }
}

std::shared_ptr<const falconet::Ruleset> UpstreamRules(
    const falconet::RuleSelection& selection) {
  falconet::RulesetBuilder builder;
  falconet::LoadResult loaded = builder.AddFile(RulesPath());
  if (!loaded.successful) return nullptr;
  auto ruleset = builder.Build(selection);
  return ruleset.ok() ? *ruleset : nullptr;
}

// Evaluates the whole corpus per iteration. The arguments pick the rule
// selection: matching mode, every rule enabled, the event-name index.
void EvaluateCorpus(benchmark::State& state,
                    falconet::RuleSelection selection) {
  auto ruleset = UpstreamRules(selection);
  if (!ruleset) {
    state.SkipWithError("cannot load the upstream rules");
    return;
  }
  const Corpus& corpus = TheCorpus();
  std::string_view input(corpus.buffer.data(), corpus.size);
  falconet::Evaluator evaluator(ruleset);
  uint64_t alerts = 0;
  falconet::EvaluatorCallbacks callbacks;
  callbacks.on_alert = [&](const falconet::Alert&, std::string_view) {
    ++alerts;
  };

  // One untimed pass first: the steady state is what a long-running
  // evaluator sees (buffers grown, pages touched).
  evaluator.Evaluate(input, callbacks);
  const falconet::EvaluationStats& stats = evaluator.stats();
  if (stats.records_evaluated != stats.records_read) {
    state.SkipWithError("some records were skipped");
    return;
  }
  const uint64_t per_pass = stats.records_read;
  const uint64_t alerts_per_pass = alerts;

  for (auto _ : state) evaluator.Evaluate(input, callbacks);

  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * per_pass));
  state.SetBytesProcessed(
      static_cast<int64_t>(state.iterations() * corpus.size));
  state.counters["alerts_per_pass"] = static_cast<double>(alerts_per_pass);
}

void BM_Evaluate(benchmark::State& state) {
  EvaluateCorpus(state, falconet::RuleSelection{});
}

void BM_Evaluate_AllRulesAllMatches(benchmark::State& state) {
  falconet::RuleSelection selection;
  selection.matching = falconet::RuleMatching::kAll;
  selection.enable_names = {"*"};
  EvaluateCorpus(state, selection);
}

void BM_Evaluate_NoIndex(benchmark::State& state) {
  falconet::RuleSelection selection;
  selection.use_event_name_index = false;
  EvaluateCorpus(state, selection);
}

void BM_ParseOnly_Dom(benchmark::State& state) {
  const Corpus& corpus = TheCorpus();
  simdjson::dom::parser parser;
  size_t records = 0;
  for (auto _ : state) {
    for (std::string_view record : corpus.views) {
      simdjson::dom::element doc;
      // The views lie in a padded buffer: no copy needed.
      auto error = parser.parse(record.data(), record.size(), false).get(doc);
      if (error) {
        state.SkipWithError(simdjson::error_message(error));
        return;
      }
      benchmark::DoNotOptimize(doc);
      ++records;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(records));
  state.SetBytesProcessed(
      static_cast<int64_t>(state.iterations() * corpus.size));
}

namespace od = simdjson::ondemand;

// Visits every key and value below `value`, adding up what it reads.
simdjson::error_code TouchAll(od::value value, size_t& sink) {
  od::json_type type;
  SIMDJSON_TRY(value.type().get(type));
  switch (type) {
    case od::json_type::object: {
      od::object object;
      SIMDJSON_TRY(value.get_object().get(object));
      for (auto field : object) {
        std::string_view key;
        SIMDJSON_TRY(field.unescaped_key().get(key));
        sink += key.size();
        od::value child;
        SIMDJSON_TRY(field.value().get(child));
        SIMDJSON_TRY(TouchAll(child, sink));
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::array: {
      od::array array;
      SIMDJSON_TRY(value.get_array().get(array));
      for (auto element : array) {
        od::value child;
        SIMDJSON_TRY(element.get(child));
        SIMDJSON_TRY(TouchAll(child, sink));
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::string: {
      std::string_view s;
      SIMDJSON_TRY(value.get_string().get(s));
      sink += s.size();
      return simdjson::SUCCESS;
    }
    case od::json_type::number: {
      double d;
      SIMDJSON_TRY(value.get_double().get(d));
      sink += static_cast<size_t>(d != 0);
      return simdjson::SUCCESS;
    }
    case od::json_type::boolean: {
      bool b;
      SIMDJSON_TRY(value.get_bool().get(b));
      sink += b;
      return simdjson::SUCCESS;
    }
    case od::json_type::null:
      sink += value.is_null() ? 1 : 0;
      return simdjson::SUCCESS;
  }
  return simdjson::SUCCESS;
}

void BM_ParseOnly_OnDemandAll(benchmark::State& state) {
  const Corpus& corpus = TheCorpus();
  const char* end = corpus.buffer.data() + corpus.buffer.size();
  od::parser parser;
  size_t records = 0;
  size_t sink = 0;
  for (auto _ : state) {
    for (std::string_view record : corpus.views) {
      simdjson::padded_string_view padded(
          record.data(), record.size(),
          static_cast<size_t>(end - record.data()));
      od::document doc;
      od::value root;
      simdjson::error_code error = parser.iterate(padded).get(doc);
      if (!error) error = doc.get_value().get(root);
      if (!error) error = TouchAll(root, sink);
      if (error) {
        state.SkipWithError(simdjson::error_message(error));
        return;
      }
      ++records;
    }
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(static_cast<int64_t>(records));
  state.SetBytesProcessed(
      static_cast<int64_t>(state.iterations() * corpus.size));
}

BENCHMARK(BM_Evaluate)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_Evaluate_AllRulesAllMatches)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(2);
BENCHMARK(BM_Evaluate_NoIndex)->Unit(benchmark::kMillisecond)->MinTime(2);
BENCHMARK(BM_ParseOnly_Dom)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseOnly_OnDemandAll)->Unit(benchmark::kMillisecond);

// The console output, plus each run's records per second, for the ratio.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    // The last repetition, or the median when repetitions are aggregated.
    for (const Run& run : runs) {
      auto it = run.counters.find("items_per_second");
      bool median =
          run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
      if ((run.run_type == Run::RT_Iteration || median) &&
          it != run.counters.end()) {
        rates_[run.run_name.str()] = it->second.value;
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }

  void PrintRatios() const {
    auto parse = rates_.find("BM_ParseOnly_Dom");
    if (parse == rates_.end()) return;
    for (const auto& [name, rate] : rates_) {
      if (name.rfind("BM_Evaluate", 0) != 0) continue;
      std::printf(
          "ratio %s / BM_ParseOnly_Dom = %.2f (%.0f vs %.0f "
          "records/s)\n",
          name.c_str(), rate / parse->second, rate, parse->second);
    }
  }

 private:
  std::map<std::string, double> rates_;
};

}  // namespace

int main(int argc, char** argv) {
  if (!fs::is_directory(FALCONET_SHARED_DIR)) {
    std::printf("falconet_bench: skipped: %s is absent\n", FALCONET_SHARED_DIR);
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  LoadCorpus();
  std::printf("corpus: %zu records, %zu bytes of JSON Lines\n",
              TheCorpus().views.size(), TheCorpus().size);

  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintRatios();
  benchmark::Shutdown();
  return 0;
}
