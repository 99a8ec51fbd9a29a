//! Cells to columns by what each can be: a name is not a number, a rate is not a count.
//!
//! Pages drop empty cells and mirror sites lose line breaks, so a table's cells do not
//! always sit under their header. Every column has a [`Kind`] (from its header, or from
//! what its cells hold) and every cell a [`Class`]; aligning is finding the cheapest way
//! to lay the cells under the columns in order, where a cell under a column that cannot
//! hold it costs much, a column left without a cell costs a little and a printed empty
//! cell that stands for nothing costs a little more. [`align_row`] does this for a row
//! whose cells are known; [`cut_stream`] for a stream of cells whose rows are not
//! marked (one cell per line), cutting it into rows on the way.

use crate::grid::is_placeholder;
#[cfg(test)]
use crate::grid::Cell;

/// What a printed cell looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Empty,
    /// `/`, `—`, `-`: a column's "nothing".
    Placeholder,
    /// A number with `%`.
    Percent,
    /// A whole number.
    Integer,
    /// A whole number over 100 printed without a sign: a count, never a percentage.
    Large,
    /// A number with decimals.
    Decimal,
    /// Anything else: a name, a grade, a note.
    Text,
    /// The name of a total line (合计, 全区): printed under the names, or under the running
    /// numbers before them.
    TotalName,
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Names of units or categories.
    Name,
    /// Whole numbers: counts, ranks, running numbers.
    Count,
    /// Percentages (printed with or without `%`) and signed changes.
    Rate,
    /// Decimal numbers: scores, points, days.
    Decimal,
    /// Numbers of a kind the header does not tell.
    Number,
    /// Short text: grades.
    Label,
    /// Anything: a case record.
    Any,
    /// A header the synonym table does not know and whose words do not tell: anything, at
    /// a small cost, so that a reading that names its columns is preferred.
    Unknown,
}

/// The cost of a cell that its column cannot hold.
const WRONG: u32 = 100;
/// The cost of a column left without a cell (the page dropped an empty cell).
pub const SKIP: u32 = 10;
/// The cost of a printed empty cell that stands for no column.
const DROP: u32 = 12;
/// Streams whose cells times columns pass this are cut by width alone (the search would
/// hold 12 bytes per cell and column twice): no bulletin's table is this long.
const MAX_STREAM_STATES: usize = 2_000_000;

/// The class of a cell text (normalized).
pub fn classify(text: &str) -> Class {
    let t = trim_cell(text);
    if t.is_empty() {
        return Class::Empty;
    }
    if let Some(class) = plain_number(t) {
        return class;
    }
    if is_placeholder(t) {
        return Class::Placeholder;
    }
    if is_rank_text(t) {
        return Class::Integer;
    }
    if !crate::grid::looks_numeric(t) {
        let total = if t.contains(char::is_whitespace) {
            crate::extract::headers::is_total_name(&crate::source::normalize::compact(t))
        } else {
            crate::extract::headers::is_total_name(t)
        };
        return if total { Class::TotalName } else { Class::Text };
    }
    if t.contains('%') {
        Class::Percent
    } else if t.contains('.') {
        Class::Decimal
    } else if is_large(t) {
        Class::Large
    } else {
        Class::Integer
    }
}

/// `text.trim()`, with nothing decoded when both its ends are ASCII other than whitespace
/// (cells are trimmed already, and most are figures).
fn trim_cell(text: &str) -> &str {
    let solid = |b: &u8| b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' ');
    let bytes = text.as_bytes();
    if bytes.first().is_some_and(solid) && bytes.last().is_some_and(solid) {
        text
    } else {
        text.trim()
    }
}

/// The class of a cell that is only a number in its plainest form (`356`, `1,203`,
/// `99.88`, `98.5%`: ASCII digits in groups joined by one `.` or `,`, maybe a `%`), read
/// from its bytes; `None` for anything else. Most cells are such numbers, and for them the
/// general tests give the same class: none is a placeholder or a rank in words, all look
/// numeric.
fn plain_number(t: &str) -> Option<Class> {
    let bytes = t.as_bytes();
    let (body, percent) = match bytes.split_last() {
        Some((b'%', rest)) => (rest, true),
        _ => (bytes, false),
    };
    let mut after_digit = false;
    let mut point = false;
    // The value of its digits, as [`is_large`] reads it (read on the way, not again).
    let mut value = 0u32;
    for &b in body {
        if b.is_ascii_digit() {
            after_digit = true;
            value = value.saturating_mul(10).saturating_add(u32::from(b - b'0'));
        } else if after_digit && (b == b'.' || b == b',') {
            after_digit = false;
            point |= b == b'.';
        } else {
            return None;
        }
    }
    if !after_digit {
        return None;
    }
    Some(if percent {
        Class::Percent
    } else if point {
        Class::Decimal
    } else if value > 100 {
        Class::Large
    } else {
        Class::Integer
    })
}

