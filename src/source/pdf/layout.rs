//! Positioned glyphs → the lines and tables a reader sees. Glyphs are grouped into lines by
//! baseline and into runs by the gaps between them; ruled tables are cut into cells by their
//! rules (merged cells by the rules that are missing); borderless tables are found as blocks
//! of lines whose runs stand in aligned columns; running headers, footers and page numbers
//! are dropped; a table continued on the next page is joined to its first part (a repeated
//! header row dropped); prose lines wrapped at the right margin are joined into paragraphs.
//! Hands `pdf` items in reading order, each with its page and line.

use std::collections::HashMap;

use super::content::{Glyph, PageContent, Rule};

/// One page's content and size.
pub struct Page {
    pub no: usize,
    pub height: f32,
    pub content: PageContent,
}

/// A printed line: its glyphs in x order, cut into runs.
#[derive(Clone, Debug)]
pub struct TextLine {
    pub page: usize,
    /// 1-based, top to bottom on its page.
    pub no: usize,
    pub y: f32,
    pub size: f32,
    pub glyphs: Vec<Glyph>,
    pub runs: Vec<Run>,
}

#[derive(Clone, Debug)]
pub struct Run {
    pub x0: f32,
    pub x1: f32,
    pub text: String,
}

impl TextLine {
    fn x0(&self) -> f32 {
        self.runs.first().map_or(0.0, |r| r.x0)
    }
    fn x1(&self) -> f32 {
        self.runs.last().map_or(0.0, |r| r.x1)
    }
    fn text(&self) -> String {
        self.runs
            .iter()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join("\t")
    }
}

/// A row of a table: its cell texts and where it was printed (page, line).
#[derive(Clone, Debug)]
pub struct Row {
    pub cells: Vec<String>,
    pub page: usize,
    pub line: usize,
}

#[derive(Clone, Debug)]
pub struct Table {
    pub rows: Vec<Row>,
    /// Column spans, left to right, to tell a continuation on the next page.
    pub cols: Vec<(f32, f32)>,
    pub ruled: bool,
    top: f32,
}

/// A prose paragraph: its text and where its first line was printed.
#[derive(Clone, Debug)]
pub struct Para {
    pub text: String,
    pub page: usize,
    pub line: usize,
}

pub enum Item {
    Para(Para),
    Table(Table),
}

/// Glyphs closer than this share a run (in font sizes); a wider gap starts a new one.
const RUN_GAP: f32 = 0.6;

/// Lays out every page and joins what continues from page to page.
pub fn layout(pages: &[Page]) -> Vec<Item> {
    let mut per_page: Vec<(Vec<TextLine>, Vec<Table>)> = Vec::new();
    let mut all_lines: Vec<Vec<TextLine>> = Vec::new();
    for p in pages {
        let rules = rules_of(&p.content.rules);
        all_lines.push(lines_of(p, &rules));
    }
    let dropped = running_lines(pages, &all_lines);
    for (k, p) in pages.iter().enumerate() {
        let mut lines: Vec<TextLine> = std::mem::take(&mut all_lines[k])
            .into_iter()
            .filter(|l| !dropped.contains(&(l.page, l.no)))
            .collect();
        let rules = rules_of(&p.content.rules);
        let mut tables = ruled_tables(&rules, &mut lines);
        tables.extend(plain_tables(&mut lines));
        per_page.push((lines, tables));
    }
    // Items of each page in reading order, top to bottom.
    let mut items: Vec<Item> = Vec::new();
    let mut prose: Vec<TextLine> = Vec::new();
    for (lines, tables) in per_page {
        let mut page_items: Vec<(f32, Result<TextLine, Table>)> = lines
            .into_iter()
            .map(|l| (l.y, Ok(l)))
            .chain(tables.into_iter().map(|t| (t.top, Err(t))))
            .collect();
        page_items.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut first = true;
        for (_, it) in page_items {
            match it {
                Ok(line) if first || prose.is_empty() => {
                    // The last rows of a borderless table, alone at the top of the next
                    // page, are too few to be a table by themselves.
                    let row = match items.last() {
                        Some(Item::Table(prev)) if prose.is_empty() && !prev.ruled => {
                            row_in(prev, &line)
                        }
                        _ => None,
                    };
                    match (row, items.last_mut()) {
                        (Some(row), Some(Item::Table(prev))) => prev.rows.push(row),
                        _ => prose.push(line),
                    }
                }
                Ok(line) => prose.push(line),
                Err(table) => {
                    let map = match items.last() {
                        Some(Item::Table(prev)) if first && prose.is_empty() => {
                            continues(prev, &table)
                        }
                        _ => None,
                    };
                    if let (Some(map), Some(Item::Table(prev))) = (map, items.last_mut()) {
                        join(prev, table, &map);
                    } else {
                        flush_prose(&mut prose, &mut items);
                        items.push(Item::Table(table));
                    }
                }
            }
            first = false;
        }
    }
    flush_prose(&mut prose, &mut items);
    items
}

