// Helpers for the C ABI tests: rules and records written by hand, and
// callbacks that collect what the library reports.
#ifndef FALCONET_TESTS_CAPI_CAPI_TEST_SUPPORT_H_
#define FALCONET_TESTS_CAPI_CAPI_TEST_SUPPORT_H_

#include <string>
#include <vector>

#include "falconet.h"

namespace falconet::capi_testing {

// Three rules over IAM calls: one warning with an output that names three
// fields, one informational rule that every IAM call matches, and one
// rule disabled in the file.
inline const std::string kRules =
    "- rule: User created\n"
    "  desc: an IAM user was created\n"
    "  condition: ct.name = CreateUser and not ct.error exists\n"
    "  output: User created (by=%ct.user new=%json.value[/requestParameters/"
    "userName] region=%ct.region)\n"
    "  priority: WARNING\n"
    "  tags: [iam, aws]\n"
    "  source: aws_cloudtrail\n"
    "- rule: Any IAM call\n"
    "  desc: any call to IAM\n"
    "  condition: ct.src = iam.amazonaws.com\n"
    "  output: IAM call %ct.name\n"
    "  priority: INFO\n"
    "  tags: [iam]\n"
    "  source: aws_cloudtrail\n"
    "- rule: User deleted\n"
    "  desc: an IAM user was deleted\n"
    "  condition: ct.name = DeleteUser\n"
    "  output: User deleted by %ct.user\n"
    "  priority: ERROR\n"
    "  enabled: false\n"
    "  source: aws_cloudtrail\n";

// One CloudTrail record by `user` calling IAM's `name` at 2024-08-01
// 13:52:02 UTC (1722520322 s since the epoch).
inline std::string Record(const std::string& name,
                          const std::string& user = "alice") {
  return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\","
         "\"userName\":\"" +
         user +
         "\",\"accountId\":\"111122223333\"},"
         "\"eventTime\":\"2024-08-01T13:52:02Z\","
         "\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"" +
         name +
         "\",\"awsRegion\":\"us-east-1\","
         "\"sourceIPAddress\":\"198.51.100.7\","
         "\"requestParameters\":{\"userName\":\"bob\"},"
         "\"eventType\":\"AwsApiCall\",\"eventID\":\"e-" +
         name + "\"}";
}

struct CollectedDiagnostic {
  int severity;
  std::string code, text, message, file;
  int line, column;
  std::string item_type, item_name, snippet;
};

inline void CollectDiagnostic(const falconet_diagnostic* d, void* payload) {
  static_cast<std::vector<CollectedDiagnostic>*>(payload)->push_back(
      {d->severity, d->code, d->text, d->message, d->file, d->line, d->column,
       d->item_type, d->item_name, d->snippet});
}

// An alert copied out of its callback.
struct CollectedAlert {
  std::string rule;
  int priority = -1;
  std::string source;
  uint64_t time = 0;
  std::vector<std::string> tags;
  std::string output;
  std::string json;
  std::string record;
  std::vector<std::pair<std::string, std::string>> fields;
};

struct Collector {
  std::vector<CollectedAlert> alerts;
  std::vector<std::string> skips;  // "index line reason"
  int stop_after = -1;             // stop the call after N alerts
};

inline int CollectAlert(const falconet_alert* alert, void* payload) {
  auto* c = static_cast<Collector*>(payload);
  CollectedAlert a;
  a.rule = falconet_alert_rule(alert);
  a.priority = falconet_alert_priority(alert);
  a.source = falconet_alert_source(alert);
  a.time = falconet_alert_time(alert);
  for (size_t i = 0; i < falconet_alert_tag_count(alert); ++i) {
    a.tags.push_back(falconet_alert_tag(alert, i));
  }
  a.output = falconet_alert_output(alert);
  const char* text = nullptr;
  size_t size = 0;
  if (falconet_alert_json(&text, &size, alert) == FALCONET_OK) {
    a.json.assign(text, size);
  }
  if (falconet_alert_record(&text, &size, alert) == FALCONET_OK) {
    a.record.assign(text, size);
  }
  for (size_t i = 0; i < falconet_alert_field_count(alert); ++i) {
    const char* name = nullptr;
    const char* value = nullptr;
    if (falconet_alert_field(&name, &value, alert, i) == FALCONET_OK) {
      a.fields.emplace_back(name, value);
    }
  }
  c->alerts.push_back(std::move(a));
  return c->stop_after >= 0 &&
         c->alerts.size() >= static_cast<size_t>(c->stop_after);
}

inline int CollectSkip(const falconet_skipped_record* s, void* payload) {
  static_cast<Collector*>(payload)->skips.push_back(
      std::to_string(s->index) + " " + std::to_string(s->line) + " " +
      s->reason);
  return 0;
}

inline falconet_eval_options CollectingOptions(Collector& c) {
  falconet_eval_options opts = FALCONET_EVAL_OPTIONS_INIT;
  opts.alert_cb = CollectAlert;
  opts.skip_cb = CollectSkip;
  opts.payload = &c;
  return opts;
}

}  // namespace falconet::capi_testing

#endif  // FALCONET_TESTS_CAPI_CAPI_TEST_SUPPORT_H_