/// Whether a whole number printed without a sign is over 100 (`1,203`, `356`).
fn is_large(t: &str) -> bool {
    let mut digits = 0usize;
    let mut value = 0u32;
    for c in t.chars() {
        match c {
            '0'..='9' => {
                digits += 1;
                value = value
                    .saturating_mul(10)
                    .saturating_add(c as u32 - '0' as u32);
            }
            ',' | ' ' => {}
            _ => return false,
        }
    }
    digits > 0 && value > 100
}

/// A rank printed with words: `第3名`, `并列2`, `第5位`.
fn is_rank_text(t: &str) -> bool {
    let core = t.strip_prefix("并列").unwrap_or(t);
    let core = core.strip_prefix('第').unwrap_or(core);
    let core = core
        .strip_suffix('名')
        .or_else(|| core.strip_suffix('位'))
        .unwrap_or(core);
    core.len() < t.len() && !core.is_empty() && core.bytes().all(|b| b.is_ascii_digit())
}

/// What it costs to put a cell of `class` under a column of `kind`.
pub fn cost(kind: Kind, class: Class) -> u32 {
    use Class as C;
    match (kind, class) {
        (_, C::Empty) => 0,
        (Kind::Any, _) => 0,
        (Kind::Unknown, _) => 1,
        (Kind::Name, C::Text | C::TotalName) => 0,
        (Kind::Count, C::TotalName) => 0,
        (_, C::TotalName) => WRONG,
        (Kind::Name, C::Placeholder) => 30,
        (Kind::Name, _) => WRONG,
        (Kind::Label, C::Text) => 0,
        (_, C::Placeholder) => 0,
        (_, C::Text) => WRONG,
        (Kind::Label, _) => 50,
        (Kind::Count, C::Integer | C::Large) => 0,
        (Kind::Count, C::Decimal) => 40,
        (Kind::Count, C::Percent) => WRONG,
        (Kind::Rate, C::Percent) => 0,
        (Kind::Rate, C::Decimal) => 2,
        (Kind::Rate, C::Integer) => 3,
        // More than leaving the column empty: the count belongs to a column further on.
        (Kind::Rate, C::Large) => 40,
        (Kind::Decimal, C::Percent) => 30,
        (Kind::Decimal, _) => 0,
        (Kind::Number, _) => 0,
    }
}

/// The cost of laying `cells` under `kinds` one to one, as printed.
pub fn positional_cost(cells: &[Class], kinds: &[Kind]) -> u32 {
    cells
        .iter()
        .zip(kinds)
        .map(|(c, k)| cost(*k, *c))
        .sum::<u32>()
        + cells
            .len()
            .abs_diff(kinds.len())
            .min(kinds.len())
            .saturating_mul(SKIP as usize) as u32
}

