//! The one table recognizer: a [`Grid`] plus the lines printed before it → a [`Table`].
//!
//! It finds title and section rows, the header (possibly over two rows), maps header
//! cells to roles through `headers.rs`, splits units printed side by side, follows group
//! labels (a 分类 column, a section row, the title's parenthesis), skips headers repeated
//! after a page break, marks the total line, and reads every cell as its column's kind.
//! A grid with no header and no ranked list is not a table: the caller keeps it as prose.

use std::sync::OnceLock;

use regex::Regex;

use crate::extract::headers::{self, Role, POINTS_OF};
use crate::extract::number::parse_figure;
use crate::grid::{distinct_values, looks_numeric, Cell, Grid};
use crate::model::{Figure, Metric, Row, Table, TableKind, Value, Warning, TOTAL_UNIT};
use crate::source::normalize::compact;

/// The widest table read; a wider grid is not a bulletin's table.
const MAX_COLUMNS: usize = 256;

/// Words that make a line a table title rather than a section label.
const TITLE_WORDS: &[&str] = &["表", "排名", "统计", "情况", "名单", "评价", "一览", "排行"];

/// Words that keep a title's closing parenthesis from being read as a group.
const NOT_GROUP_WORDS: &[&str] = &["表", "时间", "单位", ":", "截至", "附件"];

/// What the recognizer found, with the problems met on the way.
pub struct Recognized {
    pub table: Table,
    pub warnings: Vec<Warning>,
}

/// Recognizes a table in `grid`. `index` is its ordinal in the document;
/// `previous_title` is the title of the table just before, used when only a section
/// label stands between the two.
pub fn recognize(grid: &Grid, index: usize, previous_title: Option<&str>) -> Option<Recognized> {
    let rows: Vec<&Vec<Cell>> = grid
        .rows
        .iter()
        .filter(|r| r.iter().any(|c| !c.is_empty()))
        .collect();
    let (mut title, mut section) = title_from_context(&grid.context, previous_title);

    // Title and label rows inside the grid, before the header.
    let mut start = 0;
    while start < rows.len() && distinct_values(rows[start]) == 1 && header_score(rows[start]) < 2 {
        let text = first_text(rows[start]);
        if is_group_label(&text) && !is_title_like(&text) {
            section = Some(text);
        } else {
            title = Some(text);
        }
        start += 1;
    }

    if rows.iter().any(|r| r.len() > MAX_COLUMNS) {
        return None; // no bulletin table is this wide
    }
    let Some((h, rows_in_header)) = find_header(&rows, start) else {
        return rank_list(&rows[start..], index, title, section, &grid.at);
    };
    let (header, tops) = if rows_in_header == 2 {
        merge_header(rows[h], rows[h + 1])
    } else {
        (
            rows[h].iter().map(|c| compact(&c.text)).collect(),
            vec![None; rows[h].len()],
        )
    };
    let data_from = h + rows_in_header;

    let mut roles: Vec<Option<Role>> = header.iter().map(|t| headers::lookup(t)).collect();
    let is_records = roles.contains(&Some(Role::Record));
    let title_group = title.as_deref().and_then(group_of_title);

    let data_rows: Vec<&Vec<Cell>> = rows[data_from..].to_vec();
    let kind = if is_records {
        TableKind::Records
    } else if is_points_table(&roles, title.as_deref(), &data_rows) {
        for r in roles.iter_mut() {
            *r = match *r {
                Some(Role::Total) => Some(Role::Metric(Metric::Score)),
                Some(Role::Metric(m)) => Some(Role::Metric(
                    POINTS_OF
                        .iter()
                        .find(|(rate, _)| *rate == m)
                        .map_or(m, |(_, p)| *p),
                )),
                other => other,
            };
        }
        TableKind::Points
    } else {
        TableKind::Metrics
    };
    if kind == TableKind::Metrics {
        total_column_as_score(&mut roles, title.as_deref());
    }

    let blocks = split_blocks(&roles, &tops);
    let columns = roles
        .iter()
        .map(|r| match r {
            Some(Role::Metric(m)) => Some(m.key().to_string()),
            _ => None,
        })
        .collect();
    let mut table = Table {
        index,
        title: title.clone(),
        kind,
        header: header.clone(),
        columns,
        rows: Vec::new(),
        records: 0,
        at: grid.at.clone(),
        profile: None,
        checked: 0,
        checks: Vec::new(),
    };
    let mut warnings = Vec::new();
    let mut group_col_value: Option<String> = None;
    let mut out_rows: Vec<Vec<Row>> = vec![Vec::new(); blocks.len()];
    for row in data_rows {
        let texts: Vec<String> = row.iter().map(|c| compact(&c.text)).collect();
        if texts
            .iter()
            .zip(&header)
            .filter(|(a, b)| a == b && !a.is_empty())
            .count()
            >= 2
        {
            continue; // the header again, after a page break
        }
        if distinct_values(row) == 1 && !looks_numeric(&first_text(row)) {
            let text = first_text(row);
            if is_group_label(&text) {
                section = Some(text);
                group_col_value = None;
            }
            continue; // a section label, or a note under the table
        }
        if kind == TableKind::Records {
            table.records += 1;
            continue;
        }
        for (b, block) in blocks.iter().enumerate() {
            let ctx = RowContext {
                roles: &roles,
                header: &header,
                section: section.as_deref(),
                block_group: block.group.as_deref(),
                title_group: title_group.as_deref(),
            };
            if let Some(r) = read_row(row, &block.cols, &ctx, &mut group_col_value, &mut warnings) {
                out_rows[b].push(r);
            }
        }
    }
    table.rows = out_rows.into_iter().flatten().collect();
    if table.kind == TableKind::Metrics && !roles.iter().any(|r| matches!(r, Some(Role::Metric(_))))
    {
        // No column could be named: kept as a table, but it yields no rows of metrics.
        table.kind = TableKind::Unlabelled;
        table.records = table.rows.len();
        table.rows.clear();
        return Some(Recognized { table, warnings });
    }
    for (i, r) in table.rows.iter_mut().enumerate() {
        r.index = i + 1;
    }
    if table.kind != TableKind::Records && table.rows.is_empty() {
        return None;
    }
    Some(Recognized { table, warnings })
}