/// Merges collinear rules; drops specks.
fn rules_of(rules: &[Rule]) -> Vec<Rule> {
    rules
        .iter()
        .filter(|r| (r.x1 - r.x0).max(r.y1 - r.y0) >= 4.0)
        .copied()
        .collect()
}

/// Groups a page's glyphs into lines by baseline and each line into runs.
fn lines_of(page: &Page, rules: &[Rule]) -> Vec<TextLine> {
    let mut glyphs: Vec<&Glyph> = page
        .content
        .glyphs
        .iter()
        .filter(|g| g.size > 0.5 && g.x.is_finite() && g.y.is_finite())
        .collect();
    glyphs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    let mut groups: Vec<Vec<Glyph>> = Vec::new();
    let mut base = f32::NAN;
    for g in glyphs {
        let tol = 0.35 * g.size.max(1.0);
        if groups.is_empty() || (base - g.y).abs() > tol {
            groups.push(Vec::new());
            base = g.y;
        }
        if let Some(last) = groups.last_mut() {
            last.push(g.clone());
        }
    }
    let verticals: Vec<&Rule> = rules.iter().filter(|r| !r.horizontal()).collect();
    let mut out = Vec::new();
    for mut gs in groups {
        gs.sort_by(|a, b| a.x.total_cmp(&b.x));
        // A glyph printed twice at almost the same place (fake bold) is one glyph.
        gs.dedup_by(|b, a| {
            a.text == b.text && (a.x - b.x).abs() < 0.3 * a.size && (a.y - b.y).abs() < 0.3 * a.size
        });
        let size = median(gs.iter().map(|g| g.size).collect()).unwrap_or(10.0);
        let y = median(gs.iter().map(|g| g.y).collect()).unwrap_or(0.0);
        let mut runs: Vec<Run> = Vec::new();
        let mut end = f32::NEG_INFINITY;
        for g in &gs {
            let ruled_between = verticals
                .iter()
                .any(|r| r.x0 > end - 0.5 && r.x0 < g.x + 0.5 && r.y0 <= y + size && r.y1 >= y);
            let gap = g.x - end;
            if runs.is_empty() || gap > RUN_GAP * size || ruled_between {
                runs.push(Run {
                    x0: g.x,
                    x1: g.x + g.w,
                    text: String::new(),
                });
            }
            if let Some(r) = runs.last_mut() {
                r.text.push_str(&g.text);
                r.x1 = r.x1.max(g.x + g.w);
            }
            end = end.max(g.x + g.w);
        }
        for r in &mut runs {
            let t = r.text.trim();
            if t.len() != r.text.len() {
                r.text = t.to_string();
            }
        }
        runs.retain(|r| !r.text.is_empty());
        if runs.is_empty() {
            continue;
        }
        out.push(TextLine {
            page: page.no,
            no: 0,
            y,
            size,
            glyphs: gs,
            runs,
        });
    }
    for (k, l) in out.iter_mut().enumerate() {
        l.no = k + 1;
    }
    out
}

fn median(mut v: Vec<f32>) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    Some(v[v.len() / 2])
}

/// Whether a line reads as a page number: `3`, `- 3 -`, `第 3 页`, `第3页 共5页`, `3/5`,
/// `Page 3 of 5`.
fn is_page_number(text: &str) -> bool {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !"-—–－·.".contains(*c))
        .collect();
    let t = t.to_ascii_lowercase();
    let t = t.trim_start_matches("page");
    let rest: String = t
        .chars()
        .filter(|c| !c.is_ascii_digit() && !"第页共/of".contains(*c))
        .collect();
    rest.is_empty() && t.chars().any(|c| c.is_ascii_digit()) && t.chars().count() <= 12
}

