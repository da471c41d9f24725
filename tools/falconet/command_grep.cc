// `falconet grep CONDITION [PATH...]`: the records that match a condition.
#include <simdjson.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "archive_options.h"
#include "archive_run.h"
#include "arguments.h"
#include "commands.h"
#include "falconet/evaluator.h"
#include "ruleset_fields.h"

namespace falconet::cli {
namespace {

std::vector<OptionSpec> Options() {
  std::vector<OptionSpec> specs = {
      {"count", 'c', "", "print only the number of matching records"},
      {"disasm", 0, "", "print the compiled program and exit"},
  };
  for (const OptionSpec& spec : ArchiveOptionSpecs()) specs.push_back(spec);
  specs.push_back({"help", 'h', "", "show this help"});
  return specs;
}

constexpr char kUsage[] =
    "Usage: falconet grep [OPTIONS] CONDITION [PATH...]\n"
    "\n"
    "Prints, one JSON object per line, the CloudTrail records that match a\n"
    "Falco condition. PATHs are read as `falconet run` reads them: files\n"
    "or directories (recursively), .json and .json.gz in the S3 layout,\n"
    "JSON Lines, '-' or nothing for standard input; digest files skipped.\n"
    "Records come out in input order, whatever -j. Records that are damaged\n"
    "or that Falco's cloudtrail plugin would not deliver are skipped with a\n"
    "warning. Exit status: 0 when some record matched, 1 when none did, 2\n"
    "on error (bad condition or options, or input errors).\n"
    "\n"
    "Examples:\n"
    "  falconet grep 'ct.name=ConsoleLogin and not ct.error exists' logs/\n"
    "  falconet grep -c -j 2 --since 2024-05-01 'ct.user=alice' AWSLogs/\n"
    "  falconet grep --disasm 'ct.name in (StopLogging, DeleteTrail)'\n"
    "\n";

// Compact JSON for the output line; simdjson's minifier keeps numbers and
// strings byte for byte.
std::string Minify(std::string_view json) {
  std::string out(json.size(), '\0');
  size_t length = 0;
  if (simdjson::minify(json.data(), json.size(), out.data(), length) !=
      simdjson::SUCCESS) {
    return std::string(json);
  }
  out.resize(length);
  return out;
}

}  // namespace

int RunGrep(int argc, char** argv) {
  const std::vector<OptionSpec> options = Options();
  Arguments args(argc, argv, 2, options);
  if (!args.ok()) {
    std::cerr << "falconet grep: " << args.error() << "\n";
    return 2;
  }
  if (args.Has("help")) {
    std::cout << kUsage << OptionsHelp(options);
    return 0;
  }
  if (args.positional().empty()) {
    std::cerr << "falconet grep: missing CONDITION\n" << kUsage;
    return 2;
  }

  const std::string& condition = args.positional()[0];
  auto ruleset = Ruleset::FromCondition(condition);
  if (!ruleset.ok()) {
    std::cerr << "falconet grep: condition:" << ruleset.status().message()
              << "\n";
    return 2;
  }
  if (args.Has("disasm")) {
    std::cout << (*ruleset)->Disassemble("condition");
    return 0;
  }

  ArchiveSetup setup;
  std::vector<std::string> paths(args.positional().begin() + 1,
                                 args.positional().end());
  if (absl::Status s = SetUpArchive(args, "falconet grep", paths, setup);
      !s.ok()) {
    std::cerr << "falconet grep: " << s.message() << "\n";
    return 2;
  }
  setup.options.warn_undelivered = true;
  if (ActiveRulesRead(**ruleset, "evt.num")) setup.options.sequential = true;

  bool count_only = args.Has("count");
  AlertFormatter formatter = [count_only](const Alert&, std::string_view record,
                                          std::string& out) {
    if (count_only) return;
    out += Minify(record);
    out += '\n';
  };
  RunSummary summary;
  summary.AddListing(setup.listing, setup.files_left_out);
  ReportListingErrors(setup, std::cerr);
  absl::Status run = RunArchive(*ruleset, setup.files, setup.options, formatter,
                                std::cout, std::cerr, summary);
  if (!run.ok()) {
    std::cerr << "falconet grep: " << run.message() << "\n";
    return 2;
  }
  summary.Finish();
  uint64_t matches = 0;
  for (const auto& [rule, n] : summary.counts().alerts) matches += n;
  if (count_only) std::cout << matches << "\n";
  std::cout.flush();
  if (absl::Status s = WriteStatsJson(args, summary); !s.ok()) {
    std::cerr << "falconet grep: " << s.message() << "\n";
    return 2;
  }
  if (summary.has_input_errors()) return 2;
  return matches > 0 ? 0 : 1;
}

}  // namespace falconet::cli
