//! Writes each seed bulletin of `fixtures/` in the other forms bulletins come in: its
//! tables as .xlsx and .ods, the whole bulletin as .docx and as a GBK web page, plus a
//! JSON description of the tables that `tools/make_xls.py` turns into a real .xls.
//!
//! Run: `cargo run --example make_fixtures && python3 tools/make_xls.py`.
//! The cell texts are the seed's own, so each form must give the seed's values; merged
//! cells are used where a bulletin office would use them (a title across the table, a group
//! label down its rows).

use std::fs;
use std::io::Write;
use std::path::Path;

use rexian::extract::headers::{lookup, Role};
use rexian::extract::is_header_cell;
use rexian::extract::table::recognize;
use rexian::grid::{Grid, Segment};
use rexian::source::text::segment;
use rust_xlsxwriter::{Format, Workbook};

const SEEDS: &[&str] = &[
    "beijing-2020-annual",
    "junshan-2021-q3",
    "kecheng-2019-q4",
    "miyun-2022-06",
    "ruzhou-2022-07",
];

/// A table as it is laid out in a sheet: title lines, then the grid's rows of raw text.
struct SheetTable {
    titles: Vec<String>,
    rows: Vec<Vec<String>>,
    /// The column holding group labels printed on the first row of each group.
    group_col: Option<usize>,
}

fn tables(segments: &[Segment]) -> Vec<SheetTable> {
    let mut out = Vec::new();
    for seg in segments {
        if let Segment::Grid(g) = seg {
            if recognize(g, 1, None).is_none() {
                continue;
            }
            out.push(sheet_table(g));
        }
    }
    out
}

fn sheet_table(g: &Grid) -> SheetTable {
    let lines: Vec<String> = g
        .context
        .iter()
        .filter(|l| !l.trim().is_empty())
        .cloned()
        .collect();
    let titles = lines[lines.len().saturating_sub(3)..].to_vec();
    let rows: Vec<Vec<String>> = g
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.raw.clone()).collect())
        .collect();
    let group_col = rows
        .iter()
        .find_map(|r| r.iter().position(|c| lookup(c) == Some(Role::Group)));
    SheetTable {
        titles,
        rows,
        group_col,
    }
}

/// A number as printed: (value, decimals, percent).
fn number(raw: &str) -> Option<(f64, usize, bool)> {
    let t = raw.trim();
    let (body, percent) = match t.strip_suffix('%') {
        Some(b) => (b, true),
        None => (t, false),
    };
    let ok = !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.matches('.').count() <= 1
        && !body.starts_with('.')
        && !(body.len() > 1 && body.starts_with('0') && !body.starts_with("0."));
    if !ok {
        return None;
    }
    let decimals = body.find('.').map_or(0, |i| body.len() - i - 1);
    let v: f64 = body.parse().ok()?;
    Some((if percent { v / 100.0 } else { v }, decimals, percent))
}

fn number_format(decimals: usize, percent: bool) -> String {
    let mut f = String::from("0");
    if decimals > 0 {
        f.push('.');
        f.push_str(&"0".repeat(decimals));
    }
    if percent {
        f.push('%');
    }
    f
}

fn width(t: &SheetTable) -> usize {
    t.rows.iter().map(Vec::len).max().unwrap_or(1).max(1)
}

/// Whether a row is a title: one value, the rest empty.
fn lone(row: &[String]) -> Option<&str> {
    let mut it = row.iter().filter(|c| !c.trim().is_empty());
    let first = it.next()?;
    it.next().is_none().then_some(first.as_str())
}

