// `falconet grep CONDITION [PATH...]`: the records that match a condition.
#include <simdjson.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "arguments.h"
#include "commands.h"
#include "falconet/evaluator.h"
#include "input_files.h"

namespace falconet::cli {
namespace {

const std::vector<OptionSpec> kOptions = {
    {"count", 'c', "", "print only the number of matching records"},
    {"disasm", 0, "", "print the compiled program and exit"},
    {"help", 'h', "", "show this help"},
};

constexpr char kUsage[] =
    "Usage: falconet grep [OPTIONS] CONDITION [PATH...]\n"
    "\n"
    "Prints, one JSON object per line, the CloudTrail records that match a\n"
    "Falco condition. PATHs are files ({\"Records\":[...]} documents or JSON\n"
    "Lines, .gz accepted) or directories, read recursively; no PATH or '-'\n"
    "reads standard input. Exit status: 0 when some record matched, 1 when\n"
    "none did, 2 on error.\n"
    "\n"
    "Example:\n"
    "  falconet grep 'ct.name=ConsoleLogin and not ct.error exists' logs/\n"
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
  Arguments args(argc, argv, 2, kOptions);
  if (!args.ok()) {
    std::cerr << "falconet grep: " << args.error() << "\n";
    return 2;
  }
  if (args.Has("help")) {
    std::cout << kUsage << OptionsHelp(kOptions);
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

  std::vector<std::string> paths(args.positional().begin() + 1,
                                 args.positional().end());
  InputList inputs = ExpandInputs(paths);
  bool failed = !inputs.errors.empty();
  for (const std::string& error : inputs.errors) {
    std::cerr << "falconet grep: " << error << "\n";
  }

  Evaluator evaluator(*ruleset);
  bool count_only = args.Has("count");
  uint64_t matches = 0;
  std::string current;
  EvaluatorCallbacks callbacks;
  callbacks.on_alert = [&](const Alert&, std::string_view record) {
    ++matches;
    if (!count_only) std::cout << Minify(record) << "\n";
  };
  callbacks.on_skip = [&](const SkippedRecord& skipped) {
    std::cerr << "falconet grep: " << current << ": record "
              << skipped.index + 1 << " (line " << skipped.line
              << "): skipped: " << skipped.reason;
    if (!skipped.detail.empty()) std::cerr << " (" << skipped.detail << ")";
    std::cerr << "\n";
  };

  for (const InputFile& file : inputs.files) {
    absl::StatusOr<std::string> data = ReadInput(file.path);
    if (!data.ok()) {
      std::cerr << "falconet grep: " << data.status().message() << "\n";
      failed = true;
      continue;
    }
    current = file.path == "-" ? "<stdin>" : file.path;
    evaluator.Evaluate(*data, callbacks);
  }

  if (count_only) std::cout << matches << "\n";
  if (failed) return 2;
  return matches > 0 ? 0 : 1;
}

}  // namespace falconet::cli
