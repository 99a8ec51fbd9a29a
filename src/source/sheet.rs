//! Spreadsheets (xlsx, xlsm, xlsb, xls, ods) and CSV/TSV → rows of cells → segments.
//!
//! Every sheet becomes the same grid that text tables become and goes through the same
//! recognizer. Merged cells are expanded (the recognizer reads a title repeated across a
//! row as one value); a number keeps the precision its cell format shows, a cell formatted
//! as a percentage gives the percentage (0.9988 shown as 99.88% is `99.88%`), formulas give
//! their saved values, dates give ISO dates, numbers stored as text are read as text.
//! Provenance is `file#Sheet!B7`.
//!
//! An .xlsx (.xlsm) is read by rexian's own reader (`xlsx.rs`: one pass over each sheet for
//! its values, styles and merged regions); .xlsb and .xls by calamine.

use std::io::{Cursor, Read};
use std::str::FromStr;

use calamine::{Data, Dimensions, Reader, Sheets};
use rust_decimal::Decimal;

use crate::at::At;
use crate::error::SourceError;
use crate::grid::{blocks, Cell, Segment};
use crate::source::budget::Budget;
use crate::source::normalize::normalize_line;
use crate::source::xlsx;

/// Decimals a number in the General format is shown to.
const GENERAL_DECIMALS: u32 = 10;

/// The most a zipped workbook or document may inflate to.
pub const MAX_INFLATED: u64 = 512 * 1024 * 1024;

/// Refuses a zip whose entries would inflate beyond [`MAX_INFLATED`] (a zip bomb), before
/// any reader inflates it.
pub fn check_zip(bytes: &[u8]) -> Result<(), SourceError> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(()); // not a zip: the reader will say what it is
    };
    check_zip_sizes(&mut zip)
}

/// `A`, `B`, … `Z`, `AA` for a 0-based column (made where the places are, `crate::at`).
pub use crate::at::column_name;

/// Reads a workbook into segments, sheet by sheet. `is_rate` says whether a header cell
/// names a percentage (needed for .xls, whose number formats calamine does not expose).
pub fn workbook_segments(
    bytes: &[u8],
    source: &str,
    is_rate: &dyn Fn(&str) -> bool,
) -> Result<Vec<Segment>, SourceError> {
    workbook_read(bytes, source, is_rate).map(|(segments, _)| segments)
}

/// An opened workbook: an .xlsx by rexian's own reader, the others by calamine.
enum Book<'a> {
    Xlsx(Box<xlsx::Workbook<'a>>),
    Calamine(Box<Sheets<Cursor<&'a [u8]>>>),
}

/// Sums the sizes a zip's entries claim, refusing past [`MAX_INFLATED`].
fn check_zip_sizes(zip: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<(), SourceError> {
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let size = zip.by_index_raw(i).map(|f| f.size()).unwrap_or(0);
        total = total.saturating_add(size);
        if total > MAX_INFLATED {
            return Err(SourceError::TooLarge {
                inflated: total,
                limit: MAX_INFLATED,
            });
        }
    }
    Ok(())
}

/// Opens a workbook with the reader its bytes call for, so that a file none can read
/// says why (calamine's own guess only says "Cannot detect file format"). A zip is
/// opened once: its sizes are checked (a zip bomb is refused before anything inflates)
/// and the same archive is read.
fn open_workbook(bytes: &[u8]) -> Result<Book<'_>, SourceError> {
    const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let failed = |what: &str, e: &dyn std::fmt::Display| {
        SourceError::Sheet(format!("not a readable {what} workbook: {e}"))
    };
    if !bytes.starts_with(b"PK") {
        check_zip(bytes)?;
        check_xls(bytes)?;
        if bytes.starts_with(CFB) {
            return calamine::Xls::new(Cursor::new(bytes))
                .map(|x| Book::Calamine(Box::new(Sheets::Xls(x))))
                .map_err(|e| failed(".xls", &e));
        }
        return Err(SourceError::Sheet(
            "not a workbook: neither a zip (xlsx, xlsb, ods) nor a compound file (xls)".into(),
        ));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| SourceError::Sheet(format!("a broken zip (truncated?): {e}")))?;
    check_zip_sizes(&mut zip)?;
    if zip.index_for_name("xl/workbook.bin").is_some() {
        calamine::Xlsb::new(Cursor::new(bytes))
            .map(|x| Book::Calamine(Box::new(Sheets::Xlsb(x))))
            .map_err(|e| failed(".xlsb", &e))
    } else {
        // The workbook part may live elsewhere: the package's relationships say where.
        xlsx::Workbook::open(zip, bytes)
            .map(|wb| Book::Xlsx(Box::new(wb)))
            .map_err(|e| failed(".xlsx", &e))
    }
}

