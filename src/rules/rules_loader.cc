#include "rules/rules_loader.h"

#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "rules/rule_compiler.h"
#include "rules/rule_reader.h"
#include "rules/semver.h"

namespace falconet::rules {
namespace {

struct BuiltinPlugin {
  std::string_view name;
  std::string_view version;
};

// The plugins whose fields falconet implements, at those versions.
constexpr std::array<BuiltinPlugin, 2> kBuiltinPlugins = {{
    {"cloudtrail", "0.17.1"},
    {"json", "0.7.4"},
}};

// The first alternative naming a built-in plugin decides. Returns "" when
// satisfied.
std::string CheckAlternatives(const RequirementAlternatives& alternatives) {
  for (const PluginRequirement& req : alternatives) {
    for (const BuiltinPlugin& plugin : kBuiltinPlugins) {
      if (req.name != plugin.name) continue;
      std::optional<SemVer> required = SemVer::Parse(req.version);
      std::optional<SemVer> loaded = SemVer::Parse(plugin.version);
      if (required && loaded && loaded->CompatibleWith(*required)) return "";
      return "Plugin '" + req.name + "' version '" +
             std::string(plugin.version) +
             "' is not compatible with required plugin version '" +
             req.version + "'";
    }
  }
  std::string names;
  for (const PluginRequirement& req : alternatives) {
    if (!names.empty()) names += ", ";
    names += req.name + " (>= " + req.version + ")";
  }
  return "Plugin requirement not satisfied, must load one of: " + names;
}

}  // namespace

RulesLoader::RulesLoader() = default;
RulesLoader::~RulesLoader() = default;

LoadResult RulesLoader::AddContent(std::string_view name,
                                   std::string_view content) {
  std::string file(name);
  contents_[file] = std::string(content);

  LoadResult result;
  result.name = file;
  ResultBuilder out(result, contents_);
  if (!ReadRulesContent(file, contents_[file], collector_, out)) {
    compiled_ = nullptr;
    return result;
  }
  compiled_ = CompileCollected(collector_, out);
  return result;
}

LoadResult RulesLoader::AddFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ignored;
  if (!in.is_open() || std::filesystem::is_directory(path, ignored)) {
    LoadResult result;
    result.name = path;
    ResultBuilder out(result, contents_);
    out.Fail(LoadError{ErrorCode::kFileRead,
                       "Could not open " + path + " for reading",
                       Context(path)});
    return result;
  }
  std::string content{std::istreambuf_iterator<char>(in),
                      std::istreambuf_iterator<char>()};
  return AddContent(path, content);
}

std::vector<std::string> RulesLoader::PluginRequirementErrors() const {
  for (const RequirementAlternatives& alternatives :
       collector_.required_plugin_versions()) {
    std::string error = CheckAlternatives(alternatives);
    if (!error.empty()) return {error};
  }
  return {};
}

}  // namespace falconet::rules
