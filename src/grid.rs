//! The one shape every table takes before recognition: rows of cells, each cell with its
//! normalized text, its raw text and where it came from. Text layouts and (later)
//! spreadsheets both produce a [`Grid`]; `extract::table` is the only reader of it.

use crate::at::At;

/// One cell of a grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// Normalized (simplified, ASCII digits), trimmed.
    pub text: String,
    /// Exactly as printed, trimmed.
    pub raw: String,
    /// `file:line` or `file#Sheet!B7`.
    pub at: At,
}

impl Cell {
    pub fn new(text: impl Into<String>, raw: impl Into<String>, at: impl Into<At>) -> Cell {
        Cell {
            text: trimmed(text.into()),
            raw: trimmed(raw.into()),
            at: at.into(),
        }
    }

    /// A cell from borrowed texts, each trimmed before it is copied: one allocation per
    /// text (segmenting makes a cell of every piece of every table line).
    pub(crate) fn of(text: &str, raw: &str, at: At) -> Cell {
        Cell {
            text: text.trim().to_string(),
            raw: raw.trim().to_string(),
            at,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
}

/// `s` without surrounding whitespace, trimmed in place (no new string).
fn trimmed(mut s: String) -> String {
    let end = s.trim_end().len();
    s.truncate(end);
    let start = s.len() - s.trim_start().len();
    if start > 0 {
        s.drain(..start);
    }
    s
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
    pub at: At,
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
        if block.len() == 1 && distinct_upto_two(&block[0]) <= 1 {
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
            ..Grid::default()
        }));
    };
    for row in rows {
        if row.iter().all(Cell::is_empty) {
            flush(&mut block, &mut prose, &mut out);
        } else if distinct_upto_two(&row) <= 1 && block.is_empty() {
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

/// Appends the segments of a document's table (its rows of cells) after what the document
/// said before it: the table's first grid takes the prose's last lines as its context.
pub fn append_table(out: &mut Vec<Segment>, cells: Vec<Vec<Cell>>) {
    let mut segs = blocks(cells);
    if let (Some(Segment::Prose(prev)), Some(Segment::Grid(g))) = (out.last(), segs.first_mut()) {
        let mut context: Vec<String> = prev
            .iter()
            .rev()
            .take(8)
            .rev()
            .map(|l| l.norm.trim().to_string())
            .collect();
        context.append(&mut g.context);
        g.context = context;
    }
    out.extend(segs);
}

/// Cells from rows of raw texts (a Word or web table, an OpenDocument sheet), normalized,
/// each at the place `at(row, column)` names (both 0-based).
pub fn cells_from_texts(rows: Vec<Vec<String>>, at: impl Fn(usize, usize) -> At) -> Vec<Vec<Cell>> {
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

/// How many different non-empty values a row holds, counted up to two: 0, 1 (a merged
/// title repeats one) or 2 for two or more. Every caller asks "none, one, or more", so the
/// count stops at the second value, with no list of the values seen.
pub fn distinct_upto_two(row: &[Cell]) -> usize {
    let mut cells = row.iter().filter(|c| !c.is_empty());
    let Some(first) = cells.next() else {
        return 0;
    };
    if cells.any(|c| c.text != first.text) {
        2
    } else {
        1
    }
}

/// How many different non-empty values a row holds (a merged title repeats one): the
/// reference for [`distinct_upto_two`].
#[cfg(test)]
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
    pub at: At,
    /// The rows are not marked: `rows` holds the cells of each printed line, and the
    /// table's rows are to be cut from the stream of them (one cell per line).
    pub stream: bool,
    /// The grid runs to the end of its document (a last row may be cut off).
    pub at_end: bool,
}

/// Whether a cell reads as a number (a count, a rate, a score, a rank change): what
/// `^[+\-−]?[↑↓]?\s*[0-9]+(?:[.,][0-9]+)*\s*(?:%|万|件|分|天|个|人次)?\s*[↑↓]?$` matches in
/// the trimmed text, read left to right (asked of every cell: no regex search).
pub fn looks_numeric(text: &str) -> bool {
    let t = text.trim();
    let t = t.strip_prefix(['+', '-', '−']).unwrap_or(t);
    let t = t.strip_prefix(['↑', '↓']).unwrap_or(t);
    let t = t.trim_start();
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let mut n = digits(t);
    if n == 0 {
        return false;
    }
    let mut t = &t[n..];
    // Groups of a separator and digits (`1,203`, `99.88`).
    while let Some(rest) = t.strip_prefix(['.', ',']) {
        n = digits(rest);
        if n == 0 {
            return false;
        }
        t = &rest[n..];
    }
    let t = t.trim_start();
    let t = ["%", "万", "件", "分", "天", "个", "人次"]
        .iter()
        .find_map(|u| t.strip_prefix(u))
        .unwrap_or(t);
    let t = t.trim_start();
    let t = t.strip_prefix(['↑', '↓']).unwrap_or(t);
    t.is_empty()
}

/// Whether a cell is an empty placeholder (`/`, `—`, `-`, empty).
pub fn is_placeholder(text: &str) -> bool {
    matches!(
        text.trim(),
        "" | "/" | "-" | "--" | "—" | "——" | "–" | "\\" | "无" | "N/A" | "n/a" | "*"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `trimmed` as it was: a copy when there is something to trim.
    fn trimmed_by_copy(s: String) -> String {
        if s.trim().len() == s.len() {
            s
        } else {
            s.trim().to_string()
        }
    }

    #[test]
    fn grid_trimmed_in_place_is_the_copy() {
        for t in [
            "",
            " ",
            "\u{3000}",
            "a",
            " a",
            "a ",
            " a b ",
            "\t甲镇\u{3000}",
            "\u{a0}99.5%\r\n",
        ] {
            assert_eq!(
                trimmed(t.to_string()),
                trimmed_by_copy(t.to_string()),
                "{t:?}"
            );
            let cell = Cell::of(t, t, "f:1".into());
            assert_eq!(cell, Cell::new(t, t, "f:1"), "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn grid_trimmed_agrees_with_the_copy(t in "[ \t\u{3000}\u{a0}a甲１\r\n]{0,10}") {
            proptest::prop_assert_eq!(trimmed(t.clone()), trimmed_by_copy(t.clone()));
            proptest::prop_assert_eq!(Cell::of(&t, &t, At::default()), Cell::new(t.as_str(), t.as_str(), ""));
        }
    }

    /// The pattern `looks_numeric` reads, for comparison.
    fn numeric_by_regex(text: &str) -> bool {
        regex::Regex::new(
            r"^[+\-−]?[↑↓]?\s*[0-9]+(?:[.,][0-9]+)*\s*(?:%|万|件|分|天|个|人次)?\s*[↑↓]?$",
        )
        .unwrap()
        .is_match(text.trim())
    }

    #[test]
    fn grid_numeric_reading_is_its_pattern() {
        for t in [
            "17190",
            "99.88%",
            " 100.00 ",
            "7 ↑",
            "6 ↓",
            "-21.07%",
            "1.1万",
            "95.91分",
            "−3",
            "+↑ 5",
            "↑↓5",
            "1,203",
            "1.,2",
            "1.",
            ".5",
            "12 人次",
            "12人",
            "12%%",
            "12 % ↓",
            "%",
            "",
            "-",
            "١٢",
            "１２",
            "12\u{3000}件",
            "3天↑",
            "1,2,3.4",
            "12万件",
            "a12",
        ] {
            assert_eq!(looks_numeric(t), numeric_by_regex(t), "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn grid_numeric_reading_agrees_with_its_pattern(
            t in "[-+−↑↓0-9., %万件分天个人次\u{3000}a]{0,12}"
        ) {
            proptest::prop_assert_eq!(looks_numeric(&t), numeric_by_regex(&t));
        }
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

    fn row_of(texts: &[&str]) -> Vec<Cell> {
        texts.iter().map(|t| Cell::new(*t, *t, "f:1")).collect()
    }

    #[test]
    fn grid_distinct_upto_two_is_the_count_capped() {
        for texts in [
            &[][..],
            &[""],
            &["", ""],
            &["甲"],
            &["甲", "甲", ""],
            &["", "甲", "乙"],
            &["甲", "乙", "甲", "丙"],
            &[" 甲", "甲 "],
        ] {
            let row = row_of(texts);
            assert_eq!(
                distinct_upto_two(&row),
                distinct_values(&row).min(2),
                "{texts:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn grid_distinct_upto_two_agrees_with_the_count(
            texts in proptest::collection::vec("[ 甲乙a]{0,2}", 0..6)
        ) {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let row = row_of(&refs);
            proptest::prop_assert_eq!(distinct_upto_two(&row), distinct_values(&row).min(2));
        }
    }
}
