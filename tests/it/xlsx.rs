//! rexian's own .xlsx reader on hostile workbooks: each is one clear error or its cells,
//! never a panic, never memory or time out of proportion to its bytes.

use std::io::Write;

use rexian::grid::Segment;
use rexian::source::sheet::workbook_read;

/// A workbook of one sheet (`Sheet1`) holding `sheet` as its XML, with `strings` as its
/// shared strings when given.
fn workbook(sheet: &[u8], strings: Option<&str>) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut part = |name: &str, body: &[u8]| {
        zip.start_file(name, opts).unwrap();
        zip.write_all(body).unwrap();
    };
    part(
        "[Content_Types].xml",
        b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
    );
    part(
        "_rels/.rels",
        b"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
          <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
    );
    part(
        "xl/workbook.xml",
        b"<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
          <sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
    );
    part(
        "xl/_rels/workbook.xml.rels",
        b"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
          <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
    );
    part("xl/worksheets/sheet1.xml", sheet);
    if let Some(s) = strings {
        part("xl/sharedStrings.xml", s.as_bytes());
    }
    zip.finish().unwrap().into_inner()
}

/// A sheet's XML around the given `sheetData` rows (and what follows it).
fn sheet(rows: &str, after: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
         <sheetData>{rows}</sheetData>{after}</worksheet>"
    )
    .into_bytes()
}

const STRINGS: &str = "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"2\" uniqueCount=\"2\"><si><t>单位</t></si><si><t>受理量</t></si></sst>";

/// Every cell of the segments: (place, raw text).
fn cells(segments: &[Segment]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for s in segments {
        match s {
            Segment::Grid(g) => {
                for c in g.rows.iter().flatten().filter(|c| !c.is_empty()) {
                    out.push((c.at.to_string(), c.raw.clone()));
                }
            }
            Segment::Prose(lines) => {
                out.extend(lines.iter().map(|l| (l.at.to_string(), l.raw.clone())));
            }
        }
    }
    out
}

fn read(bytes: &[u8]) -> Result<Vec<(String, String)>, String> {
    workbook_read(bytes, "t.xlsx", &|_| false)
        .map(|(segments, _)| cells(&segments))
        .map_err(|e| e.to_string())
}

#[test]
fn xlsx_a_truncated_zip_is_an_error_at_every_length() {
    let whole = std::fs::read("fixtures/sheets/miyun-2022-06.xlsx").unwrap();
    for len in (0..whole.len()).step_by(37) {
        if let Err(e) = read(&whole[..len]) {
            assert!(
                e.starts_with("cannot read spreadsheet") || e.starts_with("empty"),
                "{len}: {e}"
            );
        }
    }
    assert_eq!(
        read(&whole[..whole.len() / 2]).unwrap_err(),
        "cannot read spreadsheet: a broken zip (truncated?): invalid Zip archive: Could not find EOCD"
    );
}

#[test]
fn xlsx_a_sheet_cut_in_half_is_an_error_naming_the_sheet() {
    let full = sheet(
        &(1..=200)
            .map(|r| format!("<row r=\"{r}\"><c r=\"A{r}\" t=\"s\"><v>0</v></c><c r=\"B{r}\"><v>{r}</v></c></row>"))
            .collect::<String>(),
        "",
    );
    assert_eq!(read(&workbook(&full, Some(STRINGS))).unwrap().len(), 400);
    for cut in [full.len() / 2, full.len() / 3, full.len() - 20, 60] {
        let e = read(&workbook(&full[..cut], Some(STRINGS))).unwrap_err();
        assert!(
            e.starts_with("cannot read spreadsheet: sheet Sheet1: "),
            "{cut}: {e}"
        );
    }
    // Cut between two rows: the end of sheetData is missing.
    let at = full.windows(6).position(|w| w == b"</row>").unwrap() + 6;
    assert_eq!(
        read(&workbook(&full[..at], Some(STRINGS))).unwrap_err(),
        "cannot read spreadsheet: sheet Sheet1: Unexpected end of xml, expecting '</sheetData>'"
    );
}

#[test]
fn xlsx_cell_references_past_the_grid_and_overflowing() {
    // Past Excel's last column and row: read where it says (as calamine did).
    let got = read(&workbook(
        &sheet(
            "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"XFE1048577\"><v>2</v></c></row>",
            "",
        ),
        None,
    ))
    .unwrap();
    assert_eq!(got, vec![("t.xlsx#Sheet1!A1".to_string(), "1".to_string())]);
    // The far cell is beyond the 512 columns kept from the first: left out, no panic.
    let got = read(&workbook(
        &sheet("<row><c r=\"XFE1048577\"><v>2</v></c></row>", ""),
        None,
    ))
    .unwrap();
    assert_eq!(
        got,
        vec![("t.xlsx#Sheet1!XFE1048577".to_string(), "2".to_string())]
    );
    // A row number past u32 is an error, not a wrapped-around row.
    assert_eq!(
        read(&workbook(
            &sheet("<row><c r=\"A99999999999\"><v>2</v></c></row>", ""),
            None
        ))
        .unwrap_err(),
        "cannot read spreadsheet: sheet Sheet1: row number overflow"
    );
    assert_eq!(
        read(&workbook(
            &sheet("<row><c r=\"A0\"><v>2</v></c></row>", ""),
            None
        ))
        .unwrap_err(),
        "cannot read spreadsheet: sheet Sheet1: Range is missing the expected row component."
    );
}