/// The lines to drop: page numbers and running headers or footers (the same text, digits
/// aside, at the top or bottom of most pages). Only lines in the top or bottom tenth of a
/// page are considered.
fn running_lines(
    pages: &[Page],
    lines: &[Vec<TextLine>],
) -> std::collections::HashSet<(usize, usize)> {
    let mut drop = std::collections::HashSet::new();
    let mut seen: HashMap<(bool, String), Vec<(usize, usize)>> = HashMap::new();
    for (p, ls) in pages.iter().zip(lines) {
        for (k, l) in ls.iter().enumerate() {
            let top = l.y > p.height * 0.9;
            let bottom = l.y < p.height * 0.1;
            // Only the outermost lines of a page: the first two or the last two.
            let edge = k < 2 || k + 2 >= ls.len();
            if !(top || bottom) || !edge {
                continue;
            }
            let text = l.text();
            if is_page_number(&text) {
                drop.insert((l.page, l.no));
                continue;
            }
            let key: String = text
                .chars()
                .map(|c| if c.is_ascii_digit() { '#' } else { c })
                .filter(|c| !c.is_whitespace())
                .collect();
            seen.entry((top, key)).or_default().push((l.page, l.no));
        }
    }
    if pages.len() >= 2 {
        for (_, at) in seen {
            let pages_with: std::collections::HashSet<usize> = at.iter().map(|a| a.0).collect();
            if pages_with.len() * 2 >= pages.len() && pages_with.len() >= 2 {
                drop.extend(at);
            }
        }
    }
    drop
}

/// Union-find over indices.
fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (a, b) = (find(parent, a), find(parent, b));
    if a != b {
        parent[a] = b;
    }
}

/// Sorted distinct values, those within `tol` of each other taken as one.
fn distinct(mut v: Vec<f32>, tol: f32) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    for x in v {
        match out.last() {
            Some(&l) if x - l <= tol => {}
            _ => out.push(x),
        }
    }
    out
}

const TOL: f32 = 2.0;

/// Tables drawn with rules: each set of touching rules with at least two rows and two
/// columns of cells. The glyphs inside are taken out of `lines`.
fn ruled_tables(rules: &[Rule], lines: &mut Vec<TextLine>) -> Vec<Table> {
    if rules.len() > 20_000 {
        return Vec::new();
    }
    let n = rules.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let touch = |a: &Rule, b: &Rule| {
        a.x0 <= b.x1 + TOL && b.x0 <= a.x1 + TOL && a.y0 <= b.y1 + TOL && b.y0 <= a.y1 + TOL
    };
    for i in 0..n {
        for j in i + 1..n {
            if rules[i].horizontal() != rules[j].horizontal() && touch(&rules[i], &rules[j]) {
                union(&mut parent, i, j);
            }
        }
    }
    let mut groups: HashMap<usize, Vec<Rule>> = HashMap::new();
    for (i, rule) in rules.iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(*rule);
    }
    let mut groups: Vec<Vec<Rule>> = groups.into_values().collect();
    groups.sort_by(|a, b| {
        let ta = a.iter().map(|r| r.y1).fold(f32::MIN, f32::max);
        let tb = b.iter().map(|r| r.y1).fold(f32::MIN, f32::max);
        tb.total_cmp(&ta)
    });
    let mut out = Vec::new();
    for g in groups {
        if let Some(t) = ruled_table(&g, lines) {
            out.push(t);
        }
    }
    out
}

