//! Plain text → prose lines and grids. Finds the table layouts that Word/PDF/web text
//! exports produce and hands each on as a [`Grid`]; everything else is prose.
//!
//! Layouts: one cell per line indented by a tab with blank lines between rows (header
//! cells may wrap onto an unindented line); pipe rows `a | b | c |`; one cell per line
//! ending in ` |` (a line of bare pipes is as many empty cells); tab-separated rows; a run
//! of short lines, one cell each, that opens with header cells (blank lines between them
//! or not). Layouts whose rows are not marked are handed on as streams of cells: the
//! recognizer cuts them into rows by their header.

use crate::at::At;
use crate::grid::{Cell, Grid};
use crate::source::normalize::normalize_line;

pub use crate::grid::{Line, Segment};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Blank,
    /// `\tcell`: one cell, indented by a tab. `\t` alone is an empty cell.
    TabCell,
    /// `a\tb\tc`
    TabRow,
    /// `a | b | c |` or `cell |`
    Pipe,
    Text,
}

/// Lines longer than this are prose: no bulletin prints a table row that long.
const MAX_TABLE_LINE: usize = 64 * 1024;

/// Rows with more cells than this are not table rows.
pub const MAX_CELLS: usize = 512;

fn shape(raw: &str, norm: &str) -> Shape {
    let trimmed_end = raw.trim_end();
    if norm.trim().is_empty() && !raw.starts_with('\t') {
        return Shape::Blank;
    }
    if raw.len() > MAX_TABLE_LINE {
        return Shape::Text;
    }
    let inner = trimmed_end.trim_start_matches('\t');
    let tabs = count_byte(inner, b'\t');
    let pipes = count_byte(norm, b'|');
    // A `|` inside a cell of a tab-separated row (`投诉|咨询`) does not make it a pipe row.
    if pipes > 0 && pipes > tabs {
        return if pipes > MAX_CELLS {
            Shape::Text
        } else {
            Shape::Pipe
        };
    }
    if tabs > 0 && !inner.trim().is_empty() {
        return if tabs > MAX_CELLS {
            Shape::Text
        } else {
            Shape::TabRow
        };
    }
    if raw.starts_with('\t') {
        return Shape::TabCell;
    }
    if norm.trim().is_empty() {
        return Shape::Blank;
    }
    Shape::Text
}

/// How many times an ASCII byte occurs in `s` (as many as the character: no other
/// character's encoding holds an ASCII byte). Found with `memchr` (a tab or a pipe is
/// rare in a line: the search skips the rest many bytes at a time).
fn count_byte(s: &str, byte: u8) -> usize {
    memchr::memchr_iter(byte, s.as_bytes()).count()
}

/// Splits `text` into lines and segments. `is_header` says whether a compact,
/// normalized cell text is a known table header (it starts a stream of short lines).
pub fn segment(text: &str, source: &str, is_header: &dyn Fn(&str) -> bool) -> Vec<Segment> {
    segment_lines(text_lines(text, source), is_header)
}

/// The lines of a text, numbered from 1, normalized.
pub fn text_lines(text: &str, source: &str) -> Vec<Line> {
    let file = At::prefix(source);
    let mut lines = Vec::with_capacity(count_byte(text, b'\n') + 1);
    lines.extend(text.lines().enumerate().map(|(i, raw)| {
        let raw = raw.trim_end_matches('\r');
        Line {
            no: i + 1,
            raw: raw.to_string(),
            norm: normalize_line(raw),
            at: At::line(&file, i + 1),
        }
    }));
    lines
}

