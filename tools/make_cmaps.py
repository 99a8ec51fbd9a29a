#!/usr/bin/env python3
"""Compiles Adobe's predefined CMaps (the cmap-resources, BSD-3-Clause, as Debian's
poppler-data installs them) into the compact tables src/source/pdf/cmaps/*.bin that the PDF
reader includes: a PDF whose CID font is not embedded and has no ToUnicode map names one of
these CMaps, and its text can only be read through them.

    apt-get install poppler-data && python3 tools/make_cmaps.py

Each table is a run of 8-byte big-endian records (lo: u16, hi: u16, first: u32), sorted by lo,
ranges not overlapping: codes lo..=hi map to first, first + 1, ... For the code → CID CMaps
(UniGB-UCS2-H, ...) `first` is a CID; for the CID → Unicode maps (Adobe-GB1-UCS2,
Adobe-CNS1-UCS2) it is a Unicode scalar value.
The reader searches them in place (binary search), with nothing to build at start.
"""
import re, struct

SRC = "/usr/share/poppler/cMap"
OUT = "src/source/pdf/cmaps"
TABLES = [
    ("Adobe-GB1", "UniGB-UCS2-H", "cid"),
    ("Adobe-GB1", "GBK-EUC-H", "cid"),
    ("Adobe-GB1", "GB-EUC-H", "cid"),
    ("Adobe-CNS1", "UniCNS-UCS2-H", "cid"),
    ("Adobe-CNS1", "B5pc-H", "cid"),
    ("Adobe-CNS1", "ETen-B5-H", "cid"),
    ("Adobe-GB1", "Adobe-GB1-UCS2", "uni"),
    ("Adobe-CNS1", "Adobe-CNS1-UCS2", "uni"),
]


def utf16(hexs):
    b = bytes.fromhex(hexs)
    s = b.decode("utf-16-be", errors="replace")
    return ord(s[0])


def parse(text, kind):
    pairs = {}
    for block in re.finditer(r"begin(cid|bf)(range|char)(.*?)end\1\2", text, re.S):
        what, body = block.group(2), block.group(3)
        if what == "range":
            for m in re.finditer(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\d+)", body):
                lo, hi, dst = int(m.group(1), 16), int(m.group(2), 16), m.group(3)
                first = utf16(dst[1:-1]) if dst.startswith("<") else int(dst)
                for k in range(lo, hi + 1):
                    pairs[k] = first + k - lo
        else:
            for m in re.finditer(r"<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]+>|\d+)", body):
                code, dst = int(m.group(1), 16), m.group(2)
                pairs[code] = utf16(dst[1:-1]) if dst.startswith("<") else int(dst)
    return pairs


def ranges(pairs):
    out = []
    for code in sorted(pairs):
        v = pairs[code]
        if out and out[-1][1] + 1 == code and out[-1][2] + (code - out[-1][0]) == v:
            out[-1][1] = code
        else:
            out.append([code, code, v])
    return out


def main():
    for ordering, name, kind in TABLES:
        text = open(f"{SRC}/{ordering}/{name}", encoding="latin-1").read()
        rs = ranges(parse(text, kind))
        raw = b"".join(struct.pack(">HHI", lo, hi, v) for lo, hi, v in rs)
        open(f"{OUT}/{name}.bin", "wb").write(raw)
        print(f"{name}: {len(rs)} ranges, {len(raw)} bytes")


if __name__ == "__main__":
    main()
