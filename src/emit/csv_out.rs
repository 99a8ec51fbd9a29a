//! The CSV files of the schema. Column names are a contract (`shared/spec/schema.md`):
//! columns may be added, never renamed or dropped, and they never depend on the inputs.
//!
//! By default every field is written exactly as read (RFC 4180 quoting only). The
//! spreadsheet form (`--excel`) neutralizes the text a spreadsheet would evaluate
//! ([`needs_guard`]).

use std::borrow::Cow;
use std::io::Write;

use crate::emit::{CsvStyle, Failure};
use crate::error::FatalError;
use crate::lang::{self, Lang};
use crate::model::{Document, Figure, Metric, Row, Table};

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
    "text",
];

/// Columns of checks.csv.
pub const CHECKS_HEADER: &[&str] = &[
    "source", "table", "group", "unit", "check", "metric", "reported", "computed", "delta",
    "profile", "at", "detail",
];

/// Columns of errors.csv.
pub const ERRORS_HEADER: &[&str] = &["source", "level", "at", "message"];

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

/// Every column after the metrics in units.csv: what scoring recomputed, whether the row
/// is a total line, and the table's kind.
pub const UNITS_TAIL: &[&str] = &[
    "score_computed",
    "rank_computed",
    "grade_computed",
    "is_total",
    "table_kind",
];

/// Whether a spreadsheet would evaluate this text: it starts with `=`, `@`, a tab or a
/// carriage return, or with `+` or `-` not followed by a plain number. A number
/// (`-21.07`, `-5.2%`, `+1,234`) and a plain `-` (a placeholder, stdin's name) are not.
pub fn needs_guard(field: &str) -> bool {
    match field.as_bytes().first() {
        Some(b'=' | b'@' | b'\t' | b'\r') => true,
        Some(b'+' | b'-') => {
            let rest = &field[1..];
            !rest.is_empty() && !is_plain_number(rest)
        }
        _ => false,
    }
}

/// Digits, with thousands commas between digits, an optional decimal part and an optional
/// trailing `%`: what a spreadsheet reads as a number, never as a formula.
fn is_plain_number(s: &str) -> bool {
    let s = s.strip_suffix('%').unwrap_or(s);
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let int_ok = digits(int) || (int.is_empty() && !frac.is_empty()) || {
        let mut groups = int.split(',');
        groups.next().is_some_and(|g| digits(g) && g.len() <= 3)
            && groups.all(|g| g.len() == 3 && digits(g))
    };
    int_ok && (frac.is_empty() || digits(frac))
}

/// A field for the spreadsheet form: text a spreadsheet would evaluate gets a leading
/// apostrophe (`'=HYPERLINK(…)`); everything else is left as it is.
pub fn guarded(field: &str) -> Cow<'_, str> {
    if needs_guard(field) {
        Cow::Owned(format!("'{field}"))
    } else {
        Cow::Borrowed(field)
    }
}

/// A CSV writer: faithful, or with every field through [`guarded`] (`--excel`).
pub struct SafeWriter<W: Write> {
    inner: csv::Writer<W>,
    guard: bool,
}

impl<W: Write> SafeWriter<W> {
    /// A writer in the style's form.
    pub fn new(w: W, style: CsvStyle) -> Self {
        SafeWriter {
            inner: csv::Writer::from_writer(w),
            guard: style.guard,
        }
    }

    /// Writes one record.
    pub fn write_record<I, S>(&mut self, fields: I) -> Result<(), csv::Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for f in fields {
            let f = f.as_ref();
            if self.guard {
                self.inner.write_field(guarded(f).as_bytes())?;
            } else {
                self.inner.write_field(f.as_bytes())?;
            }
        }
        self.inner.write_record(None::<&[u8]>)
    }

    /// Writes a header line: the schema's keys, or their names in `lang`.
    pub fn write_header(&mut self, keys: &[&str], lang: Lang) -> Result<(), csv::Error> {
        self.write_record(keys.iter().map(|k| lang::header(k, lang)))
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }

    /// The writer underneath, flushed.
    pub fn into_inner(self) -> Result<W, FatalError> {
        self.inner
            .into_inner()
            .map_err(|e| FatalError::Io(e.into_error()))
    }
}

/// A CSV header line as bytes.
pub fn header_bytes(keys: &[&str], style: CsvStyle) -> Result<Vec<u8>, FatalError> {
    let mut w = SafeWriter::new(Vec::new(), style);
    w.write_header(keys, style.headers)?;
    w.into_inner()
}

