#!/usr/bin/env bash
# The App Runner scenario: `falconet run --json`, the C example, the
# Python example and the Go example, on examples/rules/apprunner.yaml and
# ../shared/data/cloudtrail/apprunner_incident.json, print the same alert,
# and that alert holds the values of the incident's CreateService record.
# Then the same with rules/image_scan.yaml and a Trivy report answering
# every image scan: all four print the App Runner alert and the image_scan
# alert, which counts the report's critical vulnerabilities.
source "$(dirname "$0")/capi_test_lib.sh"
data=${FALCONET_SHARED_DIR:-}/data/cloudtrail/apprunner_incident.json
[ -f "$data" ] || skip "../shared is absent ($data)"
rules=$FALCONET_SOURCE_DIR/examples/rules/apprunner.yaml
out=$scratch/out
mkdir -p "$out"

"$FALCONET_BUILD_DIR/falconet" run --json -r "$rules" "$data" \
  >"$out/cli" 2>/dev/null
"$FALCONET_BUILD_DIR/falconet-alerts" "$rules" "$data" >"$out/c" 2>/dev/null
python3 "$FALCONET_SOURCE_DIR/examples/python/alerts.py" "$rules" "$data" \
  >"$out/python" 2>/dev/null
if command -v go >/dev/null; then
  install_prefix
  (cd "$FALCONET_SOURCE_DIR/examples/go" &&
    GOFLAGS=-mod=mod GOPROXY=off go run . "$rules" "$data") \
    >"$out/go" 2>/dev/null
else
  echo "go not found: the Go example is not compared"
fi

# What the alert must say, read from the incident's records by hand.
expected=$(python3 - "$data" <<'PY'
import json, sys
records = json.load(open(sys.argv[1]))["Records"]
r = next(r for r in records if r["eventSource"] == "apprunner.amazonaws.com"
         and r["eventName"] == "CreateService" and "errorCode" not in r)
p = r["requestParameters"]
print("requesting user=%s, requesting IP=%s, AWS region=%s, service name=%s,"
      " image identifier=%s" % (r["userIdentity"]["userName"],
      r["sourceIPAddress"], r["awsRegion"], p["serviceName"],
      p["sourceConfiguration"]["imageRepository"]["imageIdentifier"]))
PY
)

status=0
for f in "$out"/*; do
  name=$(basename "$f")
  if [ "$(wc -l <"$f")" != 1 ] || ! grep -qF "$expected" "$f" ||
    ! grep -qF '"rule":"Create App Runner Service from Image Repository"' "$f"; then
    echo "$name: not the expected alert:"
    cat "$f"
    status=1
  elif ! cmp -s "$f" "$out/cli"; then
    echo "$name differs from falconet run --json:"
    diff "$out/cli" "$f" || true
    status=1
  else
    echo "$name: same alert as falconet run --json"
  fi
done

# The image-scan flow: the CLI's --scan-command against each example's
# scan hook, with the same report.
report=$FALCONET_SHARED_DIR/data/scans/trivy_trivy_alpine-39.json
scan_rules=$FALCONET_SOURCE_DIR/rules/image_scan.yaml
scan=$scratch/scan
mkdir -p "$scan"
"$FALCONET_BUILD_DIR/falconet" run --json -r "$rules" -r "$scan_rules" \
  --scan-command "cat $report #{image}" "$data" >"$scan/cli" 2>/dev/null
"$FALCONET_BUILD_DIR/falconet-alerts" -r "$scan_rules" "$rules" "$data" \
  "$report" >"$scan/c" 2>/dev/null
python3 "$FALCONET_SOURCE_DIR/examples/python/alerts.py" -r "$scan_rules" \
  "$rules" "$data" "$report" >"$scan/python" 2>/dev/null
if command -v go >/dev/null; then
  (cd "$FALCONET_SOURCE_DIR/examples/go" &&
    GOFLAGS=-mod=mod GOPROXY=off go run . -r "$scan_rules" "$rules" "$data" \
      "$report") >"$scan/go" 2>/dev/null
fi

# The report's critical vulnerabilities, counted by hand from the report.
critical=$(python3 - "$report" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(sum(v.get("Severity") == "CRITICAL" for res in r.get("Results", [])
          for v in res.get("Vulnerabilities") or []))
PY
)
user=$(python3 - "$data" <<'PY'
import json, sys
records = json.load(open(sys.argv[1]))["Records"]
r = next(r for r in records if r["eventName"] == "CreateService"
         and "errorCode" not in r)
print(r["userIdentity"]["userName"])
PY
)
for f in "$scan"/*; do
  name=$(basename "$f")
  if [ "$(wc -l <"$f")" != 2 ] || ! sed -n 1p "$f" | grep -qF "$expected" ||
    ! sed -n 2p "$f" | grep -qF "critical=$critical " ||
    ! sed -n 2p "$f" | grep -qF "deployed by=$user "; then
    echo "$name (scan): not the expected two alerts:"
    cat "$f"
    status=1
  elif ! cmp -s "$f" "$scan/cli"; then
    echo "$name (scan) differs from falconet run --json --scan-command:"
    diff "$scan/cli" "$f" || true
    status=1
  else
    echo "$name (scan): same alerts as falconet run --json --scan-command"
  fi
done
exit $status
