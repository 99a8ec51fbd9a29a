//! Every input format goes through the same recognizer: each seed's spreadsheet (xlsx,
//! ods, a real xls), Word and web forms give the same values as its text, and bad files
//! give one clear error each while the batch goes on.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

use rexian::ingest::{read_all, Outcome};
use rexian::model::Document;
use rexian::profile::Profiles;
use rexian::source::Input;
use rust_decimal::Decimal;

const SEEDS: &[&str] = &[
    "beijing-2020-annual",
    "junshan-2021-q3",
    "kecheng-2019-q4",
    "miyun-2022-06",
    "ruzhou-2022-07",
];

fn ingest(paths: &[String]) -> Outcome {
    let inputs: Vec<Input> = paths.iter().map(|p| Input::File(p.into())).collect();
    read_all(&inputs, None, &Profiles::builtin())
}

fn one(path: &str) -> Document {
    let mut out = ingest(&[path.to_string()]);
    assert!(out.failures.is_empty(), "{path}: {:?}", out.failures);
    out.documents.remove(0)
}

/// (table, group, unit, metric) → values. With `numeric`, values compare as numbers (an
/// .xls cannot say that 100% was printed 100.00%).
fn values(
    doc: &Document,
    tables_only: bool,
    numeric: bool,
) -> BTreeMap<(usize, String, String, &'static str), Vec<String>> {
    let mut out: BTreeMap<_, Vec<String>> = BTreeMap::new();
    let norm = |v: String| {
        if numeric {
            Decimal::from_str(&v)
                .map(|d| d.normalize().to_string())
                .unwrap_or(v)
        } else {
            v
        }
    };
    if !tables_only {
        for h in &doc.headline {
            out.entry((0, String::new(), h.unit.clone(), h.value.metric.key()))
                .or_default()
                .push(norm(h.value.value.to_string()));
        }
    }
    for t in &doc.tables {
        for r in &t.rows {
            for v in &r.values {
                out.entry((
                    t.index,
                    r.group.clone().unwrap_or_default(),
                    r.unit.clone(),
                    v.metric.key(),
                ))
                .or_default()
                .push(norm(v.value.to_string()));
            }
        }
    }
    out
}

fn assert_same(form: &str, seed: &str, tables_only: bool, numeric: bool) {
    let text = one(&format!("fixtures/{seed}.txt"));
    let other = one(form);
    let (a, b) = (
        values(&text, tables_only, numeric),
        values(&other, tables_only, numeric),
    );
    assert!(a.len() > 10, "{seed}");
    assert_eq!(a, b, "{form} differs from fixtures/{seed}.txt");
}

#[test]
fn formats_xlsx_gives_the_text_tables_values() {
    for seed in SEEDS {
        assert_same(&format!("fixtures/sheets/{seed}.xlsx"), seed, true, false);
    }
}

#[test]
fn formats_ods_gives_the_text_tables_values() {
    for seed in SEEDS {
        assert_same(&format!("fixtures/sheets/{seed}.ods"), seed, true, false);
    }
}

#[test]
fn formats_real_xls_gives_the_text_tables_values() {
    for seed in ["miyun-2022-06", "ruzhou-2022-07"] {
        assert_same(&format!("fixtures/sheets/{seed}.xls"), seed, true, true);
    }
}

#[test]
fn formats_docx_gives_every_value_of_the_text() {
    for seed in SEEDS {
        assert_same(&format!("fixtures/docs/{seed}.docx"), seed, false, false);
    }
}

#[test]
fn formats_html_gives_every_value_of_the_text() {
    for seed in SEEDS {
        assert_same(&format!("fixtures/web/{seed}.html"), seed, false, false);
    }
}

/// Every form of each seed, its text first.
fn forms(seed: &str) -> Vec<String> {
    let mut out = vec![
        format!("fixtures/{seed}.txt"),
        format!("fixtures/docs/{seed}.docx"),
        format!("fixtures/web/{seed}.html"),
        format!("fixtures/sheets/{seed}.xlsx"),
        format!("fixtures/sheets/{seed}.ods"),
    ];
    let xls = format!("fixtures/sheets/{seed}.xls");
    if Path::new(&xls).exists() {
        out.push(xls);
    }
    out
}

