#include "scan/deployment_images.h"

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace falconet {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kEcrSource = "ecr.amazonaws.com";

// Debian's abseil has its own string_view, distinct from std::string_view.
absl::string_view Absl(std::string_view s) { return {s.data(), s.size()}; }

size_t TrailingDigits(std::string_view s) {
  size_t n = 0;
  while (n < s.size() && absl::ascii_isdigit(s[s.size() - 1 - n])) ++n;
  return n;
}

// "CreateFunction20150331" and "UpdateFunctionCode20150331v2" without
// their API-version suffix; other names unchanged.
std::string_view StripApiVersion(std::string_view name) {
  std::string_view rest = name;
  size_t v_digits = TrailingDigits(rest);
  if (v_digits > 0 && v_digits < rest.size() &&
      rest[rest.size() - v_digits - 1] == 'v') {
    rest.remove_suffix(v_digits + 1);
  }
  if (TrailingDigits(rest) != 8 || rest.size() == 8) return name;
  rest.remove_suffix(8);
  return rest;
}

absl::StatusOr<std::vector<std::string>> ParsePointer(std::string_view p) {
  if (!absl::StartsWith(Absl(p), "/")) {
    return absl::InvalidArgumentError(
        absl::StrCat("JSON pointer \"", Absl(p), "\" must start with '/'"));
  }
  std::vector<std::string> tokens;
  size_t start = 1;
  while (true) {
    size_t slash = p.find('/', start);
    std::string_view raw = p.substr(start, slash - start);
    for (size_t i = raw.find('~'); i != raw.npos; i = raw.find('~', i + 1)) {
      if (i + 1 == raw.size() || (raw[i + 1] != '0' && raw[i + 1] != '1')) {
        return absl::InvalidArgumentError(absl::StrCat(
            "JSON pointer \"", Absl(p), "\": '~' must be followed by 0 or 1"));
      }
    }
    tokens.push_back(
        absl::StrReplaceAll(Absl(raw), {{"~1", "/"}, {"~0", "~"}}));
    if (slash == std::string_view::npos) return tokens;
    start = slash + 1;
  }
}

std::string EscapeToken(std::string_view token) {
  return absl::StrReplaceAll(Absl(token), {{"~", "~0"}, {"/", "~1"}});
}

// An RFC 6901 array index: digits without a leading zero.
bool ParseIndex(std::string_view token, size_t& out) {
  if (token.empty() || token.size() > 9 ||
      TrailingDigits(token) != token.size() ||
      (token.size() > 1 && token[0] == '0')) {
    return false;
  }
  out = 0;
  for (char c : token) out = out * 10 + static_cast<size_t>(c - '0');
  return true;
}

struct Found {
  const Json* value;
  std::string pointer;
};

// Follows `tokens` from `node`, branching at "*" on arrays.
void Walk(const Json& node, const std::vector<std::string>& tokens, size_t i,
          std::string& pointer, std::vector<Found>& out) {
  if (i == tokens.size()) {
    if (!node.is_null()) out.push_back({&node, pointer});
    return;
  }
  const std::string& token = tokens[i];
  size_t len = pointer.size();
  size_t index;
  if (node.is_array() && token == "*") {
    for (size_t k = 0; k < node.size(); ++k) {
      absl::StrAppend(&pointer, "/", k);
      Walk(node[k], tokens, i + 1, pointer, out);
      pointer.resize(len);
    }
  } else if (node.is_array() && ParseIndex(token, index) &&
             index < node.size()) {
    absl::StrAppend(&pointer, "/", index);
    Walk(node[index], tokens, i + 1, pointer, out);
  } else if (node.is_object()) {
    auto it = node.find(token);
    if (it == node.end()) return;
    absl::StrAppend(&pointer, "/", EscapeToken(token));
    Walk(*it, tokens, i + 1, pointer, out);
  }
  pointer.resize(len);
}

// The string at `path` from `root`, or "" when absent or not a string.
std::string StringAt(const Json& root,
                     std::initializer_list<const char*> path) {
  const Json* node = &root;
  for (const char* key : path) {
    if (!node->is_object()) return "";
    auto it = node->find(key);
    if (it == node->end()) return "";
    node = &*it;
  }
  return node->is_string() ? node->get<std::string>() : "";
}

bool WasRefused(const Json& record) {
  auto it = record.find("errorCode");
  if (it == record.end() || it->is_null()) return false;
  return !(it->is_string() && it->get_ref<const std::string&>().empty());
}

DeployedImage Failed(std::string text, std::string pointer,
                     std::string_view why) {
  return {std::move(text), std::move(pointer),
          absl::InvalidArgumentError(Absl(why))};
}

// ECR PutImage: see the header for where each part comes from.
DeployedImage EcrPushedImage(const Json& record) {
  const char* kRequest = "requestParameters";
  const char* kResponse = "responseElements";
  std::string repository = StringAt(record, {kRequest, "repositoryName"});
  std::string registry = StringAt(record, {kRequest, "registryId"});
  if (registry.empty()) {
    registry = StringAt(record, {kResponse, "image", "registryId"});
  }
  if (registry.empty()) registry = StringAt(record, {"recipientAccountId"});
  if (registry.empty()) {
    registry = StringAt(record, {"userIdentity", "accountId"});
  }
  std::string region = StringAt(record, {"awsRegion"});
  std::string tag = StringAt(record, {kRequest, "imageTag"});
  if (tag.empty()) {
    tag = StringAt(record, {kResponse, "image", "imageId", "imageTag"});
  }
  std::string digest =
      StringAt(record, {kResponse, "image", "imageId", "imageDigest"});
  if (digest.empty()) digest = StringAt(record, {kRequest, "imageDigest"});

  std::string pointer = "/requestParameters/repositoryName";
  if (repository.empty() || registry.empty() || region.empty()) {
    return Failed("", pointer,
                  "ECR PutImage record lacks the repository name, the "
                  "registry id or the region");
  }
  std::string_view domain =
      absl::StartsWith(region, "cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  std::string text = absl::StrCat(registry, ".dkr.ecr.", region, ".",
                                  Absl(domain), "/", repository);
  if (!tag.empty()) absl::StrAppend(&text, ":", tag);
  if (!digest.empty()) absl::StrAppend(&text, "@", digest);
  absl::StatusOr<ImageReference> reference = ParseImageReference(text);
  return {std::move(text), std::move(pointer), std::move(reference)};
}

DeployedImage ImageAt(const Found& found) {
  if (!found.value->is_string()) {
    return Failed(
        found.value->dump(), found.pointer,
        absl::StrCat("expected an image reference string at ", found.pointer,
                     ", found ", found.value->type_name()));
  }
  std::string text = found.value->get<std::string>();
  absl::StatusOr<ImageReference> reference = ParseImageReference(text);
  return {std::move(text), found.pointer, std::move(reference)};
}

void AddDistinct(DeployedImage image, std::vector<DeployedImage>& out) {
  for (const DeployedImage& have : out) {
    if (have.text == image.text) return;
  }
  out.push_back(std::move(image));
}

}  // namespace

