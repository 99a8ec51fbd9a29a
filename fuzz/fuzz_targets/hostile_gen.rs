//! Structured hostile documents built from a few bytes of choices: Word tables with huge
//! `gridSpan`s and long `vMerge` runs, web tables with huge `rowspan`/`colspan`, .ods
//! repeats and spans, workbooks of many sheets, texts with overflowing figures and pipes
//! inside cells. Random bytes never reach these shapes; a fuzzer steering the choices
//! does. Shared by the `hostile` fuzz target and the robustness test's property test.

use std::io::Write;

/// The fuzzer's bytes read as a sequence of choices (zeros once they run out).
pub struct Dice<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Dice<'a> {
    pub fn new(bytes: &'a [u8]) -> Dice<'a> {
        Dice { bytes, at: 0 }
    }

    pub fn byte(&mut self) -> u8 {
        let b = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    pub fn below(&mut self, n: usize) -> usize {
        usize::from(self.byte()) % n.max(1)
    }

    /// A count: mostly small, sometimes one of the sizes that break readers.
    pub fn count(&mut self) -> u64 {
        const BIG: &[u64] = &[
            0,
            1,
            2,
            3,
            64,
            65,
            255,
            256,
            1000,
            1001,
            4096,
            65_535,
            65_536,
            1_048_576,
            999_999_999,
            4_294_967_295,
            18_446_744_073_709_551_615,
        ];
        match self.byte() {
            b if b < 200 => u64::from(b % 8),
            b => BIG[usize::from(b) % BIG.len()],
        }
    }

    /// A cell's text: headers, units, figures that overflow a decimal, pipes and tabs.
    pub fn text(&mut self) -> String {
        const WORDS: &[&str] = &[
            "单位",
            "受理量",
            "办结量",
            "满意率",
            "综合成绩",
            "排名",
            "合计",
            "甲镇",
            "乙镇",
            "9999999999999999999999999999",
            "79228162514264337593543950335",
            "0.0000000000000000000000000001",
            "99.99%",
            "1e400",
            "-0",
            "投诉|咨询",
            "a\tb",
            "|",
            "第99999999999999999999999名",
            "办结率9 9 . 8 8 %",
            "99999年6月",
            "",
            "&amp;",
            "<",
        ];
        match self.byte() {
            b if b < 240 => WORDS[usize::from(b) % WORDS.len()].to_string(),
            b => "满".repeat(1 << (usize::from(b) % 16)),
        }
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn zipped(entries: &[(&str, String)]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, body) in entries {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        if z.start_file(*name, options).is_err() || z.write_all(body.as_bytes()).is_err() {
            break;
        }
    }
    z.finish().map(|c| c.into_inner()).unwrap_or_default()
}

fn docx(d: &mut Dice) -> Vec<u8> {
    let mut x = String::from("<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>某区2022年6月通报</w:t></w:r></w:p><w:tbl>");
    for _ in 0..d.below(40) {
        x.push_str("<w:tr>");
        for _ in 0..d.below(12) {
            let span = d.count();
            let merge = match d.below(3) {
                0 => "",
                1 => "<w:vMerge w:val=\"restart\"/>",
                _ => "<w:vMerge/>",
            };
            x.push_str(&format!(
                "<w:tc><w:tcPr><w:gridSpan w:val=\"{span}\"/>{merge}</w:tcPr><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>",
                xml_escape(&d.text())
            ));
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl></w:body></w:document>");
    zipped(&[("word/document.xml", x)])
}

fn html(d: &mut Dice) -> Vec<u8> {
    let mut x = String::from("<html><body><p>某区2022年6月通报</p>");
    for _ in 0..d.below(3) {
        x.push_str("<table>");
        for _ in 0..d.below(30) {
            x.push_str("<tr>");
            for _ in 0..d.below(10) {
                x.push_str(&format!(
                    "<td rowspan={} colspan={}>{}</td>",
                    d.count(),
                    d.count(),
                    xml_escape(&d.text())
                ));
            }
            x.push_str("</tr>");
        }
        x.push_str("</table>");
    }
    let depth = usize::from(d.byte()) * 40;
    x.push_str(&"<div>".repeat(depth));
    x.push_str(&xml_escape(&d.text()));
    x.push_str(&"</div>".repeat(depth));
    x.into_bytes()
}

fn ods(d: &mut Dice) -> Vec<u8> {
    let mut x = String::from("<office:document-content><office:body><office:spreadsheet>");
    for s in 0..=d.below(4) {
        x.push_str(&format!("<table:table table:name=\"s{s}\">"));
        for _ in 0..d.below(20) {
            x.push_str(&format!(
                "<table:table-row table:number-rows-repeated=\"{}\">",
                d.count()
            ));
            for _ in 0..d.below(8) {
                x.push_str(&format!(
                    "<table:table-cell table:number-columns-repeated=\"{}\" table:number-columns-spanned=\"{}\" table:number-rows-spanned=\"{}\" office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
                    d.count(),
                    d.count(),
                    d.count(),
                    xml_escape(&d.text())
                ));
            }
            x.push_str("</table:table-row>");
        }
        x.push_str("</table:table>");
    }
    x.push_str("</office:spreadsheet></office:body></office:document-content>");
    zipped(&[
        (
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet".into(),
        ),
        ("content.xml", x),
    ])
}

fn xlsx(d: &mut Dice) -> Vec<u8> {
    let sheets = 1 + d.below(64);
    let mut entries: Vec<(String, String)> = vec![
        ("[Content_Types].xml".into(), "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>".into()),
        ("_rels/.rels".into(), "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".into()),
        ("xl/workbook.xml".into(), format!(
            "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>{}</sheets></workbook>",
            (1..=sheets).map(|i| format!("<sheet name=\"S{i}\" sheetId=\"{i}\" r:id=\"rId{i}\"/>")).collect::<String>()
        )),
        ("xl/_rels/workbook.xml.rels".into(), format!(
            "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{}</Relationships>",
            (1..=sheets).map(|i| format!("<Relationship Id=\"rId{i}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>")).collect::<String>()
        )),
    ];
    for i in 1..=sheets {
        let mut x = String::from("<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
        let rows = d.below(20);
        for r in 0..rows {
            let row = d.count().min(1_048_575) + r as u64;
            x.push_str(&format!("<row r=\"{}\">", row + 1));
            for _ in 0..d.below(10) {
                let col = d.count().min(16_383) as u32;
                let mut name = String::new();
                let mut c = col;
                loop {
                    name.insert(0, (b'A' + (c % 26) as u8) as char);
                    if c < 26 {
                        break;
                    }
                    c = c / 26 - 1;
                }
                x.push_str(&format!(
                    "<c r=\"{name}{}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                    row + 1,
                    xml_escape(&d.text())
                ));
            }
            x.push_str("</row>");
        }
        x.push_str("</sheetData>");
        if d.below(2) == 1 {
            x.push_str(&format!(
                "<mergeCells count=\"1\"><mergeCell ref=\"A1:XFD{}\"/></mergeCells>",
                d.count().clamp(1, 1_048_576)
            ));
        }
        x.push_str("</worksheet>");
        entries.push((format!("xl/worksheets/sheet{i}.xml"), x));
    }
    let refs: Vec<(&str, String)> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    zipped(&refs)
}

fn text(d: &mut Dice) -> Vec<u8> {
    let mut t = String::from("某区热线2022年6月通报\n全区受理工单2848件，办结率99.5%。\n");
    let sep = if d.below(2) == 0 { " | " } else { "\t" };
    for _ in 0..d.below(60) {
        let cells: Vec<String> = (0..=d.below(8)).map(|_| d.text()).collect();
        t.push_str(&cells.join(sep));
        if sep == " | " {
            t.push_str(" |");
        }
        t.push('\n');
        if d.below(4) == 0 {
            t.push('\n');
        }
    }
    t.into_bytes()
}

/// A hostile document and the name it is read under (its extension picks the reader).
pub fn hostile(data: &[u8]) -> (&'static str, Vec<u8>) {
    let mut d = Dice::new(data);
    match d.below(5) {
        0 => ("h.docx", docx(&mut d)),
        1 => ("h.html", html(&mut d)),
        2 => ("h.ods", ods(&mut d)),
        3 => ("h.xlsx", xlsx(&mut d)),
        _ => ("h.txt", text(&mut d)),
    }
}