struct RowContext<'a> {
    roles: &'a [Option<Role>],
    header: &'a [String],
    section: Option<&'a str>,
    block_group: Option<&'a str>,
    title_group: Option<&'a str>,
}

fn read_row(
    row: &[Cell],
    cols: &[usize],
    ctx: &RowContext,
    group_col_value: &mut Option<String>,
    warnings: &mut Vec<Warning>,
) -> Option<Row> {
    let cell = |c: usize| row.get(c);
    let role = |c: usize| ctx.roles.get(c).copied().flatten();
    let unit_col = cols
        .iter()
        .copied()
        .find(|&c| role(c) == Some(Role::Unit))
        .or_else(|| {
            cols.iter().copied().find(|&c| {
                role(c).is_none()
                    && cell(c).is_some_and(|x| !x.is_empty() && !looks_numeric(&x.text))
            })
        })?;
    let mut unit_cell = cell(unit_col)?;
    if unit_cell.is_empty() {
        // A total line may print 合计 in another column (under 序号, say).
        if let Some(total) = cols
            .iter()
            .filter_map(|&c| cell(c))
            .find(|x| headers::is_total_name(&compact(&x.text)))
        {
            unit_cell = total;
        }
    }
    let has_values = cols.iter().any(|&c| {
        matches!(role(c), Some(Role::Metric(_))) && cell(c).is_some_and(|x| !x.is_empty())
    });
    if unit_cell.is_empty() {
        if has_values {
            warnings.push(Warning {
                at: row.first().map(|c| c.at.clone()).unwrap_or_default(),
                message: "a row with values but no unit name was skipped".into(),
            });
        }
        return None;
    }
    if let Some(gc) = cols.iter().copied().find(|&c| role(c) == Some(Role::Group)) {
        if let Some(g) = cell(gc).filter(|x| !x.is_empty()) {
            *group_col_value = Some(compact(&g.text));
        }
    }
    let group = group_col_value
        .clone()
        .or_else(|| ctx.block_group.map(str::to_string))
        .or_else(|| ctx.section.map(str::to_string))
        .or_else(|| ctx.title_group.map(str::to_string));
    let name = compact(&unit_cell.text);
    let is_total = headers::is_total_name(&name);
    let mut values = Vec::new();
    for &c in cols {
        let (Some(Role::Metric(metric)), Some(x)) = (role(c), cell(c)) else {
            continue;
        };
        match parse_figure(&x.text, metric.kind()) {
            Ok(Some(value)) => values.push(Value {
                metric,
                value,
                as_printed: x.raw.clone(),
                at: x.at.clone(),
            }),
            Ok(None) => {}
            Err(e) => warnings.push(Warning {
                at: x.at.clone(),
                message: format!(
                    "{e} (column {})",
                    ctx.header.get(c).map_or("", String::as_str)
                ),
            }),
        }
    }
    Some(Row {
        index: 0,
        group,
        unit: if is_total {
            TOTAL_UNIT.to_string()
        } else {
            name
        },
        unit_raw: unit_cell.raw.clone(),
        is_total,
        values,
        computed: Default::default(),
        at: unit_cell.at.clone(),
    })
}