/// Reads a workbook into segments, sheet by sheet, with the warnings for sheets that were
/// not read (a chart sheet, a sheet the reader refuses): the other sheets are kept.
///
/// Cells are read one by one where the format allows (xlsx, xlsb), never as the full
/// rectangle a sheet's dimensions claim: a 1 KB file may claim a million rows by 16384
/// columns. Every sheet spends the document's [`Budget`].
pub fn workbook_read(
    bytes: &[u8],
    source: &str,
    is_rate: &dyn Fn(&str) -> bool,
) -> Result<(Vec<Segment>, Vec<String>), SourceError> {
    if looks_encrypted(bytes) {
        return Err(SourceError::Encrypted);
    }
    let mut wb = open_workbook(bytes)?;
    let mut budget = Budget::new();
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    let mut first_error = None;
    let mut read_any = false;
    // Each sheet's name, and what it is when it is not a worksheet.
    let sheets: Vec<(String, Option<String>)> = match &wb {
        Book::Xlsx(x) => x
            .sheets
            .iter()
            .map(|(name, _, kind)| {
                let other = (*kind != xlsx::SheetKind::WorkSheet).then(|| format!("{kind:?}"));
                (name.clone(), other)
            })
            .collect(),
        Book::Calamine(c) => c
            .sheets_metadata()
            .iter()
            .map(|s| {
                let other =
                    (s.typ != calamine::SheetType::WorkSheet).then(|| format!("{:?}", s.typ));
                (s.name.clone(), other)
            })
            .collect(),
    };
    for (name, other) in sheets {
        if let Some(typ) = other {
            warnings.push(format!("sheet {name}: a {typ}, not a worksheet: not read"));
            continue;
        }
        match read_sheet(&mut wb, &name, source, is_rate, &mut budget) {
            Ok(segments) => {
                read_any = true;
                out.extend(segments);
            }
            // Past the budget the document is refused whole.
            Err(e @ (SourceError::Expands { .. } | SourceError::TextTooLarge { .. })) => {
                return Err(e)
            }
            Err(e) => {
                warnings.push(format!("not read: {e}"));
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        Some(e) if !read_any => Err(e),
        _ => Ok((out, warnings)),
    }
}

/// Reads one worksheet into segments.
fn read_sheet(
    wb: &mut Book<'_>,
    name: &str,
    source: &str,
    is_rate: &dyn Fn(&str) -> bool,
    budget: &mut Budget,
) -> Result<Vec<Segment>, SourceError> {
    let sheet_err =
        |name: &str, e: &dyn std::fmt::Display| SourceError::Sheet(format!("sheet {name}: {e}"));
    let mut cells = SparseSheet::default();
    let is_xls = matches!(wb, Book::Calamine(c) if matches!(**c, Sheets::Xls(_)));
    let merges: Vec<xlsx::Region> = match wb {
        Book::Xlsx(x) => {
            // Values, styles and merged regions in one pass over the sheet.
            let mut add = |r: u32, c: u32, text: String| cells.add(r, c, text, budget);
            x.read_sheet(name, &mut add).map_err(|e| match e {
                xlsx::XlsxError::Refused(e) => e,
                e => sheet_err(name, &e),
            })?
        }
        Book::Calamine(c) => read_calamine_sheet(c, name, &mut cells, budget)?,
    };
    let (mut grid, rows_at, c0) = cells.dense(budget)?;
    expand_merges(&mut grid, &rows_at, c0, &merges, budget)?;
    if is_xls {
        fractions_to_percent(&mut grid, is_rate);
    }
    Ok(blocks(cells_at(grid, &rows_at, c0, source, name)))
}

/// Reads the cells of an .xlsb or .xls sheet by calamine; returns its merged regions.
fn read_calamine_sheet(
    wb: &mut Sheets<Cursor<&[u8]>>,
    name: &str,
    cells: &mut SparseSheet,
    budget: &mut Budget,
) -> Result<Vec<xlsx::Region>, SourceError> {
    let sheet_err =
        |name: &str, e: &dyn std::fmt::Display| SourceError::Sheet(format!("sheet {name}: {e}"));
    Ok(match wb {
        Sheets::Xlsb(x) => {
            let mut reader = x
                .worksheet_cells_reader(name)
                .map_err(|e| sheet_err(name, &e))?;
            while let Some(c) = reader.next_cell().map_err(|e| sheet_err(name, &e))? {
                let (r, col) = c.get_position();
                cells.add(
                    r,
                    col,
                    cell_text(&Data::from(c.get_value().clone()), None),
                    budget,
                )?;
            }
            Vec::new()
        }
        other => {
            // .xls holds at most 65536 × 256 cells; its reader has read them already.
            let range = other
                .worksheet_range(name)
                .map_err(|e| sheet_err(name, &e))?;
            let (r0, c0) = range.start().unwrap_or((0, 0));
            for (r, col, d) in range.used_cells() {
                cells.add(r0 + r as u32, c0 + col as u32, cell_text(d, None), budget)?;
            }
            match other {
                Sheets::Xls(x) => x
                    .merge_cells_by_sheet_name(name)
                    .unwrap_or_default()
                    .iter()
                    .map(|d: &Dimensions| (d.start, d.end))
                    .collect(),
                _ => Vec::new(),
            }
        }
    })
}

/// The cells of the dense rows, each with its place `file#Sheet!B7` (the prefix and the
/// column names made once per sheet, not a `format!` per cell).
fn cells_at(
    grid: Vec<TextRow>,
    rows_at: &[u32],
    c0: u32,
    source: &str,
    name: &str,
) -> Vec<Vec<Cell>> {
    let prefix = At::prefix(&format!("{source}#{name}!"));
    grid.into_iter()
        .zip(rows_at)
        .map(|(row, &r)| {
            let number = r as usize + 1;
            row.into_iter()
                .zip(0..)
                .map(|((norm, raw), j)| {
                    Cell::new(norm, raw, At::cell(&prefix, c0.saturating_add(j), number))
                })
                .collect()
        })
        .collect()
}

/// Appends the decimal digits of `n`.
fn push_u64(out: &mut String, n: u64) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// The widest span of columns kept.
const MAX_SHEET_COLUMNS: u32 = 512;

/// A row of (normalized, raw) cell texts.
type TextRow = Vec<(String, String)>;

/// The cells of a sheet that hold something, by position.
#[derive(Default)]
struct SparseSheet {
    /// The cells as read, while they come row by row, left to right (as sheets are
    /// written): no map to keep sorted.
    ordered: Vec<((u32, u32), String)>,
    /// Once a cell comes out of that order (or a second time), every cell by position,
    /// the last text read for a position kept.
    unordered: Option<std::collections::BTreeMap<(u32, u32), String>>,
}

impl SparseSheet {
    /// Keeps a cell, spending its text from the budget (and refusing the document once
    /// the cells with content alone pass the cell budget).
    fn add(
        &mut self,
        r: u32,
        c: u32,
        text: String,
        budget: &mut Budget,
    ) -> Result<(), SourceError> {
        if text.trim().is_empty() {
            return Ok(());
        }
        budget.text(text.len() as u64)?;
        let key = (r, c);
        match &mut self.unordered {
            Some(map) => {
                budget.cells_held(map.len() as u64 + 1)?;
                map.insert(key, text);
            }
            None => {
                budget.cells_held(self.ordered.len() as u64 + 1)?;
                if self.ordered.last().is_some_and(|(last, _)| *last >= key) {
                    let mut map: std::collections::BTreeMap<(u32, u32), String> =
                        std::mem::take(&mut self.ordered).into_iter().collect();
                    map.insert(key, text);
                    self.unordered = Some(map);
                } else {
                    self.ordered.push((key, text));
                }
            }
        }
        Ok(())
    }

    /// The cells by position.
    fn into_sorted(self) -> Vec<((u32, u32), String)> {
        match self.unordered {
            Some(map) => map.into_iter().collect(),
            None => self.ordered,
        }
    }

    /// Dense rows from the first to the last column used (at most [`MAX_SHEET_COLUMNS`]),
    /// one row per used row, an empty row where used rows are not adjacent (it ends a
    /// block). Returns the rows, the sheet row of each, and the first column.
    ///
    /// The rectangle is counted against the budget before it is allocated (cells in
    /// column A and column 512 of a million rows ask for half a billion).
    fn dense(self, budget: &mut Budget) -> Result<(Vec<TextRow>, Vec<u32>, u32), SourceError> {
        let cells = self.into_sorted();
        let c0 = cells.iter().map(|k| k.0 .1).min().unwrap_or(0);
        let c1 = cells
            .iter()
            .map(|k| k.0 .1)
            .max()
            .unwrap_or(0)
            .min(c0.saturating_add(MAX_SHEET_COLUMNS - 1));
        let width = (c1 - c0 + 1) as usize;
        let mut dense_rows = 0u64;
        let mut last: Option<u32> = None;
        for &((r, _), _) in &cells {
            if last != Some(r) {
                dense_rows += if last.is_some_and(|l| r > l + 1) {
                    2
                } else {
                    1
                };
                last = Some(r);
            }
        }
        // The normalized text is a second copy of each cell's text.
        let bytes: u64 = cells.iter().map(|t| t.1.len() as u64).sum();
        budget.table(dense_rows.saturating_mul(width as u64), bytes)?;
        let mut rows: Vec<Vec<(String, String)>> = Vec::new();
        let mut rows_at: Vec<u32> = Vec::new();
        for ((r, c), raw) in cells {
            if c > c1 {
                continue;
            }
            if rows_at.last() != Some(&r) {
                if rows_at.last().is_some_and(|&last| r > last + 1) {
                    rows.push(vec![(String::new(), String::new()); width]);
                    rows_at.push(r - 1);
                }
                rows.push(vec![(String::new(), String::new()); width]);
                rows_at.push(r);
            }
            if let Some(row) = rows.last_mut() {
                row[(c - c0) as usize] = (normalize_line(&raw), raw);
            }
        }
        Ok((rows, rows_at, c0))
    }
}

/// In an .xls the percentage format of a cell is not available: under a header that names
/// a rate, a column whose numbers all lie in 0..=1 holds fractions shown as percentages
/// (0.9959 is 99.59%). Trailing zeros of the printed form (100.00%) cannot be recovered.
fn fractions_to_percent(grid: &mut [Vec<(String, String)>], is_rate: &dyn Fn(&str) -> bool) {
    let compact = |s: &str| crate::source::normalize::compact(s);
    // Column by column under each header row.
    let headers: Vec<usize> = (0..grid.len())
        .filter(|&r| {
            grid[r].iter().any(|(t, _)| is_rate(&compact(t)))
                && !grid[r].iter().any(|(t, _)| crate::grid::looks_numeric(t))
        })
        .collect();
    for (k, &h) in headers.iter().enumerate() {
        let end = headers.get(k + 1).copied().unwrap_or(grid.len());
        let width = grid[h].len();
        for c in 0..width {
            if !is_rate(&compact(&grid[h][c].0)) {
                continue;
            }
            let values: Vec<Option<Decimal>> = (h + 1..end)
                .map(|r| {
                    grid[r]
                        .get(c)
                        .and_then(|(t, _)| Decimal::from_str(t.trim()).ok())
                })
                .collect();
            let numbers: Vec<Decimal> = values.iter().flatten().copied().collect();
            if numbers.is_empty()
                || !numbers
                    .iter()
                    .all(|v| *v >= Decimal::ZERO && *v <= Decimal::ONE)
            {
                continue;
            }
            for (i, v) in values.iter().enumerate() {
                if let Some(v) = v {
                    let text = format!(
                        "{}%",
                        (v * Decimal::ONE_HUNDRED)
                            .round_dp(GENERAL_DECIMALS - 2)
                            .normalize()
                    );
                    if let Some(cell) = grid[h + 1 + i].get_mut(c) {
                        *cell = (text.clone(), text);
                    }
                }
            }
        }
    }
}

/// Copies each merged region's top-left value into every cell of the region that the
/// dense rows hold.
fn expand_merges(
    grid: &mut [Vec<(String, String)>],
    rows_at: &[u32],
    c0: u32,
    merges: &[xlsx::Region],
    budget: &mut Budget,
) -> Result<(), SourceError> {
    for &(start, end) in merges {
        let Ok(top) = rows_at.binary_search(&start.0) else {
            continue;
        };
        let Some(left) = start.1.checked_sub(c0) else {
            continue;
        };
        let Some(value) = grid.get(top).and_then(|r| r.get(left as usize)).cloned() else {
            continue;
        };
        let last = rows_at.partition_point(|&r| r <= end.0);
        // Each copy holds the text twice (normalized and raw): counted before copying.
        let width = (end.1.saturating_sub(start.1) as u64).saturating_add(1);
        let copies = (last.saturating_sub(top) as u64).saturating_mul(width);
        budget.text(copies.saturating_mul((value.0.len() + value.1.len()) as u64))?;
        for row in grid.iter_mut().take(last).skip(top) {
            let width = row.len() as u32;
            for c in left..=(end.1.saturating_sub(c0)).min(width.saturating_sub(1)) {
                let cell = &mut row[c as usize];
                if cell.0.is_empty() {
                    *cell = value.clone();
                }
            }
        }
    }
    Ok(())
}

/// BIFF8 sheets have 256 columns and 65536 rows. calamine sizes an .xls sheet from its
/// cells' positions before reading them, so a broken file with a cell at column 65535 asks
/// for 137 GB and aborts the process: such a file is refused here first.
fn check_xls(bytes: &[u8]) -> Result<(), SourceError> {
    const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if !bytes.starts_with(CFB) {
        return Ok(());
    }
    // calamine's own compound-file reader follows a sector chain that loops back on itself
    // until memory runs out; the cfb crate checks the chains, so a file it refuses is
    // refused here.
    let malformed =
        |e: std::io::Error| SourceError::Sheet(format!("malformed .xls compound file: {e}"));
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(malformed)?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n));
    let Some(name) = name else {
        return Err(SourceError::Sheet("not an .xls: no Workbook stream".into()));
    };
    let stream = file.open_stream(name).map_err(malformed)?;
    let mut data = Vec::new();
    stream
        .take(MAX_INFLATED)
        .read_to_end(&mut data)
        .map_err(malformed)?;
    let streams: Vec<std::path::PathBuf> = file
        .walk()
        .filter(|e| e.is_stream())
        .map(|e| e.path().to_path_buf())
        .take(256)
        .collect();
    for path in streams {
        let mut s = file.open_stream(&path).map_err(malformed)?;
        std::io::copy(&mut (&mut s).take(MAX_INFLATED), &mut std::io::sink()).map_err(malformed)?;
    }
    // Records: type u16, length u16, body. Cell records start with row u16, column u16;
    // MULRK and MULBLANK end with their last column.
    let mut at = 0;
    while at + 4 <= data.len() {
        let kind = u16::from_le_bytes([data[at], data[at + 1]]);
        let len = u16::from_le_bytes([data[at + 2], data[at + 3]]) as usize;
        let body = &data[at + 4..(at + 4 + len).min(data.len())];
        let column = |i: usize| body.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
        let columns = match kind {
            0x0006 | 0x00FD | 0x0203 | 0x027E | 0x0201 | 0x0205 | 0x0204 | 0x00D6 => {
                [column(2), None]
            }
            0x00BD | 0x00BE => [column(2), body.len().checked_sub(2).and_then(column)],
            _ => [None, None],
        };
        if columns.iter().flatten().any(|&c| c > 255) {
            return Err(SourceError::Sheet(format!(
                "malformed .xls: a cell at column {} (a sheet has 256)",
                columns.iter().flatten().max().unwrap_or(&0) + 1
            )));
        }
        at += 4 + len;
    }
    Ok(())
}

