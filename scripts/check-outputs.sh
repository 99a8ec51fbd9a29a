#!/usr/bin/env bash
# Loads rexian's outputs the way analysts do, and says what each tool made of them:
#   1. `ingest fixtures --split period`: DuckDB read_csv_auto('OUT/*/units.csv') (no
#      union_by_name) and pandas concat load every month; `value` is a number in pandas,
#      DuckDB and datapackage.json; summary.csv has a row per document.
#   2. rexian.xlsx in openpyxl: sheets, types, number formats, frozen header, autofilter,
#      no formula cell.
#   3. The --excel CSV in LibreOffice headless (CSV import filter, UTF-8, formulas
#      evaluated): correct Chinese, no formula cell, values as written.
# A part whose tool is missing (pip install duckdb pandas openpyxl; apt-get install
# libreoffice-calc-nogui) is skipped with a message. Exit 1 when a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/rexian"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
has_py() { python3 -c "import $1" 2>/dev/null; }

"$bin" ingest fixtures --split period --xlsx -o "$work/split" -q
"$bin" ingest fixtures --xlsx -o "$work/all" -q

echo "== 1. --split period: every month loads"
if has_py duckdb && has_py pandas; then
python3 - "$work/split" <<'PY'
import duckdb, glob, json, os, sys
import pandas as pd
out = sys.argv[1]
months = sorted(os.path.basename(os.path.dirname(p)) for p in glob.glob(f"{out}/*/units.csv"))
headers = {open(p, encoding="utf-8").readline() for p in glob.glob(f"{out}/*/units.csv")}
assert len(headers) == 1, "units.csv has the same columns in every month"
con = duckdb.connect()
per = con.sql(f"select period, count(*) from read_csv_auto('{out}/*/units.csv') group by 1 order by 1").fetchall()
print("duckdb units.csv rows per period:", per)
assert [p for p, _ in per] == months, (per, months)
vt = con.sql(f"select typeof(value), count(*) from read_csv_auto('{out}/*/metrics.csv') group by 1").fetchall()
print("duckdb metrics.csv typeof(value):", vt)
assert [t for t, _ in vt] == ["DOUBLE"], vt
units = pd.concat([pd.read_csv(p) for p in sorted(glob.glob(f"{out}/*/units.csv"))])
metrics = pd.concat([pd.read_csv(p) for p in sorted(glob.glob(f"{out}/*/metrics.csv"))])
print(f"pandas concat: units {units.shape}, metrics {metrics.shape}, periods {sorted(units.period.astype(str).unique())}")
print("pandas dtypes: value", metrics["value"].dtype, "| score", units["score"].dtype,
      "| satisfaction_rate", units["satisfaction_rate"].dtype, "| is_total", units["is_total"].dtype)
assert metrics["value"].dtype == "float64"
grades = metrics[metrics.metric == "grade"]
print("grades:", len(grades), "value empty:", grades["value"].isna().all(), "text:", sorted(grades["text"].unique()))
pkg = json.load(open(f"{out}/2021-Q3/datapackage.json"))
fields = {r["name"]: {f["name"]: f["type"] for f in r["schema"]["fields"]} for r in pkg["resources"]}
print("datapackage: metrics.value", fields["metrics"]["value"], "| units.score", fields["units"]["score"],
      "| units.is_total", fields["units"]["is_total"], "| summary.received", fields["summary"]["received"])
assert fields["metrics"]["value"] == "number"
s = pd.concat([pd.read_csv(p) for p in sorted(glob.glob(f"{out}/*/summary.csv"))])
firsts = s[s["same_as"].isna()]
print(f"summary.csv: {len(s)} documents, {len(firsts)} bulletins (the rest name the same bulletin in another format)")
cols = ["source", "jurisdiction", "jurisdiction_code", "period", "received", "satisfaction_rate", "score", "tables", "values", "checks_failed", "profiles"]
print(firsts[cols].to_string(index=False))
PY
else
  echo "skipped: pip install duckdb pandas"
fi

