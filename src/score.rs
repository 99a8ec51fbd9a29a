//! Recomputes composite scores, ranks and grades from the profile that matches a table,
//! and reports every printed one that its own inputs contradict.
//!
//! Inputs are taken as intervals (a printed, rounded figure stands for every value that
//! rounds to it; counts are exact), the formula is evaluated over them, and a printed
//! figure is reported only when no choice of true inputs gives it (`scoring.md`).

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::check;
use crate::extract::Evidence;
use crate::model::{
    Basis, Check, CheckKind, Document, Figure, Input, Metric, MetricKind, Row, Table, TableKind,
};
use crate::profile::formula::Interval;
use crate::profile::{Constant, Order, Profile, Profiles, ScoreRule};
use crate::rank::{rank, Item, Ranked};

/// A value both as printed (a point) and as what it stands for (an interval).
#[derive(Clone, Copy, Debug)]
struct Known {
    point: Decimal,
    range: Interval,
}

/// The values a formula may name, by name: a row has a dozen at most, so a list searched
/// in order beats hashing every name (the first entry of a name wins, as `entry` did).
#[derive(Clone, Debug, Default)]
struct Knowns<'a>(Vec<(&'a str, Known)>);

impl<'a> Knowns<'a> {
    fn get(&self, name: &str) -> Option<&Known> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, k)| k)
    }

    /// Adds `name` unless it is there already.
    fn or_insert(&mut self, name: &'a str, value: Known) {
        if self.get(name).is_none() {
            self.0.push((name, value));
        }
    }

    /// Sets `name`, replacing what it held.
    fn insert(&mut self, name: &'a str, value: Known) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.0.push((name, value)),
        }
    }
}

/// Scores every table of `doc` and runs the checks.
pub fn score_document(doc: &mut Document, evidence: &Evidence, profiles: &Profiles) {
    let mut warnings = Vec::new();
    for table in doc.tables.iter_mut() {
        if !matches!(table.kind, TableKind::Metrics | TableKind::Points) {
            continue;
        }
        let profile = select(profiles, table, &evidence.text);
        table.profile = profile.map(|p| p.name.clone());
        if let Some(p) = profile {
            apply_score(table, p, &constants(p, &evidence.text));
        }
        apply_rank(table, profile);
        if let Some(p) = profile {
            apply_grade(table, p);
        }
        warnings.extend(check::sums(table));
        check::rates(table);
    }
    doc.warnings.extend(warnings);
    check::shares(doc);
    check::text_vs_table(doc, &evidence.statements);
    doc.checks = crate::check_prose::checks(doc, &evidence.structures);
}

/// The profile for a table: it has every metric the profile needs, and the document or the
/// title says one of the profile's phrases. The most specific (most metrics) wins; user
/// profiles come first among equals. Where no profile's phrase is said (a workbook that
/// holds only its tables), a profile whose formula gives the printed scores of the rows
/// is the table's: it is matched by what the table holds.
pub fn select<'a>(profiles: &'a Profiles, table: &Table, text: &str) -> Option<&'a Profile> {
    let has = |m: Metric| {
        table
            .rows
            .iter()
            .any(|r| r.values.iter().any(|v| v.metric == m))
    };
    let title = table.title.as_deref().unwrap_or("");
    let most_specific = |best: Option<&'a Profile>, p: &'a Profile| match best {
        Some(b) if b.metrics.len() >= p.metrics.len() => Some(b),
        _ => Some(p),
    };
    let candidates: Vec<&Profile> = profiles
        .list
        .iter()
        .filter(|p| p.metrics.iter().all(|m| has(*m)))
        .filter(|p| {
            p.title_any.is_empty() || p.title_any.iter().any(|w| title.contains(w.as_str()))
        })
        .collect();
    let said = |p: &&Profile| {
        p.text_any.is_empty() || p.text_any.iter().any(|w| text.contains(w.as_str()))
    };
    if let Some(p) = candidates
        .iter()
        .copied()
        .filter(said)
        .fold(None, most_specific)
    {
        return Some(p);
    }
    candidates
        .iter()
        .copied()
        .filter(|p| fits(table, p, text))
        .fold(None, most_specific)
}

/// The fewest rows a formula must give the printed score of, and the share of the rows
/// it may miss, for a profile to be matched by a table's data alone.
const FIT_MIN_ROWS: usize = 3;
const FIT_MAX_MISSES: usize = 10;

/// Whether a profile's formula gives the printed scores of a table's rows: at least
/// [`FIT_MIN_ROWS`] rows recomputed, and at most one in [`FIT_MAX_MISSES`] contradicted.
fn fits(table: &Table, p: &Profile, text: &str) -> bool {
    let Some(rule) = &p.score else {
        return false;
    };
    // Counted, not applied: no trial copy of the table, no checks built to be dropped.
    let (mut checked, mut misses) = (0, 0);
    score_rows(table, p, rule, &constants(p, text), |_, _, s| {
        checked += 1;
        if s.contradicted() {
            misses += 1;
        }
    });
    checked >= FIT_MIN_ROWS && misses * FIT_MAX_MISSES <= checked
}