fn looks_encrypted(bytes: &[u8]) -> bool {
    // An encrypted OOXML file is an OLE compound file holding an `EncryptedPackage` stream.
    const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let marker: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.starts_with(CFB) && bytes.windows(marker.len()).any(|w| w == marker.as_slice())
}

/// The decimals a number format shows (none for General) and whether it shows a
/// percentage.
pub(crate) type Shape = (Option<u32>, bool);

/// The shape of the General format.
pub(crate) const GENERAL: Shape = (None, false);

/// The decimals and percent-ness a number format shows: `0.00%` → (Some(2), true).
pub(crate) fn format_shape(code: &str) -> Shape {
    let mut section = String::new();
    let mut quoted = false;
    for ch in code.chars() {
        match ch {
            '"' => quoted = !quoted,
            ';' if !quoted => break,
            _ if !quoted => section.push(ch),
            _ => {}
        }
    }
    if section.eq_ignore_ascii_case("general") || section.is_empty() {
        return (None, false);
    }
    let percent = section.contains('%');
    let decimals = match section.find('.') {
        Some(dot) => section[dot + 1..]
            .chars()
            .take_while(|c| *c == '0' || *c == '#')
            .count() as u32,
        None if section.contains('0') || section.contains('#') => 0,
        None => return (None, percent),
    };
    (Some(decimals), percent)
}

