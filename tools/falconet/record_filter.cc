#include "record_filter.h"

#include <simdjson.h>

#include "fields/cloudtrail_record.h"
#include "nlohmann/json.hpp"

namespace falconet::cli {
namespace {

// A JSON string's value from its raw text; nullopt for other values.
std::optional<std::string> StringValue(std::string_view raw) {
  if (raw.size() < 2 || raw.front() != '"' || raw.back() != '"') {
    return std::nullopt;
  }
  if (raw.find('\\') == std::string_view::npos) {
    return std::string(raw.substr(1, raw.size() - 2));
  }
  nlohmann::json value = nlohmann::json::parse(raw, nullptr, false);
  if (!value.is_string()) return std::nullopt;
  return value.get<std::string>();
}

void AddList(const std::vector<std::string>& values,
             std::set<std::string>& to) {
  for (const std::string& value : values) {
    size_t begin = 0;
    while (begin <= value.size()) {
      size_t end = std::min(value.find(',', begin), value.size());
      if (end > begin) to.insert(value.substr(begin, end - begin));
      begin = end + 1;
    }
  }
}

}  // namespace

const std::vector<OptionSpec>& RecordFilterOptionSpecs() {
  static const std::vector<OptionSpec> specs = {
      {"since", 0, "TIME",
       "only records with eventTime at or after TIME (RFC 3339 or "
       "YYYY-MM-DD, UTC)"},
      {"until", 0, "TIME", "only records with eventTime before TIME"},
      {"account", 0, "ID",
       "only this account (repeatable or comma-separated): S3 path, "
       "recipientAccountId, else userIdentity.accountId"},
      {"region", 0, "REGION",
       "only this region (repeatable or comma-separated): S3 path and "
       "awsRegion"},
  };
  return specs;
}

std::optional<uint64_t> ParseTimeOption(std::string_view text) {
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    return ParseGoRfc3339(std::string(text) + "T00:00:00Z");
  }
  return ParseGoRfc3339(text);
}

absl::Status RecordFilter::Parse(const Arguments& args) {
  for (const char* name : {"since", "until"}) {
    if (!args.Has(name)) continue;
    std::optional<uint64_t> time = ParseTimeOption(args.Get(name));
    if (!time) {
      return absl::InvalidArgumentError(
          "--" + std::string(name) + ": '" + args.Get(name) +
          "' is not an RFC 3339 time (2024-05-01T12:00:00Z) or a date "
          "(2024-05-01)");
    }
    (std::string_view(name) == "since" ? since_ : until_) = time;
  }
  AddList(args.GetAll("account"), accounts_);
  AddList(args.GetAll("region"), regions_);
  return absl::OkStatus();
}

bool RecordFilter::active() const {
  return since_ || until_ || !accounts_.empty() || !regions_.empty();
}

bool RecordFilter::KeepsFile(const InputFile& file) const {
  if (!accounts_.empty() && !file.account.empty() &&
      !accounts_.count(file.account)) {
    return false;
  }
  return regions_.empty() || file.region.empty() ||
         regions_.count(file.region) > 0;
}

RecordFilter::Checker::Checker(const RecordFilter& filter) : filter_(filter) {
  region_ = plan_.Add({"awsRegion"}, true);
  recipient_ = plan_.Add({"recipientAccountId"}, true);
  identity_account_ = plan_.Add({"userIdentity", "accountId"}, true);
}

bool RecordFilter::Checker::Matches(
    SlotId slot, const std::set<std::string>& allowed) const {
  std::optional<std::string> value = StringValue(slots_[slot].raw);
  return value && allowed.count(*value) > 0;
}

std::string_view RecordFilter::Checker::Check(std::string_view record) {
  padded_.assign(record);
  padded_.append(simdjson::SIMDJSON_PADDING, ' ');
  std::string_view json(padded_.data(), record.size());
  // A record that does not parse, or would not be delivered, is the
  // evaluator's to report.
  if (!projector_.Project(plan_, json, false, slots_).ok()) return {};
  Delivery delivery = CheckDelivery(slots_.data());
  if (!delivery.delivered) return {};

  if (filter_.since_ && delivery.time_ns < *filter_.since_) {
    return kSkipBeforeSince;
  }
  if (filter_.until_ && delivery.time_ns >= *filter_.until_) {
    return kSkipAtOrAfterUntil;
  }
  if (!filter_.accounts_.empty()) {
    SlotId account =
        slots_[recipient_].present() ? recipient_ : identity_account_;
    if (!Matches(account, filter_.accounts_)) return kSkipOtherAccount;
  }
  if (!filter_.regions_.empty() && !Matches(region_, filter_.regions_)) {
    return kSkipOtherRegion;
  }
  return {};
}

}  // namespace falconet::cli
