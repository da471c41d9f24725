// Runs compiled programs over one event.
//
// The dispatch loop is the only long function in the engine; each case is a
// few lines and the slow paths (globs, regexes, modifiers, field-to-field
// comparisons) are named helpers. Stateless: any thread may call Run with
// its own OperandCache.
#ifndef FALCONET_VM_MACHINE_H_
#define FALCONET_VM_MACHINE_H_

#include "compiler/program_set.h"
#include "fields/event_view.h"
#include "vm/operand_cache.h"

namespace falconet {

// True when the program's condition holds for `event`.
bool RunProgram(const ProgramSet& set, const Program& program,
                OperandCache& cache, const EventView& event);

}  // namespace falconet

#endif  // FALCONET_VM_MACHINE_H_