fn ruled_table(rules: &[Rule], lines: &mut Vec<TextLine>) -> Option<Table> {
    let hs: Vec<&Rule> = rules.iter().filter(|r| r.horizontal()).collect();
    let vs: Vec<&Rule> = rules.iter().filter(|r| !r.horizontal()).collect();
    let ys = distinct(hs.iter().map(|r| (r.y0 + r.y1) / 2.0).collect(), TOL);
    let xs = distinct(vs.iter().map(|r| (r.x0 + r.x1) / 2.0).collect(), TOL);
    if ys.len() < 3 || xs.len() < 3 || ys.len() > 2000 || xs.len() > 256 {
        return None;
    }
    // Rows top to bottom; a table left open at the bottom ends where its verticals do.
    let mut ys: Vec<f32> = ys.into_iter().rev().collect();
    let low = vs.iter().map(|r| r.y0).fold(f32::MAX, f32::min);
    if ys.last().is_some_and(|&y| low < y - 3.0 * TOL) {
        ys.push(low);
    }
    let (nr, nc) = (ys.len() - 1, xs.len() - 1);
    let has_v = |x: f32, y: f32| {
        vs.iter().any(|r| {
            (r.x0 + r.x1) / 2.0 - x <= TOL
                && x - (r.x0 + r.x1) / 2.0 <= TOL
                && r.y0 <= y
                && y <= r.y1
        })
    };
    let has_h = |y: f32, x: f32| {
        hs.iter()
            .any(|r| ((r.y0 + r.y1) / 2.0 - y).abs() <= TOL && r.x0 <= x && x <= r.x1)
    };
    let mut parent: Vec<usize> = (0..nr * nc).collect();
    for r in 0..nr {
        let ym = (ys[r] + ys[r + 1]) / 2.0;
        for c in 0..nc {
            let xm = (xs[c] + xs[c + 1]) / 2.0;
            if c > 0 && !has_v(xs[c], ym) {
                union(&mut parent, r * nc + c, r * nc + c - 1);
            }
            if r > 0 && !has_h(ys[r], xm) {
                union(&mut parent, r * nc + c, (r - 1) * nc + c);
            }
        }
    }
    let (left, right, top, bottom) = (xs[0], xs[nc], ys[0], ys[nr]);
    // Glyphs inside the table, by logical cell.
    let mut cell_glyphs: HashMap<usize, Vec<(usize, f32, Glyph)>> = HashMap::new();
    let mut row_line: Vec<Option<usize>> = vec![None; nr];
    let mut any = false;
    for line in lines.iter_mut() {
        let mid = line.y + line.size * 0.3;
        if mid > top || mid < bottom {
            continue;
        }
        let (inside, outside): (Vec<Glyph>, Vec<Glyph>) = line.glyphs.drain(..).partition(|g| {
            let cx = g.x + g.w / 2.0;
            cx > left && cx < right
        });
        line.glyphs = outside;
        let Some(r) = (0..nr).find(|&r| mid <= ys[r] && mid >= ys[r + 1]) else {
            continue;
        };
        for g in inside {
            let cx = g.x + g.w / 2.0;
            let Some(c) = (0..nc).find(|&c| cx >= xs[c] && cx <= xs[c + 1]) else {
                continue;
            };
            any = true;
            row_line[r] = Some(row_line[r].map_or(line.no, |n: usize| n.min(line.no)));
            let root = find(&mut parent, r * nc + c);
            cell_glyphs
                .entry(root)
                .or_default()
                .push((line.no, line.y, g));
        }
    }
    if !any {
        return None;
    }
    // Lines whose glyphs all went into the table are gone; the rest keep their runs
    // outside it.
    for line in lines.iter_mut() {
        if line.glyphs.len()
            < line
                .runs
                .iter()
                .map(|r| r.text.chars().count())
                .sum::<usize>()
        {
            line.runs = runs_of(&line.glyphs, line.size);
        }
    }
    lines.retain(|l| !l.runs.is_empty());
    let texts: HashMap<usize, String> = cell_glyphs
        .into_iter()
        .map(|(k, gs)| (k, cell_text(gs)))
        .collect();
    let page = lines.first().map_or(0, |l| l.page);
    let mut rows = Vec::new();
    let mut last_line = row_line.iter().flatten().next().copied().unwrap_or(1);
    for (r, at) in row_line.iter().enumerate() {
        let cells: Vec<String> = (0..nc)
            .map(|c| {
                let root = find(&mut parent, r * nc + c);
                texts.get(&root).cloned().unwrap_or_default()
            })
            .collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let line = at.unwrap_or(last_line);
        last_line = line;
        rows.push(Row { cells, page, line });
    }
    Some(Table {
        rows,
        cols: xs.windows(2).map(|w| (w[0], w[1])).collect(),
        ruled: true,
        top,
    })
}

