//! The normalized model of a bulletin: documents, periods, tables, rows and values.
//!
//! It mirrors `shared/spec/schema.md`, the output contract. Everything downstream
//! (scoring, emitting) reads this model and nothing else.
//!
//! Glossary (中文 → metric key); the header synonyms that map printed text onto these
//! keys live in `extract/headers.rs`:
//!
//! | 中文 | key |
//! |---|---|
//! | 受理 | `received` |
//! | 话务量 | `calls` |
//! | 纳入考评 | `assessed` |
//! | 应办理 | `due` |
//! | 办理 | `handled` |
//! | 办结 | `closed` |
//! | 按期办结 | `on_time` |
//! | 超期办结 | `overdue` |
//! | 返工 | `rework` |
//! | 满意数 | `satisfied` |
//! | 不满意 | `dissatisfied` |
//! | 数量 | `count` |
//! | 响应率 | `response_rate` |
//! | 解决率 | `resolution_rate` |
//! | 满意率 | `satisfaction_rate` |
//! | 不满意率 | `dissatisfaction_rate` |
//! | 办结率 | `completion_rate` |
//! | 按期办结率 | `on_time_rate` |
//! | 超期办结率 | `overdue_rate` |
//! | 返工率 | `rework_rate` |
//! | 占比 | `share` |
//! | 环比 | `mom_change` |
//! | 同比 | `yoy_change` |
//! | 平均办理时长 | `avg_days` |
//! | 综合成绩, 综合指标值, 效能指数 | `score` |
//! | 等级评价 | `grade` |
//! | 排名 | `rank` |
//! | 市级排名 | `parent_rank` |
//! | 环比变化 (排名) | `rank_change` |
//! | 办结率分, 响应率分, 满意率分, 附加分 | `*_points` |
//! | 合计 (总行) | unit `合计` |

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The unit name given to a table's total line (合计, 总计, 全区 …).
pub const TOTAL_UNIT: &str = "合计";

/// A metric key of the schema. The order of the variants is the column order of `units.csv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Received,
    Calls,
    Assessed,
    Due,
    Handled,
    Closed,
    OnTime,
    Overdue,
    Rework,
    Satisfied,
    Dissatisfied,
    Count,
    ResponseRate,
    ResolutionRate,
    SatisfactionRate,
    DissatisfactionRate,
    CompletionRate,
    OnTimeRate,
    OverdueRate,
    ReworkRate,
    Share,
    MomChange,
    YoyChange,
    AvgDays,
    CompletionPoints,
    ResponsePoints,
    SatisfactionPoints,
    BonusPoints,
    Score,
    Grade,
    Rank,
    ParentRank,
    RankChange,
}

/// How a metric's printed cell is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricKind {
    /// Whole work orders (件); `1.1万` is 11000.
    Count,
    /// A percentage; the `%` sign is dropped.
    Rate,
    /// A signed percentage change.
    Change,
    /// A plain decimal: scores, points, days.
    Decimal,
    /// A rank: a whole number, possibly `第3名` or `第三`.
    Rank,
    /// A signed change of rank: `7 ↑` is 7, `6 ↓` is -6.
    RankChange,
    /// A letter grade, kept as text.
    Grade,
}

impl Metric {
    /// Every metric, in column order.
    pub const ALL: [Metric; 33] = [
        Metric::Received,
        Metric::Calls,
        Metric::Assessed,
        Metric::Due,
        Metric::Handled,
        Metric::Closed,
        Metric::OnTime,
        Metric::Overdue,
        Metric::Rework,
        Metric::Satisfied,
        Metric::Dissatisfied,
        Metric::Count,
        Metric::ResponseRate,
        Metric::ResolutionRate,
        Metric::SatisfactionRate,
        Metric::DissatisfactionRate,
        Metric::CompletionRate,
        Metric::OnTimeRate,
        Metric::OverdueRate,
        Metric::ReworkRate,
        Metric::Share,
        Metric::MomChange,
        Metric::YoyChange,
        Metric::AvgDays,
        Metric::CompletionPoints,
        Metric::ResponsePoints,
        Metric::SatisfactionPoints,
        Metric::BonusPoints,
        Metric::Score,
        Metric::Grade,
        Metric::Rank,
        Metric::ParentRank,
        Metric::RankChange,
    ];

