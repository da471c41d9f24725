// The falconet command-line tool: runs Falco rules over CloudTrail logs.
#include <cstring>
#include <iostream>
#include <string>

#include "commands.h"

namespace {

constexpr char kUsage[] =
    "Usage: falconet COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "Falco-compatible detection for AWS CloudTrail logs: Falco 0.44.1 rules\n"
    "(cloudtrail plugin 0.17.1, json plugin 0.7.4) over CloudTrail files as\n"
    "AWS delivers them to S3.\n"
    "\n"
    "Commands:\n"
    "  run [PATH...]              evaluate rules, print alerts and a summary\n"
    "  grep CONDITION [PATH...]   print the records that match a condition\n"
    "  validate RULES...          check rules files as Falco loads them\n"
    "  test TESTS.yaml...         run rule tests (which rules must fire)\n"
    "  rules                      list the loaded rules and their index\n"
    "  fields                     list the fields conditions can use\n"
    "  version                    print the version\n"
    "\n"
    "Examples:\n"
    "  falconet run AWSLogs/\n"
    "  falconet run -j 4 --since 2024-05-01 --json -o alerts.json AWSLogs/\n"
    "  falconet grep 'ct.name=ConsoleLogin' AWSLogs/\n"
    "  falconet fields --source aws_cloudtrail\n"
    "\n"
    "Run 'falconet COMMAND --help' for a command's options.\n";

}  // namespace

namespace falconet::cli {

int RunVersion(int argc, char** argv) {
  if (argc > 2 && (std::strcmp(argv[2], "--help") == 0 ||
                   std::strcmp(argv[2], "-h") == 0)) {
    std::cout << "Usage: falconet version\n\n"
                 "Prints falconet's version and the Falco versions it "
                 "follows.\n\nExample:\n  falconet version\n";
    return 0;
  }
  std::cout << "falconet " << FALCONET_VERSION << "\n"
            << "compatible with Falco 0.44.1, cloudtrail plugin 0.17.1, "
               "json plugin 0.7.4\n";
  return 0;
}

}  // namespace falconet::cli

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 ||
      std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "help") == 0) {
    (argc < 2 ? std::cerr : std::cout) << kUsage;
    return argc < 2 ? 2 : 0;
  }
  if (std::strcmp(argv[1], "--version") == 0) {
    return falconet::cli::RunVersion(argc, argv);
  }
  std::string command = argv[1];
  if (command == "run") return falconet::cli::RunRun(argc, argv);
  if (command == "grep") return falconet::cli::RunGrep(argc, argv);
  if (command == "validate") return falconet::cli::RunValidate(argc, argv);
  if (command == "test") return falconet::cli::RunTest(argc, argv);
  if (command == "rules") return falconet::cli::RunRules(argc, argv);
  if (command == "fields") return falconet::cli::RunFields(argc, argv);
  if (command == "version") return falconet::cli::RunVersion(argc, argv);

  std::cerr << "falconet: unknown command '" << command << "'\n" << kUsage;
  return 2;
}
