//! The one shape every table takes before recognition: rows of cells, each cell with its
//! normalized text, its raw text and where it came from. Text layouts and (later)
//! spreadsheets both produce a [`Grid`]; `extract::table` is the only reader of it.

use std::sync::OnceLock;

use regex::Regex;

/// One cell of a grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// Normalized (simplified, ASCII digits), trimmed.
    pub text: String,
    /// Exactly as printed, trimmed.
    pub raw: String,
    /// `file:line` or `file#Sheet!B7`.
    pub at: String,
}

impl Cell {
    pub fn new(text: impl Into<String>, raw: impl Into<String>, at: impl Into<String>) -> Cell {
        Cell {
            text: trimmed(text.into()),
            raw: trimmed(raw.into()),
            at: at.into(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// `s` without surrounding whitespace, copied only when there is some.
fn trimmed(s: String) -> String {
    if s.trim().len() == s.len() {
        s
    } else {
        s.trim().to_string()
    }
}

/// A line of prose: a line of a text file, a paragraph of a document, a lone cell of a
/// sheet.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line {
    /// 1-based ordinal in its source.
    pub no: usize,
    pub raw: String,
    pub norm: String,
    /// Where it was printed: `file:12`, `file#Sheet!A3`.
    pub at: String,
}

/// A stretch of a document: prose, or a grid that may be a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Prose(Vec<Line>),
    Grid(Grid),
}

/// Cuts the rows of a sheet or a document table into segments: runs of non-empty rows are
/// grids; a row holding one value (a title, a note) is a line of prose, and the context of
/// the grid below it.
pub fn blocks(rows: Vec<Vec<Cell>>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut prose: Vec<Line> = Vec::new();
    let mut block: Vec<Vec<Cell>> = Vec::new();
    let flush = |block: &mut Vec<Vec<Cell>>, prose: &mut Vec<Line>, out: &mut Vec<Segment>| {
        if block.is_empty() {
            return;
        }
        if block.len() == 1 && distinct_values(&block[0]) <= 1 {
            let row = block.remove(0);
            if let Some(c) = row.into_iter().find(|c| !c.is_empty()) {
                prose.push(Line {
                    no: prose.len() + 1,
                    raw: c.raw.clone(),
                    norm: c.text.clone(),
                    at: c.at.clone(),
                });
            }
            return;
        }
        let context = prose
            .iter()
            .rev()
            .take(8)
            .rev()
            .map(|l| l.norm.clone())
            .collect();
        let at = block
            .first()
            .and_then(|r| r.first())
            .map(|c| c.at.clone())
            .unwrap_or_default();
        if !prose.is_empty() {
            out.push(Segment::Prose(std::mem::take(prose)));
        }
        out.push(Segment::Grid(Grid {
            rows: std::mem::take(block),
            context,
            at,
        }));
    };
    for row in rows {
        if row.iter().all(Cell::is_empty) {
            flush(&mut block, &mut prose, &mut out);
        } else if distinct_values(&row) <= 1 && block.is_empty() {
            // A title or note on its own row.
            block.push(row);
            flush(&mut block, &mut prose, &mut out);
        } else {
            block.push(row);
        }
    }
    flush(&mut block, &mut prose, &mut out);
    if !prose.is_empty() {
        out.push(Segment::Prose(prose));
    }
    out
}

/// Cells from rows of raw texts (a Word or web table, an OpenDocument sheet), normalized,
/// each at the place `at(row, column)` names (both 0-based).
pub fn cells_from_texts(
    rows: Vec<Vec<String>>,
    at: impl Fn(usize, usize) -> String,
) -> Vec<Vec<Cell>> {
    rows.into_iter()
        .enumerate()
        .map(|(r, row)| {
            row.into_iter()
                .enumerate()
                .map(|(c, raw)| {
                    Cell::new(
                        crate::source::normalize::normalize_line(&raw),
                        raw,
                        at(r, c),
                    )
                })
                .collect()
        })
        .collect()
}

/// How many different non-empty values a row holds (a merged title repeats one).
pub fn distinct_values(row: &[Cell]) -> usize {
    let mut seen: Vec<&str> = Vec::new();
    for c in row.iter().filter(|c| !c.is_empty()) {
        if !seen.contains(&c.text.as_str()) {
            seen.push(&c.text);
        }
    }
    seen.len()
}

/// Rows of cells found together, with the lines printed just before them (titles,
/// section labels), nearest last.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Grid {
    pub rows: Vec<Vec<Cell>>,
    /// Normalized lines printed before the grid since the previous grid, nearest last.
    pub context: Vec<String>,
    /// Where the grid starts.
    pub at: String,
}

fn numeric_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^[+\-−]?[↑↓]?\s*[0-9]+(?:[.,][0-9]+)*\s*(?:%|万|件|分|天|个|人次)?\s*[↑↓]?$")
            .expect("numeric pattern is a valid regex")
    })
}

