//! The one table recognizer: a [`Grid`] plus the lines printed before it → a [`Table`].
//!
//! It finds title and section rows, the header (possibly over two rows), maps header
//! cells to roles through `headers.rs`, splits units printed side by side, follows group
//! labels (a 分类 column, a section row, the title's parenthesis), skips headers repeated
//! after a page break, marks the total line, and reads every cell as its column's kind.
//! A grid with no header and no ranked list is not a table: the caller keeps it as prose.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;

use crate::extract::align::{self, Kind};
use crate::extract::headers::{self, Role, POINTS_OF};
use crate::extract::number::parse_figure;
use crate::extract::stream;
use crate::grid::{distinct_upto_two, looks_numeric, Cell, Grid};
use crate::model::{Figure, Metric, MetricKind, Row, Table, TableKind, Value, Warning, TOTAL_UNIT};
use crate::source::normalize::compact;

mod header;

use header::{find_header, merge_header_rows};

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

/// Recognizes the tables in `grid`: one for a grid of rows, as many as the stream holds
/// for a stream of cells. `index` is the ordinal of the first; `previous_title` as for
/// [`recognize`].
pub fn recognize_all(grid: &Grid, index: usize, previous_title: Option<&str>) -> Vec<Recognized> {
    if !grid.stream {
        return recognize(grid, index, previous_title).into_iter().collect();
    }
    let mut out: Vec<Recognized> = Vec::new();
    let mut title = previous_title.map(str::to_string);
    for g in stream::tables(grid) {
        if let Some(r) = recognize(&g, index + out.len(), title.as_deref()) {
            title = r.table.title.clone();
            out.push(r);
        }
    }
    out
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
    while start < rows.len() && distinct_upto_two(rows[start]) == 1 && header_score(rows[start]) < 2
    {
        let text = first_text(rows[start]).to_string();
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
    let (header, tops) = merge_header_rows(&rows[h..h + rows_in_header]);
    let data_from = h + rows_in_header;

    let mut roles: Vec<Option<Role>> = header.iter().map(|t| headers::lookup(t)).collect();
    resolve_groups(&mut roles);
    resolve_orders(&mut roles);
    drop_channel_splits(&mut roles, &tops);
    let is_records = roles.contains(&Some(Role::Record));
    let title_group = title.as_deref().and_then(group_of_title);

    let data_rows = &rows[data_from..];
    let kind = if is_records {
        TableKind::Records
    } else if is_points_table(&roles, title.as_deref(), data_rows) {
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
    let kinds: Vec<Kind> = header
        .iter()
        .zip(&roles)
        .map(|(h, r)| r.map_or_else(|| stream::kind_of(h), stream::kind_of_role))
        .collect();
    let extra: Vec<u32> = roles
        .iter()
        .map(|r| match r {
            Some(Role::Unit | Role::Category) => 20,
            Some(Role::Metric(_)) => 1,
            _ => 0,
        })
        .collect();

    let mut blocks = split_blocks(&roles, &tops, &header);
    let spanning = spanning_totals(&mut blocks, &roles, data_rows);
    let columns = roles
        .iter()
        .map(|r| match r {
            Some(Role::Metric(m)) => Some(m.key().to_string()),
            _ => None,
        })
        .collect();
    let mut table = Table {
        index,
        title,
        kind,
        // Moved in once the rows are read: they are read against it.
        header: Vec::new(),
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
    let wan: Vec<bool> = header.iter().map(|h| headers::in_wan(h)).collect();
    for printed in data_rows {
        let repeats_header = printed
            .iter()
            .zip(&header)
            .filter(|(c, h)| !h.is_empty() && same_compact(&c.text, h))
            .count();
        if repeats_header >= 2 {
            continue; // the header again, after a page break
        }
        if distinct_upto_two(printed) == 1 && !looks_numeric(first_text(printed)) {
            let text = first_text(printed);
            let merged = printed.iter().filter(|c| !c.is_empty()).count() > 1;
            let lone = printed.len() == 1 || merged;
            if (lone && is_group_label(text)) || names_a_group(text) {
                section = Some(text.to_string());
                group_col_value = None;
                continue;
            }
            if lone || printed.len() < header.len() {
                continue; // a note under the table
            }
            // A unit printed with every cell empty: a row with nothing to read.
        }
        if kind == TableKind::Records {
            table.records += 1;
            continue;
        }
        let row = realigned(printed, &kinds, &extra);
        for (b, block) in blocks.iter().enumerate() {
            let ctx = RowContext {
                roles: &roles,
                header: &header,
                wan: &wan,
                section: section.as_deref(),
                block_group: block.group.as_deref(),
                title_group: title_group.as_deref(),
            };
            if let Some(r) = read_row(&row, &block.cols, &ctx, &mut group_col_value, &mut warnings)
            {
                out_rows[b].push(r);
            }
        }
    }
    table.header = header;
    // The rows of one block are moved as they are; those of several laid end to end.
    table.rows = if out_rows.len() == 1 {
        out_rows.pop().unwrap_or_default()
    } else {
        let mut all = Vec::with_capacity(out_rows.iter().map(Vec::len).sum::<usize>() + 1);
        for rows in out_rows {
            all.extend(rows);
        }
        all
    };
    if let Some(total) = spanning_total_row(spanning) {
        table.rows.push(total);
    }
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

/// A category column printed before the units' names (`类别 | 单位 | …`, 区县 / 市直部门)
/// sorts the units into groups: the rows are the units.
fn resolve_groups(roles: &mut [Option<Role>]) {
    let Some(unit) = roles.iter().position(|r| *r == Some(Role::Unit)) else {
        return;
    };
    for r in roles[..unit].iter_mut() {
        if *r == Some(Role::Category) {
            *r = Some(Role::Group);
        }
    }
}

/// A count of orders with no verb is a unit's `handled` in a table of units, a
/// category's `count` in a table of categories.
fn resolve_orders(roles: &mut [Option<Role>]) {
    let categories = roles.contains(&Some(Role::Category));
    let units = roles.contains(&Some(Role::Unit));
    let metric = if categories && !units {
        Metric::Count
    } else {
        Metric::Handled
    };
    for r in roles.iter_mut().filter(|r| **r == Some(Role::Orders)) {
        *r = Some(Role::Metric(metric));
    }
}

/// Sub-columns that split a figure by channel (`12345热线` / `政民互动`, each over
/// `按时办结` / `超时办结`) give nothing: the schema has no channel key.
fn drop_channel_splits(roles: &mut [Option<Role>], tops: &[Option<String>]) {
    for (r, top) in roles.iter_mut().zip(tops) {
        if top
            .as_deref()
            .is_some_and(|t| CHANNEL_WORDS.iter().any(|w| t.contains(w)))
        {
            *r = None;
        }
    }
}

/// Words that make a group header a channel.
const CHANNEL_WORDS: &[&str] = &[
    "热线", "12345", "互动", "信箱", "网站", "网络", "微信", "微博", "电话", "来信", "来访",
    "平台", "app", "APP", "留言", "12315", "邮件",
];

/// Whether `text` without its whitespace is `compacted` (as `compact(text) == compacted`,
/// without making the string: done for every cell of every data row).
fn same_compact(text: &str, compacted: &str) -> bool {
    // Compacting only takes bytes away: a shorter text (a figure under a long header) is
    // never the header, and is not walked.
    text.len() >= compacted.len()
        && text
            .chars()
            .filter(|c| !c.is_whitespace())
            .eq(compacted.chars())
}

/// Whether a row's only text names a group of units (a section of the table), even when
/// the row is printed with every cell.
fn names_a_group(text: &str) -> bool {
    is_group_label(text) && headers::GROUP_WORDS.iter().any(|w| text.ends_with(w))
}

/// A data row laid under the header by what each cell can be, when the row as printed
/// puts a cell under a column that cannot hold it (the page dropped empty cells).
fn realigned<'a>(row: &'a [Cell], kinds: &[Kind], extra: &[u32]) -> Cow<'a, [Cell]> {
    // Most rows fit as printed: their cells are classified on the way, with no list of
    // classes made unless the row is to be laid out again.
    // Any cell fits a column of anything, or of a header that does not tell, and an empty
    // cell fits every column: those are not classified.
    let hard = row.iter().zip(kinds).any(|(c, k)| {
        !matches!(k, Kind::Any | Kind::Unknown)
            && !c.text.is_empty()
            && align::cost(*k, align::classify(&c.text)) >= 100
    });
    if !hard {
        return Cow::Borrowed(row);
    }
    let classes: Vec<align::Class> = row.iter().map(|c| align::classify(&c.text)).collect();
    match align::align_row(&classes, kinds, extra) {
        Some(laid) => {
            let at = row.first().map(|c| c.at.clone()).unwrap_or_default();
            Cow::Owned(
                laid.into_iter()
                    .map(|i| i.map_or_else(|| Cell::new("", "", at.clone()), |i| row[i].clone()))
                    .collect(),
            )
        }
        None => Cow::Borrowed(row),
    }
}

/// A cell's figure, read as its column's header says: counts under `(万件)` are in ten
/// thousands. `in_wan` is [`headers::in_wan`] of the column's header, asked once per
/// column rather than once per cell.
fn figure_under(
    text: &str,
    metric: Metric,
    in_wan: bool,
) -> Result<Option<Figure>, crate::extract::number::NumberError> {
    if metric.kind() == MetricKind::Count && in_wan && !text.contains('万') {
        let t = text.trim();
        if !t.is_empty()
            && t.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        {
            return parse_figure(&format!("{t}万"), metric.kind());
        }
    }
    parse_figure(text, metric.kind())
}

/// [`figure_under`] as it was, asking the header of every cell: the reference for it.
#[cfg(test)]
fn figure_under_header(
    text: &str,
    metric: Metric,
    header: &str,
) -> Result<Option<Figure>, crate::extract::number::NumberError> {
    figure_under(text, metric, headers::in_wan(header))
}

/// Columns printed before units set side by side that hold a value on the first row only
/// (a total standing over all the rows, `受理总量 38447`): taken out of the blocks, they
/// become the table's total line.
fn spanning_totals(
    blocks: &mut [Block],
    roles: &[Option<Role>],
    rows: &[&Vec<Cell>],
) -> Vec<Value> {
    if blocks.len() < 2 {
        return Vec::new();
    }
    let shared: Vec<usize> = blocks[0]
        .cols
        .iter()
        .copied()
        .filter(|c| blocks[1].cols.contains(c))
        .filter(|&c| matches!(roles[c], Some(Role::Metric(_))))
        .collect();
    let mut out = Vec::new();
    for c in shared {
        let filled: Vec<usize> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.get(c).is_some_and(|x| !x.is_empty()))
            .map(|(k, _)| k)
            .collect();
        if filled != [0] || rows.len() < 2 {
            continue;
        }
        let (Some(Role::Metric(metric)), Some(x)) = (roles[c], rows[0].get(c)) else {
            continue;
        };
        if let Ok(Some(value)) = parse_figure(&x.text, metric.kind()) {
            out.push(Value {
                metric,
                value,
                as_printed: x.raw.clone(),
                at: x.at.clone(),
            });
        }
        for b in blocks.iter_mut() {
            b.cols.retain(|&k| k != c);
        }
    }
    out
}

/// The total line that spanning totals make.
fn spanning_total_row(spanning: Vec<Value>) -> Option<Row> {
    let at = spanning.first()?.at.clone();
    Some(Row {
        index: 0,
        group: None,
        unit: TOTAL_UNIT.to_string(),
        unit_raw: String::new(),
        is_total: true,
        values: spanning,
        computed: Default::default(),
        at,
    })
}

struct RowContext<'a> {
    roles: &'a [Option<Role>],
    header: &'a [String],
    /// Whether each column's header says its counts are in ten thousands.
    wan: &'a [bool],
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
        .find(|&c| matches!(role(c), Some(Role::Unit | Role::Category)))
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
    if headers::is_subtotal_name(&name) {
        return None; // a subtotal is not a unit
    }
    let is_total = headers::is_total_name(&name);
    // Sized once for every metric column of the block (a row's values are pushed one by one).
    let metric_cols = cols
        .iter()
        .filter(|&&c| matches!(role(c), Some(Role::Metric(_))))
        .count();
    let mut values = Vec::with_capacity(metric_cols);
    for &c in cols {
        let (Some(Role::Metric(metric)), Some(x)) = (role(c), cell(c)) else {
            continue;
        };
        let in_wan = ctx.wan.get(c).copied().unwrap_or(false);
        match figure_under(&x.text, metric, in_wan) {
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
fn split_blocks(roles: &[Option<Role>], tops: &[Option<String>], header: &[String]) -> Vec<Block> {
    let n = roles.len();
    let is_name = |c: usize| matches!(roles[c], Some(Role::Unit | Role::Category));
    let units: Vec<usize> = (0..n).filter(|&c| is_name(c)).collect();
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
            // Blocks whose unit columns are headed differently (诉求来源 | 工单类型) are
            // groups named by those headers.
            let named = units.windows(2).any(|w| header[w[0]] != header[w[1]]);
            return (first..n)
                .step_by(period)
                .map(|s| Block {
                    cols: (0..first).chain(s..(s + period).min(n)).collect(),
                    group: named
                        .then(|| (s..(s + period).min(n)).find(|&c| is_name(c)))
                        .flatten()
                        .map(|c| header[c].clone()),
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

/// A grid with no header: a ranked list of names (`1 | 怀柔区`) gives ranks; ranked rows
/// with more columns that cannot be named are kept without values; anything else is not
/// a table.
fn rank_list(
    rows: &[&Vec<Cell>],
    index: usize,
    title: Option<String>,
    section: Option<String>,
    at: &crate::at::At,
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
        at: at.clone(),
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
    // Every cell is looked at only for a table that has the marker.
    marker && rows.iter().all(|r| r.iter().all(|c| !c.text.contains('%')))
}

fn non_empty(row: &[Cell]) -> usize {
    row.iter().filter(|c| !c.is_empty()).count()
}

fn first_text(row: &[Cell]) -> &str {
    row.iter()
        .find(|c| !c.is_empty())
        .map_or("", |c| c.text.trim())
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
mod tests;
