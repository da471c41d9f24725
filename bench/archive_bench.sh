#!/usr/bin/env bash
# Records per second of `falconet run` over a CloudTrail archive in the S3
# layout, with -j 1 and -j 2, next to jq selecting the records of one of
# the default rules (CloudTrail Logging Stopped) from the same files; and
# the peak memory of `falconet run -j 2` over the archive and over a
# quarter of it, to show that memory does not grow with the archive.
#
#   bench/archive_bench.sh [SIZE_MB] [WORK_DIR]
#
# SIZE_MB is the archive's size as JSON before compression (default 1024:
# a 1 GB archive, about 180 MB of .json.gz); WORK_DIR (default
# /tmp/falconet-archive-bench) keeps the generated archives between runs.
# FALCONET names the binary (default build/falconet). Needs python3, jq,
# gzip and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1024}
work=${2:-/tmp/falconet-archive-bench}
falconet=${FALCONET:-build/falconet}
quarter=$(python3 -c "print(f'{$size / 4:g}')")

for tool in python3 jq gzip /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
[ -x "$falconet" ] || { echo "no $falconet: build it first" >&2; exit 2; }

# make SIZE: the archive of SIZE MB, generated once.
make() {
  local dir="$work/archive-$1"
  if [ ! -f "$dir/.done" ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    python3 bench/make_archive.py --out "$dir" --size-mb "$1" >"$dir.json"
    touch "$dir/.done"
  fi
  echo "$dir"
}

now() { date +%s.%N; }
rate() { python3 -c "print(f'{$1 / ($3 - $2):,.0f}')"; }

big=$(make "$size")
small=$(make "$quarter")
records=$(python3 -c "import json; print(json.load(open('$big.json'))['records'])")
echo "archive: $big: $(cat "$big.json")"

# Page cache warm for every tool alike.
cat $(find "$big" -name '*.json.gz') >/dev/null

declare -A seconds
for jobs in 1 2; do
  t0=$(now)
  "$falconet" run -j "$jobs" --no-progress --stats-json "$work/stats-j$jobs.json" \
    "$big" >/dev/null 2>"$work/summary-j$jobs.txt"
  t1=$(now)
  seconds[$jobs]=$(python3 -c "print($t1 - $t0)")
  echo "falconet run -j $jobs (default rules): ${seconds[$jobs]} s," \
       "$(rate "$records" "$t0" "$t1") records/s"
done

# jq: the records of "CloudTrail Logging Stopped" (ct.src, ct.name, no
# ct.error), from the same files (digests excluded, as falconet does).
filter='.Records[] | select(.eventSource == "cloudtrail.amazonaws.com"
  and .eventName == "StopLogging" and .errorCode == null) | .eventID'
t0=$(now)
jq_matches=$(find "$big" -name '*.json.gz' ! -name '*CloudTrail-Digest*' \
  -print0 | sort -z | xargs -0 gzip -dc | jq -c "$filter" | wc -l)
t1=$(now)
jq_seconds=$(python3 -c "print($t1 - $t0)")
echo "jq (one rule): $jq_seconds s, $(rate "$records" "$t0" "$t1") records/s"

falconet_matches=$(python3 -c "import json; print(json.load(open('$work/stats-j1.json'))['alerts'].get('CloudTrail Logging Stopped', 0))")
echo "matches: jq $jq_matches, falconet $falconet_matches (CloudTrail Logging Stopped)"
python3 -c "
j1, j2, jq = ${seconds[1]}, ${seconds[2]}, $jq_seconds
print(f'-j 2 / -j 1: {j1 / j2:.2f}x (target 1.7x)')
print(f'falconet -j 1 / jq: {jq / j1:.1f}x, -j 2 / jq: {jq / j2:.1f}x (target 10x)')"

for dir in "$small" "$big"; do
  rss=$(/usr/bin/time -v "$falconet" run -j 2 --no-progress "$dir" 2>&1 \
    >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}')
  echo "peak memory, -j 2, $(basename "$dir") MB: $((rss / 1024)) MB"
done
[ "$jq_matches" = "$falconet_matches" ] || { echo "match counts differ" >&2; exit 1; }
