// Every field of every delivered record of the shared CloudTrail files,
// compared with what real Falco 0.44.1 printed for it
// (../shared/expected/falco-0.44.1/all-fields, see its README.md).
#include <zlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "fields/cloudtrail_fields.h"
#include "fields/cloudtrail_record.h"
#include "fields/projector.h"
#include "fields_test_util.h"
#include "simdjson.h"
#include "test_support.h"

namespace falconet {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> ReadGzipLines(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  REQUIRE(file != nullptr);
  std::string text;
  char buf[1 << 16];
  int n;
  while ((n = gzread(file, buf, sizeof(buf))) > 0) text.append(buf, n);
  gzclose(file);
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != text.npos;
       start = end + 1) {
    if (end > start) lines.push_back(text.substr(start, end - start));
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

// The input file that an expected file was produced from.
std::string InputFor(const std::string& shared, std::string stem) {
  const std::string kStratus = "stratus-red-team__";
  const std::string kPlugins = "falco-test-plugins__";
  if (stem.rfind(kStratus, 0) == 0) {
    return shared + "/data/cloudtrail/stratus-red-team/" +
           stem.substr(kStratus.size()) + ".json";
  }
  if (stem.rfind(kPlugins, 0) == 0) {
    return shared + "/upstream/falco-test-plugins/trace_files/" +
           stem.substr(kPlugins.size()) + ".json";
  }
  return shared + "/data/cloudtrail/" + stem + ".json";
}

// The raw text of each element of the file's "Records" array.
std::vector<std::string> SplitRecords(const std::string& path) {
  simdjson::padded_string json;
  REQUIRE(simdjson::padded_string::load(path).get(json) == simdjson::SUCCESS);
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc = parser.iterate(json);
  std::vector<std::string> records;
  for (auto element : doc["Records"].get_array()) {
    simdjson::ondemand::object object = element.get_object();
    std::string_view raw = object.raw_json();
    while (!raw.empty() && raw.back() != '}') raw.remove_suffix(1);
    records.emplace_back(raw);
  }
  return records;
}

// What Falco printed for one field, as our values would read.
struct Expected {
  bool missing = false;
  std::vector<std::string> values;
};

Expected ExpectedValue(simdjson::dom::element v) {
  Expected e;
  switch (v.type()) {
    case simdjson::dom::element_type::NULL_VALUE:
      e.missing = true;
      break;
    case simdjson::dom::element_type::STRING:
      e.values.emplace_back(std::string_view(v.get_string()));
      break;
    case simdjson::dom::element_type::ARRAY:
      for (simdjson::dom::element item : v.get_array()) {
        e.values.emplace_back(std::string_view(item.get_string()));
      }
      break;
    case simdjson::dom::element_type::BOOL:
      e.values.emplace_back(bool(v.get_bool()) ? "true" : "false");
      break;
    default:
      e.values.push_back(std::to_string(uint64_t(v.get_uint64())));
  }
  return e;
}

struct Checked {
  size_t files = 0;
  size_t records = 0;
  size_t values = 0;
};

void CheckFile(const std::string& expected_path, const std::string& input,
               Checked& checked) {
  std::vector<std::string> lines = ReadGzipLines(expected_path);
  REQUIRE_FALSE(lines.empty());
  simdjson::dom::parser dom;

  // The plan: every field the expected output names.
  const FieldRegistry& registry = CloudtrailFieldRegistry();
  PathPlan plan;
  std::vector<std::pair<std::string, FieldRef>> fields;
  simdjson::dom::object first = dom.parse(lines[0]).get_object();
  for (auto [key, value] : first["output_fields"].get_object()) {
    auto [name, arg] = testing::SplitField(key);
    absl::StatusOr<FieldRef> ref = registry.Resolve(name, arg, plan, false);
    INFO(key);
    REQUIRE(ref.ok());
    fields.emplace_back(std::string(key), *ref);
  }

  Projector projector;
  std::vector<Slot> slots;
  StringArena arena;
  ValueList out;
  uint64_t delivered = 0;
  for (const std::string& record : SplitRecords(input)) {
    testing::Padded padded(record);
    REQUIRE(projector.Project(plan, padded.view(), true, slots).ok());
    Delivery delivery = CheckDelivery(slots.data());
    if (!delivery.delivered) continue;
    REQUIRE(delivered < lines.size());
    simdjson::dom::object expected =
        dom.parse(lines[delivered]).get_object()["output_fields"];
    ++delivered;

    arena.Reset();
    EventView event{padded.view(),    slots.data(),     delivered,
                    delivery.time_ns, "aws_cloudtrail", &arena};
    for (const auto& [key, ref] : fields) {
      out.Clear();
      registry.Extract(ref, event, out);
      std::vector<std::string> ours;
      for (const Value& v : out)
        ours.push_back(testing::ValueText(*ref.info, v));
      Expected want = ExpectedValue(expected[key]);
      INFO(input << " record " << delivered << " field " << key);
      if (want.missing) {
        CHECK(ours.empty());
      } else {
        CHECK(ours == want.values);
      }
      ++checked.values;
    }
  }
  INFO(input);
  CHECK(delivered == lines.size());
  checked.records += delivered;
  ++checked.files;
}

TEST_CASE("Every field of every shared record matches real Falco") {
  FALCONET_REQUIRE_SHARED();
  std::string shared = falconet::testing::SharedDir();
  fs::path expected_dir = fs::path(shared) / "expected/falco-0.44.1/all-fields";
  Checked checked;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(expected_dir)) {
    std::string file = entry.path().filename().string();
    const std::string kSuffix = ".jsonl.gz";
    if (file.size() <= kSuffix.size() ||
        file.substr(file.size() - kSuffix.size()) != kSuffix) {
      continue;
    }
    std::string stem = file.substr(0, file.size() - kSuffix.size());
    CheckFile(entry.path().string(), InputFor(shared, stem), checked);
  }
  // 38 files, 317 delivered records, 96 fields printed for each.
  CHECK(checked.files == 38);
  CHECK(checked.records == 317);
  CHECK(checked.values == checked.records * 96);
}

}  // namespace
}  // namespace falconet