/// A cell's text: its glyphs line by line (top to bottom), lines joined by newlines.
fn cell_text(mut gs: Vec<(usize, f32, Glyph)>) -> String {
    gs.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.x.total_cmp(&b.2.x)));
    let mut out = String::new();
    let mut cur_line = None;
    let mut end = f32::NEG_INFINITY;
    for (no, _, g) in gs {
        if cur_line != Some(no) {
            if cur_line.is_some() {
                out.push('\n');
            }
            cur_line = Some(no);
        } else if g.x - end > RUN_GAP * g.size {
            out.push(' ');
        }
        out.push_str(&g.text);
        end = g.x + g.w;
    }
    out.lines().map(str::trim).collect::<Vec<_>>().join("\n")
}

fn runs_of(glyphs: &[Glyph], size: f32) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    let mut end = f32::NEG_INFINITY;
    for g in glyphs {
        if runs.is_empty() || g.x - end > RUN_GAP * size {
            runs.push(Run {
                x0: g.x,
                x1: g.x + g.w,
                text: String::new(),
            });
        }
        if let Some(r) = runs.last_mut() {
            r.text.push_str(&g.text);
            r.x1 = r.x1.max(g.x + g.w);
        }
        end = end.max(g.x + g.w);
    }
    for r in &mut runs {
        r.text = r.text.trim().to_string();
    }
    runs.retain(|r| !r.text.is_empty());
    runs
}

/// Tables without rules: blocks of consecutive lines of two or more runs whose runs stand
/// in columns (single-run lines between them, a wrapped cell or a note row, belong to the
/// block). The lines are taken out of `lines`.
fn plain_tables(lines: &mut Vec<TextLine>) -> Vec<Table> {
    let mut out = Vec::new();
    let mut taken = vec![false; lines.len()];
    let multi = |l: &TextLine| l.runs.len() >= 2;
    let close = |a: &TextLine, b: &TextLine| {
        let gap = a.y - b.y;
        gap >= 0.0 && gap <= 3.0 * a.size.max(b.size)
    };
    let mut i = 0;
    while i < lines.len() {
        // A stretch of lines printed close together.
        let mut j = i + 1;
        while j < lines.len() && close(&lines[j - 1], &lines[j]) {
            j += 1;
        }
        let stretch: Vec<usize> = (i..j).collect();
        i = j;
        // The row pitch: the usual gap between neighbouring multi-run lines.
        let pitch = median(
            stretch
                .windows(2)
                .filter(|w| multi(&lines[w[0]]) && multi(&lines[w[1]]))
                .map(|w| lines[w[0]].y - lines[w[1]].y)
                .collect(),
        );
        let Some(pitch) = pitch else {
            continue;
        };
        // A single-run line belongs to a table only as a wrapped cell: much closer to a
        // multi-run neighbour than the row pitch. Any other cuts the stretch.
        let attached = |k: usize| {
            let near = |a: usize, b: usize| lines[a].y - lines[b].y < 0.8 * pitch;
            (k > stretch[0] && near(k - 1, k))
                || (stretch.contains(&(k + 1)) && near(k, k + 1) && multi(&lines[k + 1]))
        };
        let mut block: Vec<usize> = Vec::new();
        let flush = |block: &mut Vec<usize>, out: &mut Vec<Table>, taken: &mut Vec<bool>| {
            while block.last().is_some_and(|&k| !multi(&lines[k])) {
                block.pop();
            }
            if block.iter().filter(|&&k| multi(&lines[k])).count() >= 2 {
                let ls: Vec<&TextLine> = block.iter().map(|&k| &lines[k]).collect();
                if let Some(t) = plain_table(&ls, pitch) {
                    for &k in block.iter() {
                        taken[k] = true;
                    }
                    out.push(t);
                }
            }
            block.clear();
        };
        for &k in &stretch {
            let wrapped_cell = attached(k) && (!block.is_empty() || stretch.contains(&(k + 1)));
            if multi(&lines[k]) || wrapped_cell {
                block.push(k);
            } else {
                flush(&mut block, &mut out, &mut taken);
            }
        }
        flush(&mut block, &mut out, &mut taken);
    }
    let mut k = 0;
    lines.retain(|_| {
        k += 1;
        !taken[k - 1]
    });
    out
}