/// The text a cell shows: numbers as their format shows them, dates as ISO dates.
pub fn cell_text(d: &Data, format: Option<&str>) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::Float(f) => number_text(*f, format),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.date().to_string(),
            Some(t) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
            None => dt.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn number_text(f: f64, format: Option<&str>) -> String {
    number_shown(f, format.map_or(GENERAL, format_shape))
}

/// A number as a format of this shape shows it.
pub(crate) fn number_shown(f: f64, (decimals, percent): Shape) -> String {
    // A whole number (below 2^53, so exact) shown without decimals is its digits: what
    // the decimal arithmetic below gives, without it. Negative zero takes that path.
    if !percent
        && matches!(decimals, None | Some(0))
        && f.fract() == 0.0
        && f.abs() < 9.0e15
        && !(f == 0.0 && f.is_sign_negative())
    {
        let mut s = String::with_capacity(16);
        if f < 0.0 {
            s.push('-');
        }
        push_u64(&mut s, f.abs() as u64);
        return s;
    }
    // The shortest text that reads back as the same f64, then exact decimal arithmetic.
    let mut short = StackText::default();
    let parsed = if std::fmt::Write::write_fmt(&mut short, format_args!("{f}")).is_ok() {
        Decimal::from_str(short.as_str())
    } else {
        Decimal::from_str(&f.to_string())
    };
    match parsed {
        Ok(d) => decimal_shown(d, f, (decimals, percent)),
        Err(_) => f.to_string(),
    }
}

