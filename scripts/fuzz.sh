#!/usr/bin/env bash
# Runs each fuzz target (or the ones named after SECONDS) for SECONDS (default 600) from a
# seed corpus of the fixtures, at low priority (nice).
#
#   scripts/fuzz.sh [SECONDS] [TARGET…]
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`); nightly flags come from RUSTC_BOOTSTRAP=1.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-600}
shift || true
targets=${*:-decode_normalize text_recognizer spreadsheet hostile}
mkdir -p corpus/decode_normalize corpus/text_recognizer corpus/spreadsheet corpus/hostile target
cp ../fixtures/*.txt ../fixtures/layouts/*.txt corpus/text_recognizer/
cp ../fixtures/kecheng-2019-q4.txt ../fixtures/layouts/*.txt corpus/decode_normalize/
i=0
for f in ../fixtures/sheets/ruzhou-2022-07.xlsx ../fixtures/sheets/ruzhou-2022-07.ods \
         ../fixtures/docs/ruzhou-2022-07.docx ../fixtures/web/ruzhou-2022-07.html \
         ../fixtures/sheets/ruzhou-2022-07.xls; do
  (printf "\\x0$i"; cat "$f") > "corpus/spreadsheet/seed-$i"
  i=$((i + 1))
done
for target in $targets; do
  # The hostile target's input is a list of choices: long ones from the start.
  extra=""
  [ "$target" = hostile ] && extra="-len_control=0 -max_len=2048"
  # shellcheck disable=SC2086
  RUSTC_BOOTSTRAP=1 nice cargo fuzz run -O "$target" "corpus/$target" -- -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 $extra \
    2>&1 | tee "target/$target.log" | grep -E "^#[0-9]+ +DONE|Done [0-9]+ runs|ERROR|SUMMARY" || true
done