#[test]
fn formats_every_form_gives_the_same_jurisdiction_period_and_profiles() {
    for seed in SEEDS {
        let identity = |d: &Document| {
            let mut profiles: Vec<String> =
                d.tables.iter().filter_map(|t| t.profile.clone()).collect();
            profiles.sort();
            profiles.dedup();
            (
                d.jurisdiction.clone(),
                d.jurisdiction_code.clone(),
                d.period.as_ref().map(|p| p.label.clone()),
                profiles,
            )
        };
        let all = forms(seed);
        let text = identity(&one(&all[0]));
        assert!(text.0.is_some() && text.2.is_some(), "{seed}: {text:?}");
        for form in &all[1..] {
            assert_eq!(identity(&one(form)), text, "{form} against {}", all[0]);
        }
    }
}

#[test]
fn formats_keep_provenance_of_their_own_kind() {
    let xlsx = one("fixtures/sheets/miyun-2022-06.xlsx");
    let v = &xlsx.tables[0].rows[0].values[2];
    assert_eq!(
        (v.as_printed.as_str(), v.at.to_string().as_str()),
        ("100.00%", "fixtures/sheets/miyun-2022-06.xlsx#表1!D5")
    );
    let docx = one("fixtures/docs/junshan-2021-q3.docx");
    assert!(docx.tables[3].rows[0]
        .at
        .to_string()
        .starts_with("fixtures/docs/junshan-2021-q3.docx#table4!A"));
    // The zipped XML of a .docx is UTF-8; a PDF has no one text encoding.
    assert_eq!(docx.encoding, "UTF-8");
    let html = one("fixtures/web/ruzhou-2022-07.html");
    assert_eq!(html.encoding, "GBK");
    assert_eq!(html.jurisdiction.as_deref(), Some("汝州市"));
}

#[test]
fn formats_csv_and_tsv_in_any_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "七月份市直单位考核评分表,,,,,\n单位,办结率,响应率,满意率,附加分,合计\n公安局,40,20,20,25,105\n商务局,40,20,20,20,100\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(csv);
    std::fs::write(dir.path().join("a.csv"), &gbk).unwrap();
    std::fs::write(dir.path().join("b.tsv"), csv.replace(',', "\t")).unwrap();
    for name in ["a.csv", "b.tsv"] {
        let doc = one(dir.path().join(name).to_str().unwrap());
        let t = &doc.tables[0];
        assert_eq!(
            t.title.as_deref(),
            Some("七月份市直单位考核评分表"),
            "{name}"
        );
        assert_eq!(t.rows[0].values.len(), 5, "{name}");
        assert_eq!(t.rows[1].values[4].value.to_string(), "100", "{name}");
        assert_eq!(
            t.rows[1].values[4].at,
            format!("{}:4", dir.path().join(name).display())
        );
    }
}

