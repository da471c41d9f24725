// The text form of programs, for `falconet grep --disasm` and for the
// golden listings in the compiler tests.
#include <re2/re2.h>

#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/compiler.h"
#include "compiler/glob.h"

namespace falconet {
namespace {

// ORDER OP
constexpr const char* kOpNames[] = {
#define FALCONET_OP_NAME(name, mnemonic, effect) mnemonic,
    FALCONET_OPCODES(FALCONET_OP_NAME)
#undef FALCONET_OP_NAME
};

constexpr const char* kCmpNames[] = {
    "eq",        "ne",         "lt",          "le",
    "gt",        "ge",         "contains",    "icontains",
    "bcontains", "startswith", "bstartswith", "endswith",
    "glob",      "iglob",      "in",          "intersects",
};

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Hash sets have no order: print them sorted by value (numbers as
// numbers), so that listings are stable.
template <typename Set>
std::string SortedSet(const Set& set) {
  std::vector<typename Set::value_type> sorted(set.begin(), set.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::string> items;
  for (const auto& item : sorted) {
    if constexpr (std::is_same_v<std::decay_t<decltype(item)>, std::string>) {
      items.push_back(Quote(item));
    } else {
      items.push_back(absl::StrCat(item));
    }
  }
  return "(" + absl::StrJoin(items, ", ") + ")";
}

std::string Operands(const ProgramSet& set, const Instr& in) {
  const ConstantPool& k = set.constants;
  const std::string& a = set.operands[in.a].text;
  switch (in.op) {
    case Op::kExists:
      return a;
    case Op::kStrCmp:
      return absl::StrCat(kCmpNames[in.flags], " ", a, ", ",
                          Quote(k.strings[in.b]));
    case Op::kNumCmp:
      return absl::StrCat(kCmpNames[in.flags], " ", a, ", ", k.numbers[in.b]);
    case Op::kContains:
    case Op::kIContains:
    case Op::kStartsWith:
    case Op::kEndsWith:
      return absl::StrCat(a, ", ", Quote(k.strings[in.b]));
    case Op::kGlob:
    case Op::kIGlob:
      return absl::StrCat(a, ", ", Quote(k.globs[in.b]->pattern()));
    case Op::kRegex:
      return absl::StrCat(a, ", ", Quote(k.regexes[in.b]->pattern()));
    case Op::kStrIn:
      return absl::StrCat(a, ", ", SortedSet(k.string_sets[in.b]));
    case Op::kNumIn:
      return absl::StrCat(a, ", ", SortedSet(k.number_sets[in.b]));
    case Op::kListIn:
    case Op::kListAny:
      return absl::StrCat(a, ", ",
                          in.flags ? SortedSet(k.number_sets[in.b])
                                   : SortedSet(k.string_sets[in.b]));
    case Op::kPmatch:
      return absl::StrCat(a, ", prefixes#", in.b);
    case Op::kModifier: {
      const ModifierConstant& m = k.modifiers[in.b];
      static constexpr const char* kKinds[] = {"oneof", "anyof", "allof"};
      std::vector<std::string> values;
      for (const std::string& v : m.values) values.push_back(Quote(v));
      return absl::StrCat(in.flags ? "regex" : kCmpNames[int(m.cmp)], " ",
                          kKinds[int(m.kind)], " ", a, ", (",
                          absl::StrJoin(values, ", "), ")");
    }
    case Op::kFieldCmp:
      return absl::StrCat(kCmpNames[in.flags], " ", a, ", ",
                          set.operands[in.b].text);
    case Op::kJumpIfFalse:
    case Op::kJumpIfTrue: {
      char target[8];
      std::snprintf(target, sizeof(target), "%04u", in.b);
      return target;
    }
    case Op::kNot:
    case Op::kReturn:
      return "";
  }
  return "";
}

}  // namespace

std::string Disassemble(const ProgramSet& set, uint32_t program) {
  std::string out;
  const std::vector<Instr>& code = set.programs[program].code;
  for (size_t pc = 0; pc < code.size(); ++pc) {
    char prefix[64];
    std::snprintf(prefix, sizeof(prefix), "%04zu  %-11s", pc,
                  kOpNames[static_cast<int>(code[pc].op)]);
    std::string line = prefix + Operands(set, code[pc]);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace falconet
