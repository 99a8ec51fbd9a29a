//! The CSV files of the schema. Column names are a contract (`shared/spec/schema.md`):
//! columns may be added, never renamed or dropped.

use std::borrow::Cow;
use std::io::Write;

use crate::emit::Failure;
use crate::error::FatalError;
use crate::model::{Document, Metric, Row, Table};

/// Columns of metrics.csv.
pub const METRICS_HEADER: &[&str] = &[
    "source",
    "jurisdiction",
    "jurisdiction_code",
    "jurisdiction_level",
    "period",
    "period_start",
    "period_end",
    "table",
    "table_title",
    "group",
    "row",
    "unit",
    "metric",
    "value",
    "as_printed",
    "at",
];

/// Columns of checks.csv.
pub const CHECKS_HEADER: &[&str] = &[
    "source", "table", "group", "unit", "check", "metric", "reported", "computed", "delta",
    "profile", "at", "detail",
];

/// Identity columns of units.csv, before the metric columns.
pub const UNITS_IDENTITY: &[&str] = &[
    "source",
    "jurisdiction",
    "jurisdiction_code",
    "jurisdiction_level",
    "period",
    "period_start",
    "period_end",
    "table",
    "table_title",
    "group",
    "row",
    "unit",
    "unit_raw",
];

/// Columns after the metrics in units.csv: what scoring recomputed.
pub const UNITS_COMPUTED: &[&str] = &["score_computed", "rank_computed", "grade_computed"];

/// A text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or a
/// carriage return first) gets a leading apostrophe; numbers are left as numbers.
pub fn safe_cell(field: &str) -> std::borrow::Cow<'_, str> {
    let risky = field.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && rust_decimal::Decimal::from_str_exact(field).is_err() {
        std::borrow::Cow::Owned(format!("'{field}"))
    } else {
        std::borrow::Cow::Borrowed(field)
    }
}

/// A CSV writer whose every field goes through [`safe_cell`].
pub struct SafeWriter<W: Write>(csv::Writer<W>);

impl<W: Write> SafeWriter<W> {
    pub fn new(w: W) -> Self {
        SafeWriter(csv::Writer::from_writer(w))
    }

    /// Writes one record, every field made safe.
    pub fn write_record<I, S>(&mut self, fields: I) -> Result<(), csv::Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for f in fields {
            self.0.write_field(safe_cell(f.as_ref()).as_bytes())?;
        }
        self.0.write_record(None::<&[u8]>)
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }

    /// Writes one record whose fields are already safe.
    pub fn write_raw<I, S>(&mut self, fields: I) -> Result<(), csv::Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for f in fields {
            self.0.write_field(f.as_ref().as_bytes())?;
        }
        self.0.write_record(None::<&[u8]>)
    }

    /// The writer underneath, flushed.
    pub fn into_inner(self) -> Result<W, FatalError> {
        self.0
            .into_inner()
            .map_err(|e| FatalError::Io(e.into_error()))
    }
}

fn doc_identity(doc: &Document) -> [String; 7] {
    let (label, start, end) = match &doc.period {
        Some(p) => (p.label.clone(), p.start.to_string(), p.end.to_string()),
        None => Default::default(),
    };
    [
        doc.source.clone(),
        doc.jurisdiction.clone().unwrap_or_default(),
        doc.jurisdiction_code.clone().unwrap_or_default(),
        doc.jurisdiction_level.clone().unwrap_or_default(),
        label,
        start,
        end,
    ]
}

fn table_identity(t: &Table, r: &Row) -> [String; 4] {
    [
        t.index.to_string(),
        t.title.clone().unwrap_or_default(),
        r.group.clone().unwrap_or_default(),
        r.index.to_string(),
    ]
}

