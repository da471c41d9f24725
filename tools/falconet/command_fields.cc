// `falconet fields [--source S] [--json]`: the fields conditions and
// outputs can use, per event source.
#include <iostream>

#include "arguments.h"
#include "commands.h"
#include "fields/field_registry.h"
#include "nlohmann/json.hpp"

namespace falconet::cli {
namespace {

const std::vector<OptionSpec> kOptions = {
    {"source", 0, "SOURCE",
     "only this event source (aws_cloudtrail, "
     "image_scan)"},
    {"json", 0, "", "print a JSON array of fields"},
    {"help", 'h', "", "show this help"},
};

constexpr char kUsage[] =
    "Usage: falconet fields [OPTIONS]\n"
    "\n"
    "Lists the fields that rule conditions and outputs can use, with their\n"
    "type and description: the aws_cloudtrail fields (ct.*, s3.*, ec2.*,\n"
    "ecr.*, iam.*, json.*, evt.*) and the image_scan fields.\n"
    "\n"
    "Examples:\n"
    "  falconet fields --source aws_cloudtrail\n"
    "  falconet fields --json | jq -r '.[].name'\n"
    "\n";

constexpr const char* kSources[] = {"aws_cloudtrail", "image_scan"};

// "charbuf", "uint64 (list)", with the argument it takes.
std::string TypeText(const FieldInfo& field) {
  std::string text(FalcoTypeName(field.type));
  if (field.is_list) text += " list";
  return text;
}

std::string_view ArgText(ArgMode mode) {
  switch (mode) {
    case ArgMode::kNone:
      return "none";
    case ArgMode::kIndexOptional:
      return "optional index";
    case ArgMode::kKeyRequired:
      return "required key";
  }
  return "";
}

// One field per entry: name and type, then the description, indented.
void PrintText(const FieldRegistry& registry) {
  std::cout << "Event source: " << registry.source() << "\n\n";
  for (const FieldInfo& field : registry.fields()) {
    if (field.hidden) continue;
    std::string name(field.name);
    if (field.arg == ArgMode::kIndexOptional) name += "[N]";
    if (field.arg == ArgMode::kKeyRequired) name += "[KEY]";
    std::cout << name << " (" << TypeText(field) << ")\n    "
              << Wrapped(std::string(field.description), 4, 79);
  }
  std::cout << "\n";
}

nlohmann::json Json(const FieldRegistry& registry) {
  nlohmann::json fields = nlohmann::json::array();
  for (const FieldInfo& field : registry.fields()) {
    if (field.hidden) continue;
    fields.push_back({{"source", registry.source()},
                      {"name", field.name},
                      {"type", FalcoTypeName(field.type)},
                      {"is_list", field.is_list},
                      {"argument", ArgText(field.arg)},
                      {"description", field.description}});
  }
  return fields;
}

}  // namespace

int RunFields(int argc, char** argv) {
  Arguments args(argc, argv, 2, kOptions);
  if (!args.ok() || !args.positional().empty()) {
    std::cerr << "falconet fields: "
              << (args.ok()
                      ? "unexpected argument '" + args.positional()[0] + "'"
                      : args.error())
              << "\n";
    return 2;
  }
  if (args.Has("help")) {
    std::cout << kUsage << OptionsHelp(kOptions);
    return 0;
  }
  std::vector<const FieldRegistry*> registries;
  for (const char* source : kSources) {
    if (args.Has("source") && args.Get("source") != source) continue;
    registries.push_back(FieldRegistry::ForSource(source));
  }
  if (registries.empty() || registries[0] == nullptr) {
    std::cerr << "falconet fields: unknown source '" << args.Get("source")
              << "' (known: aws_cloudtrail, image_scan)\n";
    return 2;
  }
  if (args.Has("json")) {
    nlohmann::json all = nlohmann::json::array();
    for (const FieldRegistry* registry : registries) {
      for (nlohmann::json& field : Json(*registry)) all.push_back(field);
    }
    std::cout << all.dump(2) << "\n";
  } else {
    for (const FieldRegistry* registry : registries) PrintText(*registry);
  }
  return 0;
}

}  // namespace falconet::cli