/// Segments lines that already carry their provenance (a text file's lines, a Word
/// document's paragraphs, a web page's blocks).
pub fn segment_lines(mut lines: Vec<Line>, is_header: &dyn Fn(&str) -> bool) -> Vec<Segment> {
    let shapes: Vec<Shape> = lines.iter().map(|l| shape(&l.raw, &l.norm)).collect();
    let mut out = Segmenter {
        segments: Vec::new(),
        prose: Vec::new(),
    };
    let mut i = 0;
    while i < lines.len() {
        let consumed = match shapes[i] {
            Shape::TabCell if !lines[i].norm.trim().is_empty() => out.tab_cells(&lines, &shapes, i),
            Shape::Pipe => out.pipes(&lines, &shapes, i),
            Shape::TabRow => out.tab_rows(&lines, &shapes, i),
            Shape::Text => {
                // A line of header words run together may be a stream's first cell; when
                // no stream follows, it may still be a header whose cells are spaced.
                let mut n = 0;
                if lines[i].norm.len() <= 60 && is_header(&compact_cell(&lines[i].norm)) {
                    n = out.short_lines(&lines, &shapes, i, is_header);
                }
                if n == 0 && is_spaced_header(&lines[i].norm, is_header) {
                    n = out.spaced_rows(&lines, &shapes, i);
                }
                n
            }
            _ => 0,
        };
        if consumed == 0 {
            // Layouts only look ahead of `i`: the line can be moved out.
            out.prose.push(std::mem::take(&mut lines[i]));
            i += 1;
        } else {
            i += consumed;
        }
    }
    out.flush_prose();
    out.segments
}

fn compact_cell(s: &str) -> String {
    crate::source::normalize::compact(s)
}

struct Segmenter {
    segments: Vec<Segment>,
    prose: Vec<Line>,
}

impl Segmenter {
    fn cell(&self, line: &Line, norm: &str, raw: &str) -> Cell {
        Cell::of(norm, raw, line.at.clone())
    }

    fn flush_prose(&mut self) {
        if !self.prose.is_empty() {
            self.segments
                .push(Segment::Prose(std::mem::take(&mut self.prose)));
        }
    }

    fn push_grid(&mut self, rows: Vec<Vec<Cell>>, first: &Line) {
        self.push(rows, first, false, false);
    }

    /// Pushes a grid; `stream` when its rows are not marked, `at_end` when nothing but
    /// blank lines follows it.
    fn push(&mut self, rows: Vec<Vec<Cell>>, first: &Line, stream: bool, at_end: bool) {
        let context = self
            .prose
            .iter()
            .rev()
            .filter(|l| !l.norm.trim().is_empty())
            .take(8)
            .map(|l| l.norm.trim().to_string())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        self.flush_prose();
        self.segments.push(Segment::Grid(Grid {
            rows,
            context,
            at: first.at.clone(),
            stream,
            at_end,
        }));
    }

    /// One cell per tab-indented line, rows separated by blank lines. A short unindented
    /// line right after a header cell continues it (`纳入` / `考评`).
    fn tab_cells(&mut self, lines: &[Line], shapes: &[Shape], start: usize) -> usize {
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        let mut row: Vec<Cell> = Vec::new();
        let mut i = start;
        let mut end = start;
        while i < lines.len() {
            match shapes[i] {
                Shape::TabCell => {
                    let l = &lines[i];
                    row.push(self.cell(l, &l.norm, &l.raw));
                    end = i + 1;
                }
                Shape::Text if !row.is_empty() && continues_cell(&lines[i].norm, row.last()) => {
                    let l = &lines[i];
                    if let Some(last) = row.last_mut() {
                        last.text.push_str(l.norm.trim());
                        last.raw.push('\n');
                        last.raw.push_str(l.raw.trim());
                    }
                    end = i + 1;
                }
                Shape::Blank => {
                    if !row.is_empty() {
                        rows.push(std::mem::take(&mut row));
                    }
                    // Go on only if the next non-blank line is another tab cell.
                    let next = (i..lines.len()).find(|&j| shapes[j] != Shape::Blank);
                    match next {
                        Some(j)
                            if shapes[j] == Shape::TabCell && !lines[j].norm.trim().is_empty() =>
                        {
                            i = j;
                            continue;
                        }
                        _ => break,
                    }
                }
                _ => break,
            }
            i += 1;
        }
        if !row.is_empty() {
            rows.push(row);
        }
        let widest = rows.iter().map(Vec::len).max().unwrap_or(0);
        if widest < 2 {
            return 0;
        }
        // Rows not told apart by blank lines (all cells in one run, or runs of several
        // rows): a stream for the recognizer to cut.
        let mut lengths: Vec<usize> = rows.iter().map(Vec::len).collect();
        lengths.sort_unstable();
        let median = lengths[lengths.len() / 2];
        let stream = rows.len() == 1 || widest >= 2 * median.max(1) && widest >= 4;
        let at_end = at_end(shapes, end);
        if stream {
            let cells: Vec<Vec<Cell>> = rows.into_iter().flatten().map(|c| vec![c]).collect();
            self.push(cells, &lines[start], true, at_end);
        } else {
            self.push(rows, &lines[start], false, at_end);
        }
        end - start
    }

