//! The development set of real bulletins (`../shared/realworld`, not part of the project:
//! skipped with a message where it is absent), scored the way
//! `shared/tools/score_headline.py` scores a run: the jurisdiction of every file whose
//! answer key has headline rows, the recall of the key's headline figures, and the
//! precision of the headline figures given as the jurisdiction's own.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::str::FromStr;

use rexian::extract::extract_text;
use rexian::model::{Document, Figure};
use rexian::source::decode::decode;
use rust_decimal::Decimal;

const ROOT: &str = "../shared/realworld";

/// The targets of issue 11.
const MIN_JURISDICTION: f64 = 0.95;
const MIN_RECALL: f64 = 0.95;
const MIN_PRECISION: f64 = 0.97;

type Key = (String, String, String);

/// A value as the scorer compares it: a normalized decimal, else the text.
fn num(v: &str) -> String {
    let t = v.trim().trim_end_matches('%');
    Decimal::from_str(t).map_or_else(|_| t.to_string(), |d| d.normalize().to_string())
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn bump(map: &mut BTreeMap<Key, usize>, k: Key) {
    *map.entry(k).or_default() += 1;
}

fn read_docs(dir: &Path) -> Vec<Document> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).unwrap();
            let decoded = decode(&bytes, None).unwrap();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            extract_text(&decoded.text, &name, decoded.encoding)
        })
        .collect()
}

#[test]
fn realworld_headline_figures_and_jurisdictions_meet_the_targets() {
    let root = Path::new(ROOT);
    let gold_path = root.join("gold.csv");
    if !gold_path.exists() || !root.join("docs").is_dir() {
        eprintln!("skipped: {ROOT} (the development set) is not here");
        return;
    }
    let mut gold: BTreeMap<Key, usize> = BTreeMap::new();
    let mut gold_jur: BTreeMap<String, String> = BTreeMap::new();
    let mut reader = csv::Reader::from_path(&gold_path).unwrap();
    for rec in reader.records() {
        let r = rec.unwrap();
        if &r[1] == "0" {
            bump(&mut gold, (r[0].to_string(), r[4].to_string(), num(&r[5])));
            gold_jur.insert(r[0].to_string(), compact(&r[3]));
        }
    }
    let sources: BTreeSet<String> = gold.keys().map(|k| k.0.clone()).collect();

    let docs = read_docs(&root.join("docs"));
    let mut got: BTreeMap<Key, usize> = BTreeMap::new();
    let mut mine: BTreeMap<Key, usize> = BTreeMap::new();
    let mut jur: BTreeMap<String, String> = BTreeMap::new();
    for d in &docs {
        let j = compact(d.jurisdiction.as_deref().unwrap_or(""));
        jur.insert(d.source.clone(), j.clone());
        for h in &d.headline {
            let value = match &h.value.value {
                Figure::Number(n) => num(&n.to_string()),
                Figure::Text(t) => t.clone(),
            };
            let k = (d.source.clone(), h.value.metric.key().to_string(), value);
            bump(&mut got, k.clone());
            let u = compact(&h.unit);
            if sources.contains(&d.source) && (u.is_empty() || u == j) {
                bump(&mut mine, k);
            }
        }
    }
    let hits: usize = gold
        .iter()
        .map(|(k, n)| (*n).min(got.get(k).copied().unwrap_or(0)))
        .sum();
    let tp: usize = mine
        .iter()
        .map(|(k, n)| (*n).min(gold.get(k).copied().unwrap_or(0)))
        .sum();
    let right = gold_jur
        .iter()
        .filter(|(s, want)| jur.get(*s) == Some(want))
        .count();
    let ratio = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    let (jr, rc, pr) = (
        ratio(right, gold_jur.len()),
        ratio(hits, gold.values().sum()),
        ratio(tp, mine.values().sum()),
    );
    let mut report = format!(
        "jurisdiction {jr:.3} ({right}/{}), headline recall {rc:.3} ({hits}/{}), headline precision {pr:.3} ({tp}/{})\n",
        gold_jur.len(),
        gold.values().sum::<usize>(),
        mine.values().sum::<usize>()
    );
    for (s, want) in &gold_jur {
        if jur.get(s) != Some(want) {
            report += &format!("  jurisdiction {s}: got {:?}, want {want:?}\n", jur.get(s));
        }
    }
    for (k, n) in &mine {
        if gold.get(k).copied().unwrap_or(0) < *n {
            report += &format!("  not in gold: {} {} {}\n", k.0, k.1, k.2);
        }
    }
    for (k, n) in &gold {
        if got.get(k).copied().unwrap_or(0) < *n {
            report += &format!("  missed: {} {} {}\n", k.0, k.1, k.2);
        }
    }
    eprintln!("{report}");
    assert!(
        jr >= MIN_JURISDICTION && rc >= MIN_RECALL && pr >= MIN_PRECISION,
        "below the targets (jurisdiction {MIN_JURISDICTION}, recall {MIN_RECALL}, precision {MIN_PRECISION}):\n{report}"
    );
}