/// Lays the cells of one row under the columns: for each column, the index of its cell.
/// `skip_extra` is what leaving each column empty costs beyond [`SKIP`] (columns that
/// name a key cost one more, so that of two equal choices the keyless one stays empty).
/// Returns `None` when no laying keeps every cell under a column that can hold it.
pub fn align_row(
    cells: &[Class],
    kinds: &[Kind],
    skip_extra: &[u32],
) -> Option<Vec<Option<usize>>> {
    let (n, w) = (cells.len(), kinds.len());
    if w == 0 || n > 4 * w + 8 {
        return None;
    }
    // best[i][j]: least cost with i cells used and j columns passed.
    let inf = u32::MAX / 4;
    let mut best = vec![vec![inf; w + 1]; n + 1];
    let mut step = vec![vec![0u8; w + 1]; n + 1];
    best[0][0] = 0;
    for i in 0..=n {
        for j in 0..=w {
            let here = best[i][j];
            if here >= inf {
                continue;
            }
            if i < n && j < w {
                let c = here + cost(kinds[j], cells[i]);
                if c < best[i + 1][j + 1] {
                    best[i + 1][j + 1] = c;
                    step[i + 1][j + 1] = 1;
                }
            }
            if j < w {
                let c = here + SKIP + skip_extra.get(j).copied().unwrap_or(0);
                if c < best[i][j + 1] {
                    best[i][j + 1] = c;
                    step[i][j + 1] = 2;
                }
            }
            if i < n && cells[i] == Class::Empty {
                let c = here + DROP;
                if c < best[i + 1][j] {
                    best[i + 1][j] = c;
                    step[i + 1][j] = 3;
                }
            }
        }
    }
    if best[n][w] >= WRONG {
        return None;
    }
    let mut out = vec![None; w];
    let (mut i, mut j) = (n, w);
    while i > 0 || j > 0 {
        match step[i][j] {
            1 => {
                out[j - 1] = Some(i - 1);
                i -= 1;
                j -= 1;
            }
            2 => j -= 1,
            _ => i -= 1,
        }
    }
    Some(out)
}

/// A stream cut into rows: each row holds, per column, the index of the cell laid under
/// it.
pub struct Cut {
    pub rows: Vec<Vec<Option<usize>>>,
    /// Whether the last row stopped before its last column (the stream ran out).
    pub last_partial: bool,
    /// The cost of the cut per hundred cells (0 for a stream that fits its columns
    /// exactly; a column left empty in every row of four cells costs 250).
    pub cost_per_cell: u32,
    /// Every cell fits its column as printed in order, no column left empty.
    pub exact: bool,
}

/// Cuts a stream of cells into rows of `kinds.len()` columns, re-synchronizing where a
/// row printed fewer cells than the header (an empty cell dropped) by what each cell can
/// be.
pub fn cut_stream(classes: &[Class], kinds: &[Kind], skip_extra: &[u32]) -> Cut {
    let w = kinds.len();
    let n = classes.len();
    if w == 0 || n.saturating_mul(w) > MAX_STREAM_STATES {
        return cut_by_width(n, w.max(1));
    }
    // Most streams print every cell: each under its column in turn, no search needed.
    if classes
        .iter()
        .enumerate()
        .all(|(i, c)| cost(kinds[i % w], *c) == 0)
    {
        let mut cut = cut_by_width(n, w);
        let missing = (w - n % w) % w;
        cut.cost_per_cell = (missing as u32).saturating_mul(100) / (n.max(1) as u32);
        cut.exact = missing == 0;
        return cut;
    }
    // State (i, j, used): i cells consumed, next column j, whether this row took a cell.
    let inf = u32::MAX / 4;
    let idx = |i: usize, j: usize, used: usize| (i * w + j) * 2 + used;
    let mut best = vec![inf; (n + 1) * w * 2];
    let mut back: Vec<(u32, u8)> = vec![(u32::MAX, 0); (n + 1) * w * 2];
    best[idx(0, 0, 0)] = 0;
    // A row end wraps (i, w) to (i, 0) with `used` reset; the states of one i are
    // relaxed twice so that a row ended by leaving its last columns empty is followed.
    const TAKE: u8 = 1;
    const TAKE_END: u8 = 2;
    const SKIP_COL: u8 = 3;
    const SKIP_END: u8 = 4;
    const DROP_CELL: u8 = 5;
    for i in 0..=n {
        for _pass in 0..2 {
            for j in 0..w {
                for used in 0..2 {
                    let here = best[idx(i, j, used)];
                    if here >= inf {
                        continue;
                    }
                    let from = idx(i, j, used) as u32;
                    let mut relax = |to: usize, c: u32, how: u8, best: &mut Vec<u32>| {
                        if c < best[to] {
                            best[to] = c;
                            back[to] = (from, how);
                        }
                    };
                    // Take cell i under column j.
                    if i < n {
                        let c = here + cost(kinds[j], classes[i]);
                        if j + 1 == w {
                            relax(idx(i + 1, 0, 0), c, TAKE_END, &mut best);
                        } else {
                            relax(idx(i + 1, j + 1, 1), c, TAKE, &mut best);
                        }
                    }
                    // Leave column j empty; a row must take at least one cell.
                    let c = here + SKIP + skip_extra.get(j).copied().unwrap_or(0);
                    if j + 1 < w {
                        relax(idx(i, j + 1, used), c, SKIP_COL, &mut best);
                    } else if used == 1 {
                        relax(idx(i, 0, 0), c, SKIP_END, &mut best);
                    }
                    // Drop a printed empty cell that stands for no column.
                    if i < n && classes[i] == Class::Empty {
                        relax(idx(i + 1, j, used), here + DROP, DROP_CELL, &mut best);
                    }
                }
            }
        }
    }
    // The end: after a whole row, or inside the last one (the rest of it not printed).
    let mut end = idx(n, 0, 0);
    let mut end_cost = best[end];
    for j in 1..w {
        let at = idx(n, j, 1);
        let c = best[at].saturating_add((w - j) as u32);
        if c < end_cost {
            end_cost = c;
            end = at;
        }
    }
    if end_cost >= inf {
        return cut_by_width(n, w);
    }
    let last_partial = end != idx(n, 0, 0);
    // Walk back to the start, then lay the steps out forwards.
    let mut steps: Vec<(u8, usize, usize)> = Vec::new();
    let mut at = end;
    while at != idx(0, 0, 0) {
        let (from, how) = back[at];
        let from = from as usize;
        steps.push((how, from / 2 / w, from / 2 % w));
        at = from;
    }
    steps.reverse();
    let mut rows: Vec<Vec<Option<usize>>> = Vec::new();
    let mut row: Vec<Option<usize>> = vec![None; w];
    for (how, i, j) in steps {
        if matches!(how, TAKE | TAKE_END) {
            row[j] = Some(i);
        }
        if matches!(how, TAKE_END | SKIP_END) {
            rows.push(std::mem::replace(&mut row, vec![None; w]));
        }
    }
    if row.iter().any(Option::is_some) {
        rows.push(row);
    }
    Cut {
        rows,
        last_partial,
        cost_per_cell: end_cost.saturating_mul(100) / (n.max(1) as u32),
        exact: end_cost == 0,
    }
}

