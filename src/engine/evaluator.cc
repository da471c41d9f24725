#include "falconet/evaluator.h"

#include <simdjson.h>

#include <vector>

#include "engine/record_splitter.h"
#include "engine/ruleset_impl.h"
#include "fields/cloudtrail_record.h"
#include "fields/projector.h"
#include "fields/string_arena.h"
#include "vm/machine.h"
#include "vm/operand_cache.h"

namespace falconet {
namespace {

// Larger records are skipped: CloudTrail caps a record far below this, so
// anything bigger is damage or abuse.
constexpr size_t kMaxRecordSize = 64 << 20;

// A short, stable reason for the skip counters; the detail keeps the
// parser's own message.
std::string_view ProjectionErrorReason(const absl::Status& status) {
  std::string_view message(status.message().data(), status.message().size());
  if (message.find("UTF-8") != std::string_view::npos) return "invalid UTF-8";
  if (message.find("deep") != std::string_view::npos) return "too deep";
  if (message.find("not a JSON object") != std::string_view::npos) {
    return "record is not an object";
  }
  return "invalid JSON";
}

}  // namespace

// Per-source scratch: the slots of the source's plan and its operand cache.
struct SourceScratch {
  std::vector<Slot> slots;
  OperandCache cache;
};

struct Evaluator::Impl {
  explicit Impl(std::shared_ptr<const Ruleset> r) : ruleset(std::move(r)) {}

  void EvaluateRecord(const RecordSlice& slice,
                      const EvaluatorCallbacks& callbacks);
  void Skip(const RecordSlice& slice, std::string_view reason,
            std::string_view detail, const EvaluatorCallbacks& callbacks);
  bool RunRule(uint32_t rule, const SourceRules& source, SourceScratch& scratch,
               const EventView& event, const EvaluatorCallbacks& callbacks);
  void Report(uint32_t rule, const SourceRules& source, SourceScratch& scratch,
              const EventView& event, const EvaluatorCallbacks& callbacks);

  std::shared_ptr<const Ruleset> ruleset;
  EvaluationStats stats;
  Projector projector;
  StringArena arena;
  std::vector<SourceScratch> scratch;  // parallel to the impl's sources
  std::string padded;                  // the input, with simdjson padding
  bool cold_projected = false;
  uint64_t delivered = 0;
  Alert alert;
};

Evaluator::Evaluator(std::shared_ptr<const Ruleset> ruleset)
    : impl_(std::make_unique<Impl>(std::move(ruleset))) {
  impl_->scratch.resize(impl_->ruleset->impl().sources.size());
}

Evaluator::~Evaluator() = default;

const EvaluationStats& Evaluator::stats() const { return impl_->stats; }
const Ruleset& Evaluator::ruleset() const { return *impl_->ruleset; }

void Evaluator::Evaluate(std::string_view buffer,
                         const EvaluatorCallbacks& callbacks) {
  // simdjson reads up to SIMDJSON_PADDING bytes past a record's end, so the
  // records are parsed from a padded copy; the copy costs little next to
  // parsing and keeps callers free of the padding rule.
  Impl& impl = *impl_;
  impl.padded.assign(buffer);
  impl.padded.append(simdjson::SIMDJSON_PADDING, ' ');

  std::string_view input(impl.padded.data(), buffer.size());
  RecordSplitter splitter(input);
  RecordSlice slice;
  while (splitter.Next(slice)) impl.EvaluateRecord(slice, callbacks);
}

void Evaluator::Impl::Skip(const RecordSlice& slice, std::string_view reason,
                           std::string_view detail,
                           const EvaluatorCallbacks& callbacks) {
  ++stats.records_skipped[std::string(reason)];
  if (callbacks.on_skip) {
    callbacks.on_skip(
        SkippedRecord{slice.index, slice.line, slice.offset, reason, detail});
  }
}

void Evaluator::Impl::EvaluateRecord(const RecordSlice& slice,
                                     const EvaluatorCallbacks& callbacks) {
  ++stats.records_read;
  if (!slice.error.empty()) {
    Skip(slice, slice.error, "", callbacks);
    return;
  }

  const Ruleset::Impl& rs = ruleset->impl();
  auto source_it = rs.sources.find("aws_cloudtrail");
  if (source_it == rs.sources.end()) {
    Skip(slice, "no rules for source aws_cloudtrail", "", callbacks);
    return;
  }
  const SourceRules& source = source_it->second;
  SourceScratch& sc = scratch[std::distance(rs.sources.begin(), source_it)];

  if (slice.json.size() > kMaxRecordSize) {
    Skip(slice, "record too large", "", callbacks);
    return;
  }
  absl::Status projected =
      projector.Project(source.set->plan, slice.json, false, sc.slots);
  if (!projected.ok()) {
    Skip(slice, ProjectionErrorReason(projected),
         std::string_view(projected.message().data(),
                          projected.message().size()),
         callbacks);
    return;
  }
  Delivery delivery = CheckDelivery(sc.slots.data());
  if (!delivery.delivered) {
    Skip(slice, delivery.skip_reason, "", callbacks);
    return;
  }

  ++stats.records_evaluated;
  arena.Reset();
  sc.cache.NextEvent();
  cold_projected = false;
  EventView event{slice.json,       sc.slots.data(),  ++delivered,
                  delivery.time_ns, "aws_cloudtrail", &arena};

  const ValueList& name =
      sc.cache.Get(*source.set, source.event_name_operand, event);
  const std::vector<uint32_t>& candidates =
      source.Candidates(name.empty() ? std::string_view() : name[0].str);
  for (uint32_t rule : candidates) {
    if (RunRule(rule, source, sc, event, callbacks) &&
        rs.matching == RuleMatching::kFirst) {
      break;
    }
  }
}

bool Evaluator::Impl::RunRule(uint32_t rule, const SourceRules& source,
                              SourceScratch& scratch, const EventView& event,
                              const EvaluatorCallbacks& callbacks) {
  const CompiledRuleEntry& entry = ruleset->impl().compiled[rule];
  if (!RunProgram(*source.set, source.set->programs[entry.program],
                  scratch.cache, event)) {
    return false;
  }
  Report(rule, source, scratch, event, callbacks);
  return true;
}

void Evaluator::Impl::Report(uint32_t rule, const SourceRules& source,
                             SourceScratch& scratch, const EventView& event,
                             const EvaluatorCallbacks& callbacks) {
  const RuleInfo& info = ruleset->impl().rules[rule];
  const CompiledRuleEntry& entry = ruleset->impl().compiled[rule];
  ++stats.alerts[info.name];

  // Outputs read paths that no condition reads: project them now, once
  // per record, only because something matched.
  if (!cold_projected) {
    projector.Project(source.set->plan, event.json, true, scratch.slots)
        .IgnoreError();
    cold_projected = true;
  }

  alert.rule = info.name;
  alert.priority = static_cast<int>(info.priority);
  alert.source = info.source;
  alert.tags = info.tags;
  alert.time_ns = event.time_ns;
  alert.message.clear();
  alert.output_fields = nlohmann::json::object();
  if (entry.format) {
    alert.message = entry.format->Render(*source.set, scratch.cache, event);
    alert.output_fields =
        entry.format->Fields(*source.set, scratch.cache, event);
  }
  if (source.extra_fields) {
    nlohmann::json extra =
        source.extra_fields->Fields(*source.set, scratch.cache, event);
    for (auto& [key, value] : extra.items()) alert.output_fields[key] = value;
  }
  if (callbacks.on_alert) callbacks.on_alert(alert, event.json);
}

}  // namespace falconet