/// The metrics.csv lines of one document.
pub fn metrics_rows<W: Write>(doc: &Document, out: &mut SafeWriter<W>) -> Result<(), FatalError> {
    let id = doc_identity(doc);
    for h in &doc.headline {
        let v = &h.value;
        out.write_record(id.iter().map(String::as_str).chain([
            "0",
            "",
            "",
            "0",
            h.unit.as_str(),
            v.metric.key(),
            &v.value.to_string(),
            &v.as_printed,
            &v.at,
        ]))?;
    }
    for t in &doc.tables {
        for r in &t.rows {
            let tid = table_identity(t, r);
            for v in &r.values {
                out.write_record(id.iter().chain(tid.iter()).map(String::as_str).chain([
                    r.unit.as_str(),
                    v.metric.key(),
                    &v.value.to_string(),
                    &v.as_printed,
                    &v.at,
                ]))?;
            }
        }
    }
    Ok(())
}

/// The units.csv header for the metric columns `present`.
pub fn units_header(present: &[Metric]) -> Vec<&'static str> {
    UNITS_IDENTITY
        .iter()
        .copied()
        .chain(present.iter().map(|m| m.key()))
        .chain(UNITS_COMPUTED.iter().copied())
        .collect()
}

/// The units.csv lines of one document, with the metric columns `present`.
pub fn units_rows<W: Write>(
    doc: &Document,
    present: &[Metric],
    out: &mut SafeWriter<W>,
) -> Result<(), FatalError> {
    let id = doc_identity(doc);
    for t in &doc.tables {
        for r in &t.rows {
            let tid = table_identity(t, r);
            let metrics = present.iter().map(|m| {
                Cow::Owned(
                    r.values
                        .iter()
                        .find(|v| v.metric == *m)
                        .map(|v| v.value.to_string())
                        .unwrap_or_default(),
                )
            });
            let computed = [
                r.computed.score.map(|d| d.to_string()).unwrap_or_default(),
                r.computed.rank.map(|d| d.to_string()).unwrap_or_default(),
            ];
            let fields = id
                .iter()
                .chain(tid.iter())
                .chain([&r.unit, &r.unit_raw])
                .map(|f| Cow::Borrowed(f.as_str()))
                .chain(metrics)
                .chain(computed.into_iter().map(Cow::Owned))
                .chain([Cow::Borrowed(r.computed.grade.as_deref().unwrap_or(""))]);
            out.write_record(fields)?;
        }
    }
    Ok(())
}

/// The checks.csv lines of one document.
pub fn checks_rows<W: Write>(doc: &Document, out: &mut SafeWriter<W>) -> Result<(), FatalError> {
    for t in &doc.tables {
        for c in &t.checks {
            out.write_record([
                doc.source.as_str(),
                &t.index.to_string(),
                c.group.as_deref().unwrap_or(""),
                &c.unit,
                c.check.key(),
                c.metric.key(),
                &c.reported.to_string(),
                &c.computed.to_string(),
                &c.delta
                    .map(|d| d.normalize().to_string())
                    .unwrap_or_default(),
                c.profile.as_deref().unwrap_or(""),
                &c.at,
                &c.detail,
            ])?;
        }
    }
    Ok(())
}

/// The errors.csv lines a document's warnings give.
pub fn warning_rows(d: &Document) -> Vec<[String; 4]> {
    d.warnings
        .iter()
        .map(|w| {
            [
                d.source.clone(),
                "warning".to_string(),
                w.at.clone(),
                w.message.clone(),
            ]
        })
        .collect()
}

/// errors.csv from the failures and the documents' warning lines, sorted.
pub fn errors_with<W: Write>(
    failures: &[Failure],
    warnings: Vec<[String; 4]>,
    w: W,
) -> Result<(), FatalError> {
    let mut out = SafeWriter::new(w);
    out.write_record(["source", "level", "at", "message"])?;
    let mut rows: Vec<[String; 4]> = failures
        .iter()
        .map(|f| {
            [
                f.source.clone(),
                if f.note { "note" } else { "error" }.to_string(),
                f.source.clone(),
                f.message.clone(),
            ]
        })
        .collect();
    rows.extend(warnings);
    rows.sort();
    for r in rows {
        out.write_record(r)?;
    }
    out.flush()?;
    Ok(())
}
