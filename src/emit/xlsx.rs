//! The workbook `rexian.xlsx`: sheets 汇总 (one row per document), 单位 (units.csv),
//! 指标 (metrics.csv), 核查 (checks), 错误 (what was not read, warnings, notes) and 说明
//! (what each column holds), for Excel and WPS. Chinese headers; counts and ranks are
//! integers, rates numbers shown with a `%` at their printed precision, grades text,
//! dates dates, provenance text. Every string is a string cell (no formula can run), and
//! one that a spreadsheet would evaluate if typed in again is marked as text (Excel's
//! quote prefix) without changing it. Frozen header row, autofilter, widths from the
//! contents.
//!
//! Made at the end of a run from documents.json, one document at a time, in
//! rust_xlsxwriter's constant-memory mode: memory does not grow with the corpus. A sheet
//! goes on in a sheet of its own (`指标 2`) past Excel's 1 048 576 rows.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, XlsxError};

use crate::emit::csv_out::{needs_guard, units_header, CHECKS_HEADER, METRICS_HEADER};
use crate::emit::same::{self, SameBulletins};
use crate::emit::summary::{self, summary_header};
use crate::emit::Failure;
use crate::error::FatalError;
use crate::lang::{self, zh, Lang};
use crate::model::{Document, Figure, Metric, MetricKind};

/// The workbook's file name in an output folder.
pub const FILE: &str = "rexian.xlsx";

/// Excel's rows per sheet.
const MAX_ROWS: u32 = 1_048_576;
/// Excel's characters per cell.
const MAX_CHARS: usize = 32_767;
/// Column widths, in characters (a CJK character counts two).
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 48;

/// One cell to write.
enum Cell<'a> {
    Empty,
    Text(&'a str),
    Owned(String),
    Int(usize),
    Number(Decimal, Shape),
    Bool(bool),
    Date(chrono::NaiveDate),
}

/// How a number is shown.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Shape {
    /// A whole number (counts, ranks).
    Whole,
    /// A plain decimal at its printed precision (scores, points, days).
    Plain,
    /// A percentage as the schema writes it (99.88), shown `99.88%`.
    Percent,
}

fn shape_of(m: Metric) -> Shape {
    match m.kind() {
        MetricKind::Count | MetricKind::Rank | MetricKind::RankChange => Shape::Whole,
        MetricKind::Rate | MetricKind::Change => Shape::Percent,
        MetricKind::Decimal | MetricKind::Grade => Shape::Plain,
    }
}

fn figure(m: Metric, f: &Figure) -> Cell<'_> {
    match f {
        Figure::Number(d) => Cell::Number(*d, shape_of(m)),
        Figure::Text(t) => Cell::Text(t),
    }
}

fn text(s: &str) -> Cell<'_> {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s)
    }
}

/// The number formats, one per shape and number of decimals.
struct Formats {
    header: Format,
    quoted: Format,
    date: Format,
    numbers: HashMap<(Shape, u32), Format>,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(0xDDEBF7)
                .set_border_bottom(FormatBorder::Thin),
            quoted: Format::new().set_quote_prefix(),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            numbers: HashMap::new(),
        }
    }

    fn number(&mut self, shape: Shape, scale: u32) -> &Format {
        self.numbers.entry((shape, scale)).or_insert_with(|| {
            let digits = if scale == 0 {
                "0".to_string()
            } else {
                format!("0.{}", "0".repeat(scale as usize))
            };
            Format::new().set_num_format(match shape {
                Shape::Whole | Shape::Plain => digits,
                // A literal `%`: the cell's value stays the schema's 99.88, not 0.9988.
                Shape::Percent => format!("{digits}\"%\""),
            })
        })
    }
}

/// The width a text takes on screen, in characters (CJK and full-width forms count two).
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

/// One sheet being written (and the sheets it goes on in).
struct Sheet {
    name: &'static str,
    headers: Vec<String>,
    index: usize,
    part: u32,
    row: u32,
    widths: Vec<usize>,
}

struct Book {
    wb: Workbook,
    formats: Formats,
    /// Rows per sheet, the header's included ([`MAX_ROWS`]; fewer in the tests).
    max_rows: u32,
}

