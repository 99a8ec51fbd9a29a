//! Word .docx → segments: paragraphs in order (through the same text layouts as a text
//! file, so a tab-separated table typed into paragraphs is still found) and `w:tbl` tables
//! as grids, with `gridSpan` and `vMerge` merged cells expanded. Provenance is `file:N` for
//! the N-th paragraph and `file#table2!B3` for a table cell.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::at::At;
use crate::error::SourceError;
use crate::grid::{cells_from_texts, Line, Segment};
use crate::source::budget::Budget;
use crate::source::normalize::normalize_line;
use crate::source::sheet::{check_zip, with_zip_entry};
use crate::source::text::segment_lines;

/// A cell of a Word table, before merges are expanded.
struct RawCell {
    text: String,
    span: usize,
    /// `Some(true)` starts a vertical merge, `Some(false)` continues one.
    vmerge: Option<bool>,
}

enum Item {
    Para(String),
    Table(Vec<Vec<RawCell>>),
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .map(|a| a.value.into_owned())
}

/// The text an entity reference stands for.
pub fn entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// Reads `word/document.xml` as it is inflated (never whole in memory), spending the
/// text it keeps from the budget.
fn read_items(
    xml: &mut dyn std::io::BufRead,
    budget: &mut Budget,
) -> Result<Vec<Item>, SourceError> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut items = Vec::new();
    // Nesting: tables inside tables are read as text of the outer cell.
    let mut table_depth = 0usize;
    let mut rows: Vec<Vec<RawCell>> = Vec::new();
    let mut cell: Option<RawCell> = None;
    let mut para = String::new();
    let mut in_text = false;
    loop {
        buf.clear();
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| SourceError::Xml(e.to_string()))?;
        match ev {
            Event::Start(e) | Event::Empty(e) if matches!(e.local_name().as_ref(), "tab") => {
                para.push('\t')
            }
            Event::Start(e) | Event::Empty(e) if matches!(e.local_name().as_ref(), "br" | "cr") => {
                para.push('\n')
            }
            Event::Start(e) => match e.local_name().as_ref() {
                "tbl" => {
                    table_depth += 1;
                    if table_depth == 1 {
                        rows.clear();
                    }
                }
                "tr" if table_depth == 1 => rows.push(Vec::new()),
                "tc" if table_depth == 1 => {
                    cell = Some(RawCell {
                        text: String::new(),
                        span: 1,
                        vmerge: None,
                    })
                }
                "t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "gridSpan" if table_depth == 1 => {
                    if let (Some(c), Some(v)) = (cell.as_mut(), attr(&e, "w:val")) {
                        c.span = v.parse().unwrap_or(1).clamp(1, 64);
                    }
                }
                "vMerge" if table_depth == 1 => {
                    if let Some(c) = cell.as_mut() {
                        c.vmerge = Some(attr(&e, "w:val").as_deref() == Some("restart"));
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                let text = t.xml10_content();
                budget.text(text.len() as u64)?;
                para.push_str(&text);
            }
            Event::GeneralRef(r) if in_text => {
                let name = r.to_string();
                if let Some(ch) = r
                    .resolve_char_ref()
                    .ok()
                    .flatten()
                    .or_else(|| entity(&name))
                {
                    para.push(ch);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    let text = std::mem::take(&mut para);
                    match cell.as_mut() {
                        Some(c) if table_depth >= 1 => {
                            if !c.text.is_empty() && !text.is_empty() {
                                c.text.push('\n');
                            }
                            c.text.push_str(&text);
                        }
                        _ => items.push(Item::Para(text)),
                    }
                }
                "tc" if table_depth == 1 => {
                    if let (Some(c), Some(row)) = (cell.take(), rows.last_mut()) {
                        row.push(c);
                    }
                }
                "tbl" => {
                    table_depth = table_depth.saturating_sub(1);
                    if table_depth == 0 {
                        items.push(Item::Table(std::mem::take(&mut rows)));
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(items)
}

/// The cells and text bytes a Word table expands to (each `gridSpan` copy and each
/// `vMerge` continuation holds the text again), counted before it is laid out.
fn expanded_size(rows: &[Vec<RawCell>]) -> (u64, u64) {
    let (mut cells, mut bytes) = (0u64, 0u64);
    let mut above: Vec<u64> = Vec::new();
    for row in rows {
        let mut lens: Vec<u64> = Vec::new();
        for c in row {
            let len = match c.vmerge {
                Some(false) => above.get(lens.len()).copied().unwrap_or(0),
                _ => c.text.len() as u64,
            };
            cells = cells.saturating_add(c.span as u64);
            bytes = bytes.saturating_add(len.saturating_mul(c.span as u64));
            lens.extend(std::iter::repeat_n(len, c.span));
        }
        above = lens;
    }
    (cells, bytes)
}

/// Expands a Word table's merged cells into a rectangle of texts, once the budget allows.
fn expand(rows: Vec<Vec<RawCell>>, budget: &mut Budget) -> Result<Vec<Vec<String>>, SourceError> {
    let (cells, bytes) = expanded_size(&rows);
    budget.table(cells, bytes)?;
    let mut out: Vec<Vec<String>> = Vec::new();
    for row in rows {
        let mut texts = Vec::new();
        for c in row {
            let col = texts.len();
            let text = match c.vmerge {
                Some(false) => out
                    .last()
                    .and_then(|above: &Vec<String>| above.get(col).cloned())
                    .unwrap_or_default(),
                _ => c.text,
            };
            for _ in 0..c.span {
                texts.push(text.clone());
            }
        }
        out.push(texts);
    }
    Ok(out)
}

/// Reads a .docx into segments.
pub fn docx_segments(
    bytes: &[u8],
    source: &str,
    is_header: &dyn Fn(&str) -> bool,
) -> Result<Vec<Segment>, SourceError> {
    if !bytes.starts_with(b"PK") {
        return Err(SourceError::NotZip(
            "a .docx is a zip archive; this file is not one".into(),
        ));
    }
    check_zip(bytes)?;
    let mut budget = Budget::new();
    let items = with_zip_entry(bytes, "word/document.xml", &mut |xml| {
        read_items(xml, &mut budget)
    })?
    .ok_or_else(|| SourceError::NotZip("no word/document.xml: not a Word document".into()))?;
    let items = items
        .into_iter()
        .map(|item| {
            Ok(match item {
                Item::Para(text) => DocItem::Para(text),
                Item::Table(rows) => DocItem::Table(expand(rows, &mut budget)?),
            })
        })
        .collect::<Result<Vec<DocItem>, SourceError>>()?;
    Ok(assemble(items, source, is_header))
}

/// A piece of a document in reading order: a paragraph, or a table already expanded to a
/// rectangle of cell texts.
pub enum DocItem {
    Para(String),
    Table(Vec<Vec<String>>),
}

/// Turns a document's paragraphs and tables into segments. Paragraphs go through the text
/// layouts (a tab-separated table typed into paragraphs is still found); each table
/// becomes a grid whose context is the paragraphs just before it. Paragraph N is at
/// `file:N`, a table cell at `file#table2!B3`.
pub fn assemble(
    items: Vec<DocItem>,
    source: &str,
    is_header: &dyn Fn(&str) -> bool,
) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut lines: Vec<Line> = Vec::new();
    let file = At::prefix(source);
    let mut paragraph = 0;
    let mut table = 0;
    for item in items {
        match item {
            DocItem::Para(text) => {
                paragraph += 1;
                for part in text.split('\n') {
                    lines.push(Line {
                        no: paragraph,
                        raw: part.to_string(),
                        norm: normalize_line(part),
                        at: At::line(&file, paragraph),
                    });
                }
            }
            DocItem::Table(rows) => {
                table += 1;
                out.extend(segment_lines(std::mem::take(&mut lines), is_header));
                let prefix = At::prefix(&format!("{source}#table{table}!"));
                let cells = cells_from_texts(rows, |r, c| {
                    At::cell(&prefix, u32::try_from(c).unwrap_or(u32::MAX), r + 1)
                });
                crate::grid::append_table(&mut out, cells);
            }
        }
    }
    out.extend(segment_lines(lines, is_header));
    out
}
