#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 600) from a seed corpus of the fixtures.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); nightly flags come from RUSTC_BOOTSTRAP=1.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-600}
mkdir -p corpus/decode_normalize corpus/text_recognizer corpus/spreadsheet
cp ../fixtures/*.txt ../fixtures/layouts/*.txt corpus/text_recognizer/
cp ../fixtures/kecheng-2019-q4.txt ../fixtures/layouts/*.txt corpus/decode_normalize/
i=0
for f in ../fixtures/sheets/ruzhou-2022-07.xlsx ../fixtures/sheets/ruzhou-2022-07.ods \
         ../fixtures/docs/ruzhou-2022-07.docx ../fixtures/web/ruzhou-2022-07.html \
         ../fixtures/sheets/ruzhou-2022-07.xls; do
  (printf "\\x0$i"; cat "$f") > "corpus/spreadsheet/seed-$i"
  i=$((i + 1))
done
for target in decode_normalize text_recognizer spreadsheet; do
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" -- -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 \
    2>&1 | tee "target/$target.log" | grep -E "^#[0-9]+ +DONE|Done [0-9]+ runs|ERROR|SUMMARY" || true
done