    /// The key as written in the outputs.
    pub fn key(self) -> &'static str {
        match self {
            Metric::Received => "received",
            Metric::Calls => "calls",
            Metric::Assessed => "assessed",
            Metric::Due => "due",
            Metric::Handled => "handled",
            Metric::Closed => "closed",
            Metric::OnTime => "on_time",
            Metric::Overdue => "overdue",
            Metric::Rework => "rework",
            Metric::Satisfied => "satisfied",
            Metric::Dissatisfied => "dissatisfied",
            Metric::Count => "count",
            Metric::ResponseRate => "response_rate",
            Metric::ResolutionRate => "resolution_rate",
            Metric::SatisfactionRate => "satisfaction_rate",
            Metric::DissatisfactionRate => "dissatisfaction_rate",
            Metric::CompletionRate => "completion_rate",
            Metric::OnTimeRate => "on_time_rate",
            Metric::OverdueRate => "overdue_rate",
            Metric::ReworkRate => "rework_rate",
            Metric::Share => "share",
            Metric::MomChange => "mom_change",
            Metric::YoyChange => "yoy_change",
            Metric::AvgDays => "avg_days",
            Metric::CompletionPoints => "completion_points",
            Metric::ResponsePoints => "response_points",
            Metric::SatisfactionPoints => "satisfaction_points",
            Metric::BonusPoints => "bonus_points",
            Metric::Score => "score",
            Metric::Grade => "grade",
            Metric::Rank => "rank",
            Metric::ParentRank => "parent_rank",
            Metric::RankChange => "rank_change",
        }
    }

    /// How a printed cell of this metric is read.
    pub fn kind(self) -> MetricKind {
        use Metric::*;
        match self {
            Received | Calls | Assessed | Due | Handled | Closed | OnTime | Overdue | Rework
            | Satisfied | Dissatisfied | Count => MetricKind::Count,
            ResponseRate | ResolutionRate | SatisfactionRate | DissatisfactionRate
            | CompletionRate | OnTimeRate | OverdueRate | ReworkRate | Share => MetricKind::Rate,
            MomChange | YoyChange => MetricKind::Change,
            AvgDays | CompletionPoints | ResponsePoints | SatisfactionPoints | BonusPoints
            | Score => MetricKind::Decimal,
            Grade => MetricKind::Grade,
            Rank | ParentRank => MetricKind::Rank,
            RankChange => MetricKind::RankChange,
        }
    }

    /// The metric for a key, if it is one.
    pub fn from_key(key: &str) -> Option<Metric> {
        Metric::ALL.iter().copied().find(|m| m.key() == key)
    }
}

/// A value as read: an exact decimal with its printed precision, or text (grades).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Figure {
    Number(Decimal),
    Text(String),
}

impl std::fmt::Display for Figure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Figure::Number(d) => write!(f, "{d}"),
            Figure::Text(t) => f.write_str(t),
        }
    }
}

/// One printed figure with where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Value {
    pub metric: Metric,
    pub value: Figure,
    /// The cell or phrase exactly as printed.
    pub as_printed: String,
    /// `file:line` for text, `file#Sheet!B7` for spreadsheets.
    pub at: crate::at::At,
}

/// The period a bulletin covers, both ends inclusive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// `2022-06`, `2021-Q3`, `2021-H1`, `2020`, `2022-W28`; a span of several of these
    /// joins its ends with `..` (`2023-01..2023-04`, `2019-W25..2019-W26`), any other
    /// span of days is `2019-06-28..2019-07-12`.
    pub label: String,
    pub start: chrono::NaiveDate,
    pub end: chrono::NaiveDate,
    /// The phrase the period was read from.
    pub as_printed: String,
}

/// A figure stated in the prose (table 0 of the outputs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headline {
    /// The jurisdiction, or a named sub-scope such as 疫情防控类.
    pub unit: String,
    #[serde(flatten)]
    pub value: Value,
}

/// What a table holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// Units with metric columns (rates, counts, scores, ranks).
    Metrics,
    /// Units with whole-number points per criterion (a 考核评分表).
    Points,
    /// A ranked list of names with no header.
    RankList,
    /// Case records (工单号, 不满意原因): kept, but yields no metrics.
    Records,
    /// Rows whose columns could not be named: kept, but yields no metrics.
    Unlabelled,
}