fn plain_table(block: &[&TextLine], pitch: f32) -> Option<Table> {
    // Columns: the union of the runs of the multi-run lines.
    let mut spans: Vec<(f32, f32)> = block
        .iter()
        .filter(|l| l.runs.len() >= 2)
        .flat_map(|l| l.runs.iter().map(|r| (r.x0, r.x1)))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let size = median(block.iter().map(|l| l.size).collect()).unwrap_or(10.0);
    let mut cols: Vec<(f32, f32)> = Vec::new();
    for (a, b) in spans {
        match cols.last_mut() {
            Some(last) if a <= last.1 + 0.3 * size => last.1 = last.1.max(b),
            _ => cols.push((a, b)),
        }
    }
    if cols.len() < 2 || cols.len() > 256 {
        return None;
    }
    // Rows: a line much closer to the one above than the usual pitch continues its row.
    let pitches: Vec<f32> = block.windows(2).map(|w| w[0].y - w[1].y).collect();
    let mut row_lines: Vec<Vec<&TextLine>> = Vec::new();
    for (k, l) in block.iter().enumerate() {
        if k > 0 && pitches[k - 1] < 0.8 * pitch {
            if let Some(r) = row_lines.last_mut() {
                r.push(l);
                continue;
            }
        }
        row_lines.push(vec![l]);
    }
    let mut rows = Vec::new();
    for rl in row_lines {
        let mut cells: Vec<Vec<String>> = vec![Vec::new(); cols.len()];
        for l in &rl {
            for run in &l.runs {
                let covered: Vec<usize> = (0..cols.len())
                    .filter(|&c| run.x0 < cols[c].1 - 0.1 && run.x1 > cols[c].0 + 0.1)
                    .collect();
                let covered = if covered.is_empty() {
                    let cx = (run.x0 + run.x1) / 2.0;
                    let nearest = (0..cols.len())
                        .min_by(|&a, &b| {
                            let da = (cols[a].0 - cx).abs().min((cols[a].1 - cx).abs());
                            let db = (cols[b].0 - cx).abs().min((cols[b].1 - cx).abs());
                            da.total_cmp(&db)
                        })
                        .unwrap_or(0);
                    vec![nearest]
                } else {
                    covered
                };
                // A run across several columns is a merged cell: its text stands in each,
                // as a Word table's spanned cell does.
                for c in covered {
                    cells[c].push(run.text.clone());
                }
            }
        }
        rows.push(Row {
            cells: cells.into_iter().map(|c| c.join("\n")).collect(),
            page: rl[0].page,
            line: rl[0].no,
        });
    }
    Some(Table {
        rows,
        cols,
        ruled: false,
        top: block[0].y + block[0].size,
    })
}

/// Where each column of `next` (first on its page) stands among the columns of `prev`
/// (last on the page before), when `next` continues it: ruled tables with the same rules,
/// borderless ones whose columns each fall in a column of `prev`, left to right (a column
/// empty on the new page is no column of its own there).
fn continues(prev: &Table, next: &Table) -> Option<Vec<usize>> {
    if prev.ruled != next.ruled {
        return None;
    }
    if prev.ruled {
        let same = prev.cols.len() == next.cols.len()
            && prev
                .cols
                .iter()
                .zip(&next.cols)
                .all(|(a, b)| (a.0 - b.0).abs() <= 3.0 && (a.1 - b.1).abs() <= 3.0);
        return same.then(|| (0..prev.cols.len()).collect());
    }
    let mut map = Vec::new();
    for b in &next.cols {
        let best = (0..prev.cols.len())
            .filter(|&k| {
                let a = prev.cols[k];
                a.0 < b.1 + 2.0 && b.0 < a.1 + 2.0
            })
            .max_by(|&x, &y| {
                let ov = |k: usize| prev.cols[k].1.min(b.1) - prev.cols[k].0.max(b.0);
                ov(x).total_cmp(&ov(y))
            })?;
        if map.last().is_some_and(|&l| best <= l) {
            return None;
        }
        map.push(best);
    }
    Some(map)
}