/// A number read from the text a file holds for it (`text`, which reads as `f`) as a
/// format of this shape shows it: the same as [`number_shown`], without printing `f`
/// again when `text` is already the shortest form of `f` (and, in the General format,
/// without any arithmetic).
pub(crate) fn number_shown_from(text: &str, f: f64, shape: Shape) -> String {
    let Some(decimals) = shortest_form(text) else {
        return number_shown(f, shape);
    };
    if shape == GENERAL && decimals <= GENERAL_DECIMALS {
        return text.to_string();
    }
    match Decimal::from_str(text) {
        Ok(d) => decimal_shown(d, f, shape),
        Err(_) => number_shown(f, shape),
    }
}

/// The decimals of `text` when it is the form Rust prints its f64 in (the shortest that
/// reads back as the same number): a plain decimal, no exponent, no leading or trailing
/// zeros, at most 15 significant digits (so that no shorter text reads as the same f64),
/// not negative zero.
fn shortest_form(text: &str) -> Option<u32> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !plain(int) || (int.len() > 1 && int.starts_with('0')) {
        return None;
    }
    if let Some(f) = frac {
        if !plain(f) || f.ends_with('0') {
            return None;
        }
    }
    let frac = frac.unwrap_or("");
    let all = int.bytes().chain(frac.bytes());
    let significant = all.skip_while(|&b| b == b'0').count();
    if significant > 15 || (significant == 0 && digits.len() != text.len()) {
        return None;
    }
    u32::try_from(frac.len()).ok()
}