fn write_xlsx(tables: &[SheetTable], path: &Path) {
    let mut wb = Workbook::new();
    for (k, t) in tables.iter().enumerate() {
        let ws = wb.add_worksheet();
        ws.set_name(format!("表{}", k + 1)).unwrap();
        let w = width(t) as u16;
        let mut r: u32 = 0;
        for title in &t.titles {
            if w > 1 {
                ws.merge_range(r, 0, r, w - 1, title, &Format::new())
                    .unwrap();
            } else {
                ws.write_string(r, 0, title).unwrap();
            }
            r += 1;
        }
        for row in &t.rows {
            if let (Some(title), true) = (
                lone(row),
                w > 1 && row.first().is_some_and(|c| !c.trim().is_empty()),
            ) {
                ws.merge_range(r, 0, r, w - 1, title, &Format::new())
                    .unwrap();
                r += 1;
                continue;
            }
            for (c, raw) in row.iter().enumerate() {
                let c = c as u16;
                match number(raw) {
                    Some((v, d, p)) => {
                        ws.write_number_with_format(
                            r,
                            c,
                            v,
                            &Format::new().set_num_format(number_format(d, p)),
                        )
                        .unwrap();
                    }
                    None if raw.trim().is_empty() => {}
                    None => {
                        ws.write_string(r, c, raw.trim()).unwrap();
                    }
                }
            }
            r += 1;
        }
    }
    wb.save(path).unwrap();
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn ods_cell(raw: &str, span: usize) -> String {
    let spanned = if span > 1 {
        format!(" table:number-columns-spanned=\"{span}\"")
    } else {
        String::new()
    };
    let covered = if span > 1 {
        format!(
            "<table:covered-table-cell table:number-columns-repeated=\"{}\"/>",
            span - 1
        )
    } else {
        String::new()
    };
    let paras: String = raw
        .trim()
        .split('\n')
        .map(|p| format!("<text:p>{}</text:p>", xml_escape(p.trim())))
        .collect();
    match number(raw) {
        Some((v, _, true)) => format!("<table:table-cell{spanned} office:value-type=\"percentage\" office:value=\"{v}\">{paras}</table:table-cell>{covered}"),
        Some((v, _, false)) => format!("<table:table-cell{spanned} office:value-type=\"float\" office:value=\"{v}\">{paras}</table:table-cell>{covered}"),
        None if raw.trim().is_empty() => "<table:table-cell/>".to_string(),
        None => format!("<table:table-cell{spanned} office:value-type=\"string\">{paras}</table:table-cell>{covered}"),
    }
}

fn write_zip(path: &Path, entries: &[(&str, String)]) {
    let file = fs::File::create(path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (i, (name, body)) in entries.iter().enumerate() {
        zip.start_file(*name, if i == 0 { stored } else { deflated })
            .unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

fn write_ods(tables: &[SheetTable], path: &Path) {
    let mut body = String::new();
    for (k, t) in tables.iter().enumerate() {
        let w = width(t);
        body.push_str(&format!("<table:table table:name=\"表{}\">", k + 1));
        for title in &t.titles {
            body.push_str(&format!(
                "<table:table-row>{}</table:table-row>",
                ods_cell(title, w)
            ));
        }
        for row in &t.rows {
            body.push_str("<table:table-row>");
            match lone(row) {
                Some(title) if w > 1 && row.first().is_some_and(|c| !c.trim().is_empty()) => {
                    body.push_str(&ods_cell(title, w))
                }
                _ => row.iter().for_each(|raw| body.push_str(&ods_cell(raw, 1))),
            }
            body.push_str("</table:table-row>");
        }
        body.push_str("</table:table>");
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
         xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
        <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
        <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";
    write_zip(
        path,
        &[
            (
                "mimetype",
                "application/vnd.oasis.opendocument.spreadsheet".to_string(),
            ),
            ("META-INF/manifest.xml", manifest.to_string()),
            ("content.xml", content),
        ],
    );
}

/// The bulletin in reading order: prose lines and tables.
enum Piece {
    Line(String),
    Table(SheetTable),
}

fn pieces(text: &str, segments: &[Segment]) -> Vec<Piece> {
    let _ = text;
    let mut out = Vec::new();
    for seg in segments {
        match seg {
            Segment::Prose(lines) => out.extend(lines.iter().map(|l| Piece::Line(l.raw.clone()))),
            Segment::Grid(g) if recognize(g, 1, None).is_some() => {
                out.push(Piece::Table(SheetTable {
                    titles: Vec::new(),
                    ..sheet_table(g)
                }))
            }
            // Not a table (a contents page): its rows stay tab-separated lines.
            Segment::Grid(g) => out.extend(g.rows.iter().map(|r| {
                Piece::Line(
                    r.iter()
                        .map(|c| c.raw.as_str())
                        .collect::<Vec<_>>()
                        .join("\t"),
                )
            })),
        }
    }
    out
}

fn docx_para(text: &str) -> String {
    let runs: Vec<String> = text
        .split('\t')
        .map(|part| {
            format!(
                "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                xml_escape(part)
            )
        })
        .collect();
    format!("<w:p>{}</w:p>", runs.join("<w:r><w:tab/></w:r>"))
}

fn write_docx(pieces: &[Piece], path: &Path) {
    let mut body = String::new();
    for p in pieces {
        match p {
            Piece::Line(l) => body.push_str(&docx_para(l)),
            Piece::Table(t) => {
                let w = width(t);
                body.push_str("<w:tbl>");
                for (r, row) in t.rows.iter().enumerate() {
                    body.push_str("<w:tr>");
                    if let (Some(title), true) = (
                        lone(row),
                        w > 1 && row.first().is_some_and(|c| !c.trim().is_empty()),
                    ) {
                        body.push_str(&format!(
                            "<w:tc><w:tcPr><w:gridSpan w:val=\"{w}\"/></w:tcPr>{}</w:tc>",
                            docx_para(title)
                        ));
                        body.push_str("</w:tr>");
                        continue;
                    }
                    for (c, raw) in row.iter().enumerate() {
                        // A group label printed once stands merged down its group's rows.
                        let merge = if Some(c) == t.group_col && r > 0 {
                            if raw.trim().is_empty() {
                                "<w:tcPr><w:vMerge/></w:tcPr>"
                            } else {
                                "<w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>"
                            }
                        } else {
                            ""
                        };
                        let paras: String = raw
                            .trim()
                            .split('\n')
                            .map(|p| docx_para(p.trim()))
                            .collect();
                        body.push_str(&format!("<w:tc>{merge}{paras}</w:tc>"));
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
            }
        }
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let types = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
        <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
        <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
        <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
    write_zip(
        path,
        &[
            ("[Content_Types].xml", types.to_string()),
            ("_rels/.rels", rels.to_string()),
            ("word/document.xml", document),
        ],
    );
}

fn write_html(pieces: &[Piece], path: &Path) {
    let mut body = String::new();
    for p in pieces {
        match p {
            Piece::Line(l) if l.contains('\t') => {
                body.push_str(&format!("<pre>{}</pre>\n", xml_escape(l)));
            }
            Piece::Line(l) => body.push_str(&format!("<p>{}</p>\n", xml_escape(l))),
            Piece::Table(t) => {
                let w = width(t);
                body.push_str("<table border=\"1\">\n");
                for (r, row) in t.rows.iter().enumerate() {
                    body.push_str("<tr>");
                    if let (Some(title), true) = (
                        lone(row),
                        w > 1 && row.first().is_some_and(|c| !c.trim().is_empty()),
                    ) {
                        body.push_str(&format!(
                            "<td colspan=\"{w}\">{}</td></tr>\n",
                            xml_escape(title)
                        ));
                        continue;
                    }
                    for (c, raw) in row.iter().enumerate() {
                        if Some(c) == t.group_col && r > 0 {
                            if raw.trim().is_empty() {
                                continue; // covered by the rowspan above
                            }
                            let span = 1 + t.rows[r + 1..]
                                .iter()
                                .take_while(|x| x.get(c).is_some_and(|v| v.trim().is_empty()))
                                .count();
                            body.push_str(&format!(
                                "<td rowspan=\"{span}\">{}</td>",
                                xml_escape(raw.trim())
                            ));
                            continue;
                        }
                        let tag = if r == 0 { "th" } else { "td" };
                        body.push_str(&format!(
                            "<{tag}>{}</{tag}>",
                            xml_escape(raw.trim()).replace('\n', "<br>")
                        ));
                    }
                    body.push_str("</tr>\n");
                }
                body.push_str("</table>\n");
            }
        }
    }
    let page = format!(
        "<!DOCTYPE html>\n<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">\
         <title>12345</title><script>var tracker = 1;</script></head>\n<body>\n{body}</body></html>\n"
    );
    let (bytes, _, _) = encoding_rs::GBK.encode(&page);
    fs::write(path, bytes).unwrap();
}

fn write_json(tables: &[SheetTable], path: &Path) {
    let sheets: Vec<serde_json::Value> = tables
        .iter()
        .map(|t| serde_json::json!({ "titles": t.titles, "rows": t.rows, "width": width(t) }))
        .collect();
    fs::write(path, serde_json::to_string_pretty(&sheets).unwrap()).unwrap();
}

fn main() {
    for dir in [
        "fixtures/sheets",
        "fixtures/docs",
        "fixtures/web",
        "target/fixture-tables",
    ] {
        fs::create_dir_all(dir).unwrap();
    }
    for seed in SEEDS {
        let text = fs::read_to_string(format!("fixtures/{seed}.txt")).unwrap();
        let segments = segment(&text, seed, &is_header_cell);
        let t = tables(&segments);
        write_xlsx(&t, Path::new(&format!("fixtures/sheets/{seed}.xlsx")));
        write_ods(&t, Path::new(&format!("fixtures/sheets/{seed}.ods")));
        write_json(&t, Path::new(&format!("target/fixture-tables/{seed}.json")));
        let p = pieces(&text, &segments);
        write_docx(&p, Path::new(&format!("fixtures/docs/{seed}.docx")));
        write_html(&p, Path::new(&format!("fixtures/web/{seed}.html")));
        println!("{seed}: {} tables", t.len());
    }
}