impl Book {
    fn sheet(&mut self, name: &'static str, keys: &[&str]) -> Result<Sheet, XlsxError> {
        let headers: Vec<String> = keys
            .iter()
            .map(|k| lang::header(k, Lang::Zh).to_string())
            .collect();
        let mut s = Sheet {
            name,
            widths: headers
                .iter()
                .map(|h| display_width(h).clamp(MIN_WIDTH, MAX_WIDTH))
                .collect(),
            headers,
            index: 0,
            part: 1,
            row: 0,
        };
        self.open(&mut s)?;
        Ok(s)
    }

    /// Adds the sheet (or its next part) and writes its header row.
    fn open(&mut self, s: &mut Sheet) -> Result<(), XlsxError> {
        s.index = self.wb.worksheets().len();
        let ws = self.wb.add_worksheet_with_constant_memory();
        if s.part == 1 {
            ws.set_name(s.name)?;
        } else {
            ws.set_name(format!("{} {}", s.name, s.part))?;
        }
        ws.set_freeze_panes(1, 0)?;
        for (c, h) in s.headers.iter().enumerate() {
            ws.write_string_with_format(0, col(c), h, &self.formats.header)?;
        }
        s.row = 1;
        Ok(())
    }

    /// Sets the sheet's widths and autofilter once its rows are written.
    fn close(&mut self, s: &Sheet) -> Result<(), XlsxError> {
        let ws = self.wb.worksheet_from_index(s.index)?;
        for (c, w) in s.widths.iter().enumerate() {
            ws.set_column_width(col(c), (*w + 2) as f64)?;
        }
        let last = s.headers.len().saturating_sub(1);
        ws.autofilter(0, 0, s.row.saturating_sub(1), col(last))?;
        Ok(())
    }

    fn push(&mut self, s: &mut Sheet, cells: &[Cell]) -> Result<(), XlsxError> {
        if s.row == self.max_rows {
            self.close(s)?;
            s.part += 1;
            self.open(s)?;
        }
        let row = s.row;
        let Book { wb, formats, .. } = self;
        let ws = wb.worksheet_from_index(s.index)?;
        for (c, cell) in cells.iter().enumerate() {
            let shown = match cell {
                Cell::Empty => continue,
                Cell::Text(t) => write_text(ws, row, col(c), t, formats)?,
                Cell::Owned(t) => write_text(ws, row, col(c), t, formats)?,
                Cell::Int(n) => {
                    // The cell holds an f64, as every Excel number does (exact below 2^53).
                    ws.write_number_with_format(
                        row,
                        col(c),
                        *n as f64,
                        formats.number(Shape::Whole, 0),
                    )?;
                    n.to_string().len()
                }
                Cell::Number(d, shape) => {
                    let scale = if *shape == Shape::Whole && d.fract().is_zero() {
                        0
                    } else {
                        d.scale()
                    };
                    // rust_xlsxwriter (and Excel) store numbers as f64: the exact decimal is
                    // converted here, at the last moment, to the nearest f64 (through its
                    // text, which rounds correctly); the number format shows the printed
                    // precision.
                    let f: f64 = d.to_string().parse().unwrap_or_default();
                    ws.write_number_with_format(row, col(c), f, formats.number(*shape, scale))?;
                    d.to_string().len() + usize::from(*shape == Shape::Percent)
                }
                Cell::Bool(b) => {
                    ws.write_boolean(row, col(c), *b)?;
                    5
                }
                Cell::Date(d) => {
                    use chrono::Datelike;
                    let day = u16::try_from(d.year()).ok().and_then(|y| {
                        ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).ok()
                    });
                    match day {
                        Some(day) => {
                            ws.write_date_with_format(row, col(c), &day, &formats.date)?;
                        }
                        // Before 1900 Excel has no dates: the ISO text.
                        None => {
                            ws.write_string(row, col(c), d.to_string())?;
                        }
                    }
                    10
                }
            };
            if let Some(w) = s.widths.get_mut(c) {
                *w = (*w).max(shown.clamp(MIN_WIDTH, MAX_WIDTH));
            }
        }
        s.row += 1;
        Ok(())
    }
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// Writes a string cell (never a formula), cut at Excel's limit; text a spreadsheet would
/// evaluate if typed in again is marked as text. Gives its display width.
fn write_text(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    c: u16,
    t: &str,
    formats: &Formats,
) -> Result<usize, XlsxError> {
    let t: String = if t.chars().count() > MAX_CHARS {
        t.chars().take(MAX_CHARS - 1).chain(['…']).collect()
    } else {
        t.to_string()
    };
    let width = display_width(&t);
    if needs_guard(&t) {
        ws.write_string_with_format(row, c, t, &formats.quoted)?;
    } else {
        ws.write_string(row, c, t)?;
    }
    Ok(width)
}

