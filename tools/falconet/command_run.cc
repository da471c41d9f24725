// `falconet run [-r RULES]... [PATH...]`: Falco rules over CloudTrail files.
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "arguments.h"
#include "commands.h"
#include "falconet/evaluator.h"
#include "image_scanner.h"
#include "input_files.h"
#include "rules_options.h"
#include "run_summary.h"

namespace falconet::cli {
namespace {

std::vector<OptionSpec> Options() {
  std::vector<OptionSpec> specs = RulesOptionSpecs();
  for (const OptionSpec& spec : ImageScanOptionSpecs()) specs.push_back(spec);
  specs.push_back({"json", 0, "", "print one JSON alert per line"});
  specs.push_back({"output", 'o', "FILE", "write alerts to FILE"});
  specs.push_back({"help", 'h', "", "show this help"});
  return specs;
}

constexpr char kUsage[] =
    "Usage: falconet run [OPTIONS] [PATH...]\n"
    "\n"
    "Evaluates Falco rules over CloudTrail files and prints an alert for\n"
    "each match: Falco's text line by default (event time in local time;\n"
    "TZ=UTC for UTC), or Falco's JSON alert with --json. PATHs are read as\n"
    "`falconet grep` reads them. A summary goes to stderr at the end.\n"
    "Exit status: 0 when the run completed, 1 when input errors were met\n"
    "but the run went on, 2 when it could not run.\n"
    "\n"
    "Example:\n"
    "  falconet run -r rules.yaml --json AWSLogs/\n"
    "\n";

std::string HostName() {
  char name[256] = {0};
  if (gethostname(name, sizeof(name) - 1) != 0) return "localhost";
  return name;
}

}  // namespace

int RunRun(int argc, char** argv) {
  const std::vector<OptionSpec> options = Options();
  Arguments args(argc, argv, 2, options);
  if (!args.ok()) {
    std::cerr << "falconet run: " << args.error() << "\n";
    return 2;
  }
  if (args.Has("help")) {
    std::cout << kUsage << OptionsHelp(options);
    return 0;
  }
  std::shared_ptr<const Ruleset> ruleset = LoadRules("run", args);
  if (!ruleset) return 2;
  ImageScanner scanner;
  std::string scan_error;
  if (!scanner.Configure(args, scan_error)) {
    std::cerr << "falconet run: " << scan_error << "\n";
    return 2;
  }

  std::ofstream file;
  if (args.Has("output")) {
    file.open(args.Get("output"), std::ios::binary | std::ios::trunc);
    if (!file) {
      std::cerr << "falconet run: cannot write " << args.Get("output") << "\n";
      return 2;
    }
  }
  std::ostream& out = args.Has("output") ? file : std::cout;

  RunSummary summary;
  InputList inputs = ExpandInputs(args.positional());
  summary.AddExpansion(inputs);

  bool json = args.Has("json");
  std::string hostname = HostName();
  Evaluator evaluator(ruleset);
  std::string current;
  EvaluatorCallbacks callbacks;
  callbacks.on_alert = [&](const Alert& alert, std::string_view) {
    summary.CountAlert(alert);
    out << (json ? AlertJsonLine(alert, hostname) : AlertTextLine(alert))
        << "\n";
  };
  callbacks.on_skip = [&](const SkippedRecord& skipped) {
    summary.ReportSkip(current, skipped);
  };
  callbacks.on_warning = [&](std::string_view message) {
    std::cerr << "falconet run: " << current << ": " << message << "\n";
  };
  if (absl::Status s = scanner.Attach(evaluator); !s.ok()) {
    std::cerr << "falconet run: " << s.message() << "\n";
    return 2;
  }

  for (const InputFile& input : inputs.files) {
    absl::StatusOr<std::string> data = ReadInput(input.path);
    current = input.path == "-" ? "<stdin>" : input.path;
    if (!data.ok()) {
      summary.AddInputError(current, std::string(data.status().message()));
      continue;
    }
    summary.AddFile(data->size());
    evaluator.Evaluate(*data, callbacks);
    scanner.Drain(evaluator, callbacks, /*wait=*/false);
  }
  scanner.Drain(evaluator, callbacks, /*wait=*/true);
  out.flush();

  summary.Finish(evaluator.stats());
  summary.Print(std::cerr);
  return summary.has_input_errors() ? 1 : 0;
}

}  // namespace falconet::cli
