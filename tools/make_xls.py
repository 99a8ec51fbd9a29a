#!/usr/bin/env python3
"""Writes a real BIFF8 .xls (the format of older offices) from the tables that
`cargo run --example make_fixtures` describes in target/fixture-tables/, with xlwt.

    pip install xlwt && python3 tools/make_xls.py ruzhou-2022-07
"""
import json, re, sys

import xlwt

NUM = re.compile(r"^(\d+(?:\.\d+)?)(%?)$")


def main(seed):
    sheets = json.load(open(f"target/fixture-tables/{seed}.json", encoding="utf-8"))
    wb = xlwt.Workbook(encoding="utf-8")
    for k, t in enumerate(sheets, 1):
        ws = wb.add_sheet(f"表{k}")
        w = t["width"]
        r = 0
        for title in t["titles"]:
            ws.write_merge(r, r, 0, w - 1, title)
            r += 1
        for row in t["rows"]:
            filled = [c for c in row if c.strip()]
            if len(filled) == 1 and row[0].strip() and w > 1:
                ws.write_merge(r, r, 0, w - 1, row[0].strip())
                r += 1
                continue
            for c, raw in enumerate(row):
                m = NUM.match(raw.strip())
                if m:
                    digits = len(m.group(1).split(".")[1]) if "." in m.group(1) else 0
                    fmt = "0" + ("." + "0" * digits if digits else "") + m.group(2)
                    value = round(float(m.group(1)) / (100 if m.group(2) else 1), 10)
                    ws.write(r, c, value, xlwt.easyxf(num_format_str=fmt))
                elif raw.strip():
                    ws.write(r, c, raw.strip())
            r += 1
    wb.save(f"fixtures/sheets/{seed}.xls")
    print(f"fixtures/sheets/{seed}.xls")


if __name__ == "__main__":
    for seed in sys.argv[1:] or ["ruzhou-2022-07"]:
        main(seed)