/// A decimal (read from `f`) as a format of this shape shows it.
fn decimal_shown(d: Decimal, f: f64, (decimals, percent): Shape) -> String {
    let value = if percent {
        match d.checked_mul(Decimal::ONE_HUNDRED) {
            Some(v) => v,
            None => return f.to_string(),
        }
    } else {
        d
    };
    let shown = match decimals {
        Some(dp) => {
            let mut r = value
                .round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            r.rescale(dp);
            r
        }
        // "General" shows at most about ten decimals: binary noise such as
        // 0.30000000000000004 is not what the sheet shows.
        None => value.round_dp(GENERAL_DECIMALS).normalize(),
    };
    let mut out = String::with_capacity(24);
    let _ = std::fmt::Write::write_fmt(&mut out, format_args!("{shown}"));
    if percent {
        out.push('%');
    }
    out
}

/// A short text written on the stack (a number's shortest form); writing past its room
/// fails.
struct StackText {
    buf: [u8; 48],
    len: usize,
}

impl Default for StackText {
    fn default() -> Self {
        StackText {
            buf: [0; 48],
            len: 0,
        }
    }
}

impl StackText {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl std::fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        if end > self.buf.len() {
            return Err(std::fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Reads CSV or TSV text into segments; the delimiter is a tab when the first line has
/// more tabs than commas.
pub fn delimited_segments(text: &str, source: &str) -> Result<Vec<Segment>, SourceError> {
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches('\t').count() > first.matches(',').count() {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let file = At::prefix(source);
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| SourceError::Sheet(format!("CSV: {e}")))?;
        let line = rec.position().map_or(0, |p| p.line());
        rows.push(
            rec.iter()
                .map(|raw| Cell::new(normalize_line(raw), raw, At::line(&file, line as usize)))
                .collect(),
        );
    }
    Ok(blocks(rows))
}

/// Hands an entry of a zip to `read` as a stream as it is inflated (at most
/// [`MAX_INFLATED`] bytes of it); `None` when the zip has no such entry.
pub fn with_zip_entry<T>(
    bytes: &[u8],
    name: &str,
    read: &mut dyn FnMut(&mut dyn std::io::BufRead) -> Result<T, SourceError>,
) -> Result<Option<T>, SourceError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| SourceError::NotZip(e.to_string()))?;
    let Ok(entry) = zip.by_name(name) else {
        return Ok(None);
    };
    let mut stream = std::io::BufReader::new(entry.take(MAX_INFLATED));
    read(&mut stream).map(Some)
}

