#include "arguments.h"

#include <algorithm>

namespace falconet::cli {
namespace {

const OptionSpec* FindLong(const std::vector<OptionSpec>& specs,
                           const std::string& name) {
  for (const OptionSpec& spec : specs) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

const OptionSpec* FindShort(const std::vector<OptionSpec>& specs, char c) {
  for (const OptionSpec& spec : specs) {
    if (spec.short_name == c) return &spec;
  }
  return nullptr;
}

}  // namespace

std::string Wrapped(const std::string& text, size_t indent, size_t columns) {
  std::string out;
  size_t column = indent;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find(' ', begin);
    if (end == std::string::npos) end = text.size();
    size_t length = end - begin;
    if (column > indent && column + 1 + length > columns) {
      out += "\n" + std::string(indent, ' ');
      column = indent;
    } else if (column > indent) {
      out += ' ';
      ++column;
    }
    out += text.substr(begin, length);
    column += length;
    begin = end + 1;
  }
  return out + "\n";
}

Arguments::Arguments(int argc, char** argv, int first,
                     const std::vector<OptionSpec>& specs) {
  bool options_done = false;
  for (int i = first; i < argc && error_.empty(); ++i) {
    std::string arg = argv[i];
    if (options_done || arg == "-" || arg.size() < 2 || arg[0] != '-') {
      positional_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }

    std::string inline_value;
    bool has_inline = false;
    const OptionSpec* spec = nullptr;
    if (arg[1] == '-') {
      std::string name = arg.substr(2);
      size_t eq = name.find('=');
      if (eq != std::string::npos) {
        inline_value = name.substr(eq + 1);
        has_inline = true;
        name = name.substr(0, eq);
      }
      spec = FindLong(specs, name);
    } else {
      // -x, or -xVALUE for an option that takes a value (-j4).
      spec = FindShort(specs, arg[1]);
      if (spec != nullptr && arg.size() > 2) {
        if (spec->value.empty()) {
          spec = nullptr;
        } else {
          inline_value = arg.substr(2);
          has_inline = true;
        }
      }
    }
    if (spec == nullptr) {
      error_ = "unknown option '" + arg + "'";
      break;
    }

    if (spec->value.empty()) {
      if (has_inline) error_ = "option '--" + spec->name + "' takes no value";
      values_[spec->name].push_back("");
    } else if (has_inline) {
      values_[spec->name].push_back(inline_value);
    } else if (i + 1 < argc) {
      values_[spec->name].push_back(argv[++i]);
    } else {
      error_ = "option '" + arg + "' needs a value (" + spec->value + ")";
    }
  }
}

std::string Arguments::Get(const std::string& name,
                           std::string fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second.back();
}

std::vector<std::string> Arguments::GetAll(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::string OptionsHelp(const std::vector<OptionSpec>& specs) {
  std::vector<std::string> heads;
  size_t width = 0;
  for (const OptionSpec& spec : specs) {
    std::string head = spec.short_name ? std::string("-") + spec.short_name +
                                             ", --" + spec.name
                                       : "    --" + spec.name;
    if (!spec.value.empty()) head += " " + spec.value;
    width = std::max(width, head.size());
    heads.push_back(head);
  }
  std::string out = "Options:\n";
  for (size_t i = 0; i < specs.size(); ++i) {
    out += "  " + heads[i] + std::string(width - heads[i].size() + 2, ' ');
    out += Wrapped(specs[i].help, width + 4, 79);
  }
  return out;
}

}  // namespace falconet::cli
