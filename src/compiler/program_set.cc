#include "compiler/program_set.h"

#include <re2/re2.h>

#include "compiler/glob.h"
#include "compiler/prefix_tree.h"

namespace falconet {

// Out of line so that the owners of GlobPattern, RE2 and PrefixTree
// pointers see the complete types.
ConstantPool::ConstantPool() = default;
ConstantPool::~ConstantPool() = default;
ConstantPool::ConstantPool(ConstantPool&&) noexcept = default;
ConstantPool& ConstantPool::operator=(ConstantPool&&) noexcept = default;

uint32_t ProgramSet::InternOperand(Operand op) {
  auto it = operand_index_.find(op.text);
  if (it != operand_index_.end()) {
    // The same text may be read hot by a condition after an output read it
    // cold: the paths were already made hot by Resolve.
    return it->second;
  }
  uint32_t index = static_cast<uint32_t>(operands.size());
  operand_index_.emplace(op.text, index);
  operands.push_back(std::move(op));
  return index;
}

}  // namespace falconet
