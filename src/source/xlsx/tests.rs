//! Tests of the .xlsx reader.

use super::*;

#[test]
fn xlsx_cell_references_read_and_overflow_is_an_error() {
    assert_eq!(row_and_column("B7").unwrap(), (6, Some(1)));
    assert_eq!(
        row_and_column("xfd1048576").unwrap(),
        (1_048_575, Some(16_383))
    );
    assert_eq!(
        row_and_column("XFE1048577").unwrap(),
        (1_048_576, Some(16_384))
    );
    assert_eq!(row_and_column("12").unwrap(), (11, None));
    assert!(matches!(
        row_and_column("A99999999999"),
        Err(XlsxError::RowNumberOverflow)
    ));
    assert!(matches!(
        row_and_column("ZZZZZZZZ1"),
        Err(XlsxError::ColumnNumberOverflow)
    ));
    assert!(matches!(
        row_and_column("A0"),
        Err(XlsxError::RangeWithoutRowComponent)
    ));
    assert!(matches!(
        row_and_column("A-1"),
        Err(XlsxError::Alphanumeric(b'-'))
    ));
    assert_eq!(dimension("A1:C2").unwrap(), ((0, 0), (1, 2)));
    assert!(matches!(
        dimension("A1:B2:C3"),
        Err(XlsxError::DimensionCount(3))
    ));
}

#[test]
fn xlsx_excel_escapes_are_read() {
    assert_eq!(unescape_xml("a_x000D_b"), "a\rb");
    assert_eq!(unescape_xml("_x005F_x000D_"), "_x000D_");
    assert_eq!(unescape_xml("_xD83D__xDCF7_"), "\u{1F4F7}");
    assert_eq!(unescape_xml("_xD83D_"), "\u{FFFD}");
    assert_eq!(unescape_xml("plain_x00"), "plain_x00");
    assert_eq!(trim_xml_space(" \t甲镇\u{a0}\r\n"), "甲镇\u{a0}");
    assert_eq!(trim_xml_space(" \n "), "");
}

#[test]
fn xlsx_date_formats_are_told_from_numbers() {
    assert_eq!(date_kind_of_code("yyyy-mm-dd"), DateKind::DateTime);
    assert_eq!(date_kind_of_code("[h]:mm:ss"), DateKind::TimeDelta);
    assert_eq!(date_kind_of_code("0.00%"), DateKind::Other);
    assert_eq!(date_kind_of_code("\"第\"0\"名\""), DateKind::Other);
    assert_eq!(builtin_date_kind("14"), DateKind::DateTime);
    assert_eq!(builtin_date_kind("10"), DateKind::Other);
    assert_eq!(builtin_format_code(10), Some("0.00%"));
    assert_eq!(parse_index("007"), Some(7));
    assert_eq!(parse_index("+7"), None);
    assert_eq!(parse_index("99999999999999999999999"), None);
}

/// A sheet's cells and merged regions, or the error's text, as `sheet_pass` reads
/// them through `xml`.
fn pass_with<'i, X: XmlEvents<'i>>(xml: &mut X, ctx: &Ctx<'_>) -> String {
    let mut cells = Vec::new();
    let mut add = |r: u32, c: u32, t: String| {
        cells.push(format!("{r},{c}={t}"));
        Ok(())
    };
    match sheet_pass(xml, ctx, &mut add) {
        Ok(regions) => format!("{cells:?} {regions:?}"),
        Err(e) => format!("{cells:?} error: {e}"),
    }
}

