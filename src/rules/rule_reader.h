// Reads one rules file (YAML, possibly several documents) into a Collector,
// item by item, with the checks, texts and contexts of Falco's
// rule_loader::reader. Reading stops at the first error; warnings go to the
// ResultBuilder as they are found.
#ifndef FALCONET_RULES_RULE_READER_H_
#define FALCONET_RULES_RULE_READER_H_

#include <string>

#include "rules/load_context.h"
#include "rules/rule_collector.h"

namespace falconet::rules {

// Returns false when an error stopped the read; the error is in `out`.
bool ReadRulesContent(const std::string& name, const std::string& content,
                      Collector& collector, ResultBuilder& out);

}  // namespace falconet::rules

#endif  // FALCONET_RULES_RULE_READER_H_