/// Whether a cell reads as a number (a count, a rate, a score, a rank change).
pub fn looks_numeric(text: &str) -> bool {
    numeric_re().is_match(text.trim())
}

/// Whether a cell is an empty placeholder (`/`, `—`, `-`, empty).
pub fn is_placeholder(text: &str) -> bool {
    matches!(
        text.trim(),
        "" | "/" | "-" | "--" | "—" | "——" | "–" | "\\" | "无" | "N/A" | "n/a" | "*"
    )
}

/// Cuts a stream of cells (one cell per line, the rows not marked) into rows.
///
/// The header's width gives the row width: the header is the leading run of cells that
/// `is_header` accepts. Where that run is too short to be a header, the width is the one
/// that makes every column hold one type (numbers or text) in every row. Returns the rows
/// and how many cells they used; cells after the last whole row are left over.
pub fn rows_from_stream(
    cells: &[Cell],
    is_header: &dyn Fn(&str) -> bool,
) -> Option<(Vec<Vec<Cell>>, usize)> {
    let by_header = cells.iter().take_while(|c| is_header(&c.text)).count();
    if by_header >= 2 && consistency(cells, by_header).is_some_and(|s| s >= CONSISTENT) {
        return Some(cut(cells, by_header));
    }
    let leading_text = cells
        .iter()
        .take(64)
        .take_while(|c| !looks_numeric(&c.text) && !c.text.is_empty())
        .count();
    let mut best: Option<(usize, u32)> = None;
    for w in 2..=leading_text.min(cells.len() / 2) {
        if let Some(score) = consistency(cells, w) {
            if score >= CONSISTENT && best.is_none_or(|(_, s)| score > s) {
                best = Some((w, score));
            }
        }
    }
    best.map(|(w, _)| cut(cells, w))
}

fn cut(cells: &[Cell], width: usize) -> (Vec<Vec<Cell>>, usize) {
    let whole = cells.len() / width * width;
    let rows = cells[..whole].chunks(width).map(|r| r.to_vec()).collect();
    (rows, whole)
}

/// The least consistency (per mille) at which a width is taken.
const CONSISTENT: u32 = 950;

/// The share (per mille) of data cells whose type (number or text) agrees with their
/// column's first data row, for rows of `width` cells after a header of `width` cells.
/// `None` when there is no whole data row or a column holds numbers in the header.
fn consistency(cells: &[Cell], width: usize) -> Option<u32> {
    if width < 2 || cells.len() < width * 2 {
        return None;
    }
    if cells[..width].iter().any(|c| looks_numeric(&c.text)) {
        return None;
    }
    let rows: Vec<&[Cell]> = cells[width..].chunks_exact(width).collect();
    let kind = |c: &Cell| {
        if is_placeholder(&c.text) {
            None
        } else {
            Some(looks_numeric(&c.text))
        }
    };
    let mut agree = 0usize;
    let mut total = 0usize;
    for col in 0..width {
        let first = rows.iter().find_map(|r| kind(&r[col]));
        for r in &rows {
            if let Some(k) = kind(&r[col]) {
                total += 1;
                if Some(k) == first {
                    agree += 1;
                }
            }
        }
    }
    // A table of numbers needs at least one numeric column to be told from prose.
    let has_numbers = rows
        .iter()
        .any(|r| r.iter().any(|c| looks_numeric(&c.text)));
    if total == 0 || !has_numbers && rows.len() < 2 {
        return None;
    }
    Some((agree * 1000 / total) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(texts: &[&str]) -> Vec<Cell> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Cell::new(*t, *t, format!("t:{}", i + 1)))
            .collect()
    }

    #[test]
    fn grid_numeric_cells_are_told_from_text() {
        for t in [
            "17190", "99.88%", "100.00 ", "7 ↑", "6 ↓", "-21.07%", "1.1万", "95.91分",
        ] {
            assert!(looks_numeric(t), "{t}");
        }
        for t in ["丙云镇", "A", "镇街", "2022年", ""] {
            assert!(!looks_numeric(t), "{t}");
        }
    }

    #[test]
    fn grid_stream_width_comes_from_the_header() {
        let header = |t: &str| ["单位", "工单号", "原因", "得分"].contains(&t);
        let c = cells(&[
            "单位",
            "工单号",
            "原因",
            "甲局",
            "101",
            "未联系",
            "乙局",
            "102",
            "太慢",
        ]);
        let (rows, used) = rows_from_stream(&c, &header).unwrap();
        assert_eq!(used, 9);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2][0].text, "乙局");
    }

    #[test]
    fn grid_stream_width_falls_back_to_column_types() {
        let none = |_: &str| false;
        let c = cells(&["名称", "数", "甲", "1", "乙", "2", "丙", "3"]);
        let (rows, _) = rows_from_stream(&c, &none).unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[3][1].text, "3");
    }

    #[test]
    fn grid_stream_of_prose_is_no_table() {
        let none = |_: &str| false;
        let c = cells(&["今天天气很好", "我们去公园"]);
        assert!(rows_from_stream(&c, &none).is_none());
    }
}
