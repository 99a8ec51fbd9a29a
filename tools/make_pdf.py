#!/usr/bin/env python3
"""Writes each seed bulletin as PDF in the forms Chinese offices publish, from its Word form
(fixtures/docs/SEED.docx, made by `cargo run --example make_fixtures`), and the bad PDFs
the tests need.

    pip install reportlab pikepdf pillow
    apt-get install fonts-wqy-zenhei          # the embedded TrueType form
    python3 tools/make_pdf.py

Forms, each seed (fixtures/pdf/SEED.FONT-TABLES.pdf):
- FONT `cid`: reportlab's UnicodeCIDFont('STSong-Light'), a CID font that is not embedded,
  encoding UniGB-UCS2-H, no ToUnicode map (the reader needs Adobe's CMaps);
  `ttf`: WenQuanYi Zen Hei embedded as TrueType subsets with ToUnicode maps;
  `tc`: MSung-Light (Adobe-CNS1, UniCNS-UCS2-H), traditional characters (Junshan only).
- TABLES `ruled`: every cell boxed by lines, cell text centred, a table continued on the next
  page repeats its header; `plain`: no lines, columns only aligned, text at the top of its
  cell, no repeated header.
Every page has a running header and a page number in its footer (`- 3 -` or `第 3 页 共 5 页`).

Bad PDFs (tests/data/bad/): scanned.pdf (one image, no text), encrypted-password.pdf
(needs a user password), truncated.pdf (the first 60% of a bulletin). Readable odd ones
(fixtures/pdf/): an encrypted PDF with an empty user password (AES-128), and
cmap-forms.pdf (hand-written: GBK-EUC-H, GB-EUC-H, B5pc-H, ETen-B5-H, Identity-H with
Adobe-GB1 CIDs and no ToUnicode), and benches/data/100-pages.pdf for the benchmark.
"""
import io, os, re, sys, zipfile
import xml.etree.ElementTree as ET

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

SEEDS = ["beijing-2020-annual", "junshan-2021-q3", "kecheng-2019-q4", "miyun-2022-06",
         "ruzhou-2022-07"]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WQY = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 62, 62, 70, 70
TEXT_W = PAGE_W - LEFT - RIGHT
BODY, LEADING = 10.5, 17
CELL, CELL_LEAD, PAD = 8.5, 11, 3.5


def para_text(p):
    out = []
    for el in p.iter():
        if el.tag == W + "t":
            out.append(el.text or "")
        elif el.tag == W + "tab":
            out.append("\t")
    return "".join(out)


def read_docx(path):
    """The document's pieces in order: ("p", text) and ("t", rows, group_col, spans)."""
    root = ET.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    pieces = []
    for el in root.find(W + "body"):
        if el.tag == W + "p":
            pieces.append(("p", para_text(el)))
        elif el.tag == W + "tbl":
            rows, merged = [], []
            for tr in el.findall(W + "tr"):
                row, cont = [], []
                for tc in tr.findall(W + "tc"):
                    pr = tc.find(W + "tcPr")
                    span, vcont = 1, False
                    if pr is not None:
                        gs = pr.find(W + "gridSpan")
                        if gs is not None:
                            span = int(gs.get(W + "val"))
                        vm = pr.find(W + "vMerge")
                        if vm is not None and vm.get(W + "val") != "restart":
                            vcont = True
                    text = "\n".join(para_text(p) for p in tc.findall(W + "p"))
                    row.append((text, span))
                    cont.append(vcont)
                rows.append(row)
                merged.append(cont)
            pieces.append(("t", rows, merged))
    return pieces


TOKEN = re.compile(r"[A-Za-z0-9.%+\-:/]+|.", re.S)


def wrap(text, font, size, width):
    """Word's way: break anywhere between CJK characters, never inside a Latin word or a
    number."""
    lines, cur = [], ""
    for tok in TOKEN.findall(text):
        if cur and pdfmetrics.stringWidth(cur + tok, font, size) > width:
            lines.append(cur)
            cur = tok.lstrip() if tok.isspace() else tok
        else:
            cur += tok
    lines.append(cur)
    return lines


