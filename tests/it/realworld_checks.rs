//! The checks on the real bulletins of `../shared/realworld` against its list of arithmetic
//! relations (`relations.txt`: each marked `holds` or `CONTRADICTS`): every contradicted
//! relation is reported, and every check reported on a file of the list is one of its
//! contradicted relations (no relation that holds is flagged, nothing else fires). A
//! check belongs to a relation when the relation names the check's line (`l.N`) or the
//! figure it reports. Skipped, with a message, where `../shared` is not present.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::common::{ingest_realworld, REALWORLD};

/// One relation of the list.
struct Relation {
    contradicts: bool,
    text: String,
    /// The lines it names (`l.9`).
    lines: BTreeSet<usize>,
    /// The figures it names, normalized.
    figures: BTreeSet<Decimal>,
}

/// The numbers of a text, and the lines it names as `l.N`.
fn numbers(text: &str) -> (BTreeSet<usize>, BTreeSet<Decimal>) {
    let mut lines = BTreeSet::new();
    let mut figures = BTreeSet::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
            i += 1;
        }
        let n: String = chars[start..i].iter().collect();
        let n = n.trim_end_matches('.');
        let line_ref = start >= 2 && chars[start - 1] == '.' && chars[start - 2] == 'l';
        if line_ref {
            lines.extend(n.parse::<usize>().ok());
        } else if let Ok(d) = Decimal::from_str(n) {
            figures.insert(d.normalize());
        }
    }
    (lines, figures)
}

fn relations(path: &Path) -> BTreeMap<String, Vec<Relation>> {
    let mut out: BTreeMap<String, Vec<Relation>> = BTreeMap::new();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = line.split_whitespace();
        let (Some(file), Some(verdict)) = (fields.next(), fields.next()) else {
            continue;
        };
        let text: String = fields.collect::<Vec<_>>().join(" ");
        let (lines, figures) = numbers(&text);
        out.entry(file.to_string()).or_default().push(Relation {
            contradicts: verdict == "CONTRADICTS",
            text,
            lines,
            figures,
        });
    }
    out
}

/// A row of checks.csv: its file, line, reported figure and the whole row.
struct Row {
    file: String,
    line: Option<usize>,
    reported: Option<Decimal>,
    text: String,
}

fn belongs(row: &Row, r: &Relation) -> bool {
    row.line.is_some_and(|l| r.lines.contains(&l))
        || row.reported.is_some_and(|v| r.figures.contains(&v))
}

#[test]
fn realworld_checks_find_every_contradiction_and_nothing_else() {
    let root = Path::new(REALWORLD);
    let docs = root.join("docs");
    if !docs.is_dir() || !root.join("relations.txt").is_file() {
        eprintln!("skipped: {REALWORLD} is not here");
        return;
    }
    let out = ingest_realworld(&docs);

    let mut rows: Vec<Row> = Vec::new();
    let mut rdr = csv::Reader::from_path(out.path().join("checks.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (source, reported, at) = (col("source"), col("reported"), col("at"));
    for rec in rdr.records() {
        let r = rec.unwrap();
        let file = Path::new(&r[source])
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let line = r[at].rsplit(':').next().and_then(|n| n.parse().ok());
        rows.push(Row {
            file,
            line,
            reported: Decimal::from_str(&r[reported]).ok().map(|d| d.normalize()),
            text: r.iter().collect::<Vec<_>>().join(","),
        });
    }

    let relations = relations(&root.join("relations.txt"));
    let mut missed = Vec::new();
    let mut stray = Vec::new();
    for (file, rels) in &relations {
        let mine: Vec<&Row> = rows.iter().filter(|r| &r.file == file).collect();
        for rel in rels.iter().filter(|r| r.contradicts) {
            if !mine.iter().any(|row| belongs(row, rel)) {
                missed.push(format!("{file}: {}", rel.text));
            }
        }
        for row in &mine {
            if !rels.iter().any(|rel| rel.contradicts && belongs(row, rel)) {
                stray.push(row.text.clone());
            }
        }
    }
    assert!(
        missed.is_empty(),
        "contradictions not reported: {missed:#?}"
    );
    assert!(
        stray.is_empty(),
        "checks on no contradicted relation: {stray:#?}"
    );
}
