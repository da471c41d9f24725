// `falconet validate RULES...`: Falco-style load results for rules files.
#include <iostream>

#include "arguments.h"
#include "commands.h"
#include "falconet/ruleset_builder.h"

namespace falconet::cli {
namespace {

const std::vector<OptionSpec> kOptions = {
    {"json", 0, "", "print the load results as JSON"},
    {"help", 'h', "", "show this help"},
};

constexpr char kUsage[] =
    "Usage: falconet validate [OPTIONS] RULES...\n"
    "\n"
    "Loads rules files in order, as Falco does (later files may append to or\n"
    "override earlier ones; loading stops at the first invalid file), and\n"
    "prints each file's result: Ok, Ok with warnings, or Invalid with\n"
    "Falco's diagnostics (code, message, file, line, column and the\n"
    "offending text). Exit status 0 when every file is valid, 1 otherwise.\n"
    "\n"
    "Example:\n"
    "  falconet validate rules/aws_cloudtrail.yaml my_rules.yaml\n"
    "\n";

}  // namespace

int RunValidate(int argc, char** argv) {
  Arguments args(argc, argv, 2, kOptions);
  if (!args.ok()) {
    std::cerr << "falconet validate: " << args.error() << "\n";
    return 2;
  }
  if (args.Has("help")) {
    std::cout << kUsage << OptionsHelp(kOptions);
    return 0;
  }
  if (args.positional().empty()) {
    std::cerr << "falconet validate: missing RULES file\n" << kUsage;
    return 2;
  }

  RulesetBuilder builder;
  nlohmann::json results = nlohmann::json::array();
  bool valid = true;
  for (const std::string& file : args.positional()) {
    LoadResult result = builder.AddFile(file);
    if (args.Has("json")) {
      results.push_back(result.Json());
    } else {
      std::string text = result.Verbose();
      if (!text.empty() && text.back() != '\n') text += '\n';
      std::cout << text;
    }
    if (!result.successful) {
      valid = false;
      break;
    }
  }
  std::vector<std::string> plugin_errors;
  if (valid) plugin_errors = builder.PluginRequirementErrors();
  for (const std::string& error : plugin_errors) {
    std::cerr << "Error: " << error << "\n";
    valid = false;
  }
  if (args.Has("json")) {
    std::cout << nlohmann::json{{"falco_load_results", results}}.dump() << "\n";
  }
  return valid ? 0 : 1;
}

}  // namespace falconet::cli