fn constants<'p>(p: &'p Profile, text: &str) -> Knowns<'p> {
    let mut out = Knowns::default();
    for (name, c) in &p.constants {
        let value = match c {
            Constant::Value(d) => Some(Known {
                point: *d,
                range: Interval::point(*d),
            }),
            Constant::Text(re) => re
                .captures(text)
                .and_then(|caps| caps.get(1))
                .and_then(|m| crate::extract::number::parse_decimal(m.as_str()))
                .map(|d| Known {
                    point: d,
                    range: Interval::printed(d),
                }),
        };
        if let Some(v) = value {
            out.insert(name, v);
        }
    }
    out
}

/// The row's printed numbers: counts and ranks exact, the rest ± half a unit. `room` is
/// how many more names the caller will add (the list is made to hold them all at once).
fn knowns(row: &Row, room: usize) -> Knowns<'static> {
    let mut out = Knowns(Vec::with_capacity(row.values.len() + room));
    for v in &row.values {
        if let Figure::Number(d) = v.value {
            let exact = matches!(
                v.metric.kind(),
                MetricKind::Count | MetricKind::Rank | MetricKind::RankChange
            );
            let range = if exact {
                Interval::point(d)
            } else {
                Interval::printed(d)
            };
            out.or_insert(v.metric.key(), Known { point: d, range });
        }
    }
    out
}

/// The first printed number of `metric` in a row.
pub fn number(row: &Row, metric: Metric) -> Option<Decimal> {
    row.values
        .iter()
        .find(|v| v.metric == metric)
        .and_then(|v| match v.value {
            Figure::Number(d) => Some(d),
            Figure::Text(_) => None,
        })
}

fn text(row: &Row, metric: Metric) -> Option<&str> {
    row.values
        .iter()
        .find(|v| v.metric == metric)
        .and_then(|v| match &v.value {
            Figure::Text(t) => Some(t.as_str()),
            Figure::Number(_) => None,
        })
}

fn at(row: &Row, metric: Metric) -> crate::at::At {
    row.values
        .iter()
        .find(|v| v.metric == metric)
        .map_or_else(|| row.at.clone(), |v| v.at.clone())
}

/// The interval a printed score stands for, against a rule with `decimals` places: exact
/// when printed to those places (a dropped trailing zero is still exact), ± half a unit
/// when printed to fewer.
fn printed_score(d: Decimal, decimals: u32) -> Interval {
    if d.scale() < decimals {
        Interval::printed(d)
    } else {
        Interval::point(d)
    }
}

/// What the score rule gave one row.
struct RowScore<'k, 'p> {
    /// The score the row is given: the printed one where its true inputs can give it,
    /// else the one its printed inputs give.
    computed: Decimal,
    printed: Option<Decimal>,
    /// Whether the printed score is one the true inputs can give.
    consistent: bool,
    /// The scores that inputs rounding to the printed ones give, rounded by the rule.
    rounded: Interval,
    known: &'k Knowns<'p>,
}

impl RowScore<'_, '_> {
    /// A printed score its own inputs contradict.
    fn contradicted(&self) -> bool {
        self.printed.is_some() && !self.consistent
    }
}

/// Scores every row the rule applies to, in order, handing each to `each` with its index:
/// the reading shared by [`apply_score`] and [`fits`], which changes nothing.
fn score_rows<'p>(
    table: &Table,
    p: &'p Profile,
    rule: &ScoreRule,
    consts: &Knowns<'p>,
    mut each: impl FnMut(usize, &Row, &RowScore<'_, 'p>),
) {
    for (i, row) in table.rows.iter().enumerate() {
        if !rule
            .only_when
            .iter()
            .all(|(m, want)| number(row, *m) == Some(*want))
        {
            continue;
        }
        let mut known: Knowns<'p> = knowns(row, consts.0.len() + p.inputs.len());
        for (k, v) in &consts.0 {
            known.or_insert(k, *v);
        }
        let mut ok = true;
        for (name, e) in &p.inputs {
            let point = e.eval_point(&|k| known.get(k).map(|v| v.point));
            let range = e.eval(&|k| known.get(k).map(|v| v.range));
            match (point, range) {
                (Some(point), Some(range)) => {
                    known.insert(name, Known { point, range });
                }
                _ => ok = false,
            }
        }
        if !ok {
            continue;
        }
        let point = rule.formula.eval_point(&|k| known.get(k).map(|v| v.point));
        let range = rule.formula.eval(&|k| known.get(k).map(|v| v.range));
        let (Some(point), Some(range)) = (point, range) else {
            continue;
        };
        let from_printed = rule.rounding.apply(point, rule.decimals);
        let rounded = Interval {
            lo: rule.rounding.apply(range.lo, rule.decimals),
            hi: rule.rounding.apply(range.hi, rule.decimals),
        };
        let printed = number(row, Metric::Score);
        // Where the printed score is one the true inputs can give, it is the best value we
        // have (the bulletin computed it from unrounded rates); else the value the printed
        // inputs give.
        let consistent = printed.filter(|p| printed_score(*p, rule.decimals).overlaps(&rounded));
        let computed = match consistent {
            Some(p) if rounded.contains(p) => p,
            _ => from_printed,
        };
        each(
            i,
            row,
            &RowScore {
                computed,
                printed,
                consistent: consistent.is_some(),
                rounded,
                known: &known,
            },
        );
    }
}

