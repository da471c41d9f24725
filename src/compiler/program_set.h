// Everything compiled for one event source: the path plan, the interned
// operands, the constant pool and one program per condition.
//
// Built by the compiler (single-threaded), then frozen: once a Ruleset owns
// it, it is only read, and any number of evaluators may share it.
#ifndef FALCONET_COMPILER_PROGRAM_SET_H_
#define FALCONET_COMPILER_PROGRAM_SET_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "compiler/opcodes.h"
#include "compiler/operand.h"
#include "fields/field_registry.h"
#include "fields/path_plan.h"

namespace re2 {
class RE2;
}

namespace falconet {

class PrefixTree;   // compiler/prefix_tree.h
class GlobPattern;  // compiler/glob.h

// `= oneof (a, b)` and friends: the operator, the modifier and the prepared
// right-hand values.
struct ModifierConstant {
  enum class Kind : uint8_t { kOneOf, kAnyOf, kAllOf };
  Kind kind;
  Cmp cmp;
  std::vector<std::string> values;                  // case-folded for icontains
  std::vector<std::unique_ptr<GlobPattern>> globs;  // glob/iglob
  std::vector<std::unique_ptr<re2::RE2>> regexes;   // regex
};

struct ConstantPool {
  ConstantPool();
  ~ConstantPool();
  ConstantPool(ConstantPool&&) noexcept;
  ConstantPool& operator=(ConstantPool&&) noexcept;

  std::vector<std::string> strings;  // icontains needles are lower-cased
  std::vector<uint64_t> numbers;
  std::vector<absl::flat_hash_set<std::string>> string_sets;
  std::vector<absl::flat_hash_set<uint64_t>> number_sets;
  std::vector<std::unique_ptr<GlobPattern>> globs;
  std::vector<std::unique_ptr<re2::RE2>> regexes;
  std::vector<std::unique_ptr<PrefixTree>> prefix_trees;
  std::vector<ModifierConstant> modifiers;
};

struct Program {
  std::vector<Instr> code;
};

class ProgramSet {
 public:
  explicit ProgramSet(const FieldRegistry& registry) : registry_(&registry) {}

  const FieldRegistry& registry() const { return *registry_; }

  // Returns the index of an operand with op.text, adding op if new.
  uint32_t InternOperand(Operand op);

  PathPlan plan;
  std::vector<Operand> operands;
  ConstantPool constants;
  std::vector<Program> programs;

 private:
  const FieldRegistry* registry_;
  absl::flat_hash_map<std::string, uint32_t> operand_index_;
};

}  // namespace falconet

#endif  // FALCONET_COMPILER_PROGRAM_SET_H_
