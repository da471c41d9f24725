// Loads Falco rules files exactly as Falco 0.44.1 (engine 0.62.0) does, with
// the cloudtrail (0.17.1) and json (0.7.4) plugins counted as loaded.
//
// Files are added one after the other into one set of definitions: later
// files see, redefine, append to and override the items of earlier ones,
// and after each file everything is compiled again. Each file gets a
// LoadResult with Falco's diagnostics; a file stops at its first error.
// The plugin requirements of all files are checked separately, after
// loading, as Falco does.
//
//   RulesLoader loader;
//   LoadResult result = loader.AddFile("rules.yaml");
//   if (!result.successful) ... print result.Verbose() ...
//   if (!loader.PluginRequirementErrors().empty()) ...
//   std::unique_ptr<CompiledRules> rules = loader.TakeCompiled();
//
// Not thread-safe: one thread at a time per loader. Loaders share nothing.
#ifndef FALCONET_RULES_RULES_LOADER_H_
#define FALCONET_RULES_RULES_LOADER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "rules/compiled_rules.h"
#include "rules/load_context.h"
#include "rules/load_result.h"
#include "rules/rule_collector.h"

namespace falconet::rules {

class RulesLoader {
 public:
  RulesLoader();
  ~RulesLoader();
  RulesLoader(const RulesLoader&) = delete;
  RulesLoader& operator=(const RulesLoader&) = delete;

  // Reads one rules file's text, called `name` in diagnostics, on top of
  // what was loaded before, then compiles everything loaded so far. The
  // definitions read before an error stay loaded (as in Falco, where a
  // failed file is fatal anyway).
  LoadResult AddContent(std::string_view name, std::string_view content);

  // Reads the file at `path` and adds it; an unreadable file gives a
  // LOAD_ERR_FILE_READ result and changes nothing.
  LoadResult AddFile(const std::string& path);

  // The required_plugin_versions of every file loaded, checked against the
  // built-in plugins. Falco stops at the first unsatisfied requirement, so
  // this holds at most one message, e.g. "Plugin 'cloudtrail' version
  // '0.17.1' is not compatible with required plugin version '99.0.0'".
  std::vector<std::string> PluginRequirementErrors() const;

  // The rules as compiled after the last file added; nullptr when that file
  // failed (or none was added). TakeCompiled() hands them over.
  const CompiledRules* compiled() const { return compiled_.get(); }
  std::unique_ptr<CompiledRules> TakeCompiled() { return std::move(compiled_); }

 private:
  ContentMap contents_;
  Collector collector_;
  std::unique_ptr<CompiledRules> compiled_;
};

}  // namespace falconet::rules

#endif  // FALCONET_RULES_RULES_LOADER_H_
