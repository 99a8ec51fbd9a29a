//! A stream of cells (one cell per line: `cell |` lines, blank-line separated cells)
//! → the grids of the tables it holds, each a header and rows laid under it.
//!
//! The page printed no row boundaries, so they come from the header: it is found as a run
//! of cells the synonym table knows (tolerating cells it does not know, a caption before
//! it, empty cells, header cells broken across two lines); its width, or for a header
//! printed over two levels (group cells over their sub-columns) the width of its lowest
//! level, gives the columns; [`align::cut_stream`] cuts the cells after it into rows by
//! what each cell can be. A second header in the stream starts a new table (or, when it
//! repeats the first, goes on with the same one).

use crate::extract::align::{self, Kind, SKIP};

use crate::extract::headers::{self, Role};
use crate::grid::{looks_numeric, Cell, Grid};
use crate::source::normalize::{compact, compacted};

/// Header cells are short.
const MAX_HEADER_CELL: usize = 24;
/// How many cells a header run may take.
const MAX_HEADER_RUN: usize = 64;
/// How many rows of data each reading of a header is tried on.
const TRIAL_ROWS: usize = 12;

/// The tables of a stream grid, each as a grid of rows: its header row (or two header
/// rows) and its data rows, aligned. Cells before the first header are its caption.
pub fn tables(grid: &Grid) -> Vec<Grid> {
    let cells: Vec<&Cell> = grid.rows.iter().flatten().collect();
    let classes: Vec<align::Class> = cells.iter().map(|c| align::classify(&c.text)).collect();
    let marks = Marks::new(&cells);
    let cells = Stream {
        cells,
        classes,
        marks,
    };
    let mut out = Vec::new();
    let mut pos = 0;
    let mut caption: Vec<String> = Vec::new();
    while pos < cells.len() {
        let Some(start) = cells.marks.next_start(pos) else {
            break;
        };
        caption.extend(
            cells[pos..start]
                .iter()
                .filter(|c| !c.is_empty())
                .map(|c| c.text.clone()),
        );
        // A short label the synonym table does not know, right before the header, may be
        // its first cell (`月份`, `项目`): the reading that fits the data better decides.
        let lead = start > pos && is_unknown_label(cells[start - 1]);
        let with_lead = lead.then(|| best_header(&cells, start - 1)).flatten();
        let without = best_header(&cells, start);
        let found = match (with_lead, without) {
            (Some(a), Some(b)) if a.cost < b.cost => {
                caption.pop();
                a
            }
            (Some(a), None) => {
                caption.pop();
                a
            }
            (_, Some(b)) => b,
            (None, None) => {
                // No reading of this run fits: go on after it.
                pos = start + cells.marks.run[start].max(1);
                continue;
            }
        };
        let end = found.data_end;
        let mut context = grid.context.clone();
        context.append(&mut caption);
        let at_end = grid.at_end && end == cells.len();
        out.push(found.into_grid(&cells.cells, context, at_end));
        pos = end;
    }
    out
}

/// A header found in a stream, with the rows cut after it.
struct Found {
    /// What the cut cost per hundred cells of its first rows.
    cost: u32,
    header_rows: Vec<Vec<Cell>>,
    cut: align::Cut,
    /// The stream index of each data cell the cut's indices count (repeated headers left
    /// out).
    data: Vec<usize>,
    kinds: Vec<Kind>,
    data_end: usize,
    at: crate::at::At,
}

impl Found {
    fn into_grid(self, cells: &[&Cell], context: Vec<String>, at_end: bool) -> Grid {
        let mut rows = self.header_rows;
        let n = self.cut.rows.len();
        for (k, row) in self.cut.rows.into_iter().enumerate() {
            let last_short = k + 1 == n && self.cut.last_partial;
            if last_short && at_end && !ends_a_block(&row, &self.kinds) {
                break; // cut off by the end of the text
            }
            if last_short && row.iter().flatten().count() == 1 {
                break; // a lone cell after the table (a caption, a note): no row
            }
            let cell = |i: usize| cells[self.data[i]];
            let at = row
                .iter()
                .flatten()
                .next()
                .map(|&i| cell(i).at.clone())
                .unwrap_or_default();
            rows.push(
                row.into_iter()
                    .map(|c| c.map_or_else(|| Cell::new("", "", at.clone()), |i| cell(i).clone()))
                    .collect(),
            );
        }
        Grid {
            rows,
            context,
            at: self.at,
            stream: false,
            at_end,
        }
    }
}

/// A stream's cells with what each is, worked out once.
struct Stream<'a> {
    cells: Vec<&'a Cell>,
    classes: Vec<align::Class>,
    marks: Marks,
}