DeploymentImages::DeploymentImages() {
  const char* kAppRunner = "apprunner.amazonaws.com";
  const char* kAppRunnerImage =
      "/requestParameters/sourceConfiguration/imageRepository/"
      "imageIdentifier";
  AddBuiltIn(kAppRunner, "CreateService", kAppRunnerImage);
  AddBuiltIn(kAppRunner, "UpdateService", kAppRunnerImage);

  AddBuiltIn("ecs.amazonaws.com", "RegisterTaskDefinition",
             "/requestParameters/containerDefinitions/*/image");

  const char* kLambda = "lambda.amazonaws.com";
  AddBuiltIn(kLambda, "CreateFunction", "/requestParameters/code/imageUri");
  AddBuiltIn(kLambda, "UpdateFunctionCode", "/requestParameters/imageUri");

  const char* kBatch = "batch.amazonaws.com";
  const char* kJob = "RegisterJobDefinition";
  AddBuiltIn(kBatch, kJob, "/requestParameters/containerProperties/image");
  AddBuiltIn(kBatch, kJob,
             "/requestParameters/nodeProperties/nodeRangeProperties/*/"
             "container/image");
  AddBuiltIn(kBatch, kJob,
             "/requestParameters/nodeProperties/nodeRangeProperties/*/"
             "ecsProperties/taskProperties/*/containers/*/image");
  AddBuiltIn(kBatch, kJob,
             "/requestParameters/ecsProperties/taskProperties/*/"
             "containers/*/image");
  AddBuiltIn(kBatch, kJob,
             "/requestParameters/eksProperties/podProperties/containers/*/"
             "image");
  AddBuiltIn(kBatch, kJob,
             "/requestParameters/eksProperties/podProperties/"
             "initContainers/*/image");

  const char* kSageMaker = "sagemaker.amazonaws.com";
  AddBuiltIn(kSageMaker, "CreateModel",
             "/requestParameters/primaryContainer/image");
  AddBuiltIn(kSageMaker, "CreateModel",
             "/requestParameters/containers/*/image");

  Entry ecr;
  ecr.event_source = std::string(kEcrSource);
  ecr.ecr_put_image = true;
  entries_["PutImage"].push_back(std::move(ecr));
}

