// The bytecode instruction set.
//
// Every instruction is 64 bits:
//
//   63        32 31      16 15     8 7      0
//   +-----------+----------+--------+--------+
//   |     b     |    a     | flags  |   op   |
//   +-----------+----------+--------+--------+
//
// a is the operand the check reads (an index into ProgramSet::operands);
// b is a constant index, a second operand, or a jump target, by opcode.
// Checks set the single flag register; jumps read it; kReturn ends the
// program with it. A check on an operand with no value sets false (Falco's
// missing-value rule), except kExists.
//
// ORDER OP: FALCONET_OPCODES, kOpNames in disassembler.cc and the dispatch
// loop in vm/machine.cc follow this order.
#ifndef FALCONET_COMPILER_OPCODES_H_
#define FALCONET_COMPILER_OPCODES_H_

#include <cstdint>

namespace falconet {

// X(name, mnemonic, effect)
#define FALCONET_OPCODES(X)                                                 \
  X(kExists, "exists", "flag = a has a value")                              \
  X(kStrCmp, "str.cmp", "flag = a <flags> strings[b] (Cmp, bytewise)")      \
  X(kNumCmp, "num.cmp", "flag = a <flags> numbers[b] (Cmp, unsigned)")      \
  X(kContains, "contains", "flag = strings[b] occurs in a")                 \
  X(kIContains, "icontains", "flag = strings[b] occurs in a, ASCII nocase") \
  X(kStartsWith, "startswith", "flag = a starts with strings[b]")           \
  X(kEndsWith, "endswith", "flag = a ends with strings[b]")                 \
  X(kGlob, "glob", "flag = a matches globs[b] (fnmatch, flags 0)")          \
  X(kIGlob, "iglob", "flag = a matches globs[b] (fnmatch, casefold)")       \
  X(kRegex, "regex", "flag = regexes[b] fully matches a")                   \
  X(kStrIn, "str.in", "flag = a is in string_sets[b]")                      \
  X(kNumIn, "num.in", "flag = a is in number_sets[b]")                      \
  X(kListIn, "list.in", "flag = every value of a is in sets[b]")            \
  X(kListAny, "list.any", "flag = some value of a is in sets[b]")           \
  X(kPmatch, "pmatch", "flag = some path of prefix_trees[b] prefixes a")    \
  X(kModifier, "modifier", "flag = a <op> oneof|anyof|allof modifiers[b]")  \
  X(kFieldCmp, "field.cmp", "flag = a <flags> operand b (any Cmp)")         \
  X(kNot, "not", "flag = !flag")                                            \
  X(kJumpIfFalse, "jf", "if !flag: pc = b")                                 \
  X(kJumpIfTrue, "jt", "if flag: pc = b")                                   \
  X(kReturn, "ret", "return flag")

enum class Op : uint8_t {
#define FALCONET_OP_ENUM(name, mnemonic, effect) name,
  FALCONET_OPCODES(FALCONET_OP_ENUM)
#undef FALCONET_OP_ENUM
};

// The comparison in the flags byte of kStrCmp and kNumCmp (the first six
// only) and of kFieldCmp (any). For kListIn/kListAny, flags is 1 when the
// set holds numbers.
enum class Cmp : uint8_t {
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kContains,
  kIContains,
  kBContains,
  kStartsWith,
  kBStartsWith,
  kEndsWith,
  kGlob,
  kIGlob,
  kIn,
  kIntersects,
};

struct Instr {
  Op op;
  uint8_t flags;
  uint16_t a;
  uint32_t b;
};
static_assert(sizeof(Instr) == 8, "instructions are 64 bits");

}  // namespace falconet

#endif  // FALCONET_COMPILER_OPCODES_H_
