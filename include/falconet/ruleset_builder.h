// Builds a Ruleset from Falco rules files.
//
// Files are loaded in order, as Falco loads them: later files see, and may
// append to or override, what earlier ones defined, and loading stops at a
// file's first error (the file's LoadResult says which, with Falco's code,
// message, position and snippet). Warnings accumulate. Build() compiles the
// active rules into an immutable Ruleset.
//
// Not thread-safe: one builder is used by one thread; the Rulesets it
// builds are shared freely.
#ifndef FALCONET_RULESET_BUILDER_H_
#define FALCONET_RULESET_BUILDER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "falconet/ruleset.h"
#include "rules/load_result.h"

namespace falconet {

using rules::LoadResult;

class RulesetBuilder {
 public:
  RulesetBuilder();
  ~RulesetBuilder();
  RulesetBuilder(const RulesetBuilder&) = delete;
  RulesetBuilder& operator=(const RulesetBuilder&) = delete;

  // Loads a rules file from disk (LOAD_ERR_FILE_READ when unreadable).
  LoadResult AddFile(const std::string& path);
  // Loads rules from memory; `name` is used in diagnostics.
  LoadResult AddContent(std::string_view name, std::string_view content);

  // True when every file so far loaded without error.
  bool ok() const;

  // Falco checks required_plugin_versions after all files are loaded and
  // reports failures outside the load results: these are those messages
  // (empty when satisfied).
  std::vector<std::string> PluginRequirementErrors() const;

  // The rule set of everything loaded so far. Fails if a file failed to
  // load or the plugin requirements are not met.
  absl::StatusOr<std::shared_ptr<const Ruleset>> Build(
      const RuleSelection& selection = {});

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace falconet

#endif  // FALCONET_RULESET_BUILDER_H_
