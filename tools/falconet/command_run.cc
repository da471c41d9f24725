// `falconet run [-r RULES]... [PATH...]`: Falco rules over CloudTrail files.
//
// The steps: options, rules, the image-scan hook, the inputs; then
// RunArchive evaluates (archive_run.h: threads, chunks, output order) and
// the summary goes to stderr. Features that extend the evaluator plug in
// through EvaluatorHooks (see ScanHooks below).
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "archive_options.h"
#include "archive_run.h"
#include "arguments.h"
#include "commands.h"
#include "falconet/evaluator.h"
#include "image_scanner.h"
#include "rules_options.h"
#include "ruleset_fields.h"
#include "run_summary.h"

namespace falconet::cli {
namespace {

std::vector<OptionSpec> Options() {
  std::vector<OptionSpec> specs = RulesOptionSpecs();
  for (const OptionSpec& spec : ArchiveOptionSpecs()) specs.push_back(spec);
  for (const OptionSpec& spec : ImageScanOptionSpecs()) specs.push_back(spec);
  specs.push_back({"json", 0, "", "print one JSON alert per line"});
  specs.push_back(OutputFieldOptionSpec());
  specs.push_back({"output", 'o', "FILE", "write alerts to FILE"});
  specs.push_back({"help", 'h', "", "show this help"});
  return specs;
}

constexpr char kUsage[] =
    "Usage: falconet run [OPTIONS] [PATH...]\n"
    "\n"
    "Evaluates Falco rules over CloudTrail files and prints an alert for\n"
    "each match: Falco's text line by default (event time in local time;\n"
    "TZ=UTC for UTC), or Falco's JSON alert with --json. PATHs are files\n"
    "or directories, read recursively: .json and .json.gz as CloudTrail\n"
    "delivers them to S3 (AWSLogs/<account>/CloudTrail/<region>/...,\n"
    "organization trails too), JSON Lines, or '-' for standard input (the\n"
    "default). CloudTrail-Digest files are skipped. Alerts come out in\n"
    "input order, whatever -j. A summary goes to stderr at the end, and a\n"
    "progress bar while it runs when stderr is a terminal.\n"
    "\n"
    "Exit status: 0 when the run completed (alerts or not), 1 when input\n"
    "errors were met but the run went on, 2 when it could not run.\n"
    "\n"
    "Examples:\n"
    "  falconet run AWSLogs/\n"
    "  falconet run -j 4 --since 2024-05-01 --region eu-west-1 AWSLogs/\n"
    "  falconet run -r rules.yaml --json -o alerts.json logs/ \\\n"
    "      --stats-json stats.json\n"
    "  zcat trail.json.gz | falconet run -\n"
    "\n";

std::string HostName() {
  char name[256] = {0};
  if (gethostname(name, sizeof(name) - 1) != 0) return "localhost";
  return name;
}

// The image-scan hook needs every record in order on one evaluator.
EvaluatorHooks ScanHooks(ImageScanner& scanner) {
  EvaluatorHooks hooks;
  if (!scanner.enabled()) return hooks;
  hooks.on_create = [&scanner](Evaluator& evaluator) {
    return scanner.Attach(evaluator);
  };
  hooks.after_unit = [&scanner](Evaluator& evaluator,
                                const EvaluatorCallbacks& callbacks) {
    scanner.Drain(evaluator, callbacks, /*wait=*/false);
  };
  hooks.at_end = [&scanner](Evaluator& evaluator,
                            const EvaluatorCallbacks& callbacks) {
    scanner.Drain(evaluator, callbacks, /*wait=*/true);
  };
  return hooks;
}

// Falco's text or JSON alert lines.
AlertFormatter Formatter(bool json) {
  if (!json) {
    return [](const Alert& alert, std::string_view, std::string& out) {
      out += AlertTextLine(alert);
      out += '\n';
    };
  }
  return [hostname = HostName()](const Alert& alert, std::string_view,
                                 std::string& out) {
    out += AlertJsonLine(alert, hostname);
    out += '\n';
  };
}

// evt.num numbers records across all inputs: only one thread can know it.
void ChooseSequential(const Ruleset& ruleset, const ImageScanner& scanner,
                      RunOptions& options) {
  std::string why;
  if (ActiveRulesRead(ruleset, "evt.num")) why = "the rules read evt.num";
  if (scanner.enabled()) why = "image scans see the records in order";
  if (why.empty()) return;
  options.sequential = true;
  if (options.jobs_chosen && options.jobs > 1) {
    std::cerr << "falconet run: -j " << options.jobs << ": " << why
              << ", so one thread evaluates\n";
  }
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
  ArchiveSetup setup;
  if (absl::Status s =
          SetUpArchive(args, "falconet run", args.positional(), setup);
      !s.ok()) {
    std::cerr << "falconet run: " << s.message() << "\n";
    return 2;
  }
  std::shared_ptr<const Ruleset> ruleset = LoadRules("run", args);
  if (!ruleset) return 2;
  ImageScanner scanner;
  std::string scan_error;
  if (!scanner.Configure(args, scan_error)) {
    std::cerr << "falconet run: " << scan_error << "\n";
    return 2;
  }
  setup.options.hooks = ScanHooks(scanner);
  ChooseSequential(*ruleset, scanner, setup.options);

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
  summary.AddListing(setup.listing, setup.files_left_out);
  ReportListingErrors(setup, std::cerr);
  absl::Status run =
      RunArchive(ruleset, setup.files, setup.options,
                 Formatter(args.Has("json")), out, std::cerr, summary);
  if (!run.ok()) {
    std::cerr << "falconet run: " << run.message() << "\n";
    return 2;
  }
  out.flush();
  summary.Finish();
  summary.Print(std::cerr);
  if (absl::Status s = WriteStatsJson(args, summary); !s.ok()) {
    std::cerr << "falconet run: " << s.message() << "\n";
    return 2;
  }
  if (!out) {
    std::cerr << "falconet run: error writing alerts\n";
    return 2;
  }
  return summary.has_input_errors() ? 1 : 0;
}

}  // namespace falconet::cli
