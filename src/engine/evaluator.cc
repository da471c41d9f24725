#include "falconet/evaluator.h"

#include <simdjson.h>

#include <vector>

#include "engine/image_scans.h"
#include "engine/record_splitter.h"
#include "engine/ruleset_impl.h"
#include "fields/cloudtrail_record.h"
#include "fields/image_scan_event.h"
#include "fields/projector.h"
#include "fields/string_arena.h"
#include "nlohmann/json.hpp"
#include "vm/machine.h"
#include "vm/operand_cache.h"

namespace falconet {
namespace {

// Larger records are skipped: CloudTrail caps a record far below this, so
// anything bigger is damage or abuse.
constexpr size_t kMaxRecordSize = 64 << 20;
constexpr int kMaxRecordDepth = 300;
// Larger buffers are not indexed whole (the index takes four bytes per
// byte): their records get a stage 1 pass each, as JSON Lines do.
constexpr size_t kMaxIndexedBuffer = 16 << 20;

// A short, stable reason for the skip counters; the detail keeps the
// parser's own message.
std::string_view ProjectionErrorReason(const absl::Status& status) {
  std::string_view message(status.message().data(), status.message().size());
  if (message.find("UTF-8") != std::string_view::npos) return "invalid UTF-8";
  if (message.find("not a JSON object") != std::string_view::npos) {
    return "record is not an object";
  }
  return "invalid JSON";
}

// A slot's string without quotes, when it needs no unescaping; the
// image-scan table only holds plain names.
std::string_view PlainString(const Slot& slot) {
  std::string_view raw = slot.raw;
  if (raw.size() < 2 || raw.front() != '"' ||
      raw.find('\\') != std::string_view::npos) {
    return {};
  }
  return raw.substr(1, raw.size() - 2);
}

std::string Member(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// The deploying record's context for a scan request. Only records that
// deploy images get here, so a full parse is affordable.
ImageScanRequest ContextOf(std::string_view record, uint64_t time_ns) {
  ImageScanRequest request;
  request.event_time_ns = time_ns;
  nlohmann::json json = nlohmann::json::parse(record, nullptr, false);
  if (!json.is_object()) return request;
  nlohmann::json identity = json.value("userIdentity", nlohmann::json());
  if (!identity.is_object()) identity = nlohmann::json::object();
  request.account = Member(identity, "accountId");
  if (request.account.empty()) {
    request.account = Member(json, "recipientAccountId");
  }
  request.region = Member(json, "awsRegion");
  request.principal = Member(identity, "arn");
  if (request.principal.empty()) {
    request.principal = Member(identity, "userName");
  }
  request.source_ip = Member(json, "sourceIPAddress");
  request.event_id = Member(json, "eventID");
  request.event_name = Member(json, "eventName");
  return request;
}

}  // namespace

// Per-source scratch: the slots of the source's plan and its operand cache.
struct SourceScratch {
  std::vector<Slot> slots;
  OperandCache cache;
};

struct Evaluator::Impl {
  explicit Impl(std::shared_ptr<const Ruleset> r) : ruleset(std::move(r)) {}

  // Whether the buffer's tokens were indexed for EvaluateIndexed.
  struct BufferIndex {
    bool tried = false;
    bool ready = false;
  };

  bool EvaluateIndexed(std::string_view buffer, RecordSplitter& splitter,
                       BufferIndex& index, const EvaluatorCallbacks& callbacks);
  void EvaluateRecord(const RecordSlice& slice,
                      const EvaluatorCallbacks& callbacks, bool projected);
  void Skip(const RecordSlice& slice, std::string_view reason,
            std::string_view detail, const EvaluatorCallbacks& callbacks);
  uint64_t& SkipCounter(std::string_view reason);
  bool RunRule(uint32_t rule, const SourceRules& source, SourceScratch& scratch,
               const EventView& event, const EvaluatorCallbacks& callbacks);
  void Report(uint32_t rule, const SourceRules& source, SourceScratch& scratch,
              const EventView& event, const EvaluatorCallbacks& callbacks);
  void RequestScans(const RecordSlice& slice, const EventView& event,
                    const EvaluatorCallbacks& callbacks);
  void EvaluateScan(const PendingScan& scan, const ScanSummary& summary,
                    const EvaluatorCallbacks& callbacks);

