#include "compiler/glob.h"

#include <fnmatch.h>

namespace falconet {

bool GlobPattern::Matches(const char* subject) const {
  return fnmatch(pattern_.c_str(), subject, casefold_ ? FNM_CASEFOLD : 0) == 0;
}

}  // namespace falconet