impl<'a> std::ops::Deref for Stream<'a> {
    type Target = [&'a Cell];
    fn deref(&self) -> &Self::Target {
        &self.cells
    }
}

/// Where headers can start, worked out once per stream (linear in its length).
struct Marks {
    /// How many header-like cells run from each cell (at most [`MAX_HEADER_RUN`]).
    run: Vec<usize>,
    /// Whether a header starts at each cell: a known header cell, followed by a known
    /// one within its first four, one of the run's known cells naming a figure.
    start: Vec<bool>,
}

impl Marks {
    fn new(cells: &[&Cell]) -> Marks {
        let n = cells.len();
        let like: Vec<bool> = cells.iter().map(|c| is_header_like(c)).collect();
        let role: Vec<Option<Role>> = cells
            .iter()
            .zip(&like)
            .map(|(c, &l)| if l { headers::lookup(&c.text) } else { None })
            .collect();
        let mut run = vec![0usize; n + 1];
        for i in (0..n).rev() {
            run[i] = if like[i] {
                (run[i + 1] + 1).min(MAX_HEADER_RUN)
            } else {
                0
            };
        }
        // Prefix counts of known cells and of cells naming a figure.
        let mut known = vec![0usize; n + 1];
        let mut figure = vec![0usize; n + 1];
        for i in 0..n {
            known[i + 1] = known[i] + usize::from(role[i].is_some());
            figure[i + 1] = figure[i] + usize::from(role[i].is_some_and(is_figure));
        }
        let start = (0..n)
            .map(|i| {
                let r = run[i];
                let near = i + r.min(4);
                r >= 2
                    && role[i].is_some()
                    && figure[i + r] > figure[i]
                    && known[near] - known[i] >= 2
            })
            .collect();
        run.truncate(n);
        Marks { run, start }
    }

