//! The table values of the real bulletins in `../shared/realworld` (other cities, mirror
//! sites, every layout family) against their answer key, scored as
//! `../shared/tools/score_extraction.py --tables-only` scores them: each gold value is
//! (file, unit, metric, value) matched as a multiset; precision counts every table value
//! emitted for a metric the key uses. Skipped, with a message, where `../shared` is not
//! present.

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::common::{ingest_realworld, REALWORLD};
const RECALL: f64 = 0.95;
const PRECISION: f64 = 0.98;

type Key = (String, String, String, String);

/// A printed figure as the scorer compares it: a normalized decimal, else the text.
fn number(v: &str) -> String {
    let v = v.trim().trim_end_matches('%');
    Decimal::from_str(v).map_or_else(|_| v.to_string(), |d| d.normalize().to_string())
}

fn unit(u: &str) -> String {
    u.split_whitespace().collect()
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn count(map: &mut HashMap<Key, usize>, key: Key) {
    *map.entry(key).or_insert(0) += 1;
}

#[test]
fn realworld_tables_meet_the_recall_and_precision_targets() {
    let docs = Path::new(REALWORLD).join("docs");
    if !docs.is_dir() {
        eprintln!("skipped: {REALWORLD} is not here");
        return;
    }
    let out = ingest_realworld(&docs);

    let mut gold: HashMap<Key, usize> = HashMap::new();
    let mut gold_metrics = std::collections::HashSet::new();
    let mut rdr = csv::Reader::from_path(Path::new(REALWORLD).join("gold.csv")).unwrap();
    for rec in rdr.records() {
        let r = rec.unwrap();
        if &r[1] == "0" {
            continue;
        }
        gold_metrics.insert(r[4].to_string());
        count(
            &mut gold,
            (
                r[0].to_string(),
                unit(&r[3]),
                r[4].to_string(),
                number(&r[5]),
            ),
        );
    }
    let sources: std::collections::HashSet<String> = gold.keys().map(|k| k.0.clone()).collect();

    let mut got: HashMap<Key, usize> = HashMap::new();
    let mut rdr = csv::Reader::from_path(out.path().join("metrics.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (source, table, unit_col, metric, value, text) = (
        col("source"),
        col("table"),
        col("unit"),
        col("metric"),
        col("value"),
        col("text"),
    );
    for rec in rdr.records() {
        let r = rec.unwrap();
        let src = file_name(&r[source]);
        if !sources.contains(&src) || matches!(&r[table], "0" | "") {
            continue;
        }
        count(
            &mut got,
            (
                src,
                unit(&r[unit_col]),
                r[metric].to_string(),
                // A grade is in `text`, every number in `value`.
                number(if r[value].is_empty() {
                    &r[text]
                } else {
                    &r[value]
                }),
            ),
        );
    }

    let hit = |k: &Key, n: usize| n.min(got.get(k).copied().unwrap_or(0));
    let found: usize = gold.iter().map(|(k, n)| hit(k, *n)).sum();
    let total: usize = gold.values().sum();
    let emitted: usize = got
        .iter()
        .filter(|(k, _)| gold_metrics.contains(&k.2))
        .map(|(_, n)| n)
        .sum();
    let right: usize = got
        .iter()
        .filter(|(k, _)| gold_metrics.contains(&k.2))
        .map(|(k, n)| (*n).min(gold.get(k).copied().unwrap_or(0)))
        .sum();
    let recall = found as f64 / total.max(1) as f64;
    let precision = right as f64 / emitted.max(1) as f64;
    let mut missing: Vec<&Key> = gold
        .iter()
        .filter(|(k, n)| hit(k, **n) < **n)
        .map(|(k, _)| k)
        .collect();
    missing.sort();
    eprintln!(
        "tables: recall {recall:.3} ({found}/{total}), precision {precision:.3} ({right}/{emitted})"
    );
    for k in missing.iter().take(20) {
        eprintln!("  missing: {} {} {} {}", k.0, k.1, k.2, k.3);
    }
    assert!(recall >= RECALL, "table recall {recall:.3} < {RECALL}");
    assert!(
        precision >= PRECISION,
        "table precision {precision:.3} < {PRECISION}"
    );

    // The dev set's tables agree with themselves: a check on a table would be a misread.
    let mut rdr = csv::Reader::from_path(out.path().join("checks.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let table = headers.iter().position(|h| h == "table").unwrap();
    let table_checks: Vec<String> = rdr
        .records()
        .map(Result::unwrap)
        .filter(|r| !matches!(&r[table], "0" | ""))
        .map(|r| r.iter().collect::<Vec<_>>().join(","))
        .collect();
    assert!(table_checks.is_empty(), "{table_checks:#?}");
}