#[test]
fn formats_bad_files_are_one_clear_error_each_and_the_batch_goes_on() {
    let paths: Vec<String> = [
        "tests/data/bad/truncated.xlsx",
        "tests/data/bad/password-protected.xlsx",
        "tests/data/bad/not-a-zip.docx",
        "tests/data/bad/no-table.html",
        "fixtures/sheets/ruzhou-2022-07.xlsx",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let out = ingest(&paths);
    let errors: BTreeMap<&str, &str> = out
        .failures
        .iter()
        .map(|f| (f.source.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors["tests/data/bad/truncated.xlsx"].starts_with("cannot read spreadsheet"));
    assert!(errors["tests/data/bad/password-protected.xlsx"].starts_with("password-protected"));
    assert!(errors["tests/data/bad/not-a-zip.docx"].starts_with("not a zip archive"));
    let page = out
        .documents
        .iter()
        .find(|d| d.source.ends_with("no-table.html"))
        .unwrap();
    assert!(page.tables.is_empty());
    let good = out
        .documents
        .iter()
        .find(|d| d.source.ends_with("ruzhou-2022-07.xlsx"))
        .unwrap();
    assert_eq!(good.tables.len(), 4);
}

#[test]
fn formats_a_reader_that_panics_is_one_error() {
    // Regression from the spreadsheet fuzz target: calamine's CFB reader asserts on it.
    let out = ingest(&[
        "tests/data/bad/fuzz-cfb-assert.xls".to_string(),
        "fixtures/sheets/ruzhou-2022-07.xls".to_string(),
    ]);
    assert_eq!(out.failures.len(), 1);
    // Refused now by the compound-file check, before calamine's reader can assert; a reader
    // that still panics is caught the same way (`malformed file: the reader failed`).
    assert!(
        out.failures[0].message.contains("malformed"),
        "{}",
        out.failures[0].message
    );
    assert_eq!(out.documents.len(), 1);
}

#[test]
fn formats_a_zip_bomb_is_refused_before_it_inflates() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.xlsx");
    let file = std::fs::File::create(&path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..600 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    assert!(
        std::fs::metadata(&path).unwrap().len() < 4 << 20,
        "a small file"
    );
    let out = ingest(&[path.to_string_lossy().into_owned()]);
    assert_eq!(out.failures.len(), 1);
    assert!(
        out.failures[0].message.contains("more than the"),
        "{}",
        out.failures[0].message
    );
}

#[test]
fn formats_sniff_stdin_like_bytes_by_their_magic() {
    use rexian::source::{sniff, Kind};
    assert_eq!(
        sniff(&std::fs::read("fixtures/sheets/ruzhou-2022-07.xlsx").unwrap()),
        Kind::Workbook
    );
    assert_eq!(
        sniff(&std::fs::read("fixtures/docs/ruzhou-2022-07.docx").unwrap()),
        Kind::Docx
    );
    assert_eq!(
        sniff(&std::fs::read("fixtures/sheets/ruzhou-2022-07.xls").unwrap()),
        Kind::Workbook
    );
    assert_eq!(sniff(b"<!DOCTYPE html><html>"), Kind::Html);
    assert_eq!(sniff("全区受理".as_bytes()), Kind::Text);
    assert!(Path::new("fixtures/web/ruzhou-2022-07.html").exists());
}

#[test]
fn formats_xlsx_cells_read_as_they_show() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cells.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("评分").unwrap();
    let pct = Format::new().set_num_format("0.00%");
    ws.write_string(0, 0, "单位").unwrap();
    ws.write_string(0, 1, "满意率").unwrap();
    ws.write_string(0, 2, "综合成绩").unwrap();
    ws.write_string(0, 3, "统计日期").unwrap();
    ws.write_string(1, 0, "甲镇").unwrap();
    ws.write_number_with_format(1, 1, 0.9988, &pct).unwrap();
    ws.write_formula(1, 2, "=40+20+20+15").unwrap();
    ws.set_formula_result(1, 2, "95");
    ws.write_datetime_with_format(
        1,
        3,
        ExcelDateTime::from_ymd(2022, 6, 19).unwrap(),
        &Format::new().set_num_format("yyyy-mm-dd"),
    )
    .unwrap();
    ws.write_string(2, 0, "乙镇").unwrap();
    ws.write_string(2, 1, "97.5%").unwrap(); // a number stored as text
    ws.write_number_with_format(2, 2, 96.3, &Format::new().set_num_format("0.00"))
        .unwrap();
    wb.save(&path).unwrap();

    let segments = rexian::source::sheet::workbook_segments(
        &std::fs::read(&path).unwrap(),
        "cells.xlsx",
        &|_| false,
    )
    .unwrap();
    let grid = segments
        .iter()
        .find_map(|s| match s {
            rexian::grid::Segment::Grid(g) => Some(g),
            _ => None,
        })
        .unwrap();
    let row = |r: usize| {
        grid.rows[r]
            .iter()
            .map(|c| c.raw.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        row(1),
        vec!["甲镇", "99.88%", "95", "2022-06-19"],
        "percentage, formula's saved value, ISO date"
    );
    assert_eq!(
        row(2)[1],
        "97.5%",
        "a number stored as text is read like text"
    );
    assert_eq!(row(2)[2], "96.30", "the precision the format shows");
    assert_eq!(grid.rows[1][1].at, "cells.xlsx#评分!B2");
}

/// The PDF forms of each seed: fonts not embedded (CID, UniGB-UCS2-H, no ToUnicode) and
/// embedded (TrueType subsets with ToUnicode), tables ruled and borderless.
const PDF_FORMS: &[&str] = &["cid-ruled", "cid-plain", "ttf-ruled", "ttf-plain"];

#[test]
fn formats_pdf_gives_every_value_of_the_text() {
    for seed in SEEDS {
        for form in PDF_FORMS {
            assert_same(
                &format!("fixtures/pdf/{seed}.{form}.pdf"),
                seed,
                false,
                false,
            );
        }
    }
}

#[test]
fn formats_pdf_in_traditional_cid_font_and_encrypted_with_empty_password() {
    assert_same(
        "fixtures/pdf/junshan-2021-q3.tc-ruled.pdf",
        "junshan-2021-q3",
        false,
        false,
    );
    assert_same(
        "fixtures/pdf/ruzhou-2022-07.cid-ruled.encrypted.pdf",
        "ruzhou-2022-07",
        false,
        false,
    );
}

#[test]
fn formats_pdf_keeps_page_and_line_and_the_documents_facts() {
    let text = one("fixtures/miyun-2022-06.txt");
    let pdf = one("fixtures/pdf/miyun-2022-06.ttf-plain.pdf");
    assert_eq!(pdf.encoding, "");
    assert_eq!(pdf.jurisdiction, text.jurisdiction);
    assert_eq!(pdf.period, text.period);
    assert_eq!(pdf.title, text.title);
    let v = &pdf.tables[0].rows[0].values[0];
    assert!(
        v.at.to_string()
            .starts_with("fixtures/pdf/miyun-2022-06.ttf-plain.pdf#p1:L"),
        "{}",
        v.at
    );
}

#[test]
fn formats_pdf_predefined_cmaps_without_to_unicode() {
    let segments = rexian::source::pdf::pdf_segments(
        &std::fs::read("tests/data/pdf-cmap-forms.pdf").unwrap(),
        "cmap-forms.pdf",
        &|_| false,
    )
    .unwrap();
    let text: Vec<String> = segments
        .iter()
        .flat_map(|s| match s {
            rexian::grid::Segment::Prose(lines) => lines.iter().map(|l| l.raw.clone()).collect(),
            _ => Vec::new(),
        })
        .collect();
    // GBK-EUC-H, GB-EUC-H, B5pc-H, ETen-B5-H, UniCNS-UCS2-H, Identity-H over Adobe-GB1.
    assert_eq!(
        text,
        [
            "满意率99.5%",
            "受理工单",
            "滿意率",
            "綜合成績",
            "響應率",
            "办结率"
        ]
    );
}

#[test]
fn formats_bad_pdfs_are_one_clear_error_each_and_the_batch_goes_on() {
    let out = ingest(&[
        "tests/data/bad/scanned.pdf".to_string(),
        "tests/data/bad/encrypted-password.pdf".to_string(),
        "tests/data/bad/truncated.pdf".to_string(),
        "tests/data/bad/ascii-pdf.txt".to_string(),
        "fixtures/pdf/kecheng-2019-q4.cid-plain.pdf".to_string(),
    ]);
    let errors: BTreeMap<&str, &str> = out
        .failures
        .iter()
        .map(|f| (f.source.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(errors.len(), 4, "{errors:?}");
    assert_eq!(
        errors["tests/data/bad/scanned.pdf"],
        "no text layer (scanned?); run OCR first"
    );
    assert!(errors["tests/data/bad/encrypted-password.pdf"].starts_with("password-protected"));
    assert!(errors["tests/data/bad/truncated.pdf"].starts_with("truncated PDF"));
    // A PDF named .txt is read as the PDF it is, never as text.
    assert!(
        !errors["tests/data/bad/ascii-pdf.txt"].contains("text"),
        "{}",
        errors["tests/data/bad/ascii-pdf.txt"]
    );
    assert_eq!(out.documents.len(), 1);
}

#[test]
fn formats_word_97_doc_gives_every_value_of_the_text() {
    for seed in SEEDS {
        assert_same(&format!("fixtures/doc/{seed}.doc"), seed, false, false);
    }
}

#[test]
fn formats_wps_and_et_read_as_word_and_workbook() {
    assert_same(
        "tests/data/ruzhou-2022-07.wps",
        "ruzhou-2022-07",
        false,
        false,
    );
    assert_same("tests/data/ruzhou-2022-07.et", "ruzhou-2022-07", true, true);
    use rexian::source::{sniff, Kind};
    let doc = std::fs::read("fixtures/doc/ruzhou-2022-07.doc").unwrap();
    assert_eq!(
        sniff(&doc),
        Kind::Doc,
        "a compound file with a WordDocument stream"
    );
    assert_eq!(
        sniff(&std::fs::read("fixtures/pdf/ruzhou-2022-07.cid-plain.pdf").unwrap()),
        Kind::Pdf
    );
    // A .doc named .xls is read as the Word document it is.
    let dir = tempfile::tempdir().unwrap();
    let misnamed = dir.path().join("ruzhou.xls");
    std::fs::write(&misnamed, &doc).unwrap();
    let d = one(misnamed.to_str().unwrap());
    assert_eq!(d.tables.len(), 4);
}
