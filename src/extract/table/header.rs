//! A table's header: where it is among the first rows of a grid (one row, or two or three
//! read together), and what each column is called once its rows are merged.

use std::borrow::Cow;

use crate::extract::headers::{self, Role};
use crate::grid::{distinct_upto_two, looks_numeric, Cell};
use crate::source::normalize::compacted;

/// Finds the header within the first rows after `start`: one row, or two or three rows
/// whose columns read together name more columns (group headers over sub-columns, or
/// header text wrapped onto the next row). Returns its first row and how many rows it
/// takes. A page's metadata block (`索引号 | … | 发布机构 | …`) has none.
pub(super) fn find_header(rows: &[&Vec<Cell>], start: usize) -> Option<(usize, usize)> {
    for h in start..rows.len().min(start + 3) {
        if is_metadata_row(rows[h]) {
            return None;
        }
        if !is_header_part(rows[h]) {
            continue;
        }
        let alone = header_roles(rows[h].iter().map(|c| c.text.as_str()));
        let mut best: Option<(usize, usize)> = None;
        let mut named = alone.len();
        for n in 2..=3 {
            if h + n > rows.len() || !rows[h + 1..h + n].iter().all(|r| is_header_part(r)) {
                break;
            }
            let (merged, _) = merge_header_rows(&rows[h..h + n]);
            let roles = header_roles(merged.iter().map(String::as_str));
            if is_header_roles(&roles) && roles.len() > named {
                named = roles.len();
                best = Some((h, n));
            }
        }
        if best.is_some() {
            return best;
        }
        if is_header_roles(&alone) {
            // A row of units of measure under the header (`(件)`, `(%)`) is part of it.
            let units_below = rows.get(h + 1).is_some_and(|r| is_units_row(r));
            return Some((h, if units_below { 2 } else { 1 }));
        }
    }
    None
}

/// Units of measure a header may print on a row of their own.
const MEASURE_UNITS: &[&str] = &[
    "件",
    "%",
    "个",
    "分",
    "次",
    "人次",
    "天",
    "万件",
    "条",
    "小时",
    "工作日",
    "名",
    "封",
    "宗",
];

/// Whether a row holds only units of measure (`(件)`, `(%)`) and empty cells.
fn is_units_row(row: &[Cell]) -> bool {
    let mut any = false;
    for c in row.iter().filter(|c| !c.is_empty()) {
        let t = compacted(&c.text);
        let t = t.trim_start_matches('(').trim_end_matches(')');
        if !MEASURE_UNITS.contains(&t) {
            return false;
        }
        any = true;
    }
    any
}

/// Whether a row holds two keys of a page's metadata block.
fn is_metadata_row(row: &[Cell]) -> bool {
    row.iter()
        .filter(|c| headers::is_metadata_key(&c.text))
        .count()
        >= 2
}

/// A row that can be part of a header: no numbers, at least two cells.
fn is_header_part(row: &[Cell]) -> bool {
    distinct_upto_two(row) >= 2 && !row.iter().any(|c| looks_numeric(&c.text))
}

fn header_roles<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<Role> {
    texts.filter_map(headers::lookup).collect()
}

/// Enough known headers to be a header: two, one of them naming a figure.
fn is_header_roles(roles: &[Role]) -> bool {
    roles.len() >= 2
        && roles.iter().any(|r| {
            matches!(
                r,
                Role::Metric(_) | Role::Record | Role::Total | Role::Orders | Role::Other(_)
            )
        })
}

/// Reads a header printed over one to three rows column by column. A cell with text
/// below it in its own column is a group header and stands over the empty cells to its
/// right that have text below them; a cell with nothing below is its column's own name.
/// A column's name is its lowest text; read with the cell above when that cell stands
/// over this column alone (header text wrapped onto the next row: `纳入` over `考评`,
/// `受理量` over `(件)`) or when only the two together are a known header; its group's
/// name when it is the group's total (`派遣案件总数` over `总计`). Returns each column's
/// name and the groups above it (joined by `/`).
pub(super) fn merge_header_rows(rows: &[&Vec<Cell>]) -> (Vec<String>, Vec<Option<String>>) {
    let levels = rows.len();
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    // Each cell compacted once (borrowed when it holds no whitespace): every column asks
    // the levels below it again.
    let texts: Vec<Vec<Cow<str>>> = rows
        .iter()
        .map(|r| r.iter().map(|c| compacted(&c.text)).collect())
        .collect();
    let text = |k: usize, c: usize| -> &str { texts[k].get(c).map_or("", |t| t.as_ref()) };
    // Each column's path of (text, the column its cell was printed in), top down.
    let mut carried: Vec<Option<(&str, usize)>> = vec![None; levels];
    let mut paths: Vec<Vec<(&str, usize)>> = Vec::with_capacity(width);
    for col in 0..width {
        let mut path = Vec::with_capacity(levels);
        for k in 0..levels {
            let t = text(k, col);
            let below = (k + 1..levels).any(|j| !text(j, col).is_empty());
            if !t.is_empty() {
                // A merged group cell expanded over its span repeats its text: the same
                // cell as the one to the left.
                let same = carried[k].filter(|(text, _)| below && *text == t);
                let here = same.unwrap_or((t, col));
                carried[k] = below.then_some(here);
                for c in carried.iter_mut().skip(k + 1) {
                    *c = None;
                }
                path.push(here);
            } else if below {
                if let Some(c) = carried[k] {
                    path.push(c);
                }
            }
        }
        paths.push(path);
    }
    let span = |origin: &(&str, usize)| paths.iter().filter(|p| p.contains(origin)).count();
    let mut header = Vec::with_capacity(width);
    let mut tops = Vec::with_capacity(width);
    for path in &paths {
        // The path is read from its end: `end` is how much of it is left above the name.
        let mut end = path.len().saturating_sub(1);
        let mut name: Cow<str> = Cow::Borrowed(path.last().map_or("", |p| p.0));
        // A cell merged down its rows, expanded, repeats its text: one cell.
        while end > 0 && path[end - 1].0 == name {
            end -= 1;
        }
        if let Some(parent) = end.checked_sub(1).map(|e| &path[e]) {
            let joined = format!("{}{name}", parent.0);
            if span(parent) == 1
                || headers::lookup_exact(&joined).is_some()
                || headers::lookup(&name).is_none() && headers::lookup(&joined).is_some()
            {
                name = Cow::Owned(joined);
                end -= 1;
            } else if headers::is_total_name(&name)
                && matches!(
                    headers::lookup(parent.0),
                    Some(Role::Metric(_) | Role::Orders)
                )
            {
                name = Cow::Borrowed(parent.0);
                end -= 1;
            }
        }
        header.push(name.into_owned());
        tops.push(joined_groups(&path[..end]));
    }
    (header, tops)
}

/// The groups above a column joined by `/`, or `None` for none.
fn joined_groups(groups: &[(&str, usize)]) -> Option<String> {
    let (first, rest) = groups.split_first()?;
    let mut out = first.0.to_string();
    for (g, _) in rest {
        out.push('/');
        out.push_str(g);
    }
    Some(out)
}
