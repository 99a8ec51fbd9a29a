//! The scoring of a table against the code it replaced: `apply_score`, `fits` and
//! `apply_rank` as they were (every row's checks built on its own, `fits` on a trial copy
//! of the table) are the references the faster ones must agree with.

use super::*;
use crate::model::{Computed, Value};
use proptest::prelude::*;

/// `fits` as it was: the table copied, scored, and its checks counted.
fn fits_reference(table: &Table, p: &Profile, text: &str) -> bool {
    if p.score.is_none() {
        return false;
    }
    let mut trial = table.clone();
    trial.checked = 0;
    trial.checks.clear();
    apply_score_reference(&mut trial, p, &constants(p, text));
    let misses = trial.checks.len();
    trial.checked >= FIT_MIN_ROWS && misses * FIT_MAX_MISSES <= trial.checked
}

fn apply_score_reference<'p>(table: &mut Table, p: &'p Profile, consts: &Knowns<'p>) {
    let Some(rule) = &p.score else { return };
    let mut checks = Vec::new();
    for row in table.rows.iter_mut() {
        if !rule
            .only_when
            .iter()
            .all(|(m, want)| number(row, *m) == Some(*want))
        {
            continue;
        }
        let mut known: Knowns<'p> = knowns(row, 0);
        for (k, v) in &consts.0 {
            known.or_insert(k, *v);
        }
        let mut ok = true;
        for (name, e) in &p.inputs {
            let point = e.eval(&|k| known.get(k).map(|v| Interval::point(v.point)));
            let range = e.eval(&|k| known.get(k).map(|v| v.range));
            match (point, range) {
                (Some(pt), Some(rg)) => {
                    known.insert(
                        name,
                        Known {
                            point: pt.lo,
                            range: rg,
                        },
                    );
                }
                _ => ok = false,
            }
        }
        if !ok {
            continue;
        }
        let point = rule
            .formula
            .eval(&|k| known.get(k).map(|v| Interval::point(v.point)));
        let range = rule.formula.eval(&|k| known.get(k).map(|v| v.range));
        let (Some(point), Some(range)) = (point, range) else {
            continue;
        };
        let from_printed = rule.rounding.apply(point.lo, rule.decimals);
        let rounded = Interval {
            lo: rule.rounding.apply(range.lo, rule.decimals),
            hi: rule.rounding.apply(range.hi, rule.decimals),
        };
        table.checked += 1;
        let printed = number(row, Metric::Score);
        // Where the printed score is one the true inputs can give, it is the best value we
        // have (the bulletin computed it from unrounded rates); else the value the printed
        // inputs give.
        let consistent = printed.filter(|p| printed_score(*p, rule.decimals).overlaps(&rounded));
        let computed = match consistent {
            Some(p) if rounded.contains(p) => p,
            _ => from_printed,
        };
        row.computed.score = Some(computed);
        if let Some(printed) = printed {
            if consistent.is_none() {
                let inputs = p
                    .inputs
                    .iter()
                    .filter_map(|(name, e)| {
                        Some(Input {
                            name: name.clone(),
                            formula: e.to_string(),
                            value: known.get(name)?.point.round_dp(6).normalize(),
                        })
                    })
                    .collect();
                checks.push(score_check(
                    row, p, rule, printed, computed, rounded, inputs,
                ));
            }
        }
    }
    table.checks.extend(checks);
}