  std::shared_ptr<const Ruleset> ruleset;
  // The aws_cloudtrail rules (null when there are none) and the index of
  // their scratch.
  const SourceRules* cloudtrail = nullptr;
  size_t cloudtrail_scratch = 0;
  EvaluationStats stats;
  // The counters of stats.records_skipped by reason (map nodes do not
  // move), so that a stream of bad records does not build a std::string
  // key per record.
  std::vector<std::pair<std::string_view, uint64_t*>> skip_counters;
  Projector projector;
  StringArena arena;
  std::vector<SourceScratch> scratch;  // parallel to the impl's sources
  std::string padded;  // a record near the input's end, with padding
  bool cold_projected = false;
  uint64_t delivered = 0;
  Alert alert;
  ImageScans scans;
  std::vector<std::string> fired;  // rules that fired on the record
  std::string scan_record;         // a deploying record, padded
};

Evaluator::Evaluator(std::shared_ptr<const Ruleset> ruleset)
    : impl_(std::make_unique<Impl>(std::move(ruleset))) {
  const Ruleset::Impl& rs = impl_->ruleset->impl();
  impl_->scratch.resize(rs.sources.size());
  auto it = rs.sources.find("aws_cloudtrail");
  if (it != rs.sources.end()) {
    impl_->cloudtrail = &it->second;
    impl_->cloudtrail_scratch = std::distance(rs.sources.begin(), it);
  }
}

Evaluator::~Evaluator() = default;

const EvaluationStats& Evaluator::stats() const { return impl_->stats; }

absl::Status Evaluator::SetImageScan(ImageScanOptions options) {
  return impl_->scans.Configure(std::move(options));
}

absl::Status Evaluator::SubmitScanReport(uint64_t id,
                                         const ImageScanReport& report,
                                         const EvaluatorCallbacks& callbacks) {
  PendingScan scan;
  if (report.kind == ImageScanReport::Kind::kLater) {
    return absl::InvalidArgumentError("a submitted report cannot be Later()");
  }
  if (!impl_->scans.Take(id, scan)) {
    return absl::NotFoundError("no pending image scan with id " +
                               std::to_string(id));
  }
  impl_->EvaluateScan(scan, SummaryOf(report), callbacks);
  return absl::OkStatus();
}

std::vector<uint64_t> Evaluator::PendingScans() const {
  return impl_->scans.PendingIds();
}
const Ruleset& Evaluator::ruleset() const { return *impl_->ruleset; }

void Evaluator::Evaluate(std::string_view buffer,
                         const EvaluatorCallbacks& callbacks) {
  // simdjson reads up to SIMDJSON_PADDING bytes past a record's end (their
  // content does not matter). Inside the buffer those are the bytes of what
  // follows, so only a record that ends too close to the buffer's end is
  // parsed from a padded copy: callers need not know the padding rule, and
  // the buffer is not copied.
  Impl& impl = *impl_;
  const char* end = buffer.data() + buffer.size();
  RecordSplitter splitter(buffer);
  RecordSlice slice;
  Impl::BufferIndex index;
  while (true) {
    if (impl.EvaluateIndexed(buffer, splitter, index, callbacks)) continue;
    if (!splitter.Next(slice)) break;
    size_t after = end - (slice.json.data() + slice.json.size());
    if (after < simdjson::SIMDJSON_PADDING) {
      impl.padded.assign(slice.json);
      impl.padded.append(simdjson::SIMDJSON_PADDING, ' ');
      slice.json = std::string_view(impl.padded.data(), slice.json.size());
    }
    impl.EvaluateRecord(slice, callbacks, false);
  }
}

// A record of a Records document, projected over the tokens of the whole
// buffer (one stage 1 pass for all its records, and no scan for each
// record's end). False when the record is better taken the usual way: no
// index, damage in the record, or too near the buffer's end for padding.
bool Evaluator::Impl::EvaluateIndexed(std::string_view buffer,
                                      RecordSplitter& splitter,
                                      BufferIndex& index,
                                      const EvaluatorCallbacks& callbacks) {
  size_t begin = 0;
  if (cloudtrail == nullptr || !splitter.PeekObject(begin)) return false;
  if (!index.tried) {
    index.tried = true;
    index.ready =
        buffer.size() <= kMaxIndexedBuffer && projector.Index(buffer).ok();
  }
  if (!index.ready) return false;

  size_t end = 0;
  SourceScratch& sc = scratch[cloudtrail_scratch];
  if (!projector.ProjectAt(cloudtrail->set->plan, begin, sc.slots, end).ok() ||
      buffer.size() - end < simdjson::SIMDJSON_PADDING) {
    return false;
  }
  RecordSlice slice;
  if (!splitter.TakeObject(end, slice)) return false;
  EvaluateRecord(slice, callbacks, true);
  return true;
}

uint64_t& Evaluator::Impl::SkipCounter(std::string_view reason) {
  for (const auto& [name, counter] : skip_counters) {
    if (name == reason) return *counter;
  }
  auto it = stats.records_skipped.try_emplace(std::string(reason)).first;
  skip_counters.emplace_back(it->first, &it->second);
  return it->second;
}

void Evaluator::Impl::Skip(const RecordSlice& slice, std::string_view reason,
                           std::string_view detail,
                           const EvaluatorCallbacks& callbacks) {
  ++SkipCounter(reason);
  if (callbacks.on_skip) {
    callbacks.on_skip(
        SkippedRecord{slice.index, slice.line, slice.offset, reason, detail});
  }
}

// `projected`: the slots hold the record's hot paths already.
void Evaluator::Impl::EvaluateRecord(const RecordSlice& slice,
                                     const EvaluatorCallbacks& callbacks,
                                     bool projected) {
  ++stats.records_read;
  if (!slice.error.empty()) {
    Skip(slice, slice.error, "", callbacks);
    return;
  }
  if (cloudtrail == nullptr) {
    Skip(slice, "no rules for source aws_cloudtrail", "", callbacks);
    return;
  }
  const Ruleset::Impl& rs = ruleset->impl();
  const SourceRules& source = *cloudtrail;
  SourceScratch& sc = scratch[cloudtrail_scratch];

  if (slice.json.size() > kMaxRecordSize) {
    Skip(slice, "record too large", "", callbacks);
    return;
  }
  absl::Status status =
      projected
          ? absl::OkStatus()
          : projector.Project(source.set->plan, slice.json, false, sc.slots);
  if (!status.ok()) {
    Skip(slice, ProjectionErrorReason(status),
         std::string_view(status.message().data(), status.message().size()),
         callbacks);
    return;
  }
  // Falco's plugins parse with fastjson, which refuses values nested in
  // more than 300 containers; the projection measured the nesting.
  if (projector.depth() > kMaxRecordDepth + 1) {
    Skip(slice, "too deep", "nesting exceeds 300 levels", callbacks);
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
  fired.clear();
  for (uint32_t rule : candidates) {
    if (RunRule(rule, source, sc, event, callbacks) &&
        rs.matching == RuleMatching::kFirst) {
      break;
    }
  }
  if (scans.Covers(PlainString(sc.slots[PathPlan::kEventSource]),
                   PlainString(sc.slots[PathPlan::kEventName]))) {
    RequestScans(slice, event, callbacks);
  }
}

void Evaluator::Impl::RequestScans(const RecordSlice& slice,
                                   const EventView& event,
                                   const EvaluatorCallbacks& callbacks) {
  ImageScanRequest context = ContextOf(slice.json, event.time_ns);
  context.rules = fired;
  std::vector<std::string> warnings;
  std::vector<PendingScan> requests =
      scans.Requests(slice.json, context, event.num, warnings);
  for (const std::string& warning : warnings) {
    if (callbacks.on_warning) callbacks.on_warning(warning);
  }
  for (PendingScan& scan : requests) {
    ImageScanReport report = scans.Ask(scan.request);
    if (report.kind == ImageScanReport::Kind::kLater) {
      scans.Defer(std::move(scan));
    } else {
      EvaluateScan(scan, SummaryOf(report), callbacks);
    }
  }
}

// A report becomes an image_scan event over the deploying record: its own
// fields plus every ct.* and json.* field of the record.
void Evaluator::Impl::EvaluateScan(const PendingScan& scan,
                                   const ScanSummary& summary,
                                   const EvaluatorCallbacks& callbacks) {
  const Ruleset::Impl& rs = ruleset->impl();
  auto it = rs.sources.find("image_scan");
  if (it == rs.sources.end()) return;
  const SourceRules& source = it->second;
  SourceScratch& sc = scratch[std::distance(rs.sources.begin(), it)];

  scan_record.assign(scan.record);
  scan_record.append(simdjson::SIMDJSON_PADDING, ' ');
  std::string_view json(scan_record.data(), scan.record.size());
  if (!projector.Project(source.set->plan, json, true, sc.slots).ok()) return;

  ImageScanEvent event_data{scan.image, summary};
  arena.Reset();
  sc.cache.NextEvent();
  cold_projected = true;
  EventView event{
      json,         sc.slots.data(), scan.event_num, scan.request.event_time_ns,
      "image_scan", &arena,          &event_data};
  for (uint32_t rule : source.Candidates({})) {
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
  fired.push_back(info.name);

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