echo "== 2. rexian.xlsx in openpyxl"
if has_py openpyxl; then
python3 - "$work/all/rexian.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print("sheets:", wb.sheetnames)
assert wb.sheetnames == ["汇总", "单位", "指标", "核查", "错误", "说明"]
for ws in wb.worksheets:
    formulas = sum(1 for r in ws.iter_rows() for c in r if c.data_type == "f")
    print(f"  {ws.title}: {ws.max_row - 1} rows, freeze {ws.freeze_panes}, autofilter {ws.auto_filter.ref}, formula cells {formulas}")
    assert formulas == 0 and ws.freeze_panes == "A2" and ws.auto_filter.ref
ws = wb["单位"]
hdr = [c.value for c in ws[1]]
for row in ws.iter_rows(min_row=2):
    d = dict(zip(hdr, row))
    if d["单位"].value == "交警君山大队":
        for k in ["应办理", "满意率", "综合得分", "等级", "复算得分", "合计行", "起始日期", "来源文件"]:
            c = d[k]
            print(f"  交警君山大队 {k}: {c.value!r} type {c.data_type} format {c.number_format}")
        assert d["应办理"].data_type == "n" and d["应办理"].number_format == "0"
        assert d["满意率"].value == 100 and d["满意率"].number_format == '0.00"%"'
        assert d["综合得分"].value == 93.4 and d["综合得分"].number_format == "0.00"
        assert d["等级"].value == "A" and d["等级"].data_type == "s"
        break
ws = wb["核查"]
hdr = [c.value for c in ws[1]]
print("  核查 header:", hdr)
print("  核查 first row:", [c.value for c in ws[2]])
PY
else
  echo "skipped: pip install openpyxl"
fi

echo "== 3. the --excel CSV in LibreOffice (formulas evaluated on import)"
if command -v soffice >/dev/null && has_py openpyxl; then
  mkdir -p "$work/lo"
  printf '某区热线2023年5月通报\n单位 | 满意率 | 综合成绩 | 环比 |\n=HYPERLINK("http://x","点我") | 99.5%% | 98.10 | -2.5%% |\n@SUM(A1) | 97%% | 96.00 | +1.0%% |\n-2+3+cmd | 95%% | 95.00 | - |\n' > "$work/lo/evil.txt"
  "$bin" ingest "$work/lo/evil.txt" fixtures/junshan-2021-q3.txt --excel -o "$work/lo/out" -q
  # CSV import: comma, double quote, UTF-8 (76), from line 1, ..., evaluate formulas (13th) on.
  soffice -env:UserInstallation="file://$work/lo/profile" --headless \
    --infilter="CSV:44,34,76,1,,0,false,true,false,false,false,false,true" \
    --convert-to xlsx --outdir "$work/lo/conv" "$work/lo/out/units.csv" >/dev/null 2>&1
  python3 - "$work/lo/conv/units.xlsx" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
hdr = [c.value for c in ws[1]]
assert hdr[0] == "source", hdr[0]
formulas = sum(1 for r in ws.iter_rows() for c in r if c.data_type == "f")
rows = [dict(zip(hdr, [c.value for c in r])) for r in ws.iter_rows(min_row=2)]
print(f"LibreOffice: {len(rows)} rows, first header {hdr[0]!r}, formula cells {formulas}")
for r in rows[:3]:
    print(f"  unit {r['unit']!r}  mom_change {r['mom_change']!r}  score {r['score']!r}  table_title {r['table_title']!r}")
j = [r for r in rows if r["unit"] == "交警君山大队"][0]
print(f"  交警君山大队: score {j['score']!r}, table_title {j['table_title']!r}")
assert formulas == 0
assert rows[0]["unit"].startswith("'=HYPERLINK") and rows[0]["mom_change"] == -2.5
assert j["table_title"] == "2021年三季度君山区市(区)长信箱办理综合评价表"
PY
else
  echo "skipped: apt-get install libreoffice-calc-nogui; pip install openpyxl"
fi
echo "all checks passed"
