#!/usr/bin/env bash
# Renders `rexian report` on the seeds with headless Chromium and saves a screenshot of the
# page for the README (docs/report.png). Needs Debian's chromium (apt-get install chromium)
# and a CJK font (fonts-wqy-zenhei or fonts-noto-cjk).
#
#   scripts/screenshot-report.sh [OUT.png] [WIDTHxHEIGHT]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/report.png}"
size="${2:-1280x2700}"
command -v chromium >/dev/null || { echo "chromium is not installed (apt-get install chromium)" >&2; exit 1; }

cargo build --release --quiet
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./target/release/rexian report fixtures/junshan-2021-q3.txt fixtures/miyun-2022-06.txt \
  fixtures/ruzhou-2022-07.txt -o "$work/report.html"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
  --user-data-dir="$work/profile" --window-size="${size/x/,}" \
  --screenshot="$work/shot.png" "file://$work/report.html" 2>"$work/chromium.log" || {
  cat "$work/chromium.log" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
cp "$work/shot.png" "$out"
echo "wrote $out ($size)"