#[test]
fn xlsx_a_shared_string_index_out_of_range_is_an_error() {
    let bytes = workbook(
        &sheet(
            "<row><c r=\"A1\" t=\"s\"><v>1</v></c><c r=\"B1\" t=\"s\"><v>2</v></c></row>",
            "",
        ),
        Some(STRINGS),
    );
    assert_eq!(
        read(&bytes).unwrap_err(),
        "cannot read spreadsheet: sheet Sheet1: Cell string index not found in shared strings table"
    );
    let bytes = workbook(
        &sheet(
            "<row><c r=\"A1\" t=\"s\"><v>99999999999999999999999</v></c></row>",
            "",
        ),
        Some(STRINGS),
    );
    // An index that does not parse reads as 0 (as calamine).
    assert_eq!(read(&bytes).unwrap()[0].1, "单位");
}

#[test]
fn xlsx_a_million_rows_claimed_by_a_small_file_cost_nothing() {
    let start = std::time::Instant::now();
    let bytes = workbook(
                    "<worksheet><dimension ref=\"A1:XFD1048576\"/><sheetData>\
             <row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>\
             <row r=\"1048576\"><c r=\"A1048576\"><v>7</v></c><c r=\"B1048576\"><v>8</v></c></row></sheetData>\
             <mergeCells count=\"1\"><mergeCell ref=\"A1:XFD1048576\"/></mergeCells></worksheet>"
            .as_bytes(),
        Some(STRINGS),
    );
    assert!(bytes.len() < 2048, "{}", bytes.len());
    let got = read(&bytes).unwrap();
    // Two rows and the empty row between them (which the merged title fills), not a
    // million.
    assert_eq!(got.len(), 6, "{got:?}");
    assert_eq!(
        got[2],
        ("t.xlsx#Sheet1!A1048575".to_string(), "单位".to_string())
    );
    assert_eq!(
        got[5],
        ("t.xlsx#Sheet1!B1048576".to_string(), "8".to_string())
    );
    assert!(start.elapsed().as_secs() < 2);
    // A dimension that does not read is an error (as calamine).
    let e = read(&workbook(
        b"<worksheet><dimension ref=\"A1:B2:C3\"/><sheetData/></worksheet>",
        None,
    ))
    .unwrap_err();
    assert_eq!(
        e,
        "cannot read spreadsheet: sheet Sheet1: Range dimension must be lower than 2. Got 3"
    );
}

#[test]
fn xlsx_merged_regions_are_expanded_and_a_broken_one_drops_them_all() {
    let rows = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>\
                <row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"B2\"><v>2</v></c><c r=\"C2\"><v>3</v></c></row>";
    let merged = read(&workbook(
        &sheet(
            rows,
            "<mergeCells count=\"1\"><mergeCell ref=\"B1:C1\"/></mergeCells>",
        ),
        Some(STRINGS),
    ))
    .unwrap();
    assert_eq!(
        merged[..3].iter().map(|c| c.1.as_str()).collect::<Vec<_>>(),
        ["单位", "受理量", "受理量"]
    );
    assert_eq!(merged[2].0, "t.xlsx#Sheet1!C1");
    // A region that does not read: no region is expanded, the cells are kept.
    let broken = read(&workbook(
        &sheet(
            rows,
            "<mergeCells count=\"2\"><mergeCell ref=\"B1:C1\"/><mergeCell ref=\"A1:?\"/></mergeCells>",
        ),
        Some(STRINGS),
    ))
    .unwrap();
    assert_eq!(broken.len(), 5, "{broken:?}");
}

#[test]
fn xlsx_markup_the_fast_reader_leaves_reads_the_same() {
    let plain = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>甲 乙</t></is></c><c r=\"B1\"><v>12</v></c></row>";
    let marked =
        "<row r=\"1\"><!-- a note --><c r=\"A1\" t=\"inlineStr\"><is><t>甲&#32;乙</t></is></c>\
                  <c r=\"B1\"><v><![CDATA[12]]></v></c></row>";
    let a = read(&workbook(&sheet(plain, ""), None)).unwrap();
    assert_eq!(a[0].1, "甲 乙");
    let b = read(&workbook(&sheet(marked, ""), None)).unwrap();
    assert_eq!(b[0], a[0]);
    // CDATA as a number's first event reads as nothing (as calamine).
    assert_eq!(b.len(), 1, "{b:?}");
    // An end tag without its start is an error.
    let e = read(&workbook(&sheet("<row></row></row></row></row>", ""), None)).unwrap_err();
    assert!(
        e.starts_with("cannot read spreadsheet: sheet Sheet1: Xml error"),
        "{e}"
    );
}

#[test]
fn xlsx_random_bytes_in_every_part_never_panic() {
    // A small deterministic generator: the same bytes on every run.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let base = String::from_utf8(sheet(
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" s=\"0\"><v>1.5</v></c></row>",
        "<mergeCells><mergeCell ref=\"A1:B1\"/></mergeCells>",
    ))
    .unwrap();
    for _ in 0..300 {
        let mut bytes = base.clone().into_bytes();
        for _ in 0..3 {
            let at = (next() as usize) % bytes.len();
            bytes[at] = b"<>/\"=&;:x0 A"[(next() as usize) % 12];
        }
        let _ = read(&workbook(&bytes, Some(STRINGS)));
    }
}
