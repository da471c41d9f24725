// The C ABI's view of an alert, valid during an alert callback.
#include <cstring>
#include <string>

#include "capi_internal.h"
#include "output/alert.h"

using falconet::capi::Guard;
using falconet::capi::NullArgument;
using falconet::capi::SetError;

void falconet_alert::PrepareFields() const {
  if (fields_ready) return;
  field_count = 0;
  for (const auto& [key, value] : alert->output_fields.items()) {
    if (field_count == fields.size()) fields.emplace_back();
    auto& [name, text] = fields[field_count++];
    name.assign(key);
    if (value.is_string()) {
      text.assign(value.get_ref<const std::string&>());
    } else {
      text.assign(value.dump());
    }
  }
  fields_ready = true;
}

extern "C" {

const char* falconet_alert_rule(const falconet_alert* alert) {
  return alert ? alert->alert->rule.c_str() : nullptr;
}

const char* falconet_alert_source(const falconet_alert* alert) {
  return alert ? alert->alert->source.c_str() : nullptr;
}

const char* falconet_alert_output(const falconet_alert* alert) {
  return alert ? alert->alert->message.c_str() : nullptr;
}

int falconet_alert_priority(const falconet_alert* alert) {
  if (!alert) return NullArgument("falconet_alert_priority", "alert");
  return alert->alert->priority;
}

uint64_t falconet_alert_time(const falconet_alert* alert) {
  return alert ? alert->alert->time_ns : 0;
}

size_t falconet_alert_tag_count(const falconet_alert* alert) {
  return alert ? alert->alert->tags.size() : 0;
}

const char* falconet_alert_tag(const falconet_alert* alert, size_t index) {
  if (!alert || index >= alert->alert->tags.size()) return nullptr;
  return alert->alert->tags[index].c_str();
}

int falconet_alert_json(const char** out, size_t* out_size,
                        const falconet_alert* alert) {
  if (!out) return NullArgument("falconet_alert_json", "out");
  *out = nullptr;
  if (!alert) return NullArgument("falconet_alert_json", "alert");
  return Guard([&]() -> int {
    if (!alert->json_ready) {
      alert->json = falconet::AlertJsonLine(*alert->alert, *alert->hostname);
      alert->json_ready = true;
    }
    *out = alert->json.c_str();
    if (out_size) *out_size = alert->json.size();
    return FALCONET_OK;
  });
}

int falconet_alert_record(const char** out, size_t* out_size,
                          const falconet_alert* alert) {
  if (!out) return NullArgument("falconet_alert_record", "out");
  *out = nullptr;
  if (!alert) return NullArgument("falconet_alert_record", "alert");
  *out = alert->record.data();
  if (out_size) *out_size = alert->record.size();
  return FALCONET_OK;
}

size_t falconet_alert_field_count(const falconet_alert* alert) {
  return alert ? alert->alert->output_fields.size() : 0;
}

int falconet_alert_field(const char** out_name, const char** out_value,
                         const falconet_alert* alert, size_t index) {
  const char* fn = "falconet_alert_field";
  if (out_name) *out_name = nullptr;
  if (out_value) *out_value = nullptr;
  if (!alert) return NullArgument(fn, "alert");
  return Guard([&]() -> int {
    alert->PrepareFields();
    if (index >= alert->field_count) {
      return SetError(FALCONET_ENOTFOUND, "falconet_alert_field: index " +
                                              std::to_string(index) +
                                              " is past the last field");
    }
    if (out_name) *out_name = alert->fields[index].first.c_str();
    if (out_value) *out_value = alert->fields[index].second.c_str();
    return FALCONET_OK;
  });
}

int falconet_alert_field_by_name(const char** out, const falconet_alert* alert,
                                 const char* name) {
  const char* fn = "falconet_alert_field_by_name";
  if (!out) return NullArgument(fn, "out");
  *out = nullptr;
  if (!alert) return NullArgument(fn, "alert");
  if (!name) return NullArgument(fn, "name");
  return Guard([&]() -> int {
    alert->PrepareFields();
    for (size_t i = 0; i < alert->field_count; ++i) {
      if (alert->fields[i].first == name) {
        *out = alert->fields[i].second.c_str();
        return FALCONET_OK;
      }
    }
    return SetError(
        FALCONET_ENOTFOUND,
        std::string(fn) + ": the alert has no field '" + name + "'");
  });
}

}  // extern "C"