/// Columns that make up one unit's row, and the group they carry.
struct Block {
    cols: Vec<usize>,
    group: Option<String>,
}

/// Splits the columns into blocks: units printed side by side (`单位 | 得分 | 单位 | 得分`)
/// or sub-columns under group headers that repeat the same metrics (`直派: 响应率 |
/// 转派: 响应率`). Otherwise one block of all columns.
fn split_blocks(roles: &[Option<Role>], tops: &[Option<String>]) -> Vec<Block> {
    let n = roles.len();
    let units: Vec<usize> = (0..n).filter(|&c| roles[c] == Some(Role::Unit)).collect();
    if units.len() >= 2 {
        let period = units[1] - units[0];
        // The first column of the repeating pattern: a rank printed before each unit
        // repeats with it; columns before the pattern are shared by every block.
        let first = (0..=units[0]).find(|&s| {
            period > 1
                && (n - s) % period == 0
                && (s..n - period).all(|c| roles[c] == roles[c + period])
        });
        if let Some(first) = first {
            return (first..n)
                .step_by(period)
                .map(|s| Block {
                    cols: (0..first).chain(s..(s + period).min(n)).collect(),
                    group: None,
                })
                .collect();
        }
    }
    // Metrics repeated under different group headers.
    let metric_of = |c: usize| match roles[c] {
        Some(Role::Metric(m)) => Some(m),
        _ => None,
    };
    let duplicated = |c: usize| {
        metric_of(c).is_some_and(|m| (0..n).filter(|&d| metric_of(d) == Some(m)).count() > 1)
    };
    if (0..n).any(duplicated) {
        let mut groups: Vec<String> = Vec::new();
        for c in (0..n).filter(|&c| duplicated(c)) {
            if let Some(t) = &tops[c] {
                if !groups.contains(t) {
                    groups.push(t.clone());
                }
            }
        }
        if groups.len() >= 2 {
            let shared: Vec<usize> = (0..n)
                .filter(|&c| {
                    tops[c].is_none()
                        || !groups.contains(tops[c].as_ref().unwrap_or(&String::new()))
                })
                .collect();
            return groups
                .into_iter()
                .map(|g| {
                    let mut cols = shared.clone();
                    cols.extend((0..n).filter(|&c| tops[c].as_ref() == Some(&g)));
                    cols.sort_unstable();
                    Block {
                        cols,
                        group: Some(g),
                    }
                })
                .collect();
        }
    }
    vec![Block {
        cols: (0..n).collect(),
        group: None,
    }]
}

/// Finds the header within the first rows after `start`: one row, or two rows whose
/// columns read together name more columns (a group header over sub-columns, or header
/// text wrapped onto a second row). Returns its first row and how many rows it takes.
fn find_header(rows: &[&Vec<Cell>], start: usize) -> Option<(usize, usize)> {
    for h in start..rows.len().min(start + 3) {
        let alone = header_roles(&rows[h].iter().map(|c| c.text.clone()).collect::<Vec<_>>());
        if let Some(next) = rows.get(h + 1).filter(|n| is_header_part(n)) {
            if is_header_part(rows[h]) {
                let (merged, _) = merge_header(rows[h], next);
                let both = header_roles(&merged);
                if is_header_roles(&both) && both.len() > alone.len() {
                    return Some((h, 2));
                }
            }
        }
        if is_header_roles(&alone) && !rows[h].iter().any(|c| looks_numeric(&c.text)) {
            return Some((h, 1));
        }
    }
    None
}

