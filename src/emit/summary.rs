//! summary.csv (and the workbook's 汇总 sheet): one row per document, its identity, its
//! own headline figures (one column per metric key, in the schema's order), what was found
//! and checked, and the first copy of the same bulletin in another format. Fixed columns.

use crate::emit::bytes::{push_decimal, push_uint};
use crate::emit::csv_out::{column, doc_identity, push_field};
use crate::emit::CsvStyle;
use crate::model::{Document, Figure, Metric};

/// The columns before the metrics.
pub const SUMMARY_IDENTITY: &[&str] = &[
    "source",
    "jurisdiction",
    "jurisdiction_code",
    "jurisdiction_level",
    "period",
    "period_start",
    "period_end",
];

/// The columns after the metrics.
pub const SUMMARY_TAIL: &[&str] = &[
    "tables",
    "values",
    "checks_failed",
    "encoding",
    "profiles",
    "title",
    "jurisdiction_source",
    "period_source",
    "same_as",
];

/// Every column of summary.csv.
pub fn summary_header() -> Vec<&'static str> {
    SUMMARY_IDENTITY
        .iter()
        .copied()
        .chain(Metric::ALL.iter().map(|m| m.key()))
        .chain(SUMMARY_TAIL.iter().copied())
        .collect()
}

/// The document's own headline figure of `m`: the one stated for the jurisdiction itself,
/// not for a category or a part.
pub fn own_headline(doc: &Document, m: Metric) -> Option<&Figure> {
    let own = doc.jurisdiction.as_deref().unwrap_or("");
    doc.headline
        .iter()
        .find(|h| h.unit == own && h.value.metric == m)
        .map(|h| &h.value.value)
}

/// How many values a document holds: headline figures and table values.
pub fn values_in(doc: &Document) -> usize {
    doc.headline.len()
        + doc
            .tables
            .iter()
            .flat_map(|t| &t.rows)
            .map(|r| r.values.len())
            .sum::<usize>()
}

/// The profiles the document's tables were scored with, in table order, each once.
pub fn profiles_of(doc: &Document) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for p in doc.tables.iter().filter_map(|t| t.profile.as_deref()) {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// A document's summary row, all but its last column (`same_as`, known only once the
/// documents before it are): each field followed by its comma, as
/// [`csv_out::push_field`] writes it.
pub fn summary_csv(doc: &Document, style: CsvStyle, out: &mut Vec<u8>) {
    let g = style.guard;
    for f in doc_identity(doc) {
        push_field(out, &f, g);
    }
    // Each metric's own headline figure: the first one stated for the jurisdiction.
    let own = doc.jurisdiction.as_deref().unwrap_or("");
    let mut by_column: [Option<&Figure>; Metric::ALL.len()] = [None; Metric::ALL.len()];
    for h in doc.headline.iter().filter(|h| h.unit == own) {
        by_column[column(h.value.metric)].get_or_insert(&h.value.value);
    }
    for f in by_column {
        match f {
            Some(Figure::Number(d)) => {
                push_decimal(out, d);
                out.push(b',');
            }
            Some(Figure::Text(t)) => push_field(out, t, g),
            None => out.push(b','),
        }
    }
    for n in [doc.tables.len(), values_in(doc), doc.check_count()] {
        push_uint(out, n as u64);
        out.push(b',');
    }
    push_field(out, &doc.encoding, g);
    push_field(out, &profiles_of(doc).join(";"), g);
    for f in [&doc.title, &doc.jurisdiction_source, &doc.period_source] {
        push_field(out, f.as_deref().unwrap_or(""), g);
    }
}