fn date_cell(d: Option<chrono::NaiveDate>) -> Cell<'static> {
    d.map_or(Cell::Empty, Cell::Date)
}

/// A row of the document's identity: source, jurisdiction, code, level, period, start, end.
fn identity(doc: &Document) -> Vec<Cell<'_>> {
    vec![
        Cell::Text(&doc.source),
        text(doc.jurisdiction.as_deref().unwrap_or("")),
        text(doc.jurisdiction_code.as_deref().unwrap_or("")),
        doc.jurisdiction_level
            .as_deref()
            .map_or(Cell::Empty, |l| Cell::Text(zh::level(l))),
        text(doc.period.as_ref().map_or("", |p| p.label.as_str())),
        date_cell(doc.period.as_ref().map(|p| p.start)),
        date_cell(doc.period.as_ref().map(|p| p.end)),
    ]
}

struct Sheets {
    summary: Sheet,
    units: Sheet,
    metrics: Sheet,
    checks: Sheet,
    errors: Sheet,
}

/// Column keys of the 指标 sheet: metrics.csv's, the metric shown by its Chinese name and
/// its key after.
const METRICS_SHEET_EXTRA: &str = "metric_key";

fn add_document(
    book: &mut Book,
    sheets: &mut Sheets,
    doc: &Document,
    same_as: Option<&str>,
) -> Result<(), XlsxError> {
    // 汇总
    let mut row = identity(doc);
    row.extend(
        Metric::ALL
            .iter()
            .map(|m| summary::own_headline(doc, *m).map_or(Cell::Empty, |f| figure(*m, f))),
    );
    let profiles = summary::profiles_of(doc).join(";");
    row.extend([
        Cell::Int(doc.tables.len()),
        Cell::Int(summary::values_in(doc)),
        Cell::Int(doc.check_count()),
        Cell::Text(&doc.encoding),
        Cell::Owned(profiles),
        text(doc.title.as_deref().unwrap_or("")),
        text(doc.jurisdiction_source.as_deref().unwrap_or("")),
        text(doc.period_source.as_deref().unwrap_or("")),
        text(same_as.unwrap_or("")),
    ]);
    book.push(&mut sheets.summary, &row)?;

    // 指标: the headline figures, then every table value.
    let values = doc
        .headline
        .iter()
        .map(|h| (0, None, None, 0, h.unit.as_str(), &h.value))
        .chain(doc.tables.iter().flat_map(|t| {
            t.rows.iter().flat_map(move |r| {
                r.values.iter().map(move |v| {
                    (
                        t.index,
                        t.title.as_deref(),
                        r.group.as_deref(),
                        r.index,
                        r.unit.as_str(),
                        v,
                    )
                })
            })
        }));
    for (table, title, group, index, unit, v) in values {
        let mut row = identity(doc);
        let (value, text_value) = match &v.value {
            Figure::Number(_) => (figure(v.metric, &v.value), Cell::Empty),
            Figure::Text(t) => (Cell::Empty, Cell::Text(t)),
        };
        row.extend([
            Cell::Int(table),
            text(title.unwrap_or("")),
            text(group.unwrap_or("")),
            Cell::Int(index),
            text(unit),
            Cell::Text(zh::metric(v.metric)),
            value,
            text(&v.as_printed),
            Cell::Owned(v.at.to_string()),
            text_value,
            Cell::Text(v.metric.key()),
        ]);
        book.push(&mut sheets.metrics, &row)?;
    }

    // 单位 and 核查
    for t in &doc.tables {
        for r in &t.rows {
            let mut row = identity(doc);
            row.extend([
                Cell::Int(t.index),
                text(t.title.as_deref().unwrap_or("")),
                text(r.group.as_deref().unwrap_or("")),
                Cell::Int(r.index),
                text(&r.unit),
                text(&r.unit_raw),
            ]);
            row.extend(Metric::ALL.iter().map(|m| {
                r.values
                    .iter()
                    .find(|v| v.metric == *m)
                    .map_or(Cell::Empty, |v| figure(*m, &v.value))
            }));
            row.extend([
                r.computed
                    .score
                    .map_or(Cell::Empty, |d| Cell::Number(d, Shape::Plain)),
                r.computed
                    .rank
                    .map_or(Cell::Empty, |n| Cell::Int(n as usize)),
                text(r.computed.grade.as_deref().unwrap_or("")),
                Cell::Bool(r.is_total),
                Cell::Text(zh::table_kind(t.kind)),
            ]);
            book.push(&mut sheets.units, &row)?;
        }
    }
    for (table, c) in doc.all_checks() {
        let number = |f: &Figure| match f {
            Figure::Number(d) => Cell::Number(*d, shape_of(c.metric)),
            Figure::Text(s) => Cell::Owned(s.clone()),
        };
        let row = [
            Cell::Text(&doc.source),
            Cell::Int(table),
            text(c.group.as_deref().unwrap_or("")),
            Cell::Text(&c.unit),
            Cell::Text(zh::check_kind(c.check)),
            Cell::Text(zh::metric(c.metric)),
            number(&c.reported),
            number(&c.computed),
            c.delta
                .map_or(Cell::Empty, |d| Cell::Number(d.normalize(), Shape::Plain)),
            text(c.profile.as_deref().unwrap_or("")),
            Cell::Owned(c.at.to_string()),
            Cell::Owned(lang::detail(c, Lang::Zh).into_owned()),
        ];
        book.push(&mut sheets.checks, &row)?;
    }
    Ok(())
}