/// Appends a continuation, its cells put in the columns `map` gives, without the header row
/// it repeats.
fn join(prev: &mut Table, next: Table, map: &[usize]) {
    let header = prev.rows.first().map(|r| r.cells.clone());
    let width = prev.cols.len();
    let mut rows = next
        .rows
        .into_iter()
        .map(|r| {
            let mut cells = vec![String::new(); width];
            for (k, c) in r.cells.into_iter().enumerate() {
                if let Some(&to) = map.get(k) {
                    cells[to] = c;
                }
            }
            Row { cells, ..r }
        })
        .peekable();
    if let (Some(h), Some(first)) = (&header, rows.peek()) {
        if &first.cells == h {
            rows.next();
        }
    }
    prev.rows.extend(rows);
}

/// A line as a row of a borderless table: when it has two or more runs and each stands in
/// its own column of the table.
fn row_in(table: &Table, line: &TextLine) -> Option<Row> {
    if line.runs.len() < 2 {
        return None;
    }
    let mut cells = vec![String::new(); table.cols.len()];
    for run in &line.runs {
        let c = table
            .cols
            .iter()
            .position(|&(a, b)| run.x0 < b + line.size && run.x1 > a - line.size)?;
        if !cells[c].is_empty() {
            return None;
        }
        cells[c] = run.text.clone();
    }
    Some(Row {
        cells,
        page: line.page,
        line: line.no,
    })
}

/// Joins wrapped prose lines into paragraphs: a line continues the one before when that one
/// was broken at the right margin (the next line's first word would not have fitted) and it
/// starts at the left margin.
fn flush_prose(lines: &mut Vec<TextLine>, items: &mut Vec<Item>) {
    if lines.is_empty() {
        return;
    }
    let left = lines.iter().map(TextLine::x0).fold(f32::MAX, f32::min);
    let right = lines.iter().map(TextLine::x1).fold(f32::MIN, f32::max);
    // A column of text holds twenty characters or more: lines narrower are labels or a
    // list, never wrapped.
    let size = median(lines.iter().map(|l| l.size).collect()).unwrap_or(10.0);
    let column = right - left >= 20.0 * size;
    let mut cur: Option<Para> = None;
    let mut prev: Option<&TextLine> = None;
    for l in lines.iter() {
        let wrapped = prev.is_some_and(|p| {
            let first_word = first_word_width(l);
            column
                && p.runs.len() == 1
                && l.runs.len() == 1
                && (p.size - l.size).abs() <= 0.15 * p.size
                && l.x0() <= left + 0.5 * l.size
                && p.x1() + first_word > right - 0.25 * p.size
                && (p.page != l.page || p.y - l.y <= 2.5 * p.size)
        });
        let text = l.text();
        match (&mut cur, wrapped) {
            (Some(para), true) => {
                let a = para.text.chars().last();
                let b = text.chars().next();
                if a.is_some_and(|c| c.is_ascii_alphanumeric())
                    && b.is_some_and(|c| c.is_ascii_alphanumeric())
                {
                    para.text.push(' ');
                }
                para.text.push_str(&text);
            }
            _ => {
                if let Some(p) = cur.take() {
                    items.push(Item::Para(p));
                }
                cur = Some(Para {
                    text,
                    page: l.page,
                    line: l.no,
                });
            }
        }
        prev = Some(l);
    }
    if let Some(p) = cur {
        items.push(Item::Para(p));
    }
    lines.clear();
}

/// The width of a line's first word: its leading Latin letters and digits, or its first
/// character.
fn first_word_width(l: &TextLine) -> f32 {
    let mut w = 0.0;
    for g in &l.glyphs {
        let ascii = g
            .text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".%+-:/".contains(c));
        if w > 0.0 && !ascii {
            break;
        }
        w += g.w;
        if !ascii {
            break;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_tells_page_numbers() {
        for t in [
            "3",
            "- 3 -",
            "第 3 页",
            "第3页 共5页",
            "3/5",
            "Page 3 of 5",
            "— 12 —",
        ] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["2022年", "第三季度", "表3", "99.5%"] {
            assert!(!is_page_number(t), "{t}");
        }
    }
}