/// Reads an entry of a zip, refusing one that inflates beyond the limit.
pub fn zip_entry(bytes: &[u8], name: &str) -> Result<Option<String>, SourceError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| SourceError::NotZip(e.to_string()))?;
    let Ok(entry) = zip.by_name(name) else {
        return Ok(None);
    };
    let mut text = String::new();
    entry
        .take(MAX_INFLATED + 1)
        .read_to_string(&mut text)
        .map_err(|e| SourceError::NotZip(format!("{name}: {e}")))?;
    if text.len() as u64 > MAX_INFLATED {
        return Err(SourceError::TooLarge {
            inflated: text.len() as u64,
            limit: MAX_INFLATED,
        });
    }
    Ok(Some(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_numbers_show_their_format() {
        assert_eq!(number_text(0.9988, Some("0.00%")), "99.88%");
        assert_eq!(number_text(1.0, Some("0.00%")), "100.00%");
        assert_eq!(number_text(1.0, Some("0%")), "100%");
        assert_eq!(number_text(95.3, Some("0.00")), "95.30");
        assert_eq!(number_text(95.3, None), "95.3");
        assert_eq!(number_text(17190.0, Some("General")), "17190");
        assert_eq!(number_text(0.1 + 0.2, None), "0.3");
    }

    #[test]
    fn sheet_numbers_from_their_text_read_as_from_their_value() {
        let shapes = [
            GENERAL,
            (Some(0), false),
            (Some(2), false),
            (Some(2), true),
            (Some(0), true),
            (None, true),
        ];
        for text in [
            "0",
            "-0",
            "1",
            "-1",
            "17190",
            "0.9956999999999999",
            "0.9490000000000001",
            "1.01",
            "96.74",
            "0.5",
            "-0.5",
            "0.0000001",
            "123456789012345",
            "1234567890123456",
            "0.30000000000000004",
            "1E-3",
            "1.50",
            "007",
            ".5",
            "2.5",
            "0.125",
            "1e21",
            "99999999999999999999999999999",
            "0.12345678901234",
        ] {
            let f: f64 = text.parse().unwrap();
            for shape in shapes {
                assert_eq!(
                    number_shown_from(text, f, shape),
                    number_shown(f, shape),
                    "{text} {shape:?}"
                );
            }
        }
        assert_eq!(shortest_form("0.9956999999999999"), None, "16 digits");
        assert_eq!(shortest_form("96.74"), Some(2));
        assert_eq!(shortest_form("-0"), None);
        assert_eq!(
            number_shown(-0.0, (Some(0), false)),
            number_text(-0.0, Some("0"))
        );
    }

    #[test]
    fn sheet_column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
    }

    #[test]
    fn sheet_format_shapes() {
        assert_eq!(format_shape("0.00%"), (Some(2), true));
        assert_eq!(format_shape("#,##0"), (Some(0), false));
        assert_eq!(format_shape("0.000_ ;[Red]-0.000"), (Some(3), false));
        assert_eq!(format_shape("General"), (None, false));
        assert_eq!(format_shape("\"第\"0\"名\""), (Some(0), false));
    }

    #[test]
    fn sheet_csv_goes_through_blocks() {
        let s = delimited_segments("评分表\n\n单位,得分\n甲镇,40\n", "t.csv").unwrap();
        assert_eq!(s.len(), 2);
        match &s[1] {
            Segment::Grid(g) => {
                assert_eq!(g.rows.len(), 2);
                assert_eq!(g.context, vec!["评分表"]);
                assert_eq!(g.rows[1][1].at, "t.csv:4");
            }
            other => panic!("{other:?}"),
        }
    }
}
