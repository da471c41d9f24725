// Which fields the active rules of a Ruleset read, in their conditions,
// their outputs or the extra output fields: the command line needs to know
// whether anything reads evt.num before it evaluates files out of order.
//
// Reads the compiled programs (engine internals), so the answer covers
// macros and lists as expanded. Thread-safe: the Ruleset is immutable.
#ifndef FALCONET_TOOLS_RULESET_FIELDS_H_
#define FALCONET_TOOLS_RULESET_FIELDS_H_

#include <string_view>

#include "falconet/ruleset.h"

namespace falconet::cli {

// True when an active rule (or the extra output fields) reads `field`,
// e.g. "evt.num", alone or inside a transformer.
bool ActiveRulesRead(const Ruleset& ruleset, std::string_view field);

}  // namespace falconet::cli

#endif  // FALCONET_TOOLS_RULESET_FIELDS_H_