void DeploymentImages::AddBuiltIn(std::string_view source,
                                  std::string_view name,
                                  std::string_view pointer) {
  absl::Status status =
      Add({std::string(source), std::string(name), std::string(pointer)});
  (void)status;  // the built-in pointers above are valid
}

absl::Status DeploymentImages::Add(const ImageLocation& location) {
  if (location.event_source.empty() || location.event_name.empty()) {
    return absl::InvalidArgumentError(
        "an image location needs an event source and an event name");
  }
  absl::StatusOr<std::vector<std::string>> tokens =
      ParsePointer(location.pointer);
  if (!tokens.ok()) return tokens.status();

  Entry entry;
  entry.event_source = location.event_source;
  entry.tokens = *std::move(tokens);
  entries_[std::string(StripApiVersion(location.event_name))].push_back(
      std::move(entry));
  return absl::OkStatus();
}

bool DeploymentImages::Covers(std::string_view event_source,
                              std::string_view event_name) const {
  auto it = entries_.find(Absl(StripApiVersion(event_name)));
  if (it == entries_.end()) return false;
  for (const Entry& entry : it->second) {
    if (entry.event_source == event_source) return true;
  }
  return false;
}

absl::StatusOr<std::vector<DeployedImage>> DeploymentImages::Extract(
    std::string_view record) const {
  Json root = Json::parse(record.begin(), record.end(), nullptr,
                          /*allow_exceptions=*/false);
  if (!root.is_object()) {
    return absl::InvalidArgumentError(root.is_discarded()
                                          ? "the record is not valid JSON"
                                          : "the record is not a JSON object");
  }

  std::vector<DeployedImage> out;
  std::string source = StringAt(root, {"eventSource"});
  std::string name = StringAt(root, {"eventName"});
  auto it = entries_.find(Absl(StripApiVersion(name)));
  if (it == entries_.end() || WasRefused(root)) return out;

  for (const Entry& entry : it->second) {
    if (entry.event_source != source) continue;
    if (entry.ecr_put_image) {
      AddDistinct(EcrPushedImage(root), out);
      continue;
    }
    std::vector<Found> found;
    std::string pointer;
    Walk(root, entry.tokens, 0, pointer, found);
    for (const Found& f : found) AddDistinct(ImageAt(f), out);
  }
  return out;
}

}  // namespace falconet
