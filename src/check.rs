//! The checks every table gets, whatever its profile: a total line against the sum of its
//! rows, a share against its count over the total, a printed rate against its own counts,
//! and a figure in the prose against the same figure in a table. Every comparison allows
//! for the printed precision: a value is reported only when no true value that rounds to
//! the printed one would agree.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::model::{
    Basis, Check, CheckKind, Document, Figure, Metric, MetricKind, Row, Table, Value, Warning,
};
use crate::profile::formula::Interval;
use crate::score::number;

/// Rates and the counts they can be made of, most usual first. A printed rate is
/// contradicted only when it matches none of the pairs its row has.
pub const RATE_OF_COUNTS: &[(Metric, &[(Metric, Metric)])] = &[
    (
        Metric::CompletionRate,
        &[
            (Metric::Closed, Metric::Handled),
            (Metric::Closed, Metric::Received),
            (Metric::Handled, Metric::Due),
            (Metric::Closed, Metric::Due),
            (Metric::Closed, Metric::Assessed),
        ],
    ),
    (
        Metric::OnTimeRate,
        &[
            (Metric::OnTime, Metric::Handled),
            (Metric::OnTime, Metric::Closed),
            (Metric::OnTime, Metric::Due),
        ],
    ),
    (
        Metric::OverdueRate,
        &[
            (Metric::Overdue, Metric::Handled),
            (Metric::Overdue, Metric::Closed),
        ],
    ),
    (
        Metric::ReworkRate,
        &[
            (Metric::Rework, Metric::Handled),
            (Metric::Rework, Metric::Closed),
        ],
    ),
    (
        Metric::SatisfactionRate,
        &[
            (Metric::Satisfied, Metric::Handled),
            (Metric::Satisfied, Metric::Closed),
        ],
    ),
    (
        Metric::DissatisfactionRate,
        &[
            (Metric::Dissatisfied, Metric::Handled),
            (Metric::Dissatisfied, Metric::Closed),
        ],
    ),
];

fn at(row: &Row, metric: Metric) -> crate::at::At {
    row.values
        .iter()
        .find(|v| v.metric == metric)
        .map_or_else(|| row.at.clone(), |v| v.at.clone())
}

fn percent(num: Decimal, den: Decimal) -> Option<Decimal> {
    if den <= Decimal::ZERO {
        return None;
    }
    num.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(den)
}

/// Whether an exact value rounds to the printed one (half a unit either way, inclusive:
/// half-up and half-even bulletins both pass).
fn rounds_to(exact: Decimal, printed: Decimal) -> bool {
    Interval::printed(printed).contains(exact)
}

fn round_like(exact: Decimal, printed: Decimal) -> Decimal {
    exact.round_dp_with_strategy(printed.scale(), RoundingStrategy::MidpointAwayFromZero)
}

fn total_row(table: &Table) -> Option<&Row> {
    let mut totals = table.rows.iter().filter(|r| r.is_total);
    let first = totals.next()?;
    totals.next().is_none().then_some(first)
}

/// Whether some table has a total line with a received count: only then can
/// [`text_vs_table`] compare a paragraph with anything.
pub fn has_total_received(tables: &[Table]) -> bool {
    tables
        .iter()
        .any(|t| total_row(t).is_some_and(|total| number(total, Metric::Received).is_some()))
}

/// A total line's counts against the sums of the rows above it. A sum that overflows
/// (counts of 28 digits) is not compared: it comes back as a warning on the total.
pub fn sums(table: &mut Table) -> Vec<Warning> {
    let Some(total) = total_row(table) else {
        return Vec::new();
    };
    let mut warnings = Vec::new();
    let mut checks = Vec::new();
    let mut checked = 0;
    for v in &total.values {
        let Figure::Number(reported) = v.value else {
            continue;
        };
        if v.metric.kind() != MetricKind::Count {
            continue;
        }
        let parts: Option<Vec<Decimal>> = table
            .rows
            .iter()
            .filter(|r| !r.is_total)
            .map(|r| number(r, v.metric))
            .collect();
        let Some(parts) = parts.filter(|p| !p.is_empty()) else {
            continue;
        };
        let Some(sum) = parts
            .iter()
            .try_fold(Decimal::ZERO, |acc, p| acc.checked_add(*p))
        else {
            warnings.push(Warning {
                at: v.at.clone(),
                message: format!(
                    "{}: the {} rows above do not add up within the range of a decimal; the total is not checked",
                    v.metric.key(),
                    parts.len()
                ),
            });
            continue;
        };
        checked += 1;
        if sum != reported {
            checks.push(Check {
                check: CheckKind::Sum,
                group: total.group.clone(),
                unit: total.unit.clone(),
                metric: v.metric,
                reported: Figure::Number(reported),
                computed: Figure::Number(sum),
                delta: reported.checked_sub(sum),
                profile: None,
                at: v.at.clone(),
                detail: format!("the sum of the {} rows above", parts.len()),
                basis: Some(Basis::Sum { rows: parts.len() }),
            });
        }
    }
    table.checked += checked;
    table.checks.extend(checks);
    warnings
}