class Writer:
    def __init__(self, path, font, ruled, header, footer_style):
        self.c = canvas.Canvas(path, pagesize=A4, invariant=1, pageCompression=1)
        self.c.setTitle("12345")
        self.font, self.ruled = font, ruled
        self.header, self.footer_style = header, footer_style
        self.page = 0
        self.open_table = None
        self.pages_total = None
        self.new_page(first=True)

    def new_page(self, first=False):
        if not first:
            self.close_table()
            self.finish_page()
            self.c.showPage()
        self.page += 1
        self.y = PAGE_H - TOP

    def finish_page(self):
        c = self.c
        c.setFont(self.font, 8)
        c.drawCentredString(PAGE_W / 2, PAGE_H - 40, self.header)
        c.setFont(self.font, 9)
        if self.footer_style == "dash":
            c.drawCentredString(PAGE_W / 2, 36, f"- {self.page} -")
        else:
            c.drawCentredString(PAGE_W / 2, 36, f"第 {self.page} 页")

    def room(self, h):
        if self.y - h < BOTTOM:
            self.new_page()
            return True
        return False

    def paragraph(self, text):
        c = self.c
        if not text.strip():
            self.y -= LEADING * 0.6
            return
        if "\t" in text:
            # A tab-separated line (a contents row): parts at tab stops.
            self.room(LEADING)
            c.setFont(self.font, BODY)
            x = LEFT
            for part in text.split("\t"):
                c.drawString(x, self.y - BODY, part)
                end = x + pdfmetrics.stringWidth(part, self.font, BODY) + BODY
                x = LEFT + (int((end - LEFT) // 84) + 1) * 84
            self.y -= LEADING
            return
        for line in wrap(text, self.font, BODY, TEXT_W):
            self.room(LEADING)
            c.setFont(self.font, BODY)
            c.drawString(LEFT, self.y - BODY, line)
            self.y -= LEADING

    def table(self, rows, merged):
        width = max(sum(s for _, s in r) for r in rows)
        size = CELL
        natural = [0.0] * width
        for r in rows:
            col = 0
            for text, span in r:
                if span == 1:
                    for part in text.split("\n"):
                        w = pdfmetrics.stringWidth(part.strip(), self.font, size) + 2 * PAD + 4
                        natural[col] = max(natural[col], w)
                col += span
        total = sum(natural)
        scale = min(1.0, TEXT_W / total)
        if scale < 1.0:
            size = max(5.5, CELL * scale)
            natural = [n * scale for n in natural]
        xs = [LEFT]
        for n in natural:
            xs.append(xs[-1] + n)
        lead = size * CELL_LEAD / CELL
        header = rows[0]
        self.y -= 4
        first_on_page = True
        for k, row in enumerate(rows):
            cells = []
            col = 0
            for text, span in row:
                lines = [l.strip() for l in text.strip().split("\n")] if text.strip() else []
                cells.append((col, span, lines))
                col += span
            h = max([len(l) for _, _, l in cells] + [1]) * lead + 2 * PAD
            if self.room(h) and self.ruled and k > 0:
                # A table continued on a new page repeats its header row.
                self.draw_row(self.cells_of(header), [False] * len(header), xs, size, lead,
                              self.row_height(self.cells_of(header), lead), True)
                first_on_page = True
            self.draw_row(cells, merged[k], xs, size, lead, h, first_on_page)
            first_on_page = False
        self.close_table()
        self.y -= 6

    def cells_of(self, row):
        cells, col = [], 0
        for text, span in row:
            lines = [l.strip() for l in text.strip().split("\n")] if text.strip() else []
            cells.append((col, span, lines))
            col += span
        return cells

    def row_height(self, cells, lead):
        return max([len(l) for _, _, l in cells] + [1]) * lead + 2 * PAD

    def draw_row(self, cells, cont, xs, size, lead, h, top_rule):
        c = self.c
        top, bottom = self.y, self.y - h
        c.setFont(self.font, size)
        for i, (col, span, lines) in enumerate(cells):
            x0, x1 = xs[col], xs[min(col + span, len(xs) - 1)]
            if self.ruled:
                c.setLineWidth(0.5)
                if not (i < len(cont) and cont[i]) or top_rule:
                    c.line(x0, top, x1, top)
                c.line(x0, top, x0, bottom)
                c.line(x1, top, x1, bottom)
                # Centred vertically.
                y = top - PAD - size - (h - 2 * PAD - len(lines) * lead) / 2
            else:
                y = top - PAD - size
            for line in lines:
                c.drawString(x0 + PAD + 1, y + 1.5, line)
                y -= lead
        self.y = bottom
        # The bottom rule of a row is the next row's top; the table's last row on a page
        # is closed below.
        self.open_table = (xs[0], xs[-1])

    def close_table(self):
        if self.ruled and self.open_table:
            x0, x1 = self.open_table
            self.c.setLineWidth(0.5)
            self.c.line(x0, self.y, x1, self.y)
        self.open_table = None

    def save(self):
        self.finish_page()
        self.c.save()


def write(seed, pieces, path, font, ruled, footer):
    w = Writer(path, font, ruled, "12345市民服务热线  工作通报", footer)
    for p in pieces:
        if p[0] == "p":
            w.paragraph(p[1])
        else:
            w.table(p[1], p[2])
            w.close_table()
    w.save()


def write_bad(src):
    from PIL import Image, ImageDraw
    os.makedirs("tests/data/bad", exist_ok=True)
    # A scan: one page holding one image, no text at all.
    img = Image.new("1", (496, 702), 1)
    d = ImageDraw.Draw(img)
    for k in range(40):
        d.rectangle([40, 60 + k * 15, 40 + (k * 37) % 400, 66 + k * 15], fill=0)
    buf = io.BytesIO()
    c = canvas.Canvas("tests/data/bad/scanned.pdf", pagesize=A4, invariant=1)
    from reportlab.lib.utils import ImageReader
    c.drawImage(ImageReader(img), 0, 0, PAGE_W, PAGE_H)
    c.showPage()
    c.save()
    data = open(src, "rb").read()
    open("tests/data/bad/truncated.pdf", "wb").write(data[: len(data) * 6 // 10])
    import pikepdf
    with pikepdf.open(src) as pdf:
        pdf.save("tests/data/bad/encrypted-password.pdf",
                 encryption=pikepdf.Encryption(owner="owner", user="secret", R=4),
                 static_id=True)
        pdf.save("fixtures/pdf/ruzhou-2022-07.cid-ruled.encrypted.pdf",
                 encryption=pikepdf.Encryption(owner="owner", user="", R=4), static_id=True)


def pdf_string_hex(b):
    return "<" + b.hex() + ">"


def write_cmap_forms(path):
    """A hand-written PDF: one line per predefined CMap, no ToUnicode maps, fonts not
    embedded."""
    lines = [
        ("GBK-EUC-H", "Adobe-GB1", "STSong-Light", "满意率99.5%".encode("gbk")),
        ("GB-EUC-H", "Adobe-GB1", "STSong-Light", "受理工单".encode("gb2312")),
        ("B5pc-H", "Adobe-CNS1", "MSung-Light", "滿意率".encode("big5")),
        ("ETen-B5-H", "Adobe-CNS1", "MSung-Light", "綜合成績".encode("big5")),
        ("UniCNS-UCS2-H", "Adobe-CNS1", "MSung-Light", "響應率".encode("utf-16-be")),
        # Identity-H: the codes are Adobe-GB1 CIDs (满 意 率 in GB1: 4064 5094 3276? no:
        # computed below from the UniGB-UCS2-H CMap).
        ("Identity-H", "Adobe-GB1", "STSong-Light", None),
    ]
    cmap = open("/usr/share/poppler/cMap/Adobe-GB1/UniGB-UCS2-H", encoding="latin-1").read()
    to_cid = {}
    for m in re.finditer(r"<([0-9a-f]{4})>\s*<([0-9a-f]{4})>\s*(\d+)", cmap):
        lo, hi, cid = int(m.group(1), 16), int(m.group(2), 16), int(m.group(3))
        for u in range(lo, hi + 1):
            to_cid[u] = cid + u - lo
    ident = b"".join(to_cid[ord(ch)].to_bytes(2, "big") for ch in "办结率")
    lines[-1] = lines[-1][:3] + (ident,)
    objs = []
    fonts = ""
    content = "BT\n"
    for k, (enc, ordering, base, code) in enumerate(lines):
        n = len(objs)
        fonts += f"/F{k} {3 + n} 0 R "
        objs.append(f"<< /Type /Font /Subtype /Type0 /BaseFont /{base}-{enc} /Encoding /{enc} "
                    f"/DescendantFonts [{4 + n} 0 R] >>")
        objs.append(f"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /{base} "
                    f"/CIDSystemInfo << /Registry (Adobe) /Ordering ({ordering[6:]}) /Supplement 4 >> "
                    f"/FontDescriptor {5 + n} 0 R /DW 1000 /W [1 95 500] >>")
        objs.append(f"<< /Type /FontDescriptor /FontName /{base} /Flags 6 "
                    f"/FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 "
                    f"/CapHeight 880 /StemV 93 >>")
        content += f"/F{k} 12 Tf 1 0 0 1 72 {760 - 24 * k} Tm {pdf_string_hex(code)} Tj\n"
    content += "ET\n"
    body = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{3 + len(objs)} 0 R] /Count 1 >>",
    ] + objs + [
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << {fonts}>> >> "
        f"/Contents {4 + len(objs)} 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n{content}endstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, b in enumerate(body, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{b}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(body) + 1}\n0000000000 65535 f \n".encode()
    for o in offsets:
        out += f"{o:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(body) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    open(path, "wb").write(out)


def write_bench(pieces, path):
    """100 pages: the Beijing bulletin's pieces repeated."""
    w = Writer(path, "STSong-Light", True, "12345市民服务热线  工作通报", "dash")
    while w.page < 100:
        for p in pieces:
            if w.page >= 100 and p[0] == "p":
                break
            if p[0] == "p":
                w.paragraph(p[1])
            else:
                w.table(p[1], p[2])
                w.close_table()
    w.save()


def main():
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdfmetrics.registerFont(UnicodeCIDFont("MSung-Light"))
    pdfmetrics.registerFont(TTFont("WQY", WQY, subfontIndex=0))
    os.makedirs("fixtures/pdf", exist_ok=True)
    for seed in SEEDS:
        pieces = read_docx(f"fixtures/docs/{seed}.docx")
        for font_name, font in [("cid", "STSong-Light"), ("ttf", "WQY")]:
            for tables, ruled in [("ruled", True), ("plain", False)]:
                path = f"fixtures/pdf/{seed}.{font_name}-{tables}.pdf"
                write(seed, pieces, path, font, ruled, "dash" if ruled else "page")
                print(path, os.path.getsize(path))
        if seed.startswith("junshan"):
            path = f"fixtures/pdf/{seed}.tc-ruled.pdf"
            write(seed, pieces, path, "MSung-Light", True, "dash")
            print(path, os.path.getsize(path))
    write_bad("fixtures/pdf/ruzhou-2022-07.cid-ruled.pdf")
    write_cmap_forms("tests/data/pdf-cmap-forms.pdf")
    write_bench(read_docx("fixtures/docs/beijing-2020-annual.docx"), "benches/data/100-pages.pdf")
    print("benches/data/100-pages.pdf", os.path.getsize("benches/data/100-pages.pdf"))


if __name__ == "__main__":
    main()
