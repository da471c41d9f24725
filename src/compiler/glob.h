// Glob patterns for the `glob` and `iglob` operators.
//
// Falco matches globs with fnmatch(3), flags 0 (or FNM_CASEFOLD for iglob):
// `*` also matches `/`, a leading dot is not special, and the match covers
// the whole string. falconet calls the same fnmatch so that every corner of
// the syntax ([!a-z], backslash escapes, unterminated brackets) behaves the
// same; the pattern is prepared once as a NUL-terminated string. Immutable
// and thread-safe.
#ifndef FALCONET_COMPILER_GLOB_H_
#define FALCONET_COMPILER_GLOB_H_

#include <string>
#include <string_view>

namespace falconet {

class GlobPattern {
 public:
  GlobPattern(std::string_view pattern, bool casefold)
      : pattern_(pattern), casefold_(casefold) {}

  // `subject` must be NUL-terminated (fnmatch reads C strings); strings with
  // an embedded NUL are compared up to it, as Falco does.
  bool Matches(const char* subject) const;

  const std::string& pattern() const { return pattern_; }
  bool casefold() const { return casefold_; }

 private:
  std::string pattern_;
  bool casefold_;
};

}  // namespace falconet

#endif  // FALCONET_COMPILER_GLOB_H_
