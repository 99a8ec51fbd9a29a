//! OpenDocument spreadsheets (.ods, from WPS and LibreOffice) → segments.
//!
//! An .ods stores, beside each number, the text the cell shows (`99.88%`, `100.00`);
//! calamine's ODS reader keeps only the number (0.9988, 100), losing the percentage and the
//! printed precision, so the sheet's `content.xml` is read here for what it shows. Merged
//! cells (`number-columns-spanned`, `number-rows-spanned`) are expanded; provenance is
//! `file#Sheet!B7`.

use std::io::Read;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::at::At;
use crate::error::SourceError;
use crate::grid::{blocks, cells_from_texts, Segment};
use crate::source::budget::Budget;
use crate::source::docx::entity;
use crate::source::sheet::{check_zip, with_zip_entry};

/// Repeats kept for a run of empty cells or rows (LibreOffice writes runs of a million).
const MAX_EMPTY_REPEAT: usize = 64;
/// Repeats kept for a run of cells or rows with content.
const MAX_REPEAT: usize = 4096;

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .map(|a| a.value.into_owned())
}

fn number_attr(e: &BytesStart, name: &str) -> usize {
    attr(e, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1)
}

struct OdsCell {
    text: String,
    repeat: usize,
    colspan: usize,
    rowspan: usize,
}

struct Sheet {
    name: String,
    rows: Vec<(Vec<OdsCell>, usize)>,
}

