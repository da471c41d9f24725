// A small command-line option parser for the falconet subcommands.
//
// Options are `--name`, `--name VALUE`, `--name=VALUE`, `-x [VALUE]` and
// `-xVALUE`; `--` ends options; everything else is positional. Each
// command declares its options with a help text, so `--help` output and
// parsing stay in step.
#ifndef FALCONET_TOOLS_ARGUMENTS_H_
#define FALCONET_TOOLS_ARGUMENTS_H_

#include <map>
#include <string>
#include <vector>

namespace falconet::cli {

struct OptionSpec {
  std::string name;   // long name without dashes, e.g. "count"
  char short_name;    // 0 when none
  std::string value;  // placeholder such as "FILE"; empty for flags
  std::string help;
};

class Arguments {
 public:
  // Parses argv[first..argc). On error, ok() is false and error() says why.
  Arguments(int argc, char** argv, int first,
            const std::vector<OptionSpec>& specs);

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  // The last value given for `name`, or `fallback`.
  std::string Get(const std::string& name, std::string fallback = "") const;
  // Every value given for `name`, in order.
  std::vector<std::string> GetAll(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
  std::string error_;
};

// `text` as lines of at most `columns` characters, with a final newline:
// the first line starts at column `indent` (the caller has written what
// comes before), the others are indented to it.
std::string Wrapped(const std::string& text, size_t indent, size_t columns);

// "Options:" and one aligned line per option.
std::string OptionsHelp(const std::vector<OptionSpec>& specs);

}  // namespace falconet::cli

#endif  // FALCONET_TOOLS_ARGUMENTS_H_