    /// Consecutive lines with pipes: rows, or one cell per line (a stream).
    fn pipes(&mut self, lines: &[Line], shapes: &[Shape], start: usize) -> usize {
        let run = pipe_run(lines, shapes, start);
        let end = run.last().map_or(start, |i| i + 1);
        let mut split: Vec<Vec<Cell>> = Vec::with_capacity(run.len());
        let mut carry: Option<&Line> = None;
        for &i in &run {
            let l = &lines[i];
            if shapes[i] != Shape::Pipe {
                carry = Some(l); // the first part of a cell broken over two lines
                continue;
            }
            let mut cells: Vec<Cell> = Vec::with_capacity(count_byte(&l.norm, b'|') + 1);
            split_pipes(&l.norm, &l.raw, |n, r| cells.push(self.cell(l, n, r)));
            if let (Some(first), Some(c)) = (carry.take(), cells.first_mut()) {
                c.text = format!("{}{}", first.norm.trim(), c.text);
                c.raw = format!("{}\n{}", first.raw.trim(), c.raw);
                c.at.clone_from(&first.at);
            }
            split.push(cells);
        }
        let filled = |c: &Vec<Cell>| c.iter().filter(|x| !x.is_empty()).count();
        let single = split.iter().filter(|c| filled(c) <= 1).count();
        let at_end = at_end(shapes, end);
        if single * 10 >= split.len() * 8 && split.len() >= 4 {
            // One cell per line: the recognizer cuts the rows by the header.
            if split.iter().all(|c| filled(c) == 0) {
                return end - start;
            }
            self.push(split, &lines[start], true, at_end);
            return end - start;
        }
        let content: Vec<Vec<Cell>> = split.into_iter().filter(|c| filled(c) > 0).collect();
        if content.is_empty() {
            return end - start;
        }
        self.push(content, &lines[start], false, at_end);
        end - start
    }

    /// Tab-separated rows.
    fn tab_rows(&mut self, lines: &[Line], shapes: &[Shape], start: usize) -> usize {
        let run = run_of(shapes, start, Shape::TabRow, 1);
        let end = run.last().map_or(start, |i| i + 1);
        // Rows all indented by a tab are indented; a row alone in starting with a tab has
        // an empty first cell (the corner under a group header).
        let indented = run.iter().all(|&i| lines[i].raw.starts_with('\t'));
        let rows = run
            .iter()
            .map(|&i| {
                let l = &lines[i];
                fn cells(s: &str, indented: bool) -> Vec<&str> {
                    let s = s.trim_end_matches([' ', '\r', '\n']);
                    let s = if indented {
                        s.trim_start_matches('\t')
                    } else {
                        s
                    };
                    s.split('\t').collect()
                }
                let (raws, norms) = (cells(&l.raw, indented), cells(&l.norm, indented));
                if raws.len() == norms.len() {
                    raws.iter()
                        .zip(&norms)
                        .map(|(r, n)| self.cell(l, n, r))
                        .collect()
                } else {
                    norms.iter().map(|n| self.cell(l, n, n)).collect()
                }
            })
            .collect();
        self.push_grid(rows, &lines[start]);
        end - start
    }