/// A row that can be part of a header: no numbers, at least two cells.
fn is_header_part(row: &[Cell]) -> bool {
    distinct_values(row) >= 2 && !row.iter().any(|c| looks_numeric(&c.text))
}

fn header_roles(texts: &[String]) -> Vec<Role> {
    texts.iter().filter_map(|t| headers::lookup(t)).collect()
}

/// Enough known headers to be a header: two, one of them a metric, a record column or a
/// total.
fn is_header_roles(roles: &[Role]) -> bool {
    roles.len() >= 2
        && roles
            .iter()
            .any(|r| matches!(r, Role::Metric(_) | Role::Record | Role::Total))
}

/// Reads a two-row header column by column. A top cell spans the empty top cells to its
/// right that have text below (a group header); a column's name is its lower cell when
/// that is a known header, else the two read together (`纳入` over `考评`).
fn merge_header(top_row: &[Cell], bottom_row: &[Cell]) -> (Vec<String>, Vec<Option<String>>) {
    let width = top_row.len().max(bottom_row.len());
    let mut header = Vec::with_capacity(width);
    let mut tops = Vec::with_capacity(width);
    let mut top = String::new();
    for col in 0..width {
        let above = top_row
            .get(col)
            .map(|c| compact(&c.text))
            .unwrap_or_default();
        let below = bottom_row
            .get(col)
            .map(|c| compact(&c.text))
            .unwrap_or_default();
        if !above.is_empty() {
            top = above.clone();
        }
        if below.is_empty() {
            header.push(above);
            tops.push(None);
            continue;
        }
        let joined = format!("{top}{below}");
        let join = headers::lookup_exact(&joined).is_some()
            || headers::lookup(&below).is_none() && headers::lookup(&joined).is_some();
        if join {
            header.push(joined);
            tops.push(None);
        } else {
            header.push(below);
            tops.push((!top.is_empty()).then(|| top.clone()));
        }
    }
    (header, tops)
}

/// A grid with no header: a ranked list of names (`1 | 怀柔区`) gives ranks; ranked rows
/// with more columns that cannot be named are kept without values; anything else is not
/// a table.
fn rank_list(
    rows: &[&Vec<Cell>],
    index: usize,
    title: Option<String>,
    section: Option<String>,
    at: &str,
) -> Option<Recognized> {
    if rows.len() < 2 {
        return None;
    }
    let mut expected_min = 1u32;
    for (i, r) in rows.iter().enumerate() {
        let cells: Vec<&Cell> = r.iter().filter(|c| !c.is_empty()).collect();
        if cells.len() < 2 {
            return None;
        }
        let rank: u32 = cells[0].text.trim().parse().ok()?;
        if (i == 0 && rank != 1) || rank < expected_min || looks_numeric(&cells[1].text) {
            return None;
        }
        expected_min = rank;
    }
    let two_columns = rows.iter().all(|r| non_empty(r) == 2);
    let mut table = Table {
        index,
        title,
        kind: if two_columns {
            TableKind::RankList
        } else {
            TableKind::Unlabelled
        },
        header: Vec::new(),
        columns: Vec::new(),
        rows: Vec::new(),
        records: 0,
        at: at.to_string(),
        profile: None,
        checked: 0,
        checks: Vec::new(),
    };
    if !two_columns {
        table.records = rows.len();
        return Some(Recognized {
            table,
            warnings: Vec::new(),
        });
    }
    for (i, r) in rows.iter().enumerate() {
        let cells: Vec<&Cell> = r.iter().filter(|c| !c.is_empty()).collect();
        let name = compact(&cells[1].text);
        table.rows.push(Row {
            index: i + 1,
            group: section.clone(),
            unit: name,
            unit_raw: cells[1].raw.clone(),
            is_total: false,
            values: vec![Value {
                metric: Metric::Rank,
                value: Figure::Number(cells[0].text.trim().parse().ok()?),
                as_printed: cells[0].raw.clone(),
                at: cells[0].at.clone(),
            }],
            computed: Default::default(),
            at: cells[1].at.clone(),
        });
    }
    Some(Recognized {
        table,
        warnings: Vec::new(),
    })
}

