// An alert as Falco 0.44.1 reports it, and its text and JSON forms.
//
// The engine fills an Alert when a rule matches; AlertTextLine() gives the
// line Falco prints with json_output off, AlertJson()/AlertJsonLine() the
// object it prints with json_output on (default json_include_* options),
// byte for byte, so that Falcosidekick and other consumers accept it.
// Plain values and pure functions: safe from any thread (the local-time
// prefix reads the process time zone).
#ifndef FALCONET_OUTPUT_ALERT_H_
#define FALCONET_OUTPUT_ALERT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nlohmann/json.hpp"

namespace falconet {

struct Alert {
  std::string rule;
  int priority = 7;  // 0 Emergency .. 7 Debug
  std::string source;
  std::vector<std::string> tags;  // sorted
  uint64_t time_ns = 0;           // the event time
  std::string message;            // the rendered rule output
  // The format's output_fields plus any extra fields; AlertJson adds
  // evt.time.
  nlohmann::json output_fields = nlohmann::json::object();
};

// Falco's long priority names ("Emergency" ... "Informational", "Debug");
// "" outside 0..7.
std::string PriorityName(int priority);

// "<HH:MM:SS.nnnnnnnnn local>: <Priority> <message>", not JSON-escaped
// (that escaping came after 0.44.1).
std::string AlertTextLine(const Alert& alert);

// Falco's JSON alert: hostname, output, output_fields (with evt.time as
// integer nanoseconds), priority, rule, source, tags (sorted, unique) and
// time (ISO 8601 UTC).
nlohmann::json AlertJson(const Alert& alert, std::string_view hostname);

// AlertJson serialised as Falco does: keys sorted, no spaces, UTF-8 kept as
// is, invalid UTF-8 replaced by U+FFFD. No trailing newline.
std::string AlertJsonLine(const Alert& alert, std::string_view hostname);

}  // namespace falconet

#endif  // FALCONET_OUTPUT_ALERT_H_
