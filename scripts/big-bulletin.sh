#!/usr/bin/env bash
# One bulletin of 1 MB, 10 MB, 50 MB and 100 MB (the Miyun bulletin over and over), each
# ingested alone: CPU and wall time, peak memory, and the CPU per byte against the 1 MB one's.
# The heavy cases of the robustness budget, kept out of `cargo test`.
#
#   scripts/big-bulletin.sh [MB…]        (default 1 10 50 100)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${*:-1 10 50 100}
cargo build --release --quiet
bin=$PWD/target/release/rexian
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
base=""
for mb in $sizes; do
  f=$work/bulletin-${mb}mb.txt
  python3 - "$f" "$mb" <<'PY'
import sys
one = open("fixtures/miyun-2022-06.txt", "rb").read() + b"\n\n"
path, mb = sys.argv[1], int(sys.argv[2])
with open(path, "wb") as f:
    for _ in range(mb * (1 << 20) // len(one) + 1):
        f.write(one)
PY
  /usr/bin/time -f "%M %e %U %S" -o "$work/time" "$bin" ingest "$f" -q -o "$work/out" || true
  read -r rss_kb wall user sys < <(tail -n 1 "$work/time")
  # CPU seconds, not wall: the ratio holds on a machine shared with other work.
  secs=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
  bytes=$(stat -c %s "$f")
  values=$(($(wc -l < "$work/out/metrics.csv") - 1))
  if [ -z "$base" ]; then base=$(awk -v s="$secs" -v b="$bytes" 'BEGIN { print s / b }'); fi
  ratio=$(awk -v s="$secs" -v b="$bytes" -v base="$base" 'BEGIN { printf "%.2f", (s / b) / base }')
  printf 'big-bulletin: %4s MB (%s bytes): %7.2f s CPU (%s s wall), peak %4d MB, %s values; CPU per byte %s × the first\n' \
    "$mb" "$bytes" "$secs" "$wall" $((rss_kb / 1024)) "$values" "$ratio"
  rm -rf "$work/out" "$f"
done
