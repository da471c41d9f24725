// Image references: what a user expects each part to be, and which
// references are refused.
#include "scan/image_reference.h"

#include <string>

#include <catch2/catch.hpp>

namespace falconet {
namespace {

const std::string kDigest =
    "sha256:055936d3920576da37aa9bc460d70c5f212028bda1c08c0879aedf03d7a66ea1";

struct Case {
  std::string text;
  std::string registry;
  std::string repository;
  std::string tag;
  std::string digest;
};

TEST_CASE("image references split into registry, repository, tag, digest") {
  const Case cases[] = {
      // The App Runner incident's ECR image.
      {"845151661675.dkr.ecr.eu-west-1.amazonaws.com/payments-api:1.4.2",
       "845151661675.dkr.ecr.eu-west-1.amazonaws.com", "payments-api", "1.4.2",
       ""},
      // Docker Hub: the registry and the library/ prefix are implied, and
      // so is the tag Docker pulls.
      {"alpine", "docker.io", "library/alpine", "latest", ""},
      {"alpine:3.9", "docker.io", "library/alpine", "3.9", ""},
      {"bitnami/redis:7.0", "docker.io", "bitnami/redis", "7.0", ""},
      {"docker.io/alpine", "docker.io", "library/alpine", "latest", ""},
      {"index.docker.io/library/alpine:3", "docker.io", "library/alpine", "3",
       ""},
      // Registries with ports, localhost, IPv6, uppercase host names.
      {"host:5000/a/b:tag", "host:5000", "a/b", "tag", ""},
      {"localhost/app", "localhost", "app", "latest", ""},
      {"localhost:5000/app@" + kDigest, "localhost:5000", "app", "", kDigest},
      {"[::1]:5000/app:1", "[::1]:5000", "app", "1", ""},
      {"Registry.Example.com/app", "Registry.Example.com", "app", "latest", ""},
      {"public.ecr.aws/aws-containers/hello-app-runner:latest",
       "public.ecr.aws", "aws-containers/hello-app-runner", "latest", ""},
      {"ghcr.io/aquasecurity/trivy-test-images:alpine-39", "ghcr.io",
       "aquasecurity/trivy-test-images", "alpine-39", ""},
      // Digests, alone or with a tag.
      {"repo@" + kDigest, "docker.io", "library/repo", "", kDigest},
      {"registry.example.com/team/app:v1@" + kDigest, "registry.example.com",
       "team/app", "v1", kDigest},
      // Separators allowed inside path components and tags.
      {"a__b/c-d---e.f:T_ag.1-x", "docker.io", "a__b/c-d---e.f", "T_ag.1-x",
       ""},
      // Without a '/', "host:5000" is repository "host" with tag "5000", as
      // Docker reads it.
      {"host:5000", "docker.io", "library/host", "5000", ""},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    absl::StatusOr<ImageReference> ref = ParseImageReference(c.text);
    REQUIRE(ref.ok());
    CHECK(ref->ref == c.text);
    CHECK(ref->registry == c.registry);
    CHECK(ref->repository == c.repository);
    CHECK(ref->tag == c.tag);
    CHECK(ref->digest == c.digest);
  }
}

TEST_CASE("the canonical form spells out every implied part") {
  CHECK(ParseImageReference("alpine")->Canonical() ==
        "docker.io/library/alpine:latest");
  CHECK(ParseImageReference("repo@" + kDigest)->Canonical() ==
        "docker.io/library/repo@" + kDigest);
  CHECK(ParseImageReference("host:5000/a/b:tag")->Canonical() ==
        "host:5000/a/b:tag");
}

TEST_CASE("unparseable references are refused with the reason") {
  struct Bad {
    std::string text;
    std::string reason;
  };
  const Bad cases[] = {
      {"", "empty reference"},
      {"alp ine", "whitespace"},
      {"Alpine", "repository name must be lowercase"},
      {"example.com/Team/app", "repository name must be lowercase"},
      {"alpine:", "invalid tag \"\""},
      {"alpine:-x", "invalid tag \"-x\""},
      {"alpine:" + std::string(129, 'a'), "invalid tag"},
      {"alpine@sha256:abc", "invalid digest \"sha256:abc\""},
      {"alpine@sha256:" + std::string(64, 'A'), "invalid digest"},
      {"alpine@", "invalid digest"},
      {"host:abc/app", "invalid registry host \"host:abc\""},
      {"https://example.com/app", "invalid registry host \"https:\""},
      {"-bad.example.com/app", "invalid registry host"},
      {"a//b", "empty repository path component"},
      {"example.com/", "empty repository path component"},
      {"a/-b", "invalid repository name component \"-b\""},
      {"a/b_-c", "invalid repository name component \"b_-c\""},
      {":tag", "no repository name"},
      {std::string(256, 'a'), "longer than 255 characters"},
  };
  for (const Bad& c : cases) {
    INFO(c.text);
    absl::StatusOr<ImageReference> ref = ParseImageReference(c.text);
    REQUIRE_FALSE(ref.ok());
    CHECK(ref.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK_THAT(std::string(ref.status().message()), Catch::Contains(c.reason));
  }
}

TEST_CASE("the error names the reference as written") {
  absl::StatusOr<ImageReference> ref = ParseImageReference("Alpine");
  REQUIRE_FALSE(ref.ok());
  CHECK(ref.status().message() ==
        "invalid image reference \"Alpine\": repository name must be "
        "lowercase");
}

}  // namespace
}  // namespace falconet
