#!/usr/bin/env bash
# End-to-end benchmark: rexian over a generated corpus and over one small file, next to
# the cost of just reading the same bytes (rg -c 排名, or grep when rg is missing).
#
#   scripts/bench.sh [FILES] [SEED]      (default 10000 files, seed 42: about 100 MB)
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-10000}
seed=${2:-42}
corpus=target/bench-corpus
out=target/bench-out

cargo build --release --quiet
cargo run --release --quiet --example gen_corpus -- --files "$files" --seed "$seed" --out "$corpus"
bytes=$(du -sb "$corpus" | cut -f1)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')

measure() { # label, command…: wall seconds and peak RSS (KiB) from /usr/bin/time -v
  local label=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || true
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
  printf '%-34s %8.2f s  %8.1f MB/s  %8.0f files/s  peak RSS %6.1f MB\n' "$label" "$wall" \
    "$(awk -v m="$mb" -v w="$wall" 'BEGIN { print (w > 0 ? m / w : 0) }')" \
    "$(awk -v f="$files" -v w="$wall" 'BEGIN { print (w > 0 ? f / w : 0) }')" \
    "$(awk -v r="$rss" 'BEGIN { print r / 1024 }')"
  rm -f "$log"
}

echo "corpus: $files files, $mb MB ($(nproc) cores, $(uname -m))"
if command -v rg >/dev/null; then
  measure "rg -c 排名 (reading cost)" rg -c 排名 "$corpus"
else
  measure "grep -rc 排名 (reading cost)" grep -rc 排名 "$corpus"
fi
measure "rexian ingest (all cores)" target/release/rexian ingest "$corpus" -o "$out" -q
measure "rexian ingest -j1" target/release/rexian ingest "$corpus" -o "$out" -q -j1
measure "rexian ingest --format csv -j1" sh -c "target/release/rexian ingest $corpus -q -j1 --format csv > /dev/null"

xlsx=target/bench-xlsx
rm -rf "$xlsx" && mkdir -p "$xlsx" && cp "$corpus"/*.xlsx "$xlsx"/
cargo build --release --quiet --example xlsx_baseline
/usr/bin/time -f "calamine alone on $(ls "$xlsx" | wc -l) xlsx: %e s wall, %U s CPU" target/release/examples/xlsx_baseline "$xlsx" >/dev/null
/usr/bin/time -f "rexian on the same xlsx (-j1, csv): %e s wall, %U s CPU" target/release/rexian ingest "$xlsx" -q -j1 --format csv >/dev/null

small=fixtures/kecheng-2019-q4.txt
start=$(date +%s%N)
for _ in $(seq 1 50); do target/release/rexian ingest "$small" -q --format csv > /dev/null; done
end=$(date +%s%N)
printf '%-34s %8.2f ms per run (mean of 50, start-up included)\n' "one small file ($(stat -c %s $small) B)" \
  "$(awk -v a="$start" -v b="$end" 'BEGIN { print (b - a) / 50 / 1e6 }')"
