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
exec 3>&1  # timed() reports here, whatever its command's redirections

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

# timed NAME COMMAND...: runs COMMAND, prints wall and CPU (user + system,
# children included) seconds and records per second of each; sets $wall.
timed() {
  local name=$1
  shift
  /usr/bin/time -f "%e %U %S" -o "$work/time.txt" "$@"
  read -r wall user sys <"$work/time.txt"
  cpu=$(python3 -c "print(round($user + $sys, 2))")
  python3 >&3 -c "print(f'$name: {$wall:.2f} s wall, {$records / $wall:,.0f} records/s;' \\
    f' {$cpu:.2f} s CPU, {$records / max($cpu, 0.01):,.0f} records per CPU-second')"
}

big=$(make "$size")
small=$(make "$quarter")
records=$(python3 -c "import json; print(json.load(open('$big.json'))['records'])")
echo "archive: $big: $(cat "$big.json")"

# Page cache warm for every tool alike.
cat $(find "$big" -name '*.json.gz') >/dev/null

declare -A wall_of cpu_of
for jobs in 1 2; do
  timed "falconet run -j $jobs (default rules)" \
    "$falconet" run -j "$jobs" --no-progress \
    --stats-json "$work/stats-j$jobs.json" "$big" >/dev/null \
    2>"$work/summary-j$jobs.txt"
  wall_of[$jobs]=$wall
  cpu_of[$jobs]=$cpu
done

# jq: the records of "CloudTrail Logging Stopped" (ct.src, ct.name, no
# ct.error), from the same files (digests excluded, as falconet does).
filter='.Records[] | select(.eventSource == "cloudtrail.amazonaws.com"
  and .eventName == "StopLogging" and .errorCode == null) | .eventID'
export big filter
timed "gzip -dc | jq (one rule)" bash -c \
  'find "$big" -name "*.json.gz" ! -name "*CloudTrail-Digest*" -print0 |
   sort -z | xargs -0 gzip -dc | jq -c "$filter" >"$0/jq.txt"' "$work"
jq_matches=$(wc -l <"$work/jq.txt")

falconet_matches=$(python3 -c "import json; print(json.load(open('$work/stats-j1.json'))['alerts'].get('CloudTrail Logging Stopped', 0))")
echo "matches: jq $jq_matches, falconet $falconet_matches (CloudTrail Logging Stopped)"
python3 -c "
w1, w2, wj = ${wall_of[1]}, ${wall_of[2]}, $wall
c1, c2, cj = ${cpu_of[1]}, ${cpu_of[2]}, $cpu
print(f'wall: -j 2 / -j 1 {w1 / w2:.2f}x (target 1.7x); jq / falconet'
      f' -j 1 {wj / w1:.1f}x, -j 2 {wj / w2:.1f}x (target 10x)')
print(f'CPU: -j 2 costs {c2 / c1:.2f}x the CPU of -j 1; jq costs'
      f' {cj / c1:.1f}x the CPU of falconet -j 1')"

for dir in "$small" "$big"; do
  rss=$(/usr/bin/time -v "$falconet" run -j 2 --no-progress "$dir" 2>&1 \
    >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}')
  echo "peak memory, -j 2, $(basename "$dir") MB: $((rss / 1024)) MB"
done
[ "$jq_matches" = "$falconet_matches" ] || { echo "match counts differ" >&2; exit 1; }
