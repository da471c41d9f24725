// Falco's textual list expansion.
//
// Before a condition is parsed, every occurrence of a list name that is
// delimited by the start or end of the text or by one of ` \t\n\r(),=`
// is replaced by the list's items joined with ", ". Items with a space that
// do not start with a quote are wrapped in double quotes; all other items
// go in raw, exactly as Falco does (so an item such as `a,b` corrupts the
// condition, and names inside quoted strings are replaced too). Pure
// functions: safe from any thread.
#ifndef FALCONET_RULES_LIST_EXPANDER_H_
#define FALCONET_RULES_LIST_EXPANDER_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace falconet::rules {

// Replaces the occurrences of one list in `condition`; returns whether the
// list was used.
bool ExpandList(std::string& condition, std::string_view name,
                const std::vector<std::string>& items);

// Expands every list, in the map's order.
std::string ExpandLists(
    std::string_view condition,
    const std::map<std::string, std::vector<std::string>>& lists);

}  // namespace falconet::rules

#endif  // FALCONET_RULES_LIST_EXPANDER_H_