/// Each printed rate against its own counts.
pub fn rates(table: &mut Table) {
    let mut checks = Vec::new();
    let mut checked = 0;
    for row in &table.rows {
        for (rate, pairs) in RATE_OF_COUNTS {
            let Some(printed) = number(row, *rate) else {
                continue;
            };
            // The first pair the row has (what a check reports), and whether any pair
            // gives the printed rate: the pairs are tried in order, with no list of them
            // made, and the trying stops at one that agrees.
            let mut first: Option<(Metric, Metric, Decimal)> = None;
            let mut agrees = false;
            for (n, d) in pairs.iter() {
                let Some(exact) = number(row, *n)
                    .zip(number(row, *d))
                    .and_then(|(num, den)| percent(num, den))
                else {
                    continue;
                };
                first.get_or_insert((*n, *d, exact));
                if rounds_to(exact, printed) {
                    agrees = true;
                    break;
                }
            }
            let Some(first) = first else {
                continue;
            };
            checked += 1;
            if !agrees {
                checks.push(rate_check(row, *rate, printed, first));
            }
        }
    }
    table.checked += checked;
    table.checks.extend(checks);
}

/// The check of a printed rate that no pair of the row's counts gives: it reports the
/// first pair the row has (`first`: numerator, denominator, their exact rate).
fn rate_check(
    row: &Row,
    rate: Metric,
    printed: Decimal,
    first: (Metric, Metric, Decimal),
) -> Check {
    let computed = round_like(first.2, printed);
    Check {
        check: CheckKind::Rate,
        group: row.group.clone(),
        unit: row.unit.clone(),
        metric: rate,
        reported: Figure::Number(printed),
        computed: Figure::Number(computed),
        delta: printed.checked_sub(computed),
        profile: None,
        at: at(row, rate),
        detail: format!(
            "{} / {} = {}%",
            first.0.key(),
            first.1.key(),
            first.2.round_dp(4)
        ),
        basis: Some(Basis::Rate {
            numerator: first.0,
            denominator: first.1,
            num: number(row, first.0).unwrap_or_default(),
            den: number(row, first.1).unwrap_or_default(),
            exact: first.2.round_dp(4),
        }),
    }
}

/// Shares against count / total. The total is the table's own total line when its share
/// is 100% (or not printed), else another total the document prints (the headline count,
/// another table's total line): the one that most rows agree with.
pub fn shares(doc: &mut Document) {
    let mut totals: Vec<Decimal> = doc
        .headline
        .iter()
        .filter(|h| matches!(h.value.metric, Metric::Received | Metric::Count))
        .filter_map(|h| match h.value.value {
            Figure::Number(d) => Some(d),
            Figure::Text(_) => None,
        })
        .collect();
    for t in &doc.tables {
        if let Some(total) = total_row(t) {
            totals.extend(number(total, Metric::Count).or_else(|| number(total, Metric::Received)));
        }
    }
    for table in doc.tables.iter_mut() {
        let count_of = |r: &Row| number(r, Metric::Count).or_else(|| number(r, Metric::Received));
        let pairs: Vec<(usize, Decimal, Decimal)> = table
            .rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((i, count_of(r)?, number(r, Metric::Share)?)))
            .collect();
        let body: Vec<&(usize, Decimal, Decimal)> = pairs
            .iter()
            .filter(|(i, _, _)| !table.rows[*i].is_total)
            .collect();
        if body.len() < 2 {
            continue;
        }
        let mut candidates: Vec<Decimal> = Vec::new();
        if let Some(total) = total_row(table) {
            candidates.extend(count_of(total));
        }
        candidates.extend(totals.iter().copied());
        let agree = |d: Decimal| {
            body.iter()
                .filter(|(_, c, s)| percent(*c, d).is_some_and(|e| rounds_to(e, *s)))
                .count()
        };
        let Some(best) = candidates
            .iter()
            .copied()
            .filter(|d| *d > Decimal::ZERO)
            .max_by_key(|d| agree(*d))
        else {
            continue;
        };
        if agree(best) * 2 < body.len() {
            continue; // no printed total explains these shares
        }
        for (i, c, s) in &pairs {
            let Some(exact) = percent(*c, best) else {
                continue;
            };
            table.checked += 1;
            if !rounds_to(exact, *s) {
                let row = &table.rows[*i];
                let computed = round_like(exact, *s);
                table.checks.push(Check {
                    check: CheckKind::Share,
                    group: row.group.clone(),
                    unit: row.unit.clone(),
                    metric: Metric::Share,
                    reported: Figure::Number(*s),
                    computed: Figure::Number(computed),
                    delta: s.checked_sub(computed),
                    profile: None,
                    at: at(row, Metric::Share),
                    detail: format!("{c} / {best} = {}%", exact.round_dp(4)),
                    basis: Some(Basis::Share {
                        count: *c,
                        total: best,
                        exact: exact.round_dp(4),
                        truncated: None,
                    }),
                });
            }
        }
    }
}

