# Shared by the C ABI's test scripts (sourced): the folders ctest passes
# in the environment, a scratch folder removed on exit, an install prefix,
# and a CloudTrail record written by hand.
set -euo pipefail
: "${FALCONET_SOURCE_DIR:?run through ctest}"
: "${FALCONET_BUILD_DIR:?run through ctest}"
skip() {
  echo "skipped: $*"
  exit 77
}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Installs the build into $scratch/prefix and points pkg-config, CMake and
# the dynamic loader at it.
install_prefix() {
  prefix=$scratch/prefix
  cmake --install "$FALCONET_BUILD_DIR" --prefix "$prefix" >/dev/null
  libdir=$(dirname "$(find "$prefix" -name 'libfalconet.so.*' | head -1)")
  export PKG_CONFIG_PATH=$libdir/pkgconfig
  export CMAKE_PREFIX_PATH=$prefix
  export LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  # Go caches cgo packages by their flags and environment, not by what
  # pkg-config printed: naming the prefix here keeps a cached build from
  # linking against an earlier (removed) prefix.
  export CGO_CFLAGS="-I$prefix/include" CGO_LDFLAGS="-L$libdir"
}

# An App Runner CreateService call from an image repository, by hand.
apprunner_record() {
  cat <<'JSON'
{"Records":[{"eventVersion":"1.08","userIdentity":{"type":"IAMUser",
"principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::123456789012:user/dana",
"accountId":"123456789012","userName":"dana"},
"eventTime":"2023-03-04T05:06:07Z","eventSource":"apprunner.amazonaws.com",
"eventName":"CreateService","awsRegion":"us-west-2",
"sourceIPAddress":"203.0.113.9","userAgent":"aws-cli/2",
"requestParameters":{"serviceName":"web","sourceConfiguration":{
"imageRepository":{"imageIdentifier":"public.ecr.aws/x/web:1",
"imageRepositoryType":"ECR_PUBLIC"}}},"responseElements":null,
"eventID":"11111111-2222-3333-4444-555555555555","eventType":"AwsApiCall",
"recipientAccountId":"123456789012"}]}
JSON
}