    /// Rows whose cells are separated by spaces (text copied from a PDF), under a header
    /// whose width they share. A one-word line between them is a section label.
    fn spaced_rows(&mut self, lines: &[Line], shapes: &[Shape], start: usize) -> usize {
        let header: Vec<&str> = lines[start].norm.split_whitespace().collect();
        let width = header.len();
        let block = repeat_of(&header);
        let mut rows = Vec::new();
        let mut end = start;
        for (i, l) in lines.iter().enumerate().skip(start) {
            if shapes[i] != Shape::Text {
                break;
            }
            let tokens = l.norm.split_whitespace().count();
            let label = l.norm.trim();
            if tokens == 1
                && i > start
                && label.chars().count() <= 12
                && !label.contains(['。', ',', ';', ':'])
            {
                rows.push(vec![self.cell(l, label, l.raw.trim())]);
            } else if let Some(cells) = spaced_cells(&l.norm, width) {
                rows.push(cells.iter().map(|c| self.cell(l, c, c)).collect());
            } else if let Some(cells) = (block < width && i > start)
                .then(|| short_block_row(&l.norm, block))
                .flatten()
            {
                // Units side by side: the last row may hold fewer of them.
                let mut row: Vec<Cell> = cells.iter().map(|c| self.cell(l, c, c)).collect();
                while row.len() < width {
                    row.push(self.cell(l, "", ""));
                }
                rows.push(row);
            } else {
                break;
            }
            end = i + 1;
        }
        // A label after the last row belongs to what follows.
        while rows.last().is_some_and(|r| r.len() == 1) {
            rows.pop();
            end -= 1;
        }
        let data = rows.iter().skip(1).filter(|r| r.len() == width).count();
        if data == 0 {
            return 0;
        }
        self.push_grid(rows, &lines[start]);
        end - start
    }

    /// A run of short lines, one cell each, opening with header cells: a stream. It ends
    /// at its last figure: short lines after it (a heading, a caption) are prose.
    fn short_lines(
        &mut self,
        lines: &[Line],
        shapes: &[Shape],
        start: usize,
        is_header: &dyn Fn(&str) -> bool,
    ) -> usize {
        let mut cells = Vec::new();
        let mut at_line = Vec::new();
        for (i, l) in lines.iter().enumerate().skip(start) {
            match shapes[i] {
                Shape::Blank => continue,
                Shape::Text if is_short_cell(&l.norm) => {
                    cells.push(vec![self.cell(l, &l.norm, &l.raw)]);
                    at_line.push(i);
                }
                _ => break,
            }
        }
        let headers = cells
            .iter()
            .take(3)
            .filter(|c| is_header(&compact_cell(&c[0].text)))
            .count();
        let figure = |c: &Vec<Cell>| {
            crate::grid::looks_numeric(&c[0].text) || crate::grid::is_placeholder(&c[0].text)
        };
        let Some(last) = cells.iter().rposition(figure) else {
            return 0;
        };
        if headers < 2 {
            return 0;
        }
        cells.truncate(last + 1);
        let end = at_line[last] + 1;
        let at_end = at_end(shapes, end);
        self.push(cells, &lines[start], true, at_end);
        end - start
    }
}

/// Whether only blank lines follow line `end` (exclusive).
fn at_end(shapes: &[Shape], end: usize) -> bool {
    shapes[end.min(shapes.len())..]
        .iter()
        .all(|s| *s == Shape::Blank)
}

/// The lines of a run of pipe lines from `start`, across blank lines; a short line without
/// a pipe between two pipe lines (a cell broken over two lines: `辽滨沿海经济` /
/// `技术开发区 |`) is taken as the start of the next line's first cell.
fn pipe_run(lines: &[Line], shapes: &[Shape], start: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = start;
    while i < shapes.len() {
        match shapes[i] {
            Shape::Pipe => out.push(i),
            Shape::Blank => {}
            Shape::Text
                if out.last().is_some_and(|&p| one_cell(&lines[p]))
                    && shapes.get(i + 1) == Some(&Shape::Pipe)
                    && one_cell(&lines[i + 1])
                    && is_broken_cell(&lines[i].norm) =>
            {
                out.push(i)
            }
            _ => break,
        }
        i += 1;
    }
    // Blank lines after the last pipe line belong to what follows.
    out
}

/// A short piece of a cell: no digits, no sentence punctuation, not the label of a group
/// of rows (`一类部门`).
fn is_broken_cell(norm: &str) -> bool {
    let t = norm.trim();
    !t.is_empty()
        && t.chars().count() <= 12
        && !t.chars().any(|c| c.is_ascii_digit())
        && !t.contains(['。', ',', ';', ':', '、'])
        && !crate::extract::headers::GROUP_WORDS
            .iter()
            .any(|w| t.ends_with(w))
}