/// Rows of `w` cells as printed, the last one possibly short.
fn cut_by_width(n: usize, w: usize) -> Cut {
    let rows: Vec<Vec<Option<usize>>> = (0..n)
        .step_by(w)
        .map(|s| (s..s + w).map(|i| (i < n).then_some(i)).collect())
        .collect();
    Cut {
        last_partial: n % w != 0,
        rows,
        cost_per_cell: 0,
        exact: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `classify` as it was, without the fast path for plain numbers.
    fn classify_old(text: &str) -> Class {
        let t = text.trim();
        if t.is_empty() {
            return Class::Empty;
        }
        if is_placeholder(t) {
            return Class::Placeholder;
        }
        if is_rank_text(t) {
            return Class::Integer;
        }
        if !crate::grid::looks_numeric(t) {
            let total = if t.contains(char::is_whitespace) {
                crate::extract::headers::is_total_name(&crate::source::normalize::compact(t))
            } else {
                crate::extract::headers::is_total_name(t)
            };
            return if total { Class::TotalName } else { Class::Text };
        }
        if t.contains('%') {
            Class::Percent
        } else if t.contains('.') {
            Class::Decimal
        } else if is_large(t) {
            Class::Large
        } else {
            Class::Integer
        }
    }

    #[test]
    fn classify_is_the_old_one_on_the_sample_texts() {
        let mut plain = 0;
        for line in crate::extract::sample_lines::sample_lines() {
            let words = line.split([' ', '\t', '|', '\u{3000}']);
            for t in std::iter::once(line.as_str()).chain(words) {
                assert_eq!(classify(t), classify_old(t), "{t:?}");
                plain += usize::from(plain_number(t.trim()).is_some());
            }
        }
        assert!(plain > 1000, "the fast path was taken {plain} times");
    }

    #[test]
    fn trim_cell_is_trim() {
        for t in [
            "",
            " ",
            "12",
            " 12",
            "12 ",
            "\u{3000}甲镇",
            "甲镇\u{3000}",
            "\u{b}5",
            "5\u{b}",
            "%",
            "\u{85}1",
            "a",
        ] {
            assert_eq!(trim_cell(t), t.trim(), "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn trim_cell_agrees_with_trim(t in "[ \t\u{b}\u{3000}\u{a0}0-9a%甲]{0,6}") {
            proptest::prop_assert_eq!(trim_cell(&t), t.trim());
        }
    }

    #[test]
    fn plain_numbers_classified() {
        assert_eq!(plain_number("356"), Some(Class::Large));
        assert_eq!(plain_number("100"), Some(Class::Integer));
        assert_eq!(plain_number("1,203"), Some(Class::Large));
        assert_eq!(plain_number("99.88"), Some(Class::Decimal));
        assert_eq!(plain_number("98.5%"), Some(Class::Percent));
        for t in [
            "", "%", ".5", "5.", "1..2", "1,,2", "5%%", "第3名", "-3", "3 5",
        ] {
            assert_eq!(plain_number(t), None, "{t:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn classify_is_the_old_one(t in "[0-9.,% 第名并列位合计万件\\-/—]{0,8}") {
            proptest::prop_assert_eq!(classify(&t), classify_old(&t));
        }
    }

    fn cells(texts: &[&str]) -> Vec<Cell> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Cell::new(*t, *t, format!("t:{}", i + 1)))
            .collect()
    }

    fn classes(cells: &[Cell]) -> Vec<Class> {
        cells.iter().map(|c| classify(&c.text)).collect()
    }

    fn texts(cut: &Cut, cells: &[Cell]) -> Vec<Vec<String>> {
        cut.rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| c.map_or(String::new(), |i| cells[i].text.clone()))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn align_classifies_cells() {
        assert_eq!(classify("98.5%"), Class::Percent);
        assert_eq!(classify("12"), Class::Integer);
        assert_eq!(classify("100"), Class::Integer);
        assert_eq!(classify("1,203"), Class::Large);
        assert_eq!(classify("+150"), Class::Integer);
        assert_eq!(classify("99.30"), Class::Decimal);
        assert_eq!(classify("/"), Class::Placeholder);
        assert_eq!(classify("甲镇"), Class::Text);
        assert_eq!(classify(" "), Class::Empty);
        assert_eq!(classify("并列2"), Class::Integer);
        assert_eq!(classify("第3名"), Class::Integer);
        assert_eq!(classify("第一"), Class::Text);
    }

    #[test]
    fn align_row_puts_a_rate_under_the_rate_column_when_cells_were_dropped() {
        // name | count | count | (dropped) | count | rate | (dropped), printed with the
        // two empty cells collapsed at the end.
        use Kind::*;
        let kinds = [Name, Count, Count, Count, Count, Rate, Count];
        let row = [
            Class::Text,
            Class::Integer,
            Class::Integer,
            Class::Integer,
            Class::Percent,
            Class::Empty,
            Class::Empty,
        ];
        // Column 3 names no key: it is the one left empty.
        let extra = [0, 1, 1, 0, 1, 1, 0];
        let a = align_row(&row, &kinds, &extra).unwrap();
        assert_eq!(a[5], Some(4), "the rate sits under the rate column");
        assert_eq!(a[4], Some(3));
        assert_eq!(a[1], Some(1));
        assert_eq!(a[3], None);
    }

    #[test]
    fn align_row_refuses_what_cannot_fit() {
        use Kind::*;
        assert!(align_row(&[Class::Percent, Class::Text], &[Count, Name], &[]).is_none());
    }

    #[test]
    fn align_cut_stream_resynchronizes_a_row_that_dropped_a_cell() {
        use Kind::*;
        // A leading total column printed only on the first row; the second row lost
        // its empty cell, the third printed it.
        let kinds = [Count, Name, Count, Rate];
        let c = cells(&[
            "100", "甲类", "60", "60%", "乙类", "30", "30%", "", "丙类", "10", "10%",
        ]);
        let cut = cut_stream(&classes(&c), &kinds, &[]);
        assert_eq!(
            texts(&cut, &c),
            vec![
                vec!["100", "甲类", "60", "60%"],
                vec!["", "乙类", "30", "30%"],
                vec!["", "丙类", "10", "10%"],
            ]
        );
        assert!(!cut.last_partial);
    }

    #[test]
    fn align_cut_stream_marks_a_cut_off_last_row() {
        use Kind::*;
        let c = cells(&["甲镇", "5", "50%", "乙镇", "6"]);
        let cut = cut_stream(&classes(&c), &[Name, Count, Rate], &[]);
        assert_eq!(cut.rows.len(), 2);
        assert!(cut.last_partial);
    }
}
