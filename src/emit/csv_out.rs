//! The CSV files of the schema. Column names are a contract (`shared/spec/schema.md`):
//! columns may be added, never renamed or dropped, and they never depend on the inputs.
//!
//! By default every field is written exactly as read (RFC 4180 quoting only). The
//! spreadsheet form (`--excel`) neutralizes the text a spreadsheet would evaluate
//! ([`needs_guard`]).

use std::borrow::Cow;
use std::io::Write;

use rust_decimal::Decimal;

use crate::emit::bytes::{csv_needs_quotes, push_csv, push_decimal, push_uint};
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

/// A figure as the `value` and `text` columns: a number in `value`, anything else in
/// `text`.
pub fn value_and_text(f: &Figure) -> (String, &str) {
    match f {
        Figure::Number(d) => (d.to_string(), ""),
        Figure::Text(t) => (String::new(), t.as_str()),
    }
}

/// Appends one field and a comma to a record being rendered, in the bytes the csv crate
/// writes for it (quoted when it holds a comma, a quote or a line break, its quotes
/// doubled); through [`guarded`] first in the spreadsheet form. The repeated columns of a
/// document are rendered so once and copied.
pub fn push_field(out: &mut Vec<u8>, field: &str, guard: bool) {
    if guard && needs_guard(field) {
        push_csv(out, guarded(field).as_bytes());
    } else {
        push_csv(out, field.as_bytes());
    }
    out.push(b',');
}

/// Appends a place and a comma as [`push_field`] does, its prefix and the place after it
/// copied in turn when the prefix needs neither guard nor quotes (the place after it never
/// does: letters, digits, `:` and `#`).
fn push_at(out: &mut Vec<u8>, at: &crate::at::At, guard: bool) {
    at.with_parts(|prefix, tail| {
        // What the guard looks at is the first byte (and, after a sign, the rest).
        let guarded_start = |b: &u8| matches!(b, b'=' | b'@' | b'\t' | b'\r' | b'+' | b'-');
        let plain = prefix
            .as_bytes()
            .first()
            .is_some_and(|b| !(guard && guarded_start(b)))
            && !csv_needs_quotes(prefix.as_bytes());
        if plain {
            out.extend_from_slice(prefix.as_bytes());
            out.extend_from_slice(tail.as_bytes());
            out.push(b',');
        } else {
            at.with_str(|s| push_field(out, s, guard));
        }
    });
}

/// Appends a number and a comma: a decimal's text is never quoted nor guarded (digits, a
/// point, a leading `-` before a plain number).
fn push_number(out: &mut Vec<u8>, d: &Decimal) {
    push_decimal(out, d);
    out.push(b',');
}

/// Appends a figure as a field: a number, or a text as [`push_field`] writes it.
fn push_figure(out: &mut Vec<u8>, f: &Figure, guard: bool) {
    match f {
        Figure::Number(d) => push_number(out, d),
        Figure::Text(t) => push_field(out, t, guard),
    }
}

/// Ends a record of [`push_field`]s: its last comma becomes the line's end.
pub(crate) fn end_record(out: &mut [u8]) {
    if let Some(last) = out.last_mut() {
        *last = b'\n';
    }
}

/// The identity columns of a document, rendered once.
fn identity_fields(doc: &Document, guard: bool) -> Vec<u8> {
    let mut id = Vec::with_capacity(128);
    for f in doc_identity(doc) {
        push_field(&mut id, &f, guard);
    }
    id
}

/// A row's table columns (`table`, `table_title`, `group`, `row`) after the document's.
fn row_prefix(prefix: &mut Vec<u8>, id: &[u8], t: &Table, r: &Row, guard: bool) {
    prefix.clear();
    prefix.extend_from_slice(id);
    push_uint(prefix, t.index as u64);
    prefix.push(b',');
    push_field(prefix, t.title.as_deref().unwrap_or(""), guard);
    push_field(prefix, r.group.as_deref().unwrap_or(""), guard);
    push_uint(prefix, r.index as u64);
    prefix.push(b',');
}