/// Whether a pipe line holds one cell (`cell |`).
fn one_cell(line: &Line) -> bool {
    let mut filled = 0;
    split_pipes(&line.norm, &line.raw, |n, _| {
        filled += usize::from(!n.is_empty())
    });
    filled <= 1
}

/// The lines of a run of `shape` from `start`: it goes on across at most `max_gap` blank
/// lines when the next non-blank line has the same shape.
fn run_of(shapes: &[Shape], start: usize, shape: Shape, max_gap: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = start;
    while i < shapes.len() {
        if shapes[i] == shape {
            out.push(i);
            i += 1;
            continue;
        }
        if shapes[i] != Shape::Blank {
            break;
        }
        match (i..shapes.len()).find(|&j| shapes[j] != Shape::Blank) {
            Some(j) if shapes[j] == shape && j - i <= max_gap => i = j,
            _ => break,
        }
    }
    out
}

/// A header whose cells are separated by spaces: three cells or more, most of them known
/// headers.
fn is_spaced_header(norm: &str, is_header: &dyn Fn(&str) -> bool) -> bool {
    if norm.len() > 400 || norm.split_whitespace().nth(2).is_none() {
        return false;
    }
    let tokens: Vec<&str> = norm.split_whitespace().collect();
    let known = tokens.iter().filter(|t| is_header(t)).count();
    tokens.len() >= 3 && known >= 2 && known * 10 >= tokens.len() * 6
}

/// The width of the block a header repeats (`排名 单位 得分 排名 单位 得分`: 3), or its
/// own width.
fn repeat_of(header: &[&str]) -> usize {
    let w = header.len();
    (1..w)
        .find(|&p| w % p == 0 && (p..w).all(|i| header[i] == header[i % p]))
        .unwrap_or(w)
}

/// A row of fewer blocks than the header's (`5 乙镇 95.93` under two blocks of three).
fn short_block_row(norm: &str, block: usize) -> Option<Vec<String>> {
    let tokens = norm.split_whitespace().count();
    let blocks = tokens / block;
    (tokens % block == 0 && blocks >= 1)
        .then(|| spaced_cells(norm, blocks * block))
        .flatten()
}

/// Splits a space-separated row into `width` cells. A name printed with spaces inside
/// (`教  委`) makes too many tokens: the first run of text tokens is joined back.
fn spaced_cells(norm: &str, width: usize) -> Option<Vec<String>> {
    let mut tokens: Vec<String> = norm.split_whitespace().map(str::to_string).collect();
    while tokens.len() > width {
        let i = (0..tokens.len() - 1).find(|&i| {
            !crate::grid::looks_numeric(&tokens[i]) && !crate::grid::looks_numeric(&tokens[i + 1])
        })?;
        let next = tokens.remove(i + 1);
        tokens[i].push_str(&next);
    }
    (tokens.len() == width).then_some(tokens)
}

/// Whether an unindented line continues the tab cell before it: a short label with no
/// digits after a text cell (a header wrapped over two lines).
fn continues_cell(norm: &str, last: Option<&Cell>) -> bool {
    let t = norm.trim();
    let short = t.chars().count() <= 6;
    let no_digits = !t.chars().any(|c| c.is_ascii_digit());
    let after_text =
        last.is_some_and(|c| !c.text.is_empty() && !crate::grid::looks_numeric(&c.text));
    short && no_digits && after_text && !t.contains(['。', ',', ':', ';'])
}

fn is_short_cell(norm: &str) -> bool {
    let t = norm.trim();
    !t.is_empty()
        && t.chars().count() <= 40
        && (!t.contains(['。', ';', ',']) || crate::grid::looks_numeric(t))
}

/// Splits a pipe row into (normalized, raw) cells, dropping the empty cell before a
/// leading pipe and after a trailing one, and hands each to `each` in order (borrowed:
/// the caller copies what it keeps).
fn split_pipes(norm: &str, raw: &str, mut each: impl FnMut(&str, &str)) {
    let norms = pipe_body(norm);
    let raw_folded = crate::source::normalize::fold_width(raw);
    let raws = pipe_body(&raw_folded);
    // As many cells as pipes inside, plus one: the two are paired when they have as many.
    if count_byte(norms, b'|') == count_byte(raws, b'|') {
        for (n, r) in norms.split('|').zip(raws.split('|')) {
            each(pipe_cell(n), pipe_cell(r));
        }
    } else {
        for n in norms.split('|') {
            let n = pipe_cell(n);
            each(n, n);
        }
    }
}

