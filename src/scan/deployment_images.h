// Which container images a CloudTrail record deploys.
//
// A table maps (eventSource, eventName) to the places in the record that
// name an image. Built in:
//   apprunner  CreateService, UpdateService
//              /requestParameters/sourceConfiguration/imageRepository/
//              imageIdentifier
//   ecs        RegisterTaskDefinition
//              /requestParameters/containerDefinitions/*/image
//   lambda     CreateFunction        /requestParameters/code/imageUri
//              UpdateFunctionCode    /requestParameters/imageUri
//   batch      RegisterJobDefinition
//              /requestParameters/containerProperties/image, and the
//              containers under nodeProperties, ecsProperties and
//              eksProperties
//   sagemaker  CreateModel  /requestParameters/primaryContainer/image,
//                           /requestParameters/containers/*/image
//   ecr        PutImage     built from several members, see below
// (each source is "<name>.amazonaws.com"). A host adds its own entries with
// DeploymentImages::Add.
//
// Event names: Lambda logs its calls with the API version appended
// ("CreateFunction20150331", "UpdateFunctionCode20150331v2"). A trailing
// 8-digit date, optionally followed by "v" and digits, is ignored on both
// the table's and the record's names, so "CreateFunction" matches all of
// them, for built-in and added entries alike.
//
// Pointers are JSON pointers (RFC 6901: "/a/b/0", "~1" for '/', "~0" for
// '~') with one extension: a segment "*" applied to an array means every
// element of it (applied to an object it is the member named "*", as RFC
// 6901 says). A pointer that leads nowhere, or to null, deploys nothing:
// a Lambda function from a .zip has no image URI.
//
// ECR PutImage names no image in one string; the reference is built as
//   <registry>.dkr.ecr.<awsRegion>.amazonaws.com/<repositoryName>
//   [:tag][@digest]
// with the registry from requestParameters.registryId, else the response's
// image.registryId, else recipientAccountId, else userIdentity.accountId;
// the tag from requestParameters.imageTag, else the response's
// image.imageId.imageTag; the digest from the response's
// image.imageId.imageDigest, else requestParameters.imageDigest. China
// regions (cn-*) use "amazonaws.com.cn".
//
// A record with an errorCode was refused and deploys nothing.
//
// Extraction parses the record with nlohmann/json: it runs only for records
// that Covers() accepts, so it is not on the hot path. A DeploymentImages is
// built and filled once, then only read: const methods are safe to call
// from several threads at once.
#ifndef FALCONET_SCAN_DEPLOYMENT_IMAGES_H_
#define FALCONET_SCAN_DEPLOYMENT_IMAGES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "scan/image_reference.h"

namespace falconet {

// One place where records of one kind name an image.
struct ImageLocation {
  std::string event_source;  // "ecs.amazonaws.com"
  std::string event_name;    // "RegisterTaskDefinition"
  std::string pointer;  // "/requestParameters/containerDefinitions/*/image"
};

// One image a record deploys.
struct DeployedImage {
  std::string text;     // the reference as the record gives it
  std::string pointer;  // where it was found, indices filled in
  // The parsed reference, or why `text` is not one (then the host should
  // report it and skip the image).
  absl::StatusOr<ImageReference> reference;
};

class DeploymentImages {
 public:
  // A table holding the built-in entries listed above.
  DeploymentImages();

  // Adds an entry. Fails with InvalidArgument when the source or name is
  // empty or the pointer is not a JSON pointer (it must start with '/',
  // and '~' must be followed by '0' or '1').
  absl::Status Add(const ImageLocation& location);

  // Whether records with this eventSource and eventName can deploy an image,
  // so that Extract() is worth calling. Cheap; allocates nothing.
  bool Covers(std::string_view event_source, std::string_view event_name) const;

  // The distinct images that `record` (one CloudTrail record, raw JSON)
  // deploys, in the order the table and the record list them. Empty when
  // the record is not covered or was refused. Fails with InvalidArgument
  // only when the record is not a JSON object.
  absl::StatusOr<std::vector<DeployedImage>> Extract(
      std::string_view record) const;

 private:
  struct Entry {
    std::string event_source;
    std::vector<std::string> tokens;  // the unescaped pointer segments
    bool ecr_put_image = false;       // built from several members instead
  };

  void AddBuiltIn(std::string_view source, std::string_view name,
                  std::string_view pointer);

  // Entries by event name with any API-version suffix removed.
  absl::flat_hash_map<std::string, std::vector<Entry>> entries_;
};

}  // namespace falconet

#endif  // FALCONET_SCAN_DEPLOYMENT_IMAGES_H_
