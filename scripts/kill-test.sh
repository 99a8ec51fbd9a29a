#!/usr/bin/env bash
# Kills `rexian ingest` with SIGKILL at random moments of a run over FILES generated
# bulletins (default 5000), KILLS times (default 20), half of them in the finish phase
# (once the run has begun writing units.csv, the last step before the swap). Before each
# kill the output folder holds the set of a smaller run (the "old" set); after it, the
# folder must hold the old set or the new one, every file byte for byte, never a mix; the
# next run must leave no working folder of the killed one behind.
#
#   scripts/kill-test.sh [FILES] [KILLS]
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-5000}
kills=${2:-20}
cargo build --release --quiet
cargo build --release --quiet --example gen_corpus
bin=$PWD/target/release/rexian
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/examples/gen_corpus --files "$files" --seed 7 --out "$work/new" >/dev/null
mkdir "$work/old"
find "$work/new" -type f | sort > "$work/list"
head -n 50 "$work/list" | xargs cp -t "$work/old"

names="metrics.csv units.csv checks.csv errors.csv documents.json datapackage.json"
fingerprint() { # the set a folder shows: every output file's hash
  for f in $names; do
    if [ -e "$1/$f" ]; then printf '%s %s\n' "$f" "$(sha256sum < "$1/$f" | cut -d' ' -f1)"; else echo "$f missing"; fi
  done
}
now() { date +%s%N; }

"$bin" ingest "$work/old" -o "$work/ref-old" -q || true
# A reference run of the new set, timed: how long reading takes and how long the finish.
start=$(now)
"$bin" ingest "$work/new" -o "$work/ref-new" -q &
pid=$!
while ! [ -e "$(echo "$work/ref-new/.rexian/set-$pid-"*/units.csv)" ] && kill -0 "$pid" 2>/dev/null; do
  sleep 0.002
done
finish_at=$(now)
wait "$pid" || true
end=$(now)
read_ms=$(( (finish_at - start) / 1000000 ))
finish_ms=$(( (end - finish_at) / 1000000 ))
old_set=$(fingerprint "$work/ref-old")
new_set=$(fingerprint "$work/ref-new")
[ "$old_set" != "$new_set" ] || { echo "kill-test: the old and new sets are the same"; exit 1; }
echo "kill-test: $files files; a run reads for ${read_ms} ms and finishes in ${finish_ms} ms"

out=$work/out
old_seen=0; new_seen=0; failed=0
for i in $(seq 1 "$kills"); do
  "$bin" ingest "$work/old" -o "$out" -q || true
  sets=$(find "$out/.rexian" -maxdepth 1 -name 'set-*' | wc -l)
  if [ "$sets" != 1 ]; then
    echo "kill-test: after a whole run $sets sets are left in $out/.rexian"; failed=$((failed + 1))
  fi
  [ "$(fingerprint "$out")" = "$old_set" ] || { echo "kill-test: the old set is not whole before kill $i"; failed=$((failed + 1)); }
  "$bin" ingest "$work/new" -o "$out" -q &
  pid=$!
  if [ $((i % 2)) = 0 ]; then
    phase=finish
    while ! [ -e "$(echo "$out/.rexian/set-$pid-"*/units.csv)" ] && kill -0 "$pid" 2>/dev/null; do
      sleep 0.001
    done
    delay=$(( RANDOM % (finish_ms + 1) ))
  else
    phase=reading
    delay=$(( RANDOM % (read_ms + 1) ))
  fi
  sleep "$(awk -v ms="$delay" 'BEGIN { printf "%.3f", ms / 1000 }')"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  shows=$(fingerprint "$out")
  if [ "$shows" = "$old_set" ]; then
    old_seen=$((old_seen + 1)); verdict="the old set, whole"
  elif [ "$shows" = "$new_set" ]; then
    new_seen=$((new_seen + 1)); verdict="the new set, whole"
  else
    failed=$((failed + 1)); verdict="A MIX: $(echo "$shows" | tr '\n' ' ')"
  fi
  echo "kill-test: kill $i in the $phase phase after ${delay} ms: $verdict"
done
"$bin" ingest "$work/old" -o "$out" -q || true
left=$(find "$out/.rexian" -maxdepth 1 -name 'set-*' | wc -l)
[ "$left" = 1 ] || { echo "kill-test: $left sets left after the last run"; failed=$((failed + 1)); }
echo "kill-test: $kills kills: $old_seen left the old set, $new_seen the new set, $failed failures"
[ "$failed" = 0 ]