/// The most tables one statement is compared with: a document that repeats the same
/// total in thousands of tables (a bulletin pasted over and over) stays linear.
const MAX_TABLES_PER_STATEMENT: usize = 16;

/// Figures a paragraph states against a table whose total line it describes: the paragraph
/// and the total line print the same received count, and another figure differs beyond
/// rounding. The tables are indexed by their total's received count, so a statement meets
/// only the tables it can describe (no statement × table loop).
pub fn text_vs_table(doc: &mut Document, statements: &[Vec<Value>]) {
    let mut by_received: std::collections::HashMap<Decimal, Vec<usize>> =
        std::collections::HashMap::new();
    for (i, table) in doc.tables.iter().enumerate() {
        if let Some(received) = total_row(table).and_then(|t| number(t, Metric::Received)) {
            by_received.entry(received.normalize()).or_default().push(i);
        }
    }
    for stated in statements {
        let Some(received) = stated.iter().find(|v| v.metric == Metric::Received) else {
            continue;
        };
        let Figure::Number(received) = received.value else {
            continue;
        };
        let Some(tables) = by_received.get(&received.normalize()) else {
            continue;
        };
        for &i in tables.iter().take(MAX_TABLES_PER_STATEMENT) {
            let table = &mut doc.tables[i];
            let Some(total) = total_row(table) else {
                continue;
            };
            let mut checks = Vec::new();
            let mut checked = 0;
            for said in stated
                .iter()
                .filter(|v| v.metric != Metric::Received && v.metric != Metric::Rank)
            {
                let Some(printed) = total.values.iter().find(|v| v.metric == said.metric) else {
                    continue;
                };
                checked += 1;
                let agree = match (&said.value, &printed.value) {
                    (Figure::Number(a), Figure::Number(b))
                        if said.metric.kind() == MetricKind::Count =>
                    {
                        a == b
                    }
                    (Figure::Number(a), Figure::Number(b)) => {
                        Interval::printed(*a).overlaps(&Interval::printed(*b))
                    }
                    (Figure::Text(a), Figure::Text(b)) => a == b,
                    _ => true,
                };
                if !agree {
                    let delta = match (&said.value, &printed.value) {
                        (Figure::Number(a), Figure::Number(b)) => a.checked_sub(*b),
                        _ => None,
                    };
                    checks.push(Check {
                        check: CheckKind::TextVsTable,
                        group: total.group.clone(),
                        unit: total.unit.clone(),
                        metric: said.metric,
                        reported: said.value.clone(),
                        computed: printed.value.clone(),
                        delta,
                        profile: None,
                        at: said.at.clone(),
                        detail: format!(
                            "the text says {}; the table's total line ({}) says {}",
                            said.as_printed, printed.at, printed.as_printed
                        ),
                        basis: Some(Basis::TextVsTable {
                            text: said.as_printed.clone(),
                            table: printed.as_printed.clone(),
                            table_at: printed.at.clone(),
                        }),
                    });
                }
            }
            table.checked += checked;
            table.checks.extend(checks);
        }
    }
}

#[cfg(test)]
mod tests;
