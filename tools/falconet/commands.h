// The falconet subcommands. Each takes the full argv (argv[1] is the
// command name) and returns the process exit status. Results go to stdout,
// diagnostics to stderr.
#ifndef FALCONET_TOOLS_COMMANDS_H_
#define FALCONET_TOOLS_COMMANDS_H_

namespace falconet::cli {

int RunFields(int argc, char** argv);
int RunGrep(int argc, char** argv);
int RunRules(int argc, char** argv);
int RunRun(int argc, char** argv);
int RunTest(int argc, char** argv);
int RunValidate(int argc, char** argv);
int RunVersion(int argc, char** argv);

}  // namespace falconet::cli

#endif  // FALCONET_TOOLS_COMMANDS_H_