/// In a table of rates, a 总分/合计 column is the composite score when there is no other
/// (a table of counts by category keeps its 合计 column out: its meaning is not a score).
fn total_column_as_score(roles: &mut [Option<Role>], title: Option<&str>) {
    let has_score = roles.contains(&Some(Role::Metric(Metric::Score)));
    let rated = roles
        .iter()
        .any(|r| matches!(r, Some(Role::Metric(m)) if m.kind() == crate::model::MetricKind::Rate))
        || title.is_some_and(|t| ["考核", "评分", "排名"].iter().any(|w| t.contains(w)));
    let totals = roles.iter().filter(|r| **r == Some(Role::Total)).count();
    if !has_score && rated && totals == 1 {
        for r in roles.iter_mut().filter(|r| **r == Some(Role::Total)) {
            *r = Some(Role::Metric(Metric::Score));
        }
    }
}

/// A points table (考核评分表) holds whole points, not percentages: it has a bonus column,
/// or criteria columns (办结率, 响应率 …) with a total column or a title that says 评分, and
/// no cell carries a `%`.
fn is_points_table(roles: &[Option<Role>], title: Option<&str>, rows: &[&Vec<Cell>]) -> bool {
    let criteria = roles.iter().any(|r| {
        POINTS_OF
            .iter()
            .any(|(rate, _)| *r == Some(Role::Metric(*rate)))
    });
    let bonus = roles.contains(&Some(Role::Metric(Metric::BonusPoints)));
    let total = roles.contains(&Some(Role::Total));
    // A 合计 over unknown columns (咨询 | 投诉 | 合计) is a count, not points.
    let marker = bonus || criteria && (total || title.is_some_and(|t| t.contains("评分")));
    let no_percent = rows.iter().all(|r| r.iter().all(|c| !c.text.contains('%')));
    marker && no_percent
}

fn non_empty(row: &[Cell]) -> usize {
    row.iter().filter(|c| !c.is_empty()).count()
}

fn first_text(row: &[Cell]) -> String {
    row.iter()
        .find(|c| !c.is_empty())
        .map(|c| c.text.trim().to_string())
        .unwrap_or_default()
}

fn header_score(row: &[Cell]) -> usize {
    row.iter()
        .filter(|c| !c.is_empty() && headers::lookup(&c.text).is_some())
        .count()
}

/// A short label that names a group of rows: `一类部门`, `区级有关单位`, `乡镇、街道`.
pub fn is_group_label(text: &str) -> bool {
    let t = text.trim();
    let n = t.chars().count();
    (2..=12).contains(&n)
        && !t.chars().any(|c| c.is_ascii_digit())
        && !t.contains(['。', ',', ';', ':', '|'])
        && !t.contains('表')
}

fn is_title_like(text: &str) -> bool {
    TITLE_WORDS.iter().any(|w| text.contains(w))
}

/// The title and section label from the lines printed before a grid.
fn title_from_context(
    context: &[String],
    previous_title: Option<&str>,
) -> (Option<String>, Option<String>) {
    let lines: Vec<&str> = context
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    let mut section = None;
    let mut title = None;
    for (k, line) in lines.iter().rev().take(3).enumerate() {
        let chars = line.chars().count();
        if k == 0 && is_group_label(line) && !is_title_like(line) {
            section = Some(line.to_string());
            continue;
        }
        if chars <= 80
            && !line.ends_with('。')
            && (is_title_like(line) || k == 0)
            && !is_attachment_line(line)
        {
            title = Some(line.to_string());
            break;
        }
        if !is_attachment_line(line) {
            break;
        }
    }
    if title.is_none() && lines.len() <= 2 {
        title = previous_title.map(str::to_string);
    }
    (title, section)
}

fn is_attachment_line(line: &str) -> bool {
    let t = line.trim_end_matches([':', ' ']);
    t.starts_with("附件") && t.chars().count() <= 5
}

fn title_group_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\(([^()]{1,10})\)\s*$").expect("title group pattern is a valid regex")
    })
}