fn apply_score<'p>(table: &mut Table, p: &'p Profile, consts: &Knowns<'p>) {
    let Some(rule) = &p.score else { return };
    let mut scores: Vec<(usize, Decimal)> = Vec::new();
    let mut checks = Vec::new();
    // The inputs' formulas written out, once per table and only when a check needs them.
    let mut formulas: Option<Vec<String>> = None;
    score_rows(table, p, rule, consts, |i, row, s| {
        scores.push((i, s.computed));
        let Some(printed) = s.printed.filter(|_| s.contradicted()) else {
            return;
        };
        let formulas =
            formulas.get_or_insert_with(|| p.inputs.iter().map(|(_, e)| e.to_string()).collect());
        let inputs = p
            .inputs
            .iter()
            .zip(formulas.iter())
            .filter_map(|((name, _), formula)| {
                Some(Input {
                    name: name.clone(),
                    formula: formula.clone(),
                    value: s.known.get(name)?.point.round_dp(6).normalize(),
                })
            })
            .collect();
        checks.push(score_check(
            row, p, rule, printed, s.computed, s.rounded, inputs,
        ));
    });
    table.checked += scores.len();
    for (i, score) in scores {
        table.rows[i].computed.score = Some(score);
    }
    table.checks.extend(checks);
}

/// The check of a printed score that no inputs rounding to the printed ones give:
/// `computed` from the printed inputs, `rounded` the scores the true inputs can give.
fn score_check(
    row: &Row,
    p: &Profile,
    rule: &ScoreRule,
    printed: Decimal,
    computed: Decimal,
    rounded: Interval,
    inputs: Vec<Input>,
) -> Check {
    Check {
        check: CheckKind::Score,
        group: row.group.clone(),
        unit: row.unit.clone(),
        metric: Metric::Score,
        reported: Figure::Number(printed),
        computed: Figure::Number(computed),
        delta: printed.checked_sub(computed),
        profile: Some(p.name.clone()),
        at: at(row, Metric::Score),
        detail: format!(
            "{} = {} (any inputs that round to the printed ones give {} to {})",
            rule.formula_text, computed, rounded.lo, rounded.hi
        ),
        basis: Some(Basis::Score {
            formula: rule.formula_text.clone(),
            inputs,
            lo: rounded.lo,
            hi: rounded.hi,
        }),
    }
}

fn apply_rank(table: &mut Table, profile: Option<&Profile>) {
    let (keys, within) = rank_keys(profile);
    let Some((ranked_rows, ranks)) = ranking(table, keys, within) else {
        return;
    };
    let profile_name = profile.map(|p| p.name.clone());
    // What every rank check of the table says first, written once per table and only when
    // a check needs it.
    let mut lead: Option<String> = None;
    let mut checks = Vec::new();
    for (&i, r) in ranked_rows.iter().zip(&ranks) {
        let row = &mut table.rows[i];
        row.computed.rank = Some(r.lo);
        let Some(printed) = number(row, Metric::Rank) else {
            continue;
        };
        table.checked += 1;
        let fits = printed >= Decimal::from(r.lo) && printed <= Decimal::from(r.hi);
        if !fits {
            let lead = lead.get_or_insert_with(|| {
                let by: Vec<&str> = keys.iter().map(|(m, _)| m.key()).collect();
                format!(
                    "ranked by {} within its {}: ",
                    by.join(", "),
                    if within { "group" } else { "table" }
                )
            });
            let mut detail = String::with_capacity(lead.len() + 24);
            detail.push_str(lead);
            // Writing to a String cannot fail.
            let _ = if r.hi > r.lo {
                write!(detail, "places {} to {}", r.lo, r.hi)
            } else {
                match r.lo - 1 {
                    1 => write!(detail, "1 row ranks above it"),
                    n => write!(detail, "{n} rows rank above it"),
                }
            };
            checks.push(rank_check(
                row,
                printed,
                r,
                keys,
                within,
                &profile_name,
                detail,
            ));
        }
    }
    table.checks.extend(checks);
}