/// A pipe row without its leading and trailing pipe.
fn pipe_body(line: &str) -> &str {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    t.strip_suffix('|').unwrap_or(t)
}

/// The text of one cell between pipes, trimmed.
fn pipe_cell(c: &str) -> &str {
    let c = c.trim();
    // A Markdown rule row (`|---|:---:|`) is a spacer.
    if c.len() >= 3 && c.trim_matches(':').chars().all(|ch| ch == '-') {
        ""
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(t: &str) -> bool {
        ["排名", "单位", "得分", "满意率", "部门", "响应率"].contains(&t)
    }

    fn grids(text: &str) -> Vec<Grid> {
        segment(text, "t.txt", &header)
            .into_iter()
            .filter_map(|s| match s {
                Segment::Grid(g) => Some(g),
                Segment::Prose(_) => None,
            })
            .collect()
    }

    fn texts(g: &Grid) -> Vec<Vec<String>> {
        g.rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.clone()).collect())
            .collect()
    }

    /// `split_pipes` as it was: owned (normalized, raw) pairs.
    fn split_pipes_by_copy(norm: &str, raw: &str) -> Vec<(String, String)> {
        fn cells(line: &str) -> Vec<String> {
            let t = line.trim();
            let t = t.strip_prefix('|').unwrap_or(t);
            let t = t.strip_suffix('|').unwrap_or(t);
            t.split('|')
                .map(|c| {
                    let c = c.trim();
                    if c.len() >= 3 && c.trim_matches(':').chars().all(|ch| ch == '-') {
                        String::new()
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        }
        let norms = cells(norm);
        let raw_folded = crate::source::normalize::fold_width(raw);
        let raws = cells(&raw_folded);
        if norms.len() == raws.len() {
            norms.into_iter().zip(raws).collect()
        } else {
            norms.iter().map(|n| (n.clone(), n.clone())).collect()
        }
    }

    fn split_pipes_owned(norm: &str, raw: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        split_pipes(norm, raw, |n, r| out.push((n.to_string(), r.to_string())));
        out
    }

    #[test]
    fn text_split_pipes_is_the_copying_split() {
        for raw in crate::source::testing::fixture_lines() {
            let norm = normalize_line(&raw);
            assert_eq!(
                split_pipes_owned(&norm, &raw),
                split_pipes_by_copy(&norm, &raw),
                "{raw:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn text_split_pipes_agrees_with_the_copying_split(raw in crate::source::testing::line()) {
            let norm = normalize_line(&raw);
            proptest::prop_assert_eq!(split_pipes_owned(&norm, &raw), split_pipes_by_copy(&norm, &raw));
        }
    }

    #[test]
    fn text_count_byte_counts_the_character() {
        for t in ["", "|", "a|b|c", "\t甲\t|｜\t", "||||"] {
            assert_eq!(count_byte(t, b'|'), t.matches('|').count(), "{t:?}");
            assert_eq!(count_byte(t, b'\t'), t.matches('\t').count(), "{t:?}");
        }
    }

    #[test]
    fn text_line_at_is_source_colon_line() {
        for n in [0, 1, 9, 10, 99, 100, 12345, usize::MAX] {
            let at = At::line(&At::prefix("a/b.txt"), n);
            assert_eq!(at.to_string(), format!("a/b.txt:{n}"));
        }
    }

    #[test]
    fn text_reads_tab_indented_cells_with_wrapped_header() {
        let g = grids("表1：统计表\n\t排名\n\t单位\n\t综合\n成绩\n\n\t1\n\t甲镇\n\t99.5\n\n\t2\n\t乙镇\n\t98\n\n说明文字。\n");
        assert_eq!(g.len(), 1);
        assert_eq!(
            texts(&g[0]),
            vec![
                vec!["排名", "单位", "综合成绩"],
                vec!["1", "甲镇", "99.5"],
                vec!["2", "乙镇", "98"]
            ]
        );
        assert_eq!(g[0].context, vec!["表1:统计表"]);
        assert_eq!(g[0].rows[1][1].at, "t.txt:8");
    }

    #[test]
    fn text_reads_empty_tab_cells() {
        let g = grids("\t排名\n\t分类\n\t部门\n\n\t1\n\t一类\n\t甲局\n\n\t2\n\t\n\t乙局\n");
        assert_eq!(texts(&g[0])[2], vec!["2", "", "乙局"]);
    }

    #[test]
    fn text_reads_pipe_rows_with_title_and_spacers() {
        let g = grids("评分表 | |||||\n| 单位 | 得分 |\n| | |\n甲镇 | 40 |\n乙镇 | 39 |\n");
        assert_eq!(
            texts(&g[0]),
            vec![
                vec!["评分表", "", "", "", "", ""],
                vec!["单位", "得分"],
                vec!["甲镇", "40"],
                vec!["乙镇", "39"]
            ]
        );
    }

    #[test]
    fn text_reads_markdown_tables() {
        let g = grids("| 单位 | 得分 |\n|---|:---:|\n| 甲镇 | 40 |\n");
        assert_eq!(texts(&g[0]), vec![vec!["单位", "得分"], vec!["甲镇", "40"]]);
    }

    /// The cells of a stream grid, in order.
    fn stream_cells(g: &Grid) -> Vec<String> {
        assert!(g.stream, "a stream of cells");
        g.rows.iter().flatten().map(|c| c.text.clone()).collect()
    }

    #[test]
    fn text_reads_one_cell_per_line_pipes_as_a_stream() {
        let g = grids("表 |\n||||\n单位 |\n得分 |\n甲镇 |\n40 |\n|\n39 |\n后文\n");
        assert_eq!(g.len(), 1);
        // A line of bare pipes is as many empty cells; `|` alone is one.
        assert_eq!(
            stream_cells(&g[0]),
            vec!["表", "", "", "", "单位", "得分", "甲镇", "40", "", "39"]
        );
        assert!(!g[0].at_end);
    }

    #[test]
    fn text_reads_tab_separated_rows() {
        let g = grids("单位\t得分\n甲镇\t40\n乙镇\t39\n");
        assert_eq!(texts(&g[0]).len(), 3);
    }

    #[test]
    fn text_reads_blank_line_separated_cells_as_a_stream() {
        let g = grids("说明\n\n排名\n\n单位\n\n得分\n\n1\n\n甲镇\n\n99.1\n\n2\n\n乙镇\n\n98.7\n\n这是一段很长的结束语，不是表格的内容。\n");
        assert_eq!(g.len(), 1);
        assert_eq!(
            stream_cells(&g[0]),
            vec!["排名", "单位", "得分", "1", "甲镇", "99.1", "2", "乙镇", "98.7"]
        );
        assert_eq!(g[0].context, vec!["说明"]);
    }

    #[test]
    fn text_tab_rows_keep_a_pipe_inside_a_cell() {
        let g = grids("单位\t得分\t备注\n甲镇\t40\t投诉|咨询\n乙镇\t39\t无\n");
        assert_eq!(g.len(), 1);
        assert!(!g[0].stream);
        assert_eq!(texts(&g[0])[1], vec!["甲镇", "40", "投诉|咨询"]);
        assert_eq!(texts(&g[0]).len(), 3);
    }

    #[test]
    fn text_reads_space_separated_rows() {
        let g =
            grids("排名 单位 满意率 得分\n1 甲  镇 99.5% 98.1\n2 乙镇 97% 96\n以上为本月排名。\n");
        assert_eq!(g.len(), 1);
        assert_eq!(
            texts(&g[0]),
            vec![
                vec!["排名", "单位", "满意率", "得分"],
                vec!["1", "甲镇", "99.5%", "98.1"],
                vec!["2", "乙镇", "97%", "96"]
            ]
        );
    }

    #[test]
    fn text_leaves_prose_alone() {
        let g = grids("全区受理工单2848件，办结率100%。\n\n满意率96%，排名第一。\n");
        assert!(g.is_empty());
    }
}