/// The level of an errors.csv row in Chinese.
fn level_name(level: &str) -> &str {
    match level {
        "error" => "错误",
        "warning" => "警告",
        "note" => "提示",
        other => other,
    }
}

/// Writes the workbook from an output folder's documents.json and the run's problems
/// (inputs not read, notes). A panic inside the writer becomes an error.
pub fn write_from_documents(
    documents: &Path,
    problems: &[Failure],
    out: &Path,
) -> Result<(), FatalError> {
    // Constant-memory sheets each open a temporary file, and rust_xlsxwriter takes one
    // that cannot be made for a bug: find out first.
    tempfile::tempfile().map_err(|e| FatalError::Xlsx(format!("no temporary file: {e}")))?;
    let work = out.parent().unwrap_or(Path::new("."));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        write_book(documents, problems, work, out)
    }));
    match result {
        Ok(r) => r,
        Err(_) => Err(FatalError::Xlsx("the workbook writer failed".into())),
    }
}

fn write_book(
    documents: &Path,
    problems: &[Failure],
    work: &Path,
    out: &Path,
) -> Result<(), FatalError> {
    let xlsx = |e: XlsxError| FatalError::Xlsx(e.to_string());
    let mut book = Book {
        wb: Workbook::new(),
        formats: Formats::new(),
        max_rows: MAX_ROWS,
    };
    book.wb.set_tempdir(work).map_err(xlsx)?;
    // A fixed date: the same inputs give the same bytes (the file's own time says when).
    let epoch = ExcelDateTime::from_ymd(2000, 1, 1).map_err(xlsx)?;
    book.wb.set_properties(
        &DocProperties::new()
            .set_title("12345 热线通报数据")
            .set_author("rexian")
            .set_creation_datetime(&epoch),
    );
    let metrics_keys: Vec<&str> = METRICS_HEADER
        .iter()
        .copied()
        .chain([METRICS_SHEET_EXTRA])
        .collect();
    let mut sheets = Sheets {
        summary: book.sheet("汇总", &summary_header()).map_err(xlsx)?,
        units: book.sheet("单位", &units_header()).map_err(xlsx)?,
        metrics: book.sheet("指标", &metrics_keys).map_err(xlsx)?,
        checks: book.sheet("核查", CHECKS_HEADER).map_err(xlsx)?,
        errors: book
            .sheet("错误", &["source", "level", "at", "message"])
            .map_err(xlsx)?,
    };
    let mut about = book
        .sheet("说明", &["sheet", "column", "key", "meaning"])
        .map_err(xlsx)?;

    let mut same = SameBulletins::default();
    let mut errors: Vec<[String; 4]> = problems
        .iter()
        .map(|f| {
            [
                f.source.clone(),
                if f.note { "note" } else { "error" }.to_string(),
                f.source.clone(),
                f.message.clone(),
            ]
        })
        .collect();
    let file = std::fs::File::open(documents).map_err(|source| FatalError::Write {
        path: documents.to_path_buf(),
        source,
    })?;
    for line in std::io::BufReader::new(file).lines() {
        let line = line?;
        let line = line.trim_end().trim_end_matches(',');
        if !line.starts_with('{') {
            continue;
        }
        let doc: Document = serde_json::from_str(line)?;
        let first = same.see(same::fingerprint(&doc), &doc.source);
        add_document(&mut book, &mut sheets, &doc, first.as_deref()).map_err(xlsx)?;
        errors.extend(crate::emit::csv_out::warning_rows(&doc));
    }
    errors.sort();
    for e in &errors {
        let row = [
            Cell::Text(&e[0]),
            Cell::Text(level_name(&e[1])),
            Cell::Text(&e[2]),
            Cell::Owned(lang::message(&e[3], Lang::Zh).into_owned()),
        ];
        book.push(&mut sheets.errors, &row).map_err(xlsx)?;
    }
    for (sheet, keys) in about_rows(&metrics_keys) {
        for key in keys {
            let meaning = Metric::from_key(&key)
                .map(zh::metric_meaning)
                .or_else(|| zh::column_meaning(&key))
                .unwrap_or("");
            let row = [
                Cell::Text(sheet),
                Cell::Owned(lang::header(&key, Lang::Zh).to_string()),
                Cell::Owned(key.clone()),
                text(meaning),
            ];
            book.push(&mut about, &row).map_err(xlsx)?;
        }
    }
    for note in NOTES {
        book.push(
            &mut about,
            &[
                Cell::Text("（全部）"),
                Cell::Empty,
                Cell::Empty,
                Cell::Text(note),
            ],
        )
        .map_err(xlsx)?;
    }
    for s in [
        &sheets.summary,
        &sheets.units,
        &sheets.metrics,
        &sheets.checks,
        &sheets.errors,
        &about,
    ] {
        book.close(s).map_err(xlsx)?;
    }
    book.wb.save(out).map_err(xlsx)?;
    Ok(())
}