/// The keys a table's rows are ranked by, and whether within their groups: the profile's,
/// else the score, highest first, within groups.
fn rank_keys(profile: Option<&Profile>) -> (&[(Metric, Order)], bool) {
    const BY_SCORE: &[(Metric, Order)] = &[(Metric::Score, Order::Desc)];
    match profile {
        Some(p) => (&p.rank_keys, p.rank_within_groups),
        None => (BY_SCORE, true),
    }
}

/// The rows that can be ranked (no total, every key printed) and their places: none when
/// fewer than two rows can be.
fn ranking(
    table: &Table,
    keys: &[(Metric, Order)],
    within: bool,
) -> Option<(Vec<usize>, Vec<Ranked>)> {
    let ranked_rows: Vec<usize> = (0..table.rows.len())
        .filter(|&i| {
            !table.rows[i].is_total
                && keys
                    .iter()
                    .all(|(m, _)| number(&table.rows[i], *m).is_some())
        })
        .collect();
    if ranked_rows.len() < 2 {
        return None;
    }
    let items: Vec<Item> = ranked_rows
        .iter()
        .map(|&i| Item {
            group: table.rows[i].group.as_deref(),
            keys: keys
                .iter()
                .filter_map(|(m, _)| number(&table.rows[i], *m))
                .collect(),
        })
        .collect();
    let orders: Vec<Order> = keys.iter().map(|(_, o)| *o).collect();
    let ranks = rank(&items, &orders, within);
    Some((ranked_rows, ranks))
}

/// The check of a printed rank outside the places `r` its row can take.
fn rank_check(
    row: &Row,
    printed: Decimal,
    r: &Ranked,
    keys: &[(Metric, Order)],
    within: bool,
    profile: &Option<String>,
    detail: String,
) -> Check {
    Check {
        check: CheckKind::Rank,
        group: row.group.clone(),
        unit: row.unit.clone(),
        metric: Metric::Rank,
        reported: Figure::Number(printed),
        computed: Figure::Number(r.lo.into()),
        delta: printed.checked_sub(Decimal::from(r.lo)),
        profile: profile.clone(),
        at: at(row, Metric::Rank),
        basis: Some(Basis::Rank {
            by: keys.iter().map(|(m, _)| *m).collect(),
            within_group: within,
            lo: r.lo,
            hi: r.hi,
        }),
        detail,
    }
}

/// The grades a score in `range` can earn.
fn grades_in(p: &Profile, range: Interval) -> Vec<&str> {
    let mut out = Vec::new();
    let mut upper: Option<Decimal> = None; // the next higher threshold
    for (g, min) in &p.grades {
        let below_upper = upper.is_none_or(|u| range.lo < u);
        if below_upper && range.hi >= *min {
            out.push(g.as_str());
        }
        upper = Some(*min);
    }
    out
}

fn apply_grade(table: &mut Table, p: &Profile) {
    if p.grades.is_empty() {
        return;
    }
    let decimals = p.score.as_ref().map_or(2, |s| s.decimals);
    let mut checks = Vec::new();
    for row in table.rows.iter_mut() {
        let score_printed = number(row, Metric::Score);
        let basis = row.computed.score.or(score_printed);
        if let Some(s) = basis {
            row.computed.grade = p.grade_of(s).map(str::to_string);
        }
        let Some(printed) = text(row, Metric::Grade).map(str::to_string) else {
            continue;
        };
        let mut possible: Vec<&str> = Vec::new();
        if let Some(s) = row.computed.score {
            possible.extend(grades_in(p, Interval::point(s)));
        }
        if let Some(s) = score_printed {
            possible.extend(grades_in(p, printed_score(s, decimals)));
        }
        if possible.is_empty() {
            continue; // no threshold covers the score: nothing to compare
        }
        table.checked += 1;
        if !possible.contains(&printed.as_str()) {
            checks.push(Check {
                check: CheckKind::Grade,
                group: row.group.clone(),
                unit: row.unit.clone(),
                metric: Metric::Grade,
                reported: Figure::Text(printed),
                computed: Figure::Text(row.computed.grade.clone().unwrap_or_default()),
                delta: None,
                profile: Some(p.name.clone()),
                at: at(row, Metric::Grade),
                detail: format!(
                    "score {} earns {}",
                    basis.map(|b| b.to_string()).unwrap_or_default(),
                    possible.join(" or ")
                ),
                basis: Some(Basis::Grade {
                    score: basis,
                    possible: possible.iter().map(|g| g.to_string()).collect(),
                }),
            });
        }
    }
    table.checks.extend(checks);
}

#[cfg(test)]
mod tests;
