#include "rules_options.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "rules/priority.h"

namespace falconet::cli {
namespace {

// The project's own rules, found next to the installed binary or in the
// source tree this binary was built from.
std::vector<std::string> DefaultRules() {
  if (const char* env = std::getenv("FALCONET_RULES_DIR")) {
    return {std::string(env) + "/aws_cloudtrail.yaml",
            std::string(env) + "/image_scan.yaml"};
  }
  namespace fs = std::filesystem;
  std::vector<fs::path> dirs = {FALCONET_INSTALLED_RULES_DIR,
                                FALCONET_SOURCE_RULES_DIR};
  for (const fs::path& dir : dirs) {
    if (fs::exists(dir / "aws_cloudtrail.yaml")) {
      std::vector<std::string> files;
      for (const char* name : {"aws_cloudtrail.yaml", "image_scan.yaml"}) {
        if (fs::exists(dir / name)) files.push_back((dir / name).string());
      }
      return files;
    }
  }
  return {};
}

void SplitSelector(const std::string& value, std::vector<std::string>& names,
                   std::vector<std::string>& tags) {
  if (value.rfind("tag:", 0) == 0) {
    tags.push_back(value.substr(4));
  } else {
    names.push_back(value);
  }
}

}  // namespace

const std::vector<OptionSpec>& RulesOptionSpecs() {
  static const std::vector<OptionSpec> specs = {
      {"rules", 'r', "FILE",
       "load a Falco rules file (repeatable; default: falconet's rules)"},
      {"rule-matching", 0, "MODE",
       "first (default, as Falco) or all: report every matching rule"},
      {"min-priority", 0, "PRIORITY",
       "skip rules less severe than PRIORITY (e.g. warning)"},
      {"enable", 0, "RULE|tag:TAG",
       "enable rules by name, *-wildcard or tag (repeatable)"},
      {"disable", 0, "RULE|tag:TAG",
       "disable rules by name, *-wildcard or tag (repeatable)"},
  };
  return specs;
}

const OptionSpec& OutputFieldOptionSpec() {
  static const OptionSpec spec = {
      "output-field", 0, "FIELD",
      "add FIELD to every JSON alert's output_fields, as Falco's "
      "append_output extra_fields (repeatable; e.g. evt.num)"};
  return spec;
}

std::vector<std::string> RulesFiles(const Arguments& args) {
  std::vector<std::string> files = args.GetAll("rules");
  return files.empty() ? DefaultRules() : files;
}

absl::StatusOr<RuleSelection> SelectionFrom(const Arguments& args) {
  RuleSelection selection;
  std::string matching = args.Get("rule-matching", "first");
  if (matching == "all") {
    selection.matching = RuleMatching::kAll;
  } else if (matching != "first") {
    return absl::InvalidArgumentError("--rule-matching must be first or all");
  }
  if (args.Has("min-priority")) {
    std::optional<uint8_t> p = rules::ParsePriority(args.Get("min-priority"));
    if (!p) {
      return absl::InvalidArgumentError("unknown priority '" +
                                        args.Get("min-priority") + "'");
    }
    selection.min_priority = static_cast<Priority>(*p);
  }
  // Declared by `run` only (OutputFieldOptionSpec); empty elsewhere.
  selection.extra_output_fields = args.GetAll("output-field");
  for (const std::string& v : args.GetAll("enable")) {
    SplitSelector(v, selection.enable_names, selection.enable_tags);
  }
  for (const std::string& v : args.GetAll("disable")) {
    SplitSelector(v, selection.disable_names, selection.disable_tags);
  }
  return selection;
}

std::shared_ptr<const Ruleset> LoadRules(const std::string& command,
                                         const Arguments& args) {
  absl::StatusOr<RuleSelection> selection = SelectionFrom(args);
  if (!selection.ok()) {
    std::cerr << "falconet " << command << ": " << selection.status().message()
              << "\n";
    return nullptr;
  }
  std::vector<std::string> files = RulesFiles(args);
  if (files.empty()) {
    std::cerr << "falconet " << command
              << ": no rules file given and no default rules found\n";
    return nullptr;
  }

  RulesetBuilder builder;
  for (const std::string& file : files) {
    LoadResult result = builder.AddFile(file);
    if (!result.successful) {
      std::cerr << result.Verbose();
      std::cerr << "falconet " << command << ": cannot run: " << file
                << " failed to load\n";
      return nullptr;
    }
    if (!result.warnings.empty()) std::cerr << result.Verbose();
  }
  absl::StatusOr<std::shared_ptr<const Ruleset>> ruleset =
      builder.Build(*selection);
  if (!ruleset.ok()) {
    std::cerr << "falconet " << command << ": " << ruleset.status().message()
              << "\n";
    return nullptr;
  }
  return *ruleset;
}

}  // namespace falconet::cli
