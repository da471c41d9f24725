#include "output/alert.h"

#include <algorithm>
#include <string_view>

#include "output/output_format.h"

namespace falconet {
namespace {

constexpr std::string_view kPriorityNames[] = {
    "Emergency", "Alert",  "Critical",      "Error",
    "Warning",   "Notice", "Informational", "Debug",
};

}  // namespace

std::string PriorityName(int priority) {
  if (priority < 0 || priority > 7) return std::string();
  return std::string(kPriorityNames[priority]);
}

std::string AlertTextLine(const Alert& alert) {
  return FormatAlertTime(alert.time_ns) + ": " + PriorityName(alert.priority) +
         " " + alert.message;
}

nlohmann::json AlertJson(const Alert& alert, std::string_view hostname) {
  std::vector<std::string> tags = alert.tags;
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());

  nlohmann::json fields = alert.output_fields.is_object()
                              ? alert.output_fields
                              : nlohmann::json::object();
  fields["evt.time"] = alert.time_ns;

  nlohmann::json event = nlohmann::json::object();
  event["hostname"] = std::string(hostname);
  event["output"] = AlertTextLine(alert);
  event["output_fields"] = std::move(fields);
  event["priority"] = PriorityName(alert.priority);
  event["rule"] = alert.rule;
  event["source"] = alert.source;
  event["tags"] = std::move(tags);
  event["time"] = FormatIsoUtc(alert.time_ns);
  return event;
}

std::string AlertJsonLine(const Alert& alert, std::string_view hostname) {
  return AlertJson(alert, hostname)
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace falconet