pub(crate) fn doc_identity(doc: &Document) -> [String; 7] {
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

/// A figure as the `value` and `text` columns: a number in `value`, anything else in
/// `text`.
pub fn value_and_text(f: &Figure) -> (String, &str) {
    match f {
        Figure::Number(d) => (d.to_string(), ""),
        Figure::Text(t) => (String::new(), t.as_str()),
    }
}

/// The metrics.csv lines of one document.
pub fn metrics_rows<W: Write>(doc: &Document, out: &mut SafeWriter<W>) -> Result<(), FatalError> {
    let id = doc_identity(doc);
    for h in &doc.headline {
        let v = &h.value;
        let (value, text) = value_and_text(&v.value);
        out.write_record(id.iter().map(String::as_str).chain([
            "0",
            "",
            "",
            "0",
            h.unit.as_str(),
            v.metric.key(),
            &value,
            &v.as_printed,
            &v.at,
            text,
        ]))?;
    }
    for t in &doc.tables {
        for r in &t.rows {
            let tid = table_identity(t, r);
            for v in &r.values {
                let (value, text) = value_and_text(&v.value);
                out.write_record(id.iter().chain(tid.iter()).map(String::as_str).chain([
                    r.unit.as_str(),
                    v.metric.key(),
                    &value,
                    &v.as_printed,
                    &v.at,
                    text,
                ]))?;
            }
        }
    }
    Ok(())
}

/// The columns of units.csv: the identity, every metric key in the schema's order, then
/// [`UNITS_TAIL`]. The same whatever the inputs.
pub fn units_header() -> Vec<&'static str> {
    UNITS_IDENTITY
        .iter()
        .copied()
        .chain(Metric::ALL.iter().map(|m| m.key()))
        .chain(UNITS_TAIL.iter().copied())
        .collect()
}

/// A row's value of `m` as its units.csv cell (a number, or a grade's text).
pub fn cell(r: &Row, m: Metric) -> String {
    r.values
        .iter()
        .find(|v| v.metric == m)
        .map(|v| v.value.to_string())
        .unwrap_or_default()
}

/// The units.csv lines of one document.
pub fn units_rows<W: Write>(doc: &Document, out: &mut SafeWriter<W>) -> Result<(), FatalError> {
    let id = doc_identity(doc);
    for t in &doc.tables {
        for r in &t.rows {
            let tid = table_identity(t, r);
            let metrics = Metric::ALL.iter().map(|m| Cow::Owned(cell(r, *m)));
            let tail = [
                r.computed.score.map(|d| d.to_string()).unwrap_or_default(),
                r.computed.rank.map(|d| d.to_string()).unwrap_or_default(),
                r.computed.grade.clone().unwrap_or_default(),
                r.is_total.to_string(),
                t.kind.key().to_string(),
            ];
            let fields = id
                .iter()
                .chain(tid.iter())
                .chain([&r.unit, &r.unit_raw])
                .map(|f| Cow::Borrowed(f.as_str()))
                .chain(metrics)
                .chain(tail.into_iter().map(Cow::Owned));
            out.write_record(fields)?;
        }
    }
    Ok(())
}

/// The checks.csv lines of one document, details in `lang`.
pub fn checks_rows<W: Write>(
    doc: &Document,
    lang: Lang,
    out: &mut SafeWriter<W>,
) -> Result<(), FatalError> {
    for (table, c) in doc.all_checks() {
        {
            out.write_record([
                doc.source.as_str(),
                &table.to_string(),
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
                &lang::detail(c, lang),
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

/// errors.csv from the failures and the documents' warning lines, sorted; messages in the
/// style's language.
pub fn errors_with<W: Write>(
    failures: &[Failure],
    warnings: Vec<[String; 4]>,
    style: CsvStyle,
    w: W,
) -> Result<(), FatalError> {
    let mut out = SafeWriter::new(w, style);
    out.write_header(ERRORS_HEADER, style.headers)?;
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
    for mut r in rows {
        if let Cow::Owned(m) = lang::message(&r[3], style.lang) {
            r[3] = m;
        }
        out.write_record(r)?;
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_neutralizes_what_a_spreadsheet_evaluates() {
        for risky in [
            "=HYPERLINK(\"http://x\",\"点我\")",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0",
            "-:4",
            "+A1",
            "-",
        ]
        .into_iter()
        .filter(|r| r.len() > 1)
        {
            assert!(needs_guard(risky), "{risky:?}");
            assert_eq!(guarded(risky), format!("'{risky}"));
        }
    }

    #[test]
    fn guard_never_touches_a_number_or_a_plain_dash() {
        for safe in [
            "-", "+", "-21.07", "-5.2%", "+1.0%", "-6", "99.88", "-1,234.5", "-1.", "-.5", "",
            "合计", "A", "'quoted", "2022-06",
        ] {
            assert!(!needs_guard(safe), "{safe:?}");
            assert_eq!(guarded(safe), safe);
        }
    }

    #[test]
    fn csv_default_writes_every_field_as_read() {
        let mut w = SafeWriter::new(Vec::new(), CsvStyle::default());
        w.write_record(["-", "-:4", "-5.2%", "=1+1"]).unwrap();
        assert_eq!(
            String::from_utf8(w.into_inner().unwrap()).unwrap(),
            "-,-:4,-5.2%,=1+1\n"
        );
        let excel = CsvStyle::excel(Lang::En);
        let mut w = SafeWriter::new(Vec::new(), excel);
        w.write_record(["-", "-:4", "-5.2%", "=1+1"]).unwrap();
        assert_eq!(
            String::from_utf8(w.into_inner().unwrap()).unwrap(),
            "-,'-:4,-5.2%,'=1+1\n"
        );
    }
}
