// Extracts operand values for one event, each at most once.
//
// Checks and output tokens that read the same operand share one extraction.
// Values are views valid until NextEvent(). A cache serves one ProgramSet
// (operand indexes are per set) and one thread.
#ifndef FALCONET_VM_OPERAND_CACHE_H_
#define FALCONET_VM_OPERAND_CACHE_H_

#include <cstdint>
#include <vector>

#include "compiler/program_set.h"
#include "fields/event_view.h"
#include "fields/value.h"

namespace falconet {

class OperandCache {
 public:
  // Forgets every value; call before evaluating a new event.
  void NextEvent() { ++generation_; }

  // The values of operand `index` for `event` (empty when missing).
  const ValueList& Get(const ProgramSet& set, uint32_t index,
                       const EventView& event);

 private:
  void Compute(const ProgramSet& set, uint32_t index, const EventView& event,
               ValueList& out);
  static bool Transform(Transformer t, std::string_view in, StringArena& arena,
                        ValueList& out);
  void Concat(const ProgramSet& set, const Operand& op, const EventView& event,
              ValueList& out);
  void Join(const ProgramSet& set, const Operand& op, const EventView& event,
            ValueList& out);

  // Sized once, on first use, to the set's operand count, so references
  // into it stay valid while transformers fetch their arguments.
  std::vector<ValueList> values_;
  std::vector<uint64_t> generations_;
  uint64_t generation_ = 1;
};

}  // namespace falconet

#endif  // FALCONET_VM_OPERAND_CACHE_H_