fn apply_rank_reference(table: &mut Table, profile: Option<&Profile>) {
    let (keys, within) = rank_keys(profile);
    let Some((ranked_rows, ranks)) = ranking(table, keys, within) else {
        return;
    };
    let profile_name = profile.map(|p| p.name.clone());
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
            let by: Vec<&str> = keys.iter().map(|(m, _)| m.key()).collect();
            let detail = if r.hi > r.lo {
                format!(
                    "ranked by {} within its {}: places {} to {}",
                    by.join(", "),
                    if within { "group" } else { "table" },
                    r.lo,
                    r.hi
                )
            } else {
                format!(
                    "ranked by {} within its {}: {}",
                    by.join(", "),
                    if within { "group" } else { "table" },
                    match r.lo - 1 {
                        1 => "1 row ranks above it".to_string(),
                        n => format!("{n} rows rank above it"),
                    }
                )
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

/// A row of every metric `p` reads, the values picked by `seed`, printed score and rank
/// as given.
fn row_for(p: &Profile, k: usize, seed: &[u16], score: Option<Decimal>, rank: Option<u32>) -> Row {
    let mut values = Vec::new();
    for (j, m) in p.metrics.iter().enumerate() {
        if matches!(m, Metric::Score | Metric::Rank) {
            continue;
        }
        let x = seed.get(j % seed.len().max(1)).copied().unwrap_or(0);
        let value = match m.kind() {
            MetricKind::Count => Decimal::from(x % 5000),
            MetricKind::Rank | MetricKind::RankChange => Decimal::from(x % 12 + 1),
            _ => Decimal::new(i64::from(x % 10001), 2),
        };
        values.push(Value {
            metric: *m,
            value: Figure::Number(value),
            as_printed: value.to_string(),
            at: format!("t:{k}:{j}").into(),
        });
    }
    for (metric, v) in [
        (Metric::Score, score),
        (Metric::Rank, rank.map(Decimal::from)),
    ] {
        if let Some(v) = v {
            values.push(Value {
                metric,
                value: Figure::Number(v),
                as_printed: v.to_string(),
                at: format!("t:{k}:{}", metric.key()).into(),
            });
        }
    }
    Row {
        index: k + 1,
        group: (k % 3 == 1).then(|| "甲组".to_string()),
        unit: format!("单位{k}"),
        unit_raw: format!("单位 {k}"),
        is_total: k == 5,
        values,
        computed: Computed::default(),
        at: format!("t:{k}").into(),
    }
}

fn table_of(rows: Vec<Row>) -> Table {
    Table {
        index: 1,
        title: None,
        kind: TableKind::Metrics,
        header: Vec::new(),
        columns: Vec::new(),
        rows,
        records: 0,
        at: "t:1".into(),
        profile: None,
        checked: 0,
        checks: Vec::new(),
    }
}

/// Rows for `p` whose printed scores are what its formula gives (`off` 0), near it, or
/// far from it, so that consistent and contradicted scores both occur.
fn table_for(p: &Profile, seeds: &[(Vec<u16>, u8, Option<u32>)]) -> Table {
    let bare = table_of(
        seeds
            .iter()
            .enumerate()
            .map(|(k, (s, _, r))| row_for(p, k, s, None, *r))
            .collect(),
    );
    let mut scored = bare.clone();
    apply_score_reference(&mut scored, p, &constants(p, ""));
    let rows = seeds
        .iter()
        .enumerate()
        .map(|(k, (s, off, r))| {
            let base = scored.rows[k]
                .computed
                .score
                .unwrap_or(Decimal::new(9000, 2));
            let score = match off % 5 {
                0 => Some(base),
                1 => Some(base + Decimal::new(1, 2)),
                2 => Some(base - Decimal::new(5, 0)),
                3 => Some(base.round_dp(1)),
                _ => None,
            };
            row_for(p, k, s, score, *r)
        })
        .collect();
    table_of(rows)
}

fn agree(p: &Profile, t: &Table) {
    let consts = constants(p, "");
    let (mut new, mut old) = (t.clone(), t.clone());
    apply_score(&mut new, p, &consts);
    apply_score_reference(&mut old, p, &consts);
    assert_eq!(new, old, "apply_score, profile {}", p.name);
    apply_rank(&mut new, Some(p));
    apply_rank_reference(&mut old, Some(p));
    assert_eq!(new, old, "apply_rank, profile {}", p.name);
    apply_rank(&mut new, None);
    apply_rank_reference(&mut old, None);
    assert_eq!(new, old, "apply_rank without a profile");
    assert_eq!(
        fits(t, p, ""),
        fits_reference(t, p, ""),
        "fits, profile {}",
        p.name
    );
}

#[test]
fn score_checks_are_the_ones_built_row_by_row() {
    let profiles = Profiles::builtin();
    let seeds: Vec<(Vec<u16>, u8, Option<u32>)> = (0..9u16)
        .map(|k| {
            (
                vec![9000 + k * 97, 9950 - k * 13, 8800 + k * 211, k * 7, 40 + k],
                (k % 5) as u8,
                [Some(1), Some(2), Some(2), None, Some(7)][usize::from(k % 5)],
            )
        })
        .collect();
    let mut contradicted = 0;
    for p in &profiles.list {
        let t = table_for(p, &seeds);
        agree(p, &t);
        let mut scored = t.clone();
        apply_score(&mut scored, p, &constants(p, ""));
        apply_rank(&mut scored, Some(p));
        contradicted += scored.checks.len();
    }
    assert!(contradicted > 0, "the cases reach the checks");
}

proptest! {
    #[test]
    fn score_agrees_with_its_reference(
        which in 0usize..16,
        seeds in proptest::collection::vec(
            (proptest::collection::vec(any::<u16>(), 1..6), any::<u8>(), proptest::option::of(1u32..6)),
            0..9,
        ),
    ) {
        let profiles = Profiles::builtin();
        let p = &profiles.list[which % profiles.list.len()];
        agree(p, &table_for(p, &seeds));
    }
}
