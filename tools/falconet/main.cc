// The falconet command-line tool: runs Falco rules over CloudTrail logs.
#include <cstring>
#include <iostream>
#include <string>

#include "commands.h"

namespace {

constexpr char kUsage[] =
    "Usage: falconet COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "Falco-compatible detection for AWS CloudTrail logs.\n"
    "\n"
    "Commands:\n"
    "  run [PATH...]              evaluate rules, print alerts\n"
    "  grep CONDITION [PATH...]   print the records that match a condition\n"
    "  validate RULES...          check rules files as Falco loads them\n"
    "  test TESTS.yaml...         run rule tests (which rules must fire)\n"
    "\n"
    "Run 'falconet COMMAND --help' for a command's options.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 ||
      std::strcmp(argv[1], "-h") == 0) {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  std::string command = argv[1];
  if (command == "run") return falconet::cli::RunRun(argc, argv);
  if (command == "grep") return falconet::cli::RunGrep(argc, argv);
  if (command == "validate") return falconet::cli::RunValidate(argc, argv);
  if (command == "test") return falconet::cli::RunTest(argc, argv);

  std::cerr << "falconet: unknown command '" << command << "'\n" << kUsage;
  return 2;
}