/// The metrics.csv lines of one document, appended to `out`.
pub fn metrics_csv(doc: &Document, style: CsvStyle, out: &mut Vec<u8>) {
    let g = style.guard;
    let id = identity_fields(doc, g);
    let value = |out: &mut Vec<u8>, v: &crate::model::Value| {
        push_field(out, v.metric.key(), g);
        match &v.value {
            Figure::Number(d) => {
                push_number(out, d);
                push_field(out, &v.as_printed, g);
                push_at(out, &v.at, g);
                push_field(out, "", g);
            }
            Figure::Text(t) => {
                push_field(out, "", g);
                push_field(out, &v.as_printed, g);
                push_at(out, &v.at, g);
                push_field(out, t, g);
            }
        }
        end_record(out);
    };
    for h in &doc.headline {
        out.extend_from_slice(&id);
        for f in ["0", "", "", "0", h.unit.as_str()] {
            push_field(out, f, g);
        }
        value(out, &h.value);
    }
    let mut prefix = Vec::new();
    for t in &doc.tables {
        for r in &t.rows {
            row_prefix(&mut prefix, &id, t, r, g);
            push_field(&mut prefix, &r.unit, g);
            for v in &r.values {
                out.extend_from_slice(&prefix);
                value(out, v);
            }
        }
    }
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

/// The units.csv lines of one document, appended to `out`.
pub fn units_csv(doc: &Document, style: CsvStyle, out: &mut Vec<u8>) {
    let g = style.guard;
    let id = identity_fields(doc, g);
    let mut prefix = Vec::new();
    for t in &doc.tables {
        for r in &t.rows {
            row_prefix(&mut prefix, &id, t, r, g);
            out.extend_from_slice(&prefix);
            push_field(out, &r.unit, g);
            push_field(out, &r.unit_raw, g);
            // Each metric's first value in the row, in the metrics' column order.
            let mut by_column: [Option<&Figure>; Metric::ALL.len()] = [None; Metric::ALL.len()];
            for v in &r.values {
                by_column[column(v.metric)].get_or_insert(&v.value);
            }
            for f in by_column {
                match f {
                    Some(f) => push_figure(out, f, g),
                    None => out.push(b','),
                }
            }
            match r.computed.score {
                Some(d) => push_number(out, &d),
                None => out.push(b','),
            }
            match r.computed.rank {
                Some(n) => {
                    push_uint(out, u64::from(n));
                    out.push(b',');
                }
                None => out.push(b','),
            }
            push_field(out, r.computed.grade.as_deref().unwrap_or(""), g);
            push_field(out, if r.is_total { "true" } else { "false" }, g);
            push_field(out, t.kind.key(), g);
            end_record(out);
        }
    }
}

/// The checks.csv lines of one document, details in the style's language, appended to
/// `out`.
pub fn checks_csv(doc: &Document, style: CsvStyle, out: &mut Vec<u8>) {
    let g = style.guard;
    let mut source = Vec::new();
    push_field(&mut source, &doc.source, g);
    for (table, c) in doc.all_checks() {
        out.extend_from_slice(&source);
        push_uint(out, table as u64);
        out.push(b',');
        push_field(out, c.group.as_deref().unwrap_or(""), g);
        push_field(out, &c.unit, g);
        push_field(out, c.check.key(), g);
        push_field(out, c.metric.key(), g);
        push_figure(out, &c.reported, g);
        push_figure(out, &c.computed, g);
        match c.delta {
            Some(d) => push_number(out, &d.normalize()),
            None => out.push(b','),
        }
        push_field(out, c.profile.as_deref().unwrap_or(""), g);
        push_at(out, &c.at, g);
        push_field(out, &lang::detail(c, style.lang), g);
        end_record(out);
    }
}

/// The column of a metric in units.csv and summary.csv: its place in [`Metric::ALL`],
/// which lists the variants in their order (a test checks it).
pub(crate) fn column(m: Metric) -> usize {
    m as usize
}

/// The errors.csv lines a document's warnings give.
pub fn warning_rows(d: &Document) -> Vec<[String; 4]> {
    d.warnings
        .iter()
        .map(|w| {
            [
                d.source.clone(),
                "warning".to_string(),
                w.at.to_string(),
                w.message.clone(),
            ]
        })
        .collect()
}

/// A failure's row of errors.csv.
pub fn failure_row(f: &Failure) -> [String; 4] {
    [
        f.source.clone(),
        if f.note { "note" } else { "error" }.to_string(),
        f.source.clone(),
        f.message.clone(),
    ]
}

/// errors.csv from the failures and the documents' warning lines, sorted; messages in the
/// style's language.
pub fn errors_with<W: Write>(
    failures: &[Failure],
    warnings: Vec<[String; 4]>,
    style: CsvStyle,
    w: W,
) -> Result<(), FatalError> {
    let mut rows: Vec<[String; 4]> = failures.iter().map(failure_row).collect();
    rows.extend(warnings);
    rows.sort();
    errors_sorted(rows.into_iter().map(Ok), style, w)
}

/// errors.csv from its rows already sorted (by source, level, place, then the English
/// message); messages in the style's language.
pub fn errors_sorted<W: Write>(
    rows: impl Iterator<Item = std::io::Result<[String; 4]>>,
    style: CsvStyle,
    w: W,
) -> Result<(), FatalError> {
    let mut out = SafeWriter::new(w, style);
    out.write_header(ERRORS_HEADER, style.headers)?;
    for r in rows {
        let mut r = r?;
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
    use crate::at::At;
    use std::sync::Arc;

    /// Every kind of place over `prefix`.
    fn places(prefix: &str) -> Vec<At> {
        let p: Arc<str> = Arc::from(prefix);
        vec![
            At::text(prefix),
            At::line(&p, 12),
            At::cell(&p, 27, 7),
            At::page(&p, 3, 5),
        ]
    }

    proptest::proptest! {
        #[test]
        fn a_place_is_written_as_its_text_is(prefix in "[-+=@\t\r,\"a-z:#0-9 表]{0,12}", guard: bool) {
            for at in places(&prefix) {
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                push_at(&mut fast, &at, guard);
                push_field(&mut slow, &at.to_string(), guard);
                proptest::prop_assert_eq!(fast, slow);
            }
        }
    }

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
    fn csv_fields_rendered_by_hand_are_the_csv_crates_bytes() {
        let fields = [
            "",
            "合计",
            "a,b",
            "say \"hi\"",
            "\"",
            "line\nbreak",
            "cr\r",
            "=1+1",
            "-5.2%",
            "+A1",
            "\tx",
        ];
        for style in [CsvStyle::default(), CsvStyle::excel(Lang::En)] {
            let mut by_hand = Vec::new();
            for f in fields {
                push_field(&mut by_hand, f, style.guard);
            }
            end_record(&mut by_hand);
            let mut w = SafeWriter::new(Vec::new(), style);
            w.write_record(fields).unwrap();
            assert_eq!(
                String::from_utf8(by_hand).unwrap(),
                String::from_utf8(w.into_inner().unwrap()).unwrap()
            );
        }
    }

    #[test]
    fn metric_columns_follow_all() {
        for (k, m) in Metric::ALL.iter().enumerate() {
            assert_eq!(column(*m), k);
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
