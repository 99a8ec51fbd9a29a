#!/usr/bin/env bash
# Ingests every file of FOLDER, one at a time, under the robustness budget (peak memory
# BUDGET_MB, default 512; time BUDGET_S, default 10 s) and reports each file over it, then
# the whole folder in one run. For a peer's test documents nobody here wrote: calamine's
# tests/, openpyxl's, LibreOffice's. Fetches nothing: give it a folder.
#
#   scripts/peer-corpus.sh FOLDER
set -euo pipefail
folder=${1:?usage: scripts/peer-corpus.sh FOLDER}
budget_mb=${BUDGET_MB:-512}
budget_s=${BUDGET_S:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
(cd "$root" && cargo build --release --quiet)
bin=$root/target/release/rexian
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

files=0; over=0; read_ok=0; failed=0
while IFS= read -r -d '' f; do
  files=$((files + 1))
  rc=0
  /usr/bin/time -f "%M %e" -o "$work/time" timeout -s KILL 120 \
    "$bin" ingest "$f" -q -o "$work/out" 2>"$work/err" >/dev/null || rc=$?
  read -r rss_kb secs < <(tail -n 1 "$work/time")
  rss_mb=$((rss_kb / 1024))
  if [ "$rc" = 0 ] || [ "$rc" = 1 ]; then read_ok=$((read_ok + 1)); else failed=$((failed + 1)); fi
  if [ "$rss_mb" -gt "$budget_mb" ] || awk -v s="$secs" -v b="$budget_s" 'BEGIN { exit !(s > b) }'; then
    over=$((over + 1))
    echo "OVER BUDGET: $f: ${rss_mb} MB, ${secs} s, exit $rc"
  fi
  if [ "$rc" -gt 2 ]; then
    echo "CRASHED: $f: exit $rc: $(head -c 300 "$work/err")"
  fi
  printf '%s\t%s MB\t%s s\texit %s\t%s\n' "$f" "$rss_mb" "$secs" "$rc" "$(grep -m1 -o 'rexian: .*' "$work/err" | cut -c1-160)" >> "$work/report"
done < <(find "$folder" -type f -print0 | sort -z)

sort -t$'\t' -k2 -n -r "$work/report" | head -n 5 | sed 's/^/largest: /'
/usr/bin/time -f "%M %e" -o "$work/time" "$bin" ingest "$folder" -q -o "$work/all" 2>/dev/null >/dev/null || true
read -r rss_kb secs < <(tail -n 1 "$work/time")
echo "peer-corpus: the whole folder in one run: $((rss_kb / 1024)) MB, ${secs} s"
echo "peer-corpus: $files files: $read_ok read (exit 0 or 1), $failed refused with an error row, $over over the budget (${budget_mb} MB, ${budget_s} s)"
[ "$over" = 0 ]