#[test]
fn xlsx_fast_reader_reads_as_quick_xml_or_leaves_it_to_quick_xml() {
    let strings = vec!["甲镇".to_string(), " 乙镇 ".to_string()];
    let xfs = vec![
        Xf {
            kind: DateKind::Other,
            shape: GENERAL,
        },
        Xf {
            kind: DateKind::Other,
            shape: (Some(2), true),
        },
        Xf {
            kind: DateKind::DateTime,
            shape: GENERAL,
        },
    ];
    let ctx = Ctx {
        strings: &strings,
        xfs: &xfs,
        is_1904: false,
    };
    let sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
        <worksheet xmlns=\"m\" xmlns:r=\"r\"><dimension ref=\"A1:D3\"/><sheetData>\
        <row r=\"1\" spans=\"1:4\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" s=\"1\"><v>0.9988</v></c>\
        <c r=\"C1\" s=\"2\"><v>44731</v></c><c r=\"D1\" t=\"b\"><v>1</v></c></row>\
        <row><c t=\"s\"><v>1</v></c><c t=\"str\"><f>A1</f><v>a_x000D_b\r\nc</v></c>\
        <c t=\"e\"><v>#N/A</v></c><c><v> 7 </v></c><c r=\"E2\"/></row>\
        <x:row r=\"3\"><x:c r=\"A3\" t='inlineStr'><x:is><x:t xml:space=\"preserve\"> 丙 </x:t></x:is></x:c></x:row>\
        </sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:D1\"/></mergeCells>\
        <pageMargins left=\"0.7\"/></worksheet>";
    let whole = pass_with(&mut FastReader::new(sheet.as_bytes()), &ctx);
    assert!(
        whole.contains("0,1=99.88%") && whole.contains("0,2=2022-06-19"),
        "{whole}"
    );
    assert!(
        whole.contains(r"1,1=a\rb\nc") && whole.contains("2,0= 丙 "),
        "{whole}"
    );
    assert!(whole.ends_with("[((0, 0), (0, 3))]"), "{whole}");
    // Every cut of the sheet, and variants the fast reader leaves to quick-xml.
    let mut cases: Vec<String> = (0..sheet.len())
        .filter(|&n| sheet.is_char_boundary(n))
        .map(|n| sheet[..n].to_string())
        .collect();
    cases.extend([
        sheet.replace("<v>0</v>", "<v>0</v><!-- note -->"),
        sheet.replace("a_x000D_b", "a&amp;b"),
        sheet.replace("</row>", "</row></row>"),
        sheet.replace("r=\"B1\"", "r=\"B1>\""),
        sheet.replace("<v>1</v>", "<v><![CDATA[1]]></v>"),
        sheet.replace("<c t=\"e\"><v>#N/A</v></c>", "<c t=\"e\"><v>#BAD</v></c>"),
        sheet.replace("r=\"A3\"", "r=\"A99999999999\""),
        sheet.replace("<v>1</v></c><c t=\"str\">", "<v>9</v></c><c t=\"str\">"),
        sheet.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\""),
        format!("\u{feff}{sheet}"),
    ]);
    let mut fast_read = 0;
    for case in &cases {
        let mut fast = FastReader::new(case.as_bytes());
        let got = pass_with(&mut fast, &ctx);
        let want = pass_with(&mut xml_reader(case.as_bytes()), &ctx);
        if !fast.bailed {
            fast_read += 1;
            assert_eq!(got, want, "{case}");
        }
    }
    // The cuts that end outside every element (and the whole sheet) read fast.
    assert!(fast_read >= 40, "{fast_read}");
    let mut fast = FastReader::new(sheet.as_bytes());
    pass_with(&mut fast, &ctx);
    assert!(!fast.bailed);
}

/// The cells and merged regions calamine gave for every sheet of a workbook, as
/// rexian read them before this reader (values and style ids in one pass, each
/// number shown in its style's format).
fn calamine_cells(bytes: &[u8]) -> Vec<String> {
    use calamine::Reader;
    let mut x = calamine::Xlsx::new(Cursor::new(bytes)).unwrap();
    let names = x.sheet_names();
    let mut out = Vec::new();
    for name in names {
        let merges = x.merge_cells_by_sheet_name(&name).unwrap_or_default();
        let mut reader = x.worksheet_cells_reader(&name).unwrap();
        while let Some((c, style)) = reader.next_cell_with_style_id().unwrap() {
            let (r, col) = c.get_position();
            let format = reader
                .styles()
                .get(style)
                .and_then(|st| st.number_format.as_ref())
                .map(|f| f.format_code.clone());
            let text = cell_text(&Data::from(c.get_value().clone()), format.as_deref());
            if !text.is_empty() {
                out.push(format!("{name}!{r},{col}={text}"));
            }
        }
        out.push(format!(
            "{name} merges {:?}",
            merges.iter().map(|d| (d.start, d.end)).collect::<Vec<_>>()
        ));
    }
    out
}

