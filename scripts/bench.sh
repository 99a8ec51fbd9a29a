#!/usr/bin/env bash
# End-to-end benchmark, side by side in one run on one corpus: the cost of just reading the
# bytes (rg -c 排名, or grep when rg is missing), rexian reading everything and writing
# nothing (`--format none`), rexian writing metrics.csv to /dev/null, rexian writing every
# output (`-o`), and the Python script an analyst would write (../shared/tools/py_baseline.py,
# when its modules are installed). Figures are CPU-seconds (user + sys, which cancels out the
# load of a shared machine) and MB of input per CPU-second, one core (`-j1`).
#
# The corpus: FILES generated bulletins (`examples/gen_corpus.rs`, deterministic from SEED)
# with the real bulletins of ../shared/realworld weighted in, REAL copies of each (each copy
# made distinct by trailing blank lines, as rexian reads the same bytes only once).
#
#   scripts/bench.sh [FILES] [SEED] [REAL]      (default 2000 files, seed 42, 40 copies)
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-2000}
seed=${2:-42}
real=${3:-40}
corpus=target/bench-corpus
out=target/bench-out
realworld=../shared/realworld/docs

cargo build --release --quiet
cargo build --release --quiet --example gen_corpus --example xlsx_baseline
rm -rf "$corpus"
target/release/examples/gen_corpus --files "$files" --seed "$seed" --out "$corpus" >/dev/null
if [ -d "$realworld" ] && [ "$real" -gt 0 ]; then
  mkdir -p "$corpus/real"
  for f in "$realworld"/*; do
    base=$(basename "$f")
    for k in $(seq 1 "$real"); do
      { cat "$f"; printf '%*s' "$k" '' | tr ' ' '\n'; } > "$corpus/real/$k-$base"
    done
  done
fi
bytes=$(du -sb "$corpus" | cut -f1)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1e6 }')
count=$(find "$corpus" -type f | wc -l)

measure() { # label, command…: CPU seconds (user+sys), MB per CPU-second, wall, peak RSS
  local label=$1; shift
  local log; log=$(mktemp)
  /usr/bin/time -f '%U %S %e %M' -o "$log" "$@" >/dev/null 2>&1 || true
  read -r user sys wall rss < "$log"
  rm -f "$log"
  awk -v l="$label" -v u="$user" -v s="$sys" -v w="$wall" -v r="$rss" -v m="$mb" 'BEGIN {
    c = u + s; printf "%-44s %7.2f CPU-s  %7.2f MB/CPU-s  %7.2f s wall  peak RSS %6.1f MB\n",
      l, c, (c > 0 ? m / c : 0), w, r / 1024 }'
}

echo "corpus: $count files ($files generated, seed $seed; $real copies of each real bulletin), $mb MB; $(nproc) cores, $(uname -m)"
if command -v rg >/dev/null; then
  measure "rg -c 排名 (reading cost)" rg -c 排名 "$corpus"
else
  measure "grep -rc 排名 (reading cost)" grep -rc 排名 "$corpus"
fi
bin=target/release/rexian
measure "rexian --format none -j1 (parse only)" "$bin" ingest "$corpus" -q -j1 --format none
measure "rexian --format csv -j1 > /dev/null" "$bin" ingest "$corpus" -q -j1 --format csv
rm -rf "$out"
measure "rexian -o DIR -j1 (new folder)" "$bin" ingest "$corpus" -o "$out" -q -j1
measure "rexian -o DIR -j1 (existing folder)" "$bin" ingest "$corpus" -o "$out" -q -j1
measure "rexian -o DIR (all cores)" "$bin" ingest "$corpus" -o "$out" -q
if python3 -c 'import opencc, pandas, charset_normalizer' 2>/dev/null; then
  flat=$(mktemp -d)
  find "$corpus" -type f -exec cp -t "$flat" {} +
  measure "py_baseline.py" python3 ../shared/tools/py_baseline.py "$flat" "$flat.csv"
  rm -rf "$flat" "$flat.csv"
else
  echo "py_baseline.py: skipped (pip install opencc pandas charset-normalizer)"
fi

xlsx=target/bench-xlsx
rm -rf "$xlsx" && mkdir -p "$xlsx" && cp "$corpus"/*.xlsx "$xlsx"/
xmb=$(du -sb "$xlsx" | awk '{ printf "%.2f", $1 / 1e6 }')
echo "the corpus's $(ls "$xlsx" | wc -l) .xlsx, $xmb MB:"
mb=$xmb measure "  calamine alone (examples/xlsx_baseline.rs)" target/release/examples/xlsx_baseline "$xlsx"
mb=$xmb measure "  rexian --format none -j1" "$bin" ingest "$xlsx" -q -j1 --format none
mb=$xmb measure "  rexian --format csv -j1" "$bin" ingest "$xlsx" -q -j1 --format csv

small=fixtures/kecheng-2019-q4.txt
small_out=target/bench-small
"$bin" ingest "$small" -o "$small_out" -q
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 5 --runs 50 "$bin ingest $small -o $small_out -q"
else
  times=$(for _ in $(seq 1 50); do
    s=$(date +%s%N); "$bin" ingest "$small" -o "$small_out" -q; e=$(date +%s%N)
    echo $(( (e - s) / 1000 ))
  done | sort -n | sed -n 25p)
  printf '%-44s %7.2f ms wall (median of 50, start-up included)\n' \
    "one small file -o existing folder ($(stat -c %s $small) B)" "$(awk -v t="$times" 'BEGIN { print t / 1000 }')"
fi