/// What the 说明 sheet says of the whole workbook.
const NOTES: &[&str] = &[
    "率、占比和环比、同比是百分数：单元格的值是通报印的数（99.88，不是 0.9988），按印发的小数位显示为 99.88%。",
    "件数和名次是整数；得分按印发的小数位显示；等级是文本。",
    "出处（文件:行，或 文件#工作表!B7）指向通报上印这个数的地方。",
    "“同一通报”一列不为空的行，是另一格式的同一份通报（地区、期间和表中数据都相同）：统计时只算一次。",
    "所有文字都以文本写入，不会作为公式运行。",
];

/// The columns each sheet has, for the 说明 sheet.
fn about_rows(metrics_keys: &[&str]) -> Vec<(&'static str, Vec<String>)> {
    let owned = |keys: &[&str]| keys.iter().map(|k| k.to_string()).collect::<Vec<String>>();
    vec![
        ("汇总", owned(&summary_header())),
        ("单位", owned(&units_header())),
        ("指标", owned(metrics_keys)),
        ("核查", owned(CHECKS_HEADER)),
        ("错误", owned(&["source", "level", "at", "message"])),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{open_workbook, Data, Reader, Xlsx};

    #[test]
    fn xlsx_sheet_goes_on_past_its_last_row() {
        let dir = tempfile::tempdir().unwrap();
        let mut book = Book {
            wb: Workbook::new(),
            formats: Formats::new(),
            max_rows: 3,
        };
        let mut s = book.sheet("指标", &["unit", "value"]).unwrap();
        for i in 0..5 {
            let unit = format!("单位{i}");
            book.push(
                &mut s,
                &[
                    Cell::Owned(unit),
                    Cell::Number(Decimal::new(9988, 2), Shape::Percent),
                ],
            )
            .unwrap();
        }
        book.close(&s).unwrap();
        let path = dir.path().join("t.xlsx");
        book.wb.save(&path).unwrap();
        let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
        assert_eq!(wb.sheet_names(), ["指标", "指标 2", "指标 3"]);
        let last = wb.worksheet_range("指标 3").unwrap();
        let rows: Vec<&[Data]> = last.rows().collect();
        assert_eq!(
            rows[0][0],
            Data::String("单位".into()),
            "each part has the header"
        );
        assert_eq!(rows[1][0], Data::String("单位4".into()));
        assert_eq!(rows[1][1], Data::Float(99.88));
    }

    #[test]
    fn xlsx_width_counts_cjk_twice() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("某某区"), 6);
    }
}
