// Container image references ("nginx", "host:5000/team/app:1.2",
// "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:...") split into
// registry, repository, tag and digest.
//
// The grammar is Docker's (distribution "reference"): an optional registry
// host (with optional port) before the first '/', a lowercase repository
// path, an optional ":tag" and an optional "@algorithm:hex" digest. The
// first path component is a registry only if it contains '.' or ':', is
// "localhost", or has an uppercase letter; otherwise the whole name is a
// Docker Hub repository.
//
// Normalisation, chosen so that rules can compare one spelling per image:
// - no registry, or "index.docker.io", means registry "docker.io";
// - a one-component Docker Hub name gets the "library/" prefix
//   ("nginx" -> repository "library/nginx"), as Docker itself resolves it;
// - with neither tag nor digest, the tag is "latest", which is what Docker,
//   ECS, Lambda and App Runner pull; with a digest only, the tag stays empty.
// The reference as written is kept in `ref`, so a rule can still tell
// "nginx" from "docker.io/library/nginx:latest".
//
// Plain data and pure functions: safe to use from any thread.
#ifndef FALCONET_SCAN_IMAGE_REFERENCE_H_
#define FALCONET_SCAN_IMAGE_REFERENCE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace falconet {

struct ImageReference {
  std::string ref;         // the reference as written
  std::string registry;    // "docker.io", "host:5000", "1234.dkr.ecr..."
  std::string repository;  // "library/nginx", "team/app"
  std::string tag;         // "1.2", "latest"; empty with a digest only
  std::string digest;      // "sha256:<64 hex>", or empty

  // registry/repository[:tag][@digest]: one spelling per image, e.g.
  // "docker.io/library/nginx:latest" for "nginx".
  std::string Canonical() const;
};

// Parses `text`. Fails with InvalidArgument, naming the reference and what
// is wrong with it, when it does not follow the grammar above: empty,
// whitespace, uppercase in the repository, a bad tag, digest, host or port,
// a name over 255 characters.
absl::StatusOr<ImageReference> ParseImageReference(std::string_view text);

}  // namespace falconet

#endif  // FALCONET_SCAN_IMAGE_REFERENCE_H_
