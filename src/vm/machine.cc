#include "vm/machine.h"

#include <re2/re2.h>

#include <cctype>

#include "compiler/glob.h"
#include "compiler/prefix_tree.h"

namespace falconet {
namespace {

bool CompareStrings(Cmp cmp, std::string_view a, std::string_view b) {
  int c = a.compare(b);
  switch (cmp) {
    case Cmp::kEq:
      return c == 0;
    case Cmp::kNe:
      return c != 0;
    case Cmp::kLt:
      return c < 0;
    case Cmp::kLe:
      return c <= 0;
    case Cmp::kGt:
      return c > 0;
    case Cmp::kGe:
      return c >= 0;
    default:
      return false;
  }
}

bool CompareNumbers(Cmp cmp, uint64_t a, uint64_t b) {
  switch (cmp) {
    case Cmp::kEq:
    case Cmp::kIn:
    case Cmp::kIntersects:
      return a == b;
    case Cmp::kNe:
      return a != b;
    case Cmp::kLt:
      return a < b;
    case Cmp::kLe:
      return a <= b;
    case Cmp::kGt:
      return a > b;
    case Cmp::kGe:
      return a >= b;
    default:
      return false;
  }
}

// strcasestr over views; `needle` is already lower-case.
bool IContains(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    size_t j = 0;
    while (j < needle.size() &&
           std::tolower(static_cast<unsigned char>(hay[i + j])) ==
               static_cast<unsigned char>(needle[j])) {
      ++j;
    }
    if (j == needle.size()) return true;
  }
  return false;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// fnmatch reads C strings: copy the subject into the event's arena.
bool GlobMatches(const GlobPattern& glob, std::string_view s,
                 const EventView& event) {
  std::string& buffer = event.arena->NewString();
  buffer.assign(s);
  return glob.Matches(buffer.c_str());
}

// One string comparison of any kind, for modifiers and field-to-field
// checks, where the right side is only known at run time.
bool CompareAny(Cmp cmp, std::string_view a, std::string_view b,
                const EventView& event) {
  switch (cmp) {
    case Cmp::kContains:
    case Cmp::kBContains:
      return a.find(b) != std::string_view::npos;
    case Cmp::kIContains: {
      std::string& lower = event.arena->NewString();
      for (char c : b) {
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      return IContains(a, lower);
    }
    case Cmp::kStartsWith:
    case Cmp::kBStartsWith:
      return a.substr(0, b.size()) == b;
    case Cmp::kEndsWith:
      return EndsWith(a, b);
    case Cmp::kGlob:
    case Cmp::kIGlob:
      return GlobMatches(GlobPattern(b, cmp == Cmp::kIGlob), a, event);
    case Cmp::kIn:
    case Cmp::kIntersects:
      return a == b;
    default:
      return CompareStrings(cmp, a, b);
  }
}

bool RunModifier(const ModifierConstant& m, bool regex, std::string_view v,
                 const EventView& event) {
  size_t hits = 0;
  size_t n = m.values.size();
  for (size_t i = 0; i < n; ++i) {
    bool hit;
    if (regex) {
      hit = re2::RE2::FullMatch(v, *m.regexes[i]);
    } else if (m.cmp == Cmp::kGlob || m.cmp == Cmp::kIGlob) {
      hit = GlobMatches(*m.globs[i], v, event);
    } else if (m.cmp == Cmp::kIContains) {
      hit = IContains(v, m.values[i]);
    } else {
      hit = CompareAny(m.cmp, v, m.values[i], event);
    }
    hits += hit ? 1 : 0;
  }
  switch (m.kind) {
    case ModifierConstant::Kind::kOneOf:
      return hits == 1;
    case ModifierConstant::Kind::kAnyOf:
      return hits >= 1;
    case ModifierConstant::Kind::kAllOf:
      return hits == n;
  }
  return false;
}

bool InValues(const Value& v, const ValueList& set, bool numeric) {
  for (const Value& item : set) {
    if (numeric ? item.num == v.num : item.str == v.str) return true;
  }
  return false;
}

// `a <cmp> val(b)`. For in/intersects the right values form the set; a
// list on the left must then be a subset (in) or overlap (intersects).
bool RunFieldCmp(const ProgramSet& set, const Instr& in, const ValueList& a,
                 OperandCache& cache, const EventView& event) {
  const ValueList& b = cache.Get(set, in.b, event);
  if (b.empty()) return false;
  const Operand& left = set.operands[in.a];
  bool numeric = left.type != FieldType::kString;
  Cmp cmp = static_cast<Cmp>(in.flags);

  if (cmp == Cmp::kIn || cmp == Cmp::kIntersects) {
    if (!left.is_list) return InValues(a[0], b, numeric);
    for (const Value& v : a) {
      bool found = InValues(v, b, numeric);
      if (cmp == Cmp::kIn && !found) return false;
      if (cmp == Cmp::kIntersects && found) return true;
    }
    return cmp == Cmp::kIn;
  }
  if (numeric) return CompareNumbers(cmp, a[0].num, b[0].num);
  return CompareAny(cmp, a[0].str, b[0].str, event);
}

template <typename Set, typename Key>
bool ListCheck(const ValueList& values, const Set& set, bool every, Key key) {
  for (const Value& v : values) {
    bool found = set.contains(key(v));
    if (every && !found) return false;
    if (!every && found) return true;
  }
  return every;
}

bool RunListCheck(const ConstantPool& k, const Instr& in,
                  const ValueList& values) {
  bool every = in.op == Op::kListIn;
  if (in.flags) {
    return ListCheck(values, k.number_sets[in.b], every,
                     [](const Value& v) { return v.num; });
  }
  return ListCheck(values, k.string_sets[in.b], every, [](const Value& v) {
    return absl::string_view(v.str.data(), v.str.size());
  });
}

}  // namespace

bool RunProgram(const ProgramSet& set, const Program& program,
                OperandCache& cache, const EventView& event) {
  const ConstantPool& k = set.constants;
  const Instr* code = program.code.data();
  bool flag = false;
  uint32_t pc = 0;

  for (;;) {
    const Instr& in = code[pc++];
    if (in.op == Op::kJumpIfFalse) {
      if (!flag) pc = in.b;
      continue;
    }
    if (in.op == Op::kJumpIfTrue) {
      if (flag) pc = in.b;
      continue;
    }
    if (in.op == Op::kNot) {
      flag = !flag;
      continue;
    }
    if (in.op == Op::kReturn) return flag;

    // Every other instruction is a check on operand a. Missing values make
    // the check false, except for `exists`.
    const ValueList& values = cache.Get(set, in.a, event);
    if (values.empty()) {
      flag = false;
      continue;
    }
    std::string_view s = values[0].str;
    switch (in.op) {
      case Op::kExists:
        flag = true;
        break;
      case Op::kStrCmp:
        flag = CompareStrings(static_cast<Cmp>(in.flags), s, k.strings[in.b]);
        break;
      case Op::kNumCmp:
        flag = CompareNumbers(static_cast<Cmp>(in.flags), values[0].num,
                              k.numbers[in.b]);
        break;
      case Op::kContains:
        flag = s.find(k.strings[in.b]) != std::string_view::npos;
        break;
      case Op::kIContains:
        flag = IContains(s, k.strings[in.b]);
        break;
      case Op::kStartsWith:
        flag = s.substr(0, k.strings[in.b].size()) == k.strings[in.b];
        break;
      case Op::kEndsWith:
        flag = EndsWith(s, k.strings[in.b]);
        break;
      case Op::kGlob:
      case Op::kIGlob:
        flag = GlobMatches(*k.globs[in.b], s, event);
        break;
      case Op::kRegex:
        flag = re2::RE2::FullMatch(s, *k.regexes[in.b]);
        break;
      case Op::kStrIn:
        flag =
            k.string_sets[in.b].contains(absl::string_view(s.data(), s.size()));
        break;
      case Op::kNumIn:
        flag = k.number_sets[in.b].contains(values[0].num);
        break;
      case Op::kListIn:
      case Op::kListAny:
        flag = RunListCheck(k, in, values);
        break;
      case Op::kPmatch:
        flag = k.prefix_trees[in.b]->Matches(s);
        break;
      case Op::kModifier:
        flag = RunModifier(k.modifiers[in.b], in.flags != 0, s, event);
        break;
      case Op::kFieldCmp:
        flag = RunFieldCmp(set, in, values, cache, event);
        break;
      default:
        flag = false;
    }
  }
}

}  // namespace falconet