impl TableKind {
    /// The kind as written in the outputs (`table_kind` of units.csv).
    pub fn key(self) -> &'static str {
        match self {
            TableKind::Metrics => "metrics",
            TableKind::Points => "points",
            TableKind::RankList => "rank_list",
            TableKind::Records => "records",
            TableKind::Unlabelled => "unlabelled",
        }
    }
}

/// One data row of a table: a unit and its values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// 1-based ordinal among the table's data rows.
    pub index: usize,
    pub group: Option<String>,
    /// Simplified, inner spaces and pinyin glosses removed; `合计` for a total line.
    pub unit: String,
    /// Exactly as printed.
    pub unit_raw: String,
    pub is_total: bool,
    pub values: Vec<Value>,
    /// What scoring recomputed for this row.
    #[serde(default, skip_serializing_if = "Computed::is_empty")]
    pub computed: Computed,
    pub at: crate::at::At,
}

/// Score, rank and grade recomputed from a profile (or, for the rank, from the printed
/// scores).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Computed {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<rust_decimal::Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
}

impl Computed {
    pub fn is_empty(&self) -> bool {
        self.score.is_none() && self.rank.is_none() && self.grade.is_none()
    }
}

/// The kinds of check (`check` column of checks.csv).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// A printed composite score that its own inputs contradict.
    Score,
    /// A printed rank that the printed scores contradict.
    Rank,
    /// A printed grade that the score contradicts.
    Grade,
    /// A total line that is not the sum of its rows.
    Sum,
    /// A share that is not its count over the total.
    Share,
    /// A printed rate that its own counts contradict.
    Rate,
    /// A figure in the prose that the same figure in a table contradicts.
    TextVsTable,
}

impl CheckKind {
    pub fn key(self) -> &'static str {
        match self {
            CheckKind::Score => "score",
            CheckKind::Rank => "rank",
            CheckKind::Grade => "grade",
            CheckKind::Sum => "sum",
            CheckKind::Share => "share",
            CheckKind::Rate => "rate",
            CheckKind::TextVsTable => "text_vs_table",
        }
    }
}

/// A printed value that its recomputation contradicts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub check: CheckKind,
    pub group: Option<String>,
    pub unit: String,
    pub metric: Metric,
    pub reported: Figure,
    pub computed: Figure,
    /// reported − computed, where both are numbers.
    pub delta: Option<rust_decimal::Decimal>,
    /// The profile whose rule was applied, if any.
    pub profile: Option<String>,
    /// Where the reported value was printed.
    pub at: crate::at::At,
    /// What the computed value was made from, for a reader (English).
    pub detail: String,
    /// The same, as data: what a reader in another language (the report, `--lang zh`) is
    /// told. Absent in documents written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
}

/// What a check's computed value was made from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Basis {
    /// The profile's formula over the row's own inputs.
    Score {
        /// The formula, over the profile's names.
        formula: String,
        /// Each input the profile derives first (`completion = handled / due`), with the
        /// value the printed figures give it.
        inputs: Vec<Input>,
        /// What every choice of true inputs (those rounding to the printed ones) gives.
        lo: Decimal,
        hi: Decimal,
    },
    /// The rank the printed keys give.
    Rank {
        by: Vec<Metric>,
        /// Ranked within the row's group (else within the whole table).
        within_group: bool,
        /// The places the row can hold (a tie spans several).
        lo: u32,
        hi: u32,
    },
    /// The grades the score can earn.
    Grade {
        score: Option<Decimal>,
        possible: Vec<String>,
    },
    /// The sum of the rows above a total line.
    Sum { rows: usize },
    /// A rate from two counts of its row.
    Rate {
        numerator: Metric,
        denominator: Metric,
        num: Decimal,
        den: Decimal,
        /// numerator / denominator in percent, to four places.
        exact: Decimal,
    },
    /// A share: the row's count over a total.
    Share {
        count: Decimal,
        total: Decimal,
        /// In percent, to four places.
        exact: Decimal,
        /// The share cut (not rounded) to the printed places, for a share of the prose:
        /// both readings are told.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        truncated: Option<Decimal>,
    },
    /// Parts printed in the prose against the total they are of.
    Parts {
        parts: Vec<Decimal>,
        sum: Decimal,
        /// The printed total.
        total: Decimal,
    },
    /// A rate of the prose against the count and base printed with it.
    Ratio {
        num: Decimal,
        den: Decimal,
        /// num / den in percent, to four places.
        exact: Decimal,
    },
    /// A part's count in the prose against its unit's row in a table.
    TextVsRow {
        /// The phrase as printed.
        text: String,
        /// The row's cell as printed, and where.
        table: String,
        table_at: crate::at::At,
    },
    /// A figure of the prose against the table's total line.
    TextVsTable {
        /// The phrase as printed.
        text: String,
        /// The total line's cell as printed, and where.
        table: String,
        table_at: crate::at::At,
    },
}