/// The group a title names in its closing parenthesis: `…统计表（直派）` → 直派.
fn group_of_title(title: &str) -> Option<String> {
    if !title.contains('表') {
        return None;
    }
    let caps = title_group_re().captures(title)?;
    let g = compact(&caps[1]);
    let bad =
        g.chars().any(|c| c.is_ascii_digit()) || NOT_GROUP_WORDS.iter().any(|w| g.contains(w));
    (!bad).then_some(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]], context: &[&str]) -> Grid {
        Grid {
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    r.iter()
                        .map(|t| Cell::new(*t, *t, format!("t:{}", i + 1)))
                        .collect()
                })
                .collect(),
            context: context.iter().map(|s| s.to_string()).collect(),
            at: "t:1".into(),
        }
    }

    fn values(t: &Table) -> Vec<(String, Option<String>, &'static str, String)> {
        t.rows
            .iter()
            .flat_map(|r| {
                r.values.iter().map(move |v| {
                    (
                        r.unit.clone(),
                        r.group.clone(),
                        v.metric.key(),
                        v.value.to_string(),
                    )
                })
            })
            .collect()
    }

    #[test]
    fn table_reads_a_ranking_with_title_group() {
        let g = grid(
            &[
                &["排名", "镇街", "响应率", "综合成绩"],
                &["1", "甲镇", "100.00%", "99.76"],
                &["2", "乙 镇", "98.04%", "99.1"],
            ],
            &["表1:统计表(直派)"],
        );
        let t = recognize(&g, 1, None).unwrap().table;
        assert_eq!(t.title.as_deref(), Some("表1:统计表(直派)"));
        assert_eq!(t.kind, TableKind::Metrics);
        let v = values(&t);
        assert_eq!(v.len(), 6);
        assert_eq!(
            v[1],
            (
                "甲镇".into(),
                Some("直派".into()),
                "response_rate",
                "100.00".into()
            )
        );
        assert_eq!(
            v[5],
            ("乙镇".into(), Some("直派".into()), "score", "99.1".into())
        );
    }

    #[test]
    fn table_skips_a_repeated_header_and_reads_placeholders_as_nothing() {
        let g = grid(
            &[
                &["单位", "满意率", "得分"],
                &["甲镇", "/", "90"],
                &["单位", "满意率", "得分"],
                &["乙镇", "—", ""],
            ],
            &[],
        );
        let t = recognize(&g, 1, None).unwrap().table;
        assert_eq!(t.rows.len(), 2);
        assert_eq!(
            values(&t),
            vec![("甲镇".into(), None, "score", "90".into())]
        );
    }

    #[test]
    fn table_follows_group_column_and_section_rows() {
        let g = grid(
            &[
                &["排名", "分类", "部门", "得分"],
                &["1", "一类部门", "甲局", "99"],
                &["2", "", "乙局", "98"],
                &["1", "二类部门", "丙局", "97"],
            ],
            &[],
        );
        let t = recognize(&g, 1, None).unwrap().table;
        let groups: Vec<_> = t.rows.iter().map(|r| r.group.clone().unwrap()).collect();
        assert_eq!(groups, vec!["一类部门", "一类部门", "二类部门"]);

        let g = grid(
            &[
                &["单位", "得分"],
                &["乡镇"],
                &["甲镇", "99"],
                &["区级部门"],
                &["乙局", "98"],
            ],
            &[],
        );
        let t = recognize(&g, 1, None).unwrap().table;
        let groups: Vec<_> = t.rows.iter().map(|r| r.group.clone().unwrap()).collect();
        assert_eq!(groups, vec!["乡镇", "区级部门"]);
    }

    #[test]
    fn table_marks_the_total_row() {
        let g = grid(
            &[
                &["类型", "数量(件)", "占比"],
                &["咨询类", "10", "50%"],
                &["合  计", "20", "100%"],
            ],
            &[],
        );
        let t = recognize(&g, 1, None).unwrap().table;
        assert!(t.rows[1].is_total);
        assert_eq!(t.rows[1].unit, "合计");
        assert_eq!(t.rows[1].unit_raw, "合  计");
    }

    #[test]
    fn table_reads_units_side_by_side() {
        let g = grid(
            &[
                &["单位", "得分", "排名", "单位", "得分", "排名"],
                &["甲镇", "99", "1", "丙镇", "97", "3"],
                &["乙镇", "98", "2", "", "", ""],
            ],
            &[],
        );
        let t = recognize(&g, 1, None).unwrap().table;
        let units: Vec<_> = t.rows.iter().map(|r| r.unit.as_str()).collect();
        assert_eq!(units, vec!["甲镇", "乙镇", "丙镇"]);
        assert_eq!(t.rows[2].values.len(), 2);
        assert_eq!(t.rows[2].values[1].value.to_string(), "3");
    }

    #[test]
    fn table_reads_a_two_row_header_with_groups() {
        let g = grid(
            &[
                &["单位", "直派", "", "转派", ""],
                &["", "响应率", "满意率", "响应率", "满意率"],
                &["甲镇", "100%", "99%", "98%", "97%"],
            ],
            &[],
        );
        let t = recognize(&g, 1, None).unwrap().table;
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].group.as_deref(), Some("直派"));
        assert_eq!(
            values(&t)[3],
            (
                "甲镇".into(),
                Some("转派".into()),
                "satisfaction_rate",
                "97".into()
            )
        );
    }

    #[test]
    fn table_reads_a_wrapped_two_row_header() {
        let g = grid(
            &[
                &["单位", "纳入", "综合"],
                &["", "考评", "成绩"],
                &["甲镇", "95", "99.1"],
            ],
            &[],
        );
        let t = recognize(&g, 1, None).unwrap().table;
        assert_eq!(t.header, vec!["单位", "纳入考评", "综合成绩"]);
        assert_eq!(values(&t).len(), 2);
    }

    #[test]
    fn table_turns_a_points_table_into_points() {
        let g = grid(
            &[
                &["评分表", "", ""],
                &["单位", "办结率", "响应率", "附加分", "合计"],
                &["甲镇", "40", "20", "25", "85"],
            ],
            &[],
        );
        let t = recognize(&g, 1, None).unwrap().table;
        assert_eq!(t.kind, TableKind::Points);
        let keys: Vec<_> = values(&t).into_iter().map(|v| v.2).collect();
        assert_eq!(
            keys,
            vec![
                "completion_points",
                "response_points",
                "bonus_points",
                "score"
            ]
        );
    }

    #[test]
    fn table_reads_a_total_column_of_a_rates_table_as_the_score() {
        let g = grid(
            &[
                &["单位", "办结率", "满意率", "总分"],
                &["甲镇", "99%", "98%", "97.5"],
            ],
            &[],
        );
        let t = recognize(&g, 1, None).unwrap().table;
        assert_eq!(values(&t)[2].2, "score");
        let g = grid(
            &[&["类别", "咨询", "投诉", "合计"], &["甲镇", "3", "4", "7"]],
            &[],
        );
        let t = recognize(&g, 1, None).unwrap().table;
        assert_eq!(
            (t.kind, t.records),
            (TableKind::Unlabelled, 1),
            "a count total over unknown columns is not a score"
        );
    }

    #[test]
    fn table_keeps_case_records_without_metrics() {
        let g = grid(
            &[
                &["单位", "工单号", "不满意原因"],
                &["甲局", "395784", "未联系"],
            ],
            &[],
        );
        let t = recognize(&g, 1, None).unwrap().table;
        assert_eq!(t.kind, TableKind::Records);
        assert_eq!(t.records, 1);
        assert!(t.rows.is_empty());
    }

    #[test]
    fn table_reads_a_rank_list_and_rejects_a_contents_page() {
        let g = grid(
            &[&["1", "怀柔区"], &["2", "大兴区"]],
            &["各区综合成绩排名前三"],
        );
        let t = recognize(&g, 1, None).unwrap().table;
        assert_eq!(t.kind, TableKind::RankList);
        assert_eq!(values(&t)[1], ("大兴区".into(), None, "rank", "2".into()));
        let toc = grid(&[&["一、总体情况.....", "1"], &["二、热点.....", "6"]], &[]);
        assert!(recognize(&toc, 1, None).is_none());
    }

    #[test]
    fn table_reports_unreadable_cells() {
        let g = grid(&[&["单位", "满意率"], &["甲镇", "很好"]], &[]);
        let r = recognize(&g, 1, None).unwrap();
        assert_eq!(r.warnings.len(), 1);
        assert!(r.warnings[0].message.contains("很好"));
    }
}
