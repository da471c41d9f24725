// Output format strings: tokenising as Falco 0.44.1 does (spec 3.1) and
// rendering (spec 3.2) for the aws_cloudtrail source.
#include "output/output_format.h"

#include <string>
#include <vector>

#include "compiler/program_set.h"
#include "fields/field_registry.h"
#include "fields/string_arena.h"
#include "output_test_support.h"
#include "vm/operand_cache.h"

namespace falconet {
namespace {

using testing::ScopedTimeZone;

const FieldRegistry& Cloudtrail() {
  const FieldRegistry* registry = FieldRegistry::ForSource("aws_cloudtrail");
  REQUIRE(registry != nullptr);
  return *registry;
}

// The tokens of a compiled format as "text" for literals and
// "%<width>{text}" for fields, e.g. {"%{ct.user}", "X"}.
std::vector<std::string> Tokens(const OutputFormat& format) {
  std::vector<std::string> out;
  for (const OutputFormat::Token& t : format.tokens()) {
    if (!t.is_field) {
      out.push_back(t.text);
    } else if (t.width != 0) {
      out.push_back("%" + std::to_string(t.width) + "{" + t.text + "}");
    } else {
      out.push_back("%{" + t.text + "}");
    }
  }
  return out;
}

std::vector<std::string> Keys(const OutputFormat& format) {
  std::vector<std::string> out;
  for (const auto& f : format.json_fields()) out.push_back(f.key);
  return out;
}

std::vector<std::string> Tokens(std::string_view text) {
  ProgramSet set(Cloudtrail());
  absl::StatusOr<OutputFormat> format = OutputFormat::Compile(text, set);
  INFO(text);
  REQUIRE(format.ok());
  return Tokens(*format);
}

std::string Error(std::string_view text) {
  ProgramSet set(Cloudtrail());
  absl::StatusOr<OutputFormat> format = OutputFormat::Compile(text, set);
  if (format.ok()) return "<ok>";
  return std::string(format.status().message());
}

using V = std::vector<std::string>;

TEST_CASE("fields and literal text split as Falco splits them") {
  CHECK(Tokens("user=%ct.user ip=%ct.srcip") ==
        V{"user=", "%{ct.user}", " ip=", "%{ct.srcip}"});
  CHECK(Tokens("%ct.user%ct.name") == V{"%{ct.user}", "%{ct.name}"});
  CHECK(Tokens("no fields at all") == V{"no fields at all"});
}

TEST_CASE("the longest prefix that compiles is the field") {
  // Unknown trailing characters stay as text.
  CHECK(Tokens("%ct.userX") == V{"%{ct.user}", "X"});
  CHECK(Tokens("(%ct.name)") == V{"(", "%{ct.name}", ")"});
  CHECK(Tokens("%ct.name, next") == V{"%{ct.name}", ", next"});
  CHECK(Tokens("%ct.user.foo") == V{"%{ct.user}", ".foo"});
  CHECK(Tokens("%ct.user.") == V{"%{ct.user}", "."});
  // The longest field name that exists wins over a shorter one.
  CHECK(Tokens("%ct.user.arn!") == V{"%{ct.user.arn}", "!"});
  CHECK(Tokens("%s3.bytes.in.") == V{"%{s3.bytes.in}", "."});
  // Arguments belong to the field.
  CHECK(Tokens("%json.value[/userIdentity/arn]x") ==
        V{"%{json.value[/userIdentity/arn]}", "x"});
  CHECK(Tokens("%ec2.imageids[0])") == V{"%{ec2.imageids[0]}", ")"});
  CHECK(Tokens("%ec2.imageids[x") == V{"%{ec2.imageids}", "[x"});
  CHECK(Tokens("%ct.user\tx") == V{"%{ct.user}", "\tx"});
  // Blanks and quotes inside a transformer call belong to it.
  CHECK(Tokens("%concat(ct.user, ct.name) (x)") ==
        V{"%{concat(ct.user, ct.name)}", " (x)"});
  CHECK(Tokens("%concat(ct.user, \") (\", ct.name)) x") ==
        V{"%{concat(ct.user, \") (\", ct.name)}", ") x"});
}

TEST_CASE("widths pad and truncate") {
  CHECK(Tokens("%20ct.user|") == V{"%20{ct.user}", "|"});
  CHECK(Tokens("%007ct.name") == V{"%7{ct.name}"});
  CHECK(Tokens("%0ct.name") == V{"%{ct.name}"});
}

TEST_CASE("a leading star is Falco's allow-missing marker") {
  CHECK(Tokens("*%ct.user") == V{"%{ct.user}"});
  CHECK(Tokens("**x") == V{"*x"});
  CHECK(Tokens("*") == V{});
  CHECK(Tokens("a*%ct.user") == V{"a*", "%{ct.user}"});
}

TEST_CASE("format errors carry Falco's texts") {
  const std::string kEndPercent =
      "invalid formatting syntax: formatting cannot end with a %";
  const std::string kEndNumber =
      "invalid formatting syntax: formatting cannot end with a number";
  const std::string kUnknown = "unknown filter: unexpected token after '";

  CHECK(Error("") == "empty formatting token");
  CHECK(Error("%") == kEndPercent);
  CHECK(Error("user %ct.user 100%") == kEndPercent);
  CHECK(Error("*%") == kEndPercent);
  CHECK(Error("%12") == kEndNumber);
  CHECK(Error("x %ct.user %3") == kEndNumber);
  CHECK(Error("%foo") == kUnknown);
  CHECK(Error("%ct.foo") == kUnknown);
  CHECK(Error("100%% done") == kUnknown);
  CHECK(Error("% ct.user") == kUnknown);
  CHECK(Error("%5 ct.user") == kUnknown);
  // json.value requires an argument: no prefix of it compiles.
  CHECK(Error("%json.value") == kUnknown);
  CHECK(Error("%tolower(ct.foo)") == kUnknown);
}

TEST_CASE("transformers are tokens; their plain fields are output_fields") {
  ProgramSet set(Cloudtrail());
  absl::StatusOr<OutputFormat> format = OutputFormat::Compile(
      "%ct.name %tolower(ct.user) %concat(ct.region, ct.srcip)x", set);
  REQUIRE(format.ok());
  CHECK(Tokens(*format) == V{"%{ct.name}", " ", "%{tolower(ct.user)}", " ",
                             "%{concat(ct.region, ct.srcip)}", "x"});
  CHECK(format->tokens()[0].in_output_fields);
  CHECK_FALSE(format->tokens()[2].in_output_fields);
  CHECK(Keys(*format) == V{"ct.name", "ct.user", "ct.region", "ct.srcip"});
}

TEST_CASE("output_fields keys are libs' canonical field texts") {
  ProgramSet set(Cloudtrail());
  absl::StatusOr<OutputFormat> format = OutputFormat::Compile(
      "%json.value[\"/userIdentity/arn\"] %json.value[/a/b] "
      "%ec2.imageids[1] %ct.user %json.value[/a\\b]",
      set);
  REQUIRE(format.ok());
  CHECK(format->tokens()[0].text == "json.value[\"/userIdentity/arn\"]");
  // libs quotes and escapes an argument that holds a backslash.
  CHECK(Keys(*format) == V{"json.value[/userIdentity/arn]", "json.value[/a/b]",
                           "ec2.imageids[1]", "ct.user",
                           "json.value[\"/a\\\\b\"]"});
}

TEST_CASE("all_fields_rules.yaml's output compiles to its 96 fields") {
  FALCONET_REQUIRE_SHARED();
  std::string yaml =
      testing::ReadFile(testing::ExpectedDir() + "/all_fields_rules.yaml");
  size_t start = yaml.find("output: \"") + 9;
  std::string output = yaml.substr(start, yaml.find("\"\n", start) - start);

  ProgramSet set(Cloudtrail());
  absl::StatusOr<OutputFormat> format = OutputFormat::Compile(output, set);
  REQUIRE(format.ok());
  // Every token is written "name=%name", so each key equals the text
  // before its "=".
  std::vector<std::string> keys = Keys(*format);
  CHECK(keys.size() == 96);
  for (const OutputFormat::Token& t : format->tokens()) {
    if (!t.is_field) continue;
    CHECK(output.find(t.text + "=%" + t.text) != std::string::npos);
  }
}

// An event with no record paths: every ct.* field is missing, the evt.*
// fields come from the event itself.
struct BareEvent {
  explicit BareEvent(const ProgramSet& set) : slots(set.plan.size() + 16) {
    view.json = "{}";
    view.slots = slots.data();
    view.num = 7;
    view.time_ns = 1722431184000000042ull;  // 2024-07-31T13:06:24Z
    view.source = "aws_cloudtrail";
    view.arena = &arena;
  }
  std::vector<Slot> slots;
  StringArena arena;
  EventView view;
};

TEST_CASE("rendering: missing values, numbers, times, widths") {
  ScopedTimeZone utc("UTC");
  ProgramSet set(Cloudtrail());
  absl::StatusOr<OutputFormat> format = OutputFormat::Compile(
      "u=%ct.user n=%evt.num t=%evt.time [%6ct.user] [%2evt.source] "
      "[%3evt.num] src=%toupper(evt.source) l=%len(ct.user)",
      set);
  REQUIRE(format.ok());
  BareEvent event(set);
  OperandCache cache;
  cache.NextEvent();
  CHECK(format->Render(set, cache, event.view) ==
        "u=<NA> n=7 t=13:06:24.000000042 [<NA>  ] [aw] [7  ] "
        "src=AWS_CLOUDTRAIL l=<NA>");

  nlohmann::json fields = format->Fields(set, cache, event.view);
  CHECK(fields.dump() ==
        "{\"ct.user\":null,\"evt.num\":7,\"evt.source\":\"aws_cloudtrail\","
        "\"evt.time\":1722431184000000042}");
}

}  // namespace
}  // namespace falconet