/// A named input of a profile's formula, evaluated on a row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    pub name: String,
    /// Its definition over metric keys (`handled / due`).
    pub formula: String,
    pub value: Decimal,
}

/// A table found in a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// 1-based ordinal in its document.
    pub index: usize,
    pub title: Option<String>,
    pub kind: TableKind,
    /// The header cells as read (normalized), one per column.
    pub header: Vec<String>,
    /// The metric key each column maps to, where one does.
    pub columns: Vec<Option<String>>,
    pub rows: Vec<Row>,
    /// Data lines of a records table (they yield no rows).
    pub records: usize,
    pub at: crate::at::At,
    /// The scoring profile applied to the table, if one matched.
    #[serde(default)]
    pub profile: Option<String>,
    /// How many printed values the checks compared.
    #[serde(default)]
    pub checked: usize,
    /// Every disagreement found in the table.
    #[serde(default)]
    pub checks: Vec<Check>,
}

/// A problem met while reading one document that did not stop it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub at: crate::at::At,
    pub message: String,
}

/// An empty encoding as JSON's null.
fn encoding_or_null<S: serde::Serializer>(e: &str, s: S) -> Result<S::Ok, S::Error> {
    if e.is_empty() {
        s.serialize_none()
    } else {
        s.serialize_str(e)
    }
}

/// JSON's null as an empty encoding.
fn encoding_from_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// One ingested bulletin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// The input's path as given, or `-` for stdin.
    pub source: String,
    /// The text encoding the input was decoded from (`UTF-8`, `GBK`, `Big5`); empty for a
    /// format whose text is in no one encoding (PDF, .doc, .xls), null in JSON.
    #[serde(
        serialize_with = "encoding_or_null",
        deserialize_with = "encoding_from_null"
    )]
    pub encoding: String,
    pub title: Option<String>,
    /// The issuing area, short official form (平谷区, 云南省, 全国); empty when the
    /// document never says.
    pub jurisdiction: Option<String>,
    /// Its GB/T 2260 code (110118), where the gazetteer resolves it; for a former name
    /// (延庆县) the code of the division it became.
    #[serde(default)]
    pub jurisdiction_code: Option<String>,
    /// `country`, `province`, `prefecture`, `county` or `functional`.
    #[serde(default)]
    pub jurisdiction_level: Option<String>,
    /// Where the jurisdiction was read: `title`, `masthead`, `text`, `table_title`,
    /// `subdivisions`, `file_name`, `unit_names`.
    #[serde(default)]
    pub jurisdiction_source: Option<String>,
    pub period: Option<Period>,
    /// Where the period was read: `text`, `sheet_name` or `file_name`.
    #[serde(default)]
    pub period_source: Option<String>,
    pub headline: Vec<Headline>,
    pub tables: Vec<Table>,
    pub warnings: Vec<Warning>,
    /// Every disagreement among the prose's own figures (table 0 of checks.csv): parts
    /// that do not add up to their total, shares and rates their counts contradict.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
}

impl Document {
    /// Every disagreement found, with the ordinal of its table (0 for the prose): the
    /// prose's first, then each table's.
    pub fn all_checks(&self) -> impl Iterator<Item = (usize, &Check)> {
        self.checks.iter().map(|c| (0, c)).chain(
            self.tables
                .iter()
                .flat_map(|t| t.checks.iter().map(move |c| (t.index, c))),
        )
    }

    /// How many disagreements were found, in the prose and the tables.
    pub fn check_count(&self) -> usize {
        self.checks.len() + self.tables.iter().map(|t| t.checks.len()).sum::<usize>()
    }
}