    /// The first header start at or after `from`.
    fn next_start(&self, from: usize) -> Option<usize> {
        (from..self.start.len()).find(|&i| self.start[i])
    }
}

/// Whether a short last row stops right before another unit's columns (the last unit of
/// a side-by-side table with an odd count), not inside its own.
fn ends_a_block(row: &[Option<usize>], kinds: &[Kind]) -> bool {
    let Some(last) = row.iter().rposition(Option::is_some) else {
        return false;
    };
    kinds.get(last + 1) == Some(&Kind::Name) && last > 0
}

/// Whether a cell can be part of a header.
fn is_header_like(c: &Cell) -> bool {
    let t = c.text.trim();
    !t.is_empty()
        && t.chars().count() <= MAX_HEADER_CELL
        && !looks_numeric(t)
        && !crate::grid::is_placeholder(t)
        && !t.contains(['。', ';', ','])
        && !headers::is_metadata_key(t)
}

/// A short label that is no known header and no caption.
fn is_unknown_label(c: &Cell) -> bool {
    is_header_like(c)
        && c.text.chars().count() <= 6
        && headers::lookup(&c.text).is_none()
        && !c.text.contains(['表', ':'])
        && !c.text.contains("情况")
}

/// Whether a header role names a figure (a header needs one).
fn is_figure(role: Role) -> bool {
    matches!(
        role,
        Role::Metric(_) | Role::Orders | Role::Other(_) | Role::Record | Role::Total
    )
}

/// A header laid out over its columns: per column, its name and its group cell.
struct Layout {
    names: Vec<String>,
    tops: Vec<Option<String>>,
}

/// Finds the header that starts at `start`: how many cells it takes and how they stand
/// over the columns, chosen as the reading under which the cells after it fit their
/// columns best.
fn best_header(cells: &Stream, start: usize) -> Option<Found> {
    let run_len = cells.marks.run[start];
    // The plain reading first; two levels, and fragments joined, only when it does not
    // fit exactly.
    let mut best: Option<(u32, Layout, Vec<usize>, usize)> = None;
    let run = &cells[start..start + run_len];
    let plain = join_broken(run, Joins::Unknown);
    // Most headers fit exactly as printed, on one level: the other readings are made
    // only when that one does not.
    if !try_readings(cells, start, &plain, false, &mut best) {
        let joined = join_broken(run, Joins::Fragments);
        let whole = join_broken(run, Joins::Whole);
        // One level before two: a header whose cells read as one row once broken cells
        // are joined is not a group over columns (`受理` / `工单数` is one cell, not 受理
        // over five columns).
        let mut runs: Vec<&[(String, usize)]> = vec![&plain];
        if joined != plain {
            runs.push(&joined);
        }
        if whole != plain && whole != joined {
            runs.push(&whole);
        }
        // The plain reading on one level was tried first.
        let tries = runs
            .iter()
            .map(|r| (*r, false))
            .skip(1)
            .chain(runs.iter().map(|r| (*r, true)));
        for (run, two_levels) in tries {
            if try_readings(cells, start, run, two_levels, &mut best) {
                break;
            }
        }
    }
    // More than a column left empty in every four cells is no fit.
    let (cost, layout, data, data_end) = best.filter(|(c, ..)| *c < SKIP * 100 / 4)?;
    let kinds: Vec<Kind> = layout.names.iter().map(|h| kind_of(h)).collect();
    let extra: Vec<u32> = layout.names.iter().map(|h| skip_extra(h)).collect();
    let classes: Vec<align::Class> = data.iter().map(|&i| cells.classes[i]).collect();
    let cut = align::cut_stream(&classes, &kinds, &extra);
    Some(Found {
        cost,
        header_rows: header_rows(&layout, cells[start]),
        cut,
        data,
        kinds,
        data_end,
        at: cells[start].at.clone(),
    })
}

/// Tries each reading of a header run (how many cells it takes, how they stand over the
/// columns) on the first rows of data after it, keeping the one that fits best.
fn try_readings(
    cells: &Stream,
    start: usize,
    run: &[(String, usize)],
    two_levels: bool,
    best: &mut Option<(u32, Layout, Vec<usize>, usize)>,
) -> bool {
    let known_until = run
        .iter()
        .rposition(|(t, _)| headers::lookup(t).is_some())
        .map_or(2, |k| k + 1)
        .max(2);
    // The first data cell may read as a header (a unit's name): a few cells past the
    // last known one are tried.
    for len in known_until..=run.len().min(known_until + 3) {
        let used: usize = run[..len].iter().map(|(_, n)| n).sum();
        let data_from = start + used;
        let header = &run[..len];
        let (data_idx, data_end) = data_of(cells, data_from, header);
        let classes: Vec<align::Class> = data_idx
            .iter()
            .take(TRIAL_ROWS * run.len() * 2)
            .map(|&i| cells.classes[i])
            .collect();
        let data = &classes[..];
        for layout in layouts(header, two_levels) {
            let kinds: Vec<Kind> = layout.names.iter().map(|h| kind_of(h)).collect();
            if data.len() < kinds.len().min(2) {
                continue;
            }
            // Whole rows, so that a stream that fits is seen to fit.
            let trial = &data[..data.len().min(TRIAL_ROWS * kinds.len())];
            let extra: Vec<u32> = layout.names.iter().map(|h| skip_extra(h)).collect();
            let cut = align::cut_stream(trial, &kinds, &extra);
            if cut.rows.is_empty() {
                continue;
            }
            let cost = cut.cost_per_cell;
            if best.as_ref().is_some_and(|(c, ..)| *c <= cost) {
                continue;
            }
            *best = Some((cost, layout, data_idx.clone(), data_end));
            if cut.exact {
                return true;
            }
        }
    }
    false
}

/// Which cells of a header run may be joined with the cell after them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Joins {
    /// An unknown cell, when the two together are a known header (`综合` / `成绩`).
    Unknown,
    /// Also any short unknown cell (`按时` / `反馈率`).
    Fragments,
    /// Also a known cell, when the two together are a known header of their own
    /// (`受理` / `工单数`).
    Whole,
}

/// Header cells as read, joined as `joins` allows: each with how many stream cells it
/// took.
fn join_broken(run: &[&Cell], joins: Joins) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut i = 0;
    while i < run.len() {
        // Borrowed until it is kept: most cells hold no whitespace.
        let a = compacted(&run[i].text);
        if i + 1 < run.len() && joins == Joins::Whole && headers::lookup(&a).is_some() {
            let b = compacted(&run[i + 1].text);
            let joined = format!("{a}{b}");
            if a.chars().count() <= 4 && headers::lookup(&joined).is_some() {
                out.push((joined, 2));
                i += 2;
                continue;
            }
        }
        if i + 1 < run.len() && headers::lookup(&a).is_none() {
            let joined = format!("{a}{}", compacted(&run[i + 1].text));
            // A fragment joined must make a header that says what its column holds
            // (`按时反馈率` holds rates; `备注` and the first unit's name make nothing).
            let fragment = joins != Joins::Unknown
                && a.chars().count() <= 3
                && kind_of(&joined) != Kind::Unknown;
            if fragment
                || headers::lookup_exact(&joined).is_some()
                || headers::lookup(&run[i + 1].text).is_none() && headers::lookup(&joined).is_some()
            {
                out.push((joined, 2));
                i += 2;
                continue;
            }
        }
        out.push((a.into_owned(), 1));
        i += 1;
    }
    out
}

