// The all-fields rule of ../shared/expected rendered over the shared
// records: message text and output_fields must equal what Falco 0.44.1
// printed, record by record (fields, projection and rendering together).
#include <string>
#include <vector>

#include "compiler/program_set.h"
#include "fields/field_registry.h"
#include "fields/projector.h"
#include "fields/string_arena.h"
#include "nlohmann/json.hpp"
#include "output/output_format.h"
#include "output_test_support.h"
#include "simdjson.h"
#include "vm/operand_cache.h"

namespace falconet {
namespace {

using testing::ScopedTimeZone;

// The records of a CloudTrail file, raw: each {...} one level inside the
// top object (the brace scan the cloudtrail plugin does).
std::vector<std::string> SplitRecords(const std::string& text) {
  std::vector<std::string> records;
  int depth = 0;
  bool in_string = false;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{') {
      if (++depth == 2) start = i;
    } else if (c == '}') {
      if (depth-- == 2) records.push_back(text.substr(start, i + 1 - start));
    }
  }
  return records;
}

// The data file an expected file was made from (see its README).
std::string SourceOf(const std::string& expected_name) {
  std::string name =
      expected_name.substr(0, expected_name.size() - sizeof(".jsonl.gz") + 1);
  const std::string stratus = "stratus-red-team__";
  const std::string plugins = "falco-test-plugins__";
  std::string shared = testing::SharedDir();
  if (name.rfind(stratus, 0) == 0) {
    return shared + "/data/cloudtrail/stratus-red-team/" +
           name.substr(stratus.size()) + ".json";
  }
  if (name.rfind(plugins, 0) == 0) {
    return shared + "/upstream/falco-test-plugins/trace_files/" +
           name.substr(plugins.size()) + ".json";
  }
  return shared + "/data/cloudtrail/" + name + ".json";
}

std::string AllFieldsOutput() {
  std::string yaml =
      testing::ReadFile(testing::ExpectedDir() + "/all_fields_rules.yaml");
  size_t start = yaml.find("output: \"") + 9;
  return yaml.substr(start, yaml.find("\"\n", start) - start);
}

// Where two texts first differ, with some context, for failure messages.
std::string FirstDifference(const std::string& a, const std::string& b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  size_t from = i < 60 ? 0 : i - 60;
  return "got      ..." + a.substr(from, 120) + "\nexpected ..." +
         b.substr(from, 120);
}

TEST_CASE("the all-fields rule renders every record as Falco did") {
  FALCONET_REQUIRE_SHARED();
  ScopedTimeZone utc("UTC");
  const FieldRegistry* registry = FieldRegistry::ForSource("aws_cloudtrail");
  REQUIRE(registry != nullptr);
  ProgramSet set(*registry);
  absl::StatusOr<OutputFormat> format =
      OutputFormat::Compile(AllFieldsOutput(), set);
  REQUIRE(format.ok());

  const std::string folder = testing::ExpectedDir() + "/all-fields";
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  REQUIRE(!names.empty());

  Projector projector;
  OperandCache cache;
  StringArena arena;
  std::vector<Slot> slots;
  for (const std::string& name : names) {
    std::vector<std::string> records =
        SplitRecords(testing::ReadFile(SourceOf(name)));
    std::vector<std::string> lines =
        testing::ExpectedFileLines(folder + "/" + name);
    INFO(name);
    // Every shared record is delivered, so line i is record i.
    REQUIRE(records.size() == lines.size());

    for (size_t i = 0; i < records.size(); ++i) {
      nlohmann::json expected = nlohmann::json::parse(lines[i]);
      const nlohmann::json& fields = expected["output_fields"];
      REQUIRE(fields["evt.num"] == i + 1);

      std::string padded = records[i];
      padded.append(simdjson::SIMDJSON_PADDING, ' ');
      std::string_view json(padded.data(), records[i].size());
      REQUIRE(projector.Project(set.plan, json, true, slots).ok());
      arena.Reset();
      cache.NextEvent();
      EventView event;
      event.json = json;
      event.slots = slots.data();
      event.num = i + 1;
      event.time_ns = fields["evt.rawtime"];
      event.source = "aws_cloudtrail";
      event.arena = &arena;

      const std::string output = expected["output"];
      std::string message = output.substr(output.find(" Informational ") + 15);
      std::string rendered = format->Render(set, cache, event);
      INFO("record " << i + 1 << "\n" << FirstDifference(rendered, message));
      CHECK(rendered == message);

      nlohmann::json got = format->Fields(set, cache, event);
      for (const auto& [key, value] : fields.items()) {
        INFO(key);
        CHECK(got.value(key, nlohmann::json("<absent>")) == value);
      }
      CHECK(got.size() == fields.size());
    }
  }
}

}  // namespace
}  // namespace falconet