/// Reads `content.xml` as it is inflated (never whole in memory), spending the text it
/// keeps from the budget.
fn read_sheets(
    xml: &mut dyn std::io::BufRead,
    budget: &mut Budget,
) -> Result<Vec<Sheet>, SourceError> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut sheets: Vec<Sheet> = Vec::new();
    let mut row: Option<(Vec<OdsCell>, usize)> = None;
    let mut cell: Option<OdsCell> = None;
    let mut paragraphs = 0;
    let mut in_annotation = 0usize;
    loop {
        buf.clear();
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| SourceError::Xml(e.to_string()))?;
        match ev {
            // Comments on a cell are not what it shows.
            Event::Start(e) if e.name().as_ref() == "office:annotation" => in_annotation += 1,
            Event::End(e) if e.name().as_ref() == "office:annotation" => {
                in_annotation = in_annotation.saturating_sub(1)
            }
            _ if in_annotation > 0 => {}
            Event::Start(e) => match e.name().as_ref() {
                "table:table" => sheets.push(Sheet {
                    name: attr(&e, "table:name").unwrap_or_default(),
                    rows: Vec::new(),
                }),
                "table:table-row" => {
                    row = Some((Vec::new(), number_attr(&e, "table:number-rows-repeated")))
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    paragraphs = 0;
                    cell = Some(OdsCell {
                        text: String::new(),
                        repeat: number_attr(&e, "table:number-columns-repeated"),
                        colspan: number_attr(&e, "table:number-columns-spanned"),
                        rowspan: number_attr(&e, "table:number-rows-spanned"),
                    });
                }
                "text:p" | "text:h" => {
                    if let Some(c) = cell.as_mut() {
                        if paragraphs > 0 {
                            c.text.push('\n');
                        }
                        paragraphs += 1;
                    }
                }
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" => {
                    if let Some((cells, _)) = row.as_mut() {
                        cells.push(OdsCell {
                            text: String::new(),
                            repeat: number_attr(&e, "table:number-columns-repeated"),
                            colspan: 1,
                            rowspan: 1,
                        });
                    }
                }
                "table:table-row" => {
                    if let Some(s) = sheets.last_mut() {
                        s.rows
                            .push((Vec::new(), number_attr(&e, "table:number-rows-repeated")));
                    }
                }
                "text:s" => {
                    if let Some(c) = cell.as_mut() {
                        let n = number_attr(&e, "text:c").min(64);
                        c.text.push_str(&" ".repeat(n));
                    }
                }
                "text:tab" => {
                    if let Some(c) = cell.as_mut() {
                        c.text.push('\t');
                    }
                }
                "text:line-break" => {
                    if let Some(c) = cell.as_mut() {
                        c.text.push('\n');
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                if let Some(c) = cell.as_mut() {
                    let text = t.xml10_content();
                    budget.text(text.len() as u64)?;
                    c.text.push_str(&text);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(c) = cell.as_mut() {
                    if let Some(ch) = r.resolve_char_ref().ok().flatten().or_else(|| entity(&r)) {
                        c.text.push(ch);
                    }
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "table:table-cell" | "table:covered-table-cell" => {
                    if let (Some(c), Some((cells, _))) = (cell.take(), row.as_mut()) {
                        cells.push(c);
                    }
                }
                "table:table-row" => {
                    if let (Some(r), Some(s)) = (row.take(), sheets.last_mut()) {
                        s.rows.push(r);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(sheets)
}

/// How often a row is laid out: empty runs kept short, others capped.
fn row_times(cells: &[OdsCell], row_repeat: usize) -> usize {
    if cells.iter().all(|c| c.text.trim().is_empty()) {
        row_repeat.min(2)
    } else {
        row_repeat.min(MAX_REPEAT)
    }
}

/// How often a cell is repeated along its row: empty runs kept short, others capped.
fn cell_times(cell: &OdsCell) -> usize {
    if cell.text.trim().is_empty() {
        cell.repeat.min(MAX_EMPTY_REPEAT)
    } else {
        cell.repeat.min(MAX_REPEAT)
    }
}

/// The cells and text bytes a sheet lays out to (repeats times spans), counted before
/// any is laid out: a 522-byte file can ask for 4096 × 4096 copies of a cell.
fn expanded_size(sheet: &Sheet) -> (u64, u64) {
    let (mut cells, mut bytes) = (0u64, 0u64);
    for (row, row_repeat) in &sheet.rows {
        let times = row_times(row, *row_repeat) as u64;
        for cell in row {
            let copies = (cell_times(cell) as u64)
                .saturating_mul(cell.colspan.min(MAX_REPEAT) as u64)
                .saturating_mul(cell.rowspan.min(MAX_REPEAT) as u64)
                .saturating_mul(times);
            cells = cells.saturating_add(copies);
            bytes = bytes.saturating_add(copies.saturating_mul(cell.text.len() as u64));
        }
    }
    (cells, bytes)
}

/// Lays a sheet's cells out on a rectangle: repeats unrolled (empty runs capped), spans
/// expanded.
fn layout(sheet: Sheet, budget: &mut Budget) -> Result<Vec<Vec<String>>, SourceError> {
    let mut grid: Vec<Vec<Option<String>>> = Vec::new();
    let mut r = 0;
    for (cells, row_repeat) in sheet.rows {
        let times = row_times(&cells, row_repeat);
        for _ in 0..times {
            if grid.len() <= r {
                grid.resize_with(r + 1, Vec::new);
            }
            let mut c = 0;
            for cell in &cells {
                for _ in 0..cell_times(cell) {
                    while grid
                        .get(r)
                        .and_then(|g| g.get(c))
                        .is_some_and(Option::is_some)
                    {
                        c += 1;
                    }
                    for rr in r..r + cell.rowspan.min(MAX_REPEAT) {
                        if grid.len() <= rr {
                            grid.resize_with(rr + 1, Vec::new);
                        }
                        let line = &mut grid[rr];
                        let width = c + cell.colspan.min(MAX_REPEAT);
                        if line.len() < width {
                            // Every cell laid out, holes beside spans too, before it is.
                            budget.table((width - line.len()) as u64, 0)?;
                            line.resize(width, None);
                        }
                        for slot in line.iter_mut().skip(c).take(cell.colspan) {
                            if slot.is_none() {
                                *slot = Some(cell.text.clone());
                            }
                        }
                    }
                    c += 1;
                }
            }
            r += 1;
        }
    }
    Ok(grid
        .into_iter()
        .map(|row| {
            let mut row: Vec<String> = row.into_iter().map(Option::unwrap_or_default).collect();
            while row.last().is_some_and(|c| c.trim().is_empty()) {
                row.pop();
            }
            row
        })
        .collect())
}

/// Reads an .ods into segments, sheet by sheet.
pub fn ods_segments(bytes: &[u8], source: &str) -> Result<Vec<Segment>, SourceError> {
    check_zip(bytes)?;
    // An encrypted .ods says so in its manifest; its content.xml is ciphertext.
    let manifest = with_zip_entry(bytes, "META-INF/manifest.xml", &mut |m| {
        let mut text = String::new();
        std::io::Read::take(m, 1 << 20)
            .read_to_string(&mut text)
            .map_err(|e| SourceError::Xml(e.to_string()))?;
        Ok(text)
    })?;
    if manifest.is_some_and(|m| m.contains("encryption-data")) {
        return Err(SourceError::Encrypted);
    }
    let mut budget = Budget::new();
    let sheets = with_zip_entry(bytes, "content.xml", &mut |xml| {
        read_sheets(xml, &mut budget)
    })?
    .ok_or_else(|| SourceError::Sheet("no content.xml: not an OpenDocument spreadsheet".into()))?;
    let mut out = Vec::new();
    for sheet in sheets {
        // What the repeats and spans alone ask for, told before anything is laid out.
        let (cells, bytes) = expanded_size(&sheet);
        budget.cells_held(cells)?;
        budget.text(bytes)?;
        let name = sheet.name.clone();
        let prefix = At::prefix(&format!("{source}#{name}!"));
        let rows = cells_from_texts(layout(sheet, &mut budget)?, |r, c| {
            At::cell(&prefix, u32::try_from(c).unwrap_or(u32::MAX), r + 1)
        });
        out.extend(blocks(rows));
    }
    Ok(out)
}
