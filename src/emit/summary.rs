//! summary.csv (and the workbook's 汇总 sheet): one row per document, its identity, its
//! own headline figures (one column per metric key, in the schema's order), what was found
//! and checked, and the first copy of the same bulletin in another format. Fixed columns.

use crate::emit::csv_out::doc_identity;
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
/// documents before it are).
pub fn summary_fields(doc: &Document) -> Vec<String> {
    let mut out: Vec<String> = doc_identity(doc).into_iter().collect();
    out.extend(Metric::ALL.iter().map(|m| {
        own_headline(doc, *m)
            .map(|f| f.to_string())
            .unwrap_or_default()
    }));
    out.extend([
        doc.tables.len().to_string(),
        values_in(doc).to_string(),
        doc.check_count().to_string(),
        doc.encoding.clone(),
        profiles_of(doc).join(";"),
        doc.title.clone().unwrap_or_default(),
        doc.jurisdiction_source.clone().unwrap_or_default(),
        doc.period_source.clone().unwrap_or_default(),
    ]);
    out
}
