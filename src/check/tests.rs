//! The rate checks against the code they replaced: `rates` as it was (every pair's rate
//! collected into a list, then searched) is the reference the faster one must agree with.

use super::*;
use proptest::prelude::*;

/// `rates` as it was.
fn rates_reference(table: &mut Table) {
    let mut checks = Vec::new();
    let mut checked = 0;
    for row in &table.rows {
        for (rate, pairs) in RATE_OF_COUNTS {
            let Some(printed) = number(row, *rate) else {
                continue;
            };
            let candidates: Vec<(Metric, Metric, Decimal)> = pairs
                .iter()
                .filter_map(|(n, d)| Some((*n, *d, percent(number(row, *n)?, number(row, *d)?)?)))
                .collect();
            let Some(first) = candidates.first() else {
                continue;
            };
            checked += 1;
            if !candidates
                .iter()
                .any(|(_, _, exact)| rounds_to(*exact, printed))
            {
                checks.push(rate_check(row, *rate, printed, *first));
            }
        }
    }
    table.checked += checked;
    table.checks.extend(checks);
}

/// A row holding the counts and rates `picks` sets.
fn row_of(picks: &[(Metric, Decimal)]) -> Row {
    Row {
        index: 1,
        group: None,
        unit: "甲".into(),
        unit_raw: "甲".into(),
        is_total: false,
        values: picks
            .iter()
            .enumerate()
            .map(|(i, (metric, d))| Value {
                metric: *metric,
                value: Figure::Number(*d),
                as_printed: d.to_string(),
                at: format!("t:{i}").into(),
            })
            .collect(),
        computed: Default::default(),
        at: "t:1".into(),
    }
}

fn table_of(rows: Vec<Row>) -> Table {
    Table {
        index: 1,
        title: None,
        kind: crate::model::TableKind::Metrics,
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

fn agree(t: &Table) {
    let (mut new, mut old) = (t.clone(), t.clone());
    rates(&mut new);
    rates_reference(&mut old);
    assert_eq!(new, old);
}

#[test]
fn check_rates_are_the_ones_a_list_of_pairs_gives() {
    let d = |m: i64, s: u32| Decimal::new(m, s);
    let rows = vec![
        // Agrees with the first pair.
        row_of(&[
            (Metric::Closed, d(90, 0)),
            (Metric::Handled, d(100, 0)),
            (Metric::CompletionRate, d(9000, 2)),
        ]),
        // Agrees with a later pair only.
        row_of(&[
            (Metric::Closed, d(90, 0)),
            (Metric::Handled, d(120, 0)),
            (Metric::Received, d(100, 0)),
            (Metric::CompletionRate, d(900, 1)),
        ]),
        // Agrees with none: the first pair is reported.
        row_of(&[
            (Metric::Closed, d(50, 0)),
            (Metric::Handled, d(120, 0)),
            (Metric::Received, d(100, 0)),
            (Metric::CompletionRate, d(9900, 2)),
        ]),
        // No pair the row has, or a zero denominator.
        row_of(&[(Metric::CompletionRate, d(9900, 2))]),
        row_of(&[
            (Metric::OnTime, d(3, 0)),
            (Metric::Handled, d(0, 0)),
            (Metric::OnTimeRate, d(100, 0)),
        ]),
    ];
    let t = table_of(rows);
    agree(&t);
    let mut new = t.clone();
    rates(&mut new);
    assert_eq!((new.checked, new.checks.len()), (3, 1));
}

fn any_value() -> impl Strategy<Value = (Metric, Decimal)> {
    let metrics: Vec<Metric> = RATE_OF_COUNTS
        .iter()
        .flat_map(|(rate, pairs)| {
            std::iter::once(*rate).chain(pairs.iter().flat_map(|(n, d)| [*n, *d]))
        })
        .collect();
    (proptest::sample::select(metrics), 0i64..200, 0u32..3)
        .prop_map(|(m, v, s)| (m, Decimal::new(v, s)))
}

proptest! {
    #[test]
    fn check_rates_agree_with_their_reference(
        rows in proptest::collection::vec(proptest::collection::vec(any_value(), 0..8), 0..5)
    ) {
        agree(&table_of(rows.iter().map(|r| row_of(r)).collect()));
    }
}
