//! A table's header: where it is among the first rows of a grid (one row, or two or three
//! read together), and what each column is called once its rows are merged.

use crate::extract::headers::{self, Role};
use crate::grid::{distinct_upto_two, looks_numeric, Cell};
use crate::source::normalize::compact;

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
        let alone = header_roles(&rows[h].iter().map(|c| c.text.clone()).collect::<Vec<_>>());
        let mut best: Option<(usize, usize)> = None;
        let mut named = alone.len();
        for n in 2..=3 {
            if h + n > rows.len() || !rows[h + 1..h + n].iter().all(|r| is_header_part(r)) {
                break;
            }
            let (merged, _) = merge_header_rows(&rows[h..h + n]);
            let roles = header_roles(&merged);
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
        let t = compact(&c.text);
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

fn header_roles(texts: &[String]) -> Vec<Role> {
    texts.iter().filter_map(|t| headers::lookup(t)).collect()
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
    let text = |k: usize, c: usize| rows[k].get(c).map(|x| compact(&x.text)).unwrap_or_default();
    // Each column's path of (text, the column its cell was printed in), top down.
    let mut carried: Vec<Option<(String, usize)>> = vec![None; levels];
    let mut paths: Vec<Vec<(String, usize)>> = Vec::with_capacity(width);
    for col in 0..width {
        let mut path = Vec::new();
        for k in 0..levels {
            let t = text(k, col);
            let below = (k + 1..levels).any(|j| !text(j, col).is_empty());
            if !t.is_empty() {
                // A merged group cell expanded over its span repeats its text: the same
                // cell as the one to the left.
                let same = carried[k]
                    .as_ref()
                    .filter(|(text, _)| below && *text == t)
                    .cloned();
                let here = same.unwrap_or_else(|| (t.clone(), col));
                carried[k] = below.then(|| here.clone());
                for c in carried.iter_mut().skip(k + 1) {
                    *c = None;
                }
                path.push(here);
            } else if below {
                if let Some(c) = &carried[k] {
                    path.push(c.clone());
                }
            }
        }
        paths.push(path);
    }
    let span = |origin: &(String, usize)| paths.iter().filter(|p| p.contains(origin)).count();
    let mut header = Vec::with_capacity(width);
    let mut tops = Vec::with_capacity(width);
    for path in &paths {
        let mut path = path.clone();
        let mut name = path.pop().map(|(t, _)| t).unwrap_or_default();
        // A cell merged down its rows, expanded, repeats its text: one cell.
        while path.last().is_some_and(|p| p.0 == name) {
            path.pop();
        }
        if let Some(parent) = path.last() {
            let joined = format!("{}{name}", parent.0);
            let parent_counts = matches!(
                headers::lookup(&parent.0),
                Some(Role::Metric(_) | Role::Orders)
            );
            if span(parent) == 1
                || headers::lookup_exact(&joined).is_some()
                || headers::lookup(&name).is_none() && headers::lookup(&joined).is_some()
            {
                name = joined;
                path.pop();
            } else if headers::is_total_name(&name) && parent_counts {
                name = parent.0.clone();
                path.pop();
            }
        }
        header.push(name);
        let groups: Vec<String> = path.into_iter().map(|(t, _)| t).collect();
        tops.push((!groups.is_empty()).then(|| groups.join("/")));
    }
    (header, tops)
}