/// The data after a header: the indices of its cells, up to the next header that is not
/// this one again (a repeat of this header after a page break is left out), and where
/// they end.
fn data_of(cells: &Stream, from: usize, header: &[(String, usize)]) -> (Vec<usize>, usize) {
    let mut idx = Vec::new();
    let mut pos = from;
    while let Some(next) = cells.marks.next_start(pos) {
        if next == pos && pos == from {
            return (idx, next); // a header right after a header: no data between
        }
        let repeats = header
            .iter()
            .zip(&cells[next..])
            .all(|((h, _), c)| *h == compacted(&c.text))
            && cells.len() - next >= header.len();
        idx.extend(pos..next);
        if !repeats {
            return (idx, next);
        }
        pos = next + header.len();
    }
    idx.extend(pos..cells.len());
    (idx, cells.len())
}

/// The ways a header's cells can stand over the columns: one level, or two levels where
/// group cells of the first level stand over an equal share of the known cells of the
/// second. A first-level cell is a group when the synonym table does not know it, or
/// (tried too) whenever it does not name units or a rank, which span both levels.
fn layouts(run: &[(String, usize)], two_levels: bool) -> Vec<Layout> {
    let mut out = Vec::new();
    if !two_levels {
        out.push(Layout {
            names: run.iter().map(|(t, _)| t.clone()).collect(),
            tops: vec![None; run.len()],
        });
        return out;
    }
    let header: Vec<&String> = run.iter().map(|(t, _)| t).collect();
    let n = header.len();
    let unknown = |t: &String| headers::lookup(t).is_none();
    let not_a_leaf = |t: &String| {
        !matches!(
            headers::lookup(t),
            Some(
                Role::Unit
                    | Role::Category
                    | Role::Group
                    | Role::Seq
                    | Role::Metric(crate::model::Metric::Rank)
            )
        )
    };
    let rules: [&dyn Fn(&String) -> bool; 2] = [&unknown, &not_a_leaf];
    for top_len in 2..n.saturating_sub(1) {
        let (top, bottom) = header.split_at(top_len);
        // The second level names columns: most of its cells are known.
        let known = bottom
            .iter()
            .filter(|b| headers::lookup(b).is_some())
            .count();
        if known * 2 < bottom.len() + 1 {
            continue;
        }
        for is_group in rules {
            let groups = top.iter().filter(|t| is_group(t)).count();
            if groups == 0 || bottom.len() % groups != 0 || bottom.len() / groups < 2 {
                continue;
            }
            let per = bottom.len() / groups;
            let mut names = Vec::new();
            let mut tops = Vec::new();
            let mut sub = bottom.iter();
            for t in top {
                if is_group(t) {
                    for b in sub.by_ref().take(per) {
                        names.push((*b).clone());
                        tops.push(Some((*t).clone()));
                    }
                } else {
                    names.push((*t).clone());
                    tops.push(None);
                }
            }
            if !out.iter().any(|l| l.names == names && l.tops == tops) {
                out.push(Layout { names, tops });
            }
        }
    }
    out
}

/// The header rows of a layout: one row, or a row of group cells over the sub-columns.
fn header_rows(layout: &Layout, first: &Cell) -> Vec<Vec<Cell>> {
    let cell = |t: &str| Cell::new(t, t, first.at.clone());
    let bottom: Vec<Cell> = layout.names.iter().map(|n| cell(n)).collect();
    if layout.tops.iter().all(Option::is_none) {
        return vec![bottom];
    }
    let mut top = Vec::new();
    let mut below = Vec::new();
    let mut last: Option<&String> = None;
    for (name, group) in layout.names.iter().zip(&layout.tops) {
        match group {
            None => {
                top.push(cell(name));
                below.push(cell(""));
                last = None;
            }
            Some(g) => {
                top.push(if last == Some(g) { cell("") } else { cell(g) });
                below.push(cell(name));
                last = Some(g);
            }
        }
    }
    vec![top, below]
}

/// What a column holds, from its header; an unknown header by the word it ends with.
pub fn kind_of(header: &str) -> Kind {
    match headers::lookup(header) {
        Some(r) => kind_of_role(r),
        None => {
            let h = compact(header);
            if h.ends_with(['率', '比']) {
                Kind::Rate
            } else if h.ends_with(['数', '量', '次', '目', '件', '个']) {
                Kind::Count
            } else if h.ends_with(['分', '值', '天']) || h.ends_with("指数") || h.ends_with("时长")
            {
                Kind::Decimal
            } else {
                Kind::Unknown
            }
        }
    }
}

