// `falconet rules [-r RULES]... [--json]`: the rules a run would load, and
// how the event-name index files them.
#include <iostream>

#include "arguments.h"
#include "commands.h"
#include "nlohmann/json.hpp"
#include "output/alert.h"
#include "rules_options.h"

namespace falconet::cli {
namespace {

std::vector<OptionSpec> Options() {
  std::vector<OptionSpec> specs = RulesOptionSpecs();
  specs.push_back({"json", 0, "", "print a JSON array of rules"});
  specs.push_back({"help", 'h', "", "show this help"});
  return specs;
}

constexpr char kUsage[] =
    "Usage: falconet rules [OPTIONS]\n"
    "\n"
    "Loads rules files as `falconet run` does (the same -r and selection\n"
    "options) and lists every rule in evaluation order: priority, source,\n"
    "tags, enabled (as the file says), active (after --enable, --disable\n"
    "and --min-priority), and its index bucket: the CloudTrail event names\n"
    "(ct.name) the condition pins it to, or \"all\" when it is evaluated\n"
    "for every record.\n"
    "\n"
    "Examples:\n"
    "  falconet rules\n"
    "  falconet rules -r rules.yaml --min-priority warning --json\n"
    "\n";

std::string Bucket(const RuleInfo& rule) {
  if (rule.event_names.empty()) return "all";
  std::string text;
  for (const std::string& name : rule.event_names) {
    text += (text.empty() ? "" : ",") + name;
  }
  return text;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) {
    text += (text.empty() ? "" : ",") + item;
  }
  return text.empty() ? "-" : text;
}

nlohmann::json Json(const RuleInfo& rule) {
  nlohmann::json names = rule.event_names;
  return {{"name", rule.name},
          {"priority", PriorityName(static_cast<int>(rule.priority))},
          {"source", rule.source},
          {"tags", rule.tags},
          {"enabled", rule.enabled},
          {"active", rule.active},
          {"index", rule.event_names.empty() ? nlohmann::json("all") : names},
          {"description", rule.description}};
}

}  // namespace

int RunRules(int argc, char** argv) {
  const std::vector<OptionSpec> options = Options();
  Arguments args(argc, argv, 2, options);
  if (!args.ok()) {
    std::cerr << "falconet rules: " << args.error() << "\n";
    return 2;
  }
  if (args.Has("help")) {
    std::cout << kUsage << OptionsHelp(options);
    return 0;
  }
  std::shared_ptr<const Ruleset> ruleset = LoadRules("rules", args);
  if (!ruleset) return 2;

  if (args.Has("json")) {
    nlohmann::json rules = nlohmann::json::array();
    for (const RuleInfo& rule : ruleset->rules()) rules.push_back(Json(rule));
    std::cout << rules.dump(2) << "\n";
    return 0;
  }
  for (const RuleInfo& rule : ruleset->rules()) {
    std::cout << rule.name << "\n"
              << "  priority: " << PriorityName(static_cast<int>(rule.priority))
              << "  source: " << rule.source
              << "  enabled: " << (rule.enabled ? "yes" : "no")
              << "  active: " << (rule.active ? "yes" : "no") << "\n"
              << "  tags: " << Joined(rule.tags) << "\n"
              << "  index: " << Bucket(rule) << "\n";
  }
  return 0;
}

}  // namespace falconet::cli