fn rexian_cells(bytes: &[u8]) -> Vec<String> {
    let zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut wb = Workbook::open(zip, bytes).unwrap();
    let names: Vec<String> = wb.sheets.iter().map(|s| s.0.clone()).collect();
    let mut out = Vec::new();
    for name in names {
        let mut cells = Vec::new();
        let mut add = |r: u32, c: u32, t: String| {
            cells.push(format!("{name}!{r},{c}={t}"));
            Ok(())
        };
        let merges = wb.read_sheet(&name, &mut add).unwrap();
        out.extend(cells);
        out.push(format!("{name} merges {merges:?}"));
    }
    out
}

#[test]
fn xlsx_cells_read_as_calamine_read_them() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook as Writer};
    let mut wb = Writer::new();
    let ws = wb.add_worksheet();
    ws.set_name("表1 & <二>").unwrap();
    let formats = [
        "0.00%",
        "0%",
        "0.00",
        "#,##0",
        "General",
        "yyyy-mm-dd",
        "h:mm",
        "[h]:mm:ss",
        "0.000_ ;[Red]-0.000",
        "\"第\"0\"名\"",
        "@",
    ];
    let values = [
        0.9988,
        1.0,
        95.3,
        17190.0,
        0.1 + 0.2,
        -0.0,
        44731.5,
        1e-7,
        123.456,
    ];
    for (r, code) in formats.iter().enumerate() {
        let f = Format::new().set_num_format(*code);
        for (c, v) in values.iter().enumerate() {
            ws.write_number_with_format(r as u32, c as u16, *v, &f)
                .unwrap();
        }
    }
    let r = formats.len() as u32;
    ws.write_string(r, 0, "  空格  ").unwrap();
    ws.write_string(r, 1, "a & b <c>").unwrap();
    ws.write_string(r, 2, "line\r\nbreak").unwrap();
    ws.write_boolean(r, 3, true).unwrap();
    ws.write_formula(r, 4, "=1/0").unwrap();
    ws.set_formula_result(r, 4, "#DIV/0!");
    ws.write_formula(r, 5, "=\"x\"&\"y\"").unwrap();
    ws.set_formula_result(r, 5, "xy");
    ws.write_formula(r, 6, "=40+55").unwrap();
    ws.set_formula_result(r, 6, "95");
    ws.write_datetime_with_format(
        r,
        7,
        ExcelDateTime::from_ymd(2022, 6, 19).unwrap(),
        &Format::new().set_num_format("yyyy-mm-dd"),
    )
    .unwrap();
    ws.write_rich_string(
        r + 1,
        0,
        &[(&Format::new().set_bold(), "粗"), (&Format::new(), "细")],
    )
    .unwrap();
    ws.merge_range(r + 2, 0, r + 2, 5, "合并标题", &Format::new())
        .unwrap();
    ws.merge_range(r + 3, 1, r + 5, 1, "纵", &Format::new())
        .unwrap();
    ws.write_string(1_048_575, 16_383, "far").unwrap();
    let second = wb.add_worksheet();
    second.write_number(0, 0, 1.5).unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    assert_eq!(rexian_cells(&bytes), calamine_cells(&bytes));
    let mut fixtures: Vec<std::path::PathBuf> = std::fs::read_dir("fixtures/sheets")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    fixtures.sort();
    assert_eq!(fixtures.len(), 5, "the fixtures' workbooks");
    for fixture in fixtures {
        let bytes = std::fs::read(&fixture).unwrap();
        assert_eq!(rexian_cells(&bytes), calamine_cells(&bytes), "{fixture:?}");
    }
}