/// What a column of a role holds.
pub fn kind_of_role(role: Role) -> Kind {
    use crate::model::MetricKind as MK;
    match role {
        Role::Unit | Role::Category | Role::Group => Kind::Name,
        Role::Seq | Role::Orders => Kind::Count,
        Role::Record => Kind::Any,
        Role::Total => Kind::Number,
        Role::Other(headers::Cell::Count) => Kind::Count,
        Role::Other(headers::Cell::Rate) => Kind::Rate,
        Role::Other(headers::Cell::Decimal) => Kind::Decimal,
        Role::Metric(m) => match m.kind() {
            MK::Count | MK::Rank => Kind::Count,
            MK::Rate | MK::Change => Kind::Rate,
            MK::Decimal => Kind::Decimal,
            MK::Grade => Kind::Label,
            MK::RankChange => Kind::Number,
        },
    }
}

/// What leaving a column of this header empty costs beyond the base: a unit's name is
/// seldom missing; a column with a key costs one more than one without.
pub fn skip_extra(header: &str) -> u32 {
    match headers::lookup(header) {
        Some(Role::Unit | Role::Category) => 20,
        Some(Role::Metric(_) | Role::Orders) => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(texts: &[&str]) -> Grid {
        Grid {
            rows: texts
                .iter()
                .enumerate()
                .map(|(i, t)| vec![Cell::new(*t, *t, format!("t:{}", i + 1))])
                .collect(),
            context: vec![],
            at: "t:1".into(),
            stream: true,
            at_end: true,
        }
    }

    fn texts(g: &Grid) -> Vec<Vec<String>> {
        g.rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.clone()).collect())
            .collect()
    }

    #[test]
    fn stream_header_tolerates_unknown_cells_and_a_caption() {
        let g = stream(&[
            "各单位办理情况表",
            "",
            "",
            "单位",
            "办件数量",
            "重新派发次数",
            "满意率",
            "甲局",
            "12",
            "1",
            "99.5%",
            "乙局",
            "8",
            "0",
            "100%",
        ]);
        let t = tables(&g);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].context, vec!["各单位办理情况表"]);
        assert_eq!(
            texts(&t[0]),
            vec![
                vec!["单位", "办件数量", "重新派发次数", "满意率"],
                vec!["甲局", "12", "1", "99.5%"],
                vec!["乙局", "8", "0", "100%"],
            ]
        );
    }

    #[test]
    fn stream_two_headers_make_two_tables() {
        let g = stream(&[
            "单位",
            "办件数量",
            "满意率",
            "甲局",
            "12",
            "99%",
            "乡镇",
            "办件数量",
            "满意率",
            "丙镇",
            "3",
            "98%",
        ]);
        let t = tables(&g);
        assert_eq!(t.len(), 2);
        assert_eq!(texts(&t[1])[1], vec!["丙镇", "3", "98%"]);
    }

    #[test]
    fn stream_drops_a_row_cut_off_by_the_end_of_the_text() {
        let g = stream(&[
            "单位",
            "办件数量",
            "满意率",
            "甲局",
            "12",
            "99%",
            "乙局",
            "8",
        ]);
        let t = tables(&g);
        assert_eq!(t[0].rows.len(), 2);
    }

    #[test]
    fn stream_reads_a_header_over_two_levels() {
        let g = stream(&[
            "街道",
            "直派",
            "转派",
            "响应率",
            "满意率",
            "响应率",
            "满意率",
            "甲街道",
            "100%",
            "99%",
            "98%",
            "97%",
            "乙街道",
            "96%",
            "95%",
            "94%",
            "93%",
        ]);
        let t = tables(&g);
        assert_eq!(t.len(), 1);
        assert_eq!(
            texts(&t[0])[..2],
            [
                vec!["街道", "直派", "", "转派", ""],
                vec!["", "响应率", "满意率", "响应率", "满意率"]
            ]
        );
        assert_eq!(texts(&t[0])[3], vec!["乙街道", "96%", "95%", "94%", "93%"]);
    }

    #[test]
    fn stream_joins_a_header_cell_broken_over_two_lines() {
        let g = stream(&["单位", "综合", "成绩", "甲局", "99.5", "乙局", "98"]);
        let t = tables(&g);
        assert_eq!(texts(&t[0])[0], vec!["单位", "综合成绩"]);
    }

    #[test]
    fn stream_of_prose_or_metadata_is_no_table() {
        assert!(tables(&stream(&["今天天气很好", "我们去公园"])).is_empty());
        assert!(tables(&stream(&["索引号:", "123", "发布机构:", "某办"])).is_empty());
    }
}
