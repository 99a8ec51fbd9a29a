//! A document as JSON (documents.json, `--format json`, `--format jsonl`), written by hand
//! for the fixed model: the bytes `serde_json::to_vec` writes for it (compact, the fields
//! in the model's order, its `skip_serializing_if`s, a decimal as a string), straight into
//! the output buffer. serde_json's generic path cost more than all the CSV files together:
//! a call per field, each decimal made a `String` first, its escape scan a byte at a time.
//!
//! Every struct is taken apart whole (`let Document { … } = doc`): a field added to the
//! model does not compile here until it is written. The tests compare the bytes with
//! serde_json's on the fixtures and on every kind of check.

use rust_decimal::Decimal;

use crate::emit::bytes::{push_decimal, push_json_str, push_uint};
use crate::model::{
    Basis, Check, Computed, Document, Figure, Headline, Input, Period, Row, Table, Value, Warning,
};

/// Appends a document's JSON.
pub(crate) fn document(doc: &Document, out: &mut Vec<u8>) {
    let Document {
        source,
        encoding,
        title,
        jurisdiction,
        jurisdiction_code,
        jurisdiction_level,
        jurisdiction_source,
        period,
        period_source,
        headline,
        tables,
        warnings,
        checks,
    } = doc;
    let mut o = Object::open(out);
    o.key("source").str(source);
    if encoding.is_empty() {
        o.key("encoding").null();
    } else {
        o.key("encoding").str(encoding);
    }
    o.key("title").opt_str(title);
    o.key("jurisdiction").opt_str(jurisdiction);
    o.key("jurisdiction_code").opt_str(jurisdiction_code);
    o.key("jurisdiction_level").opt_str(jurisdiction_level);
    o.key("jurisdiction_source").opt_str(jurisdiction_source);
    match period {
        Some(p) => period_json(p, o.key("period").0),
        None => o.key("period").null(),
    }
    o.key("period_source").opt_str(period_source);
    o.key("headline").list(headline, headline_json);
    o.key("tables").list(tables, table_json);
    o.key("warnings").list(warnings, warning_json);
    if !checks.is_empty() {
        o.key("checks").list(checks, check_json);
    }
    o.close();
}

/// An object being written: the comma before every key but the first.
struct Object<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

/// The place of one value (after its key).
struct Slot<'b>(&'b mut Vec<u8>);

impl<'a> Object<'a> {
    fn open(out: &'a mut Vec<u8>) -> Object<'a> {
        out.push(b'{');
        Object { out, first: true }
    }

    /// Writes a key (none of the model's needs escaping) and gives the place of its value.
    #[inline]
    fn key(&mut self, k: &str) -> Slot<'_> {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out.push(b'"');
        self.out.extend_from_slice(k.as_bytes());
        self.out.extend_from_slice(b"\":");
        Slot(self.out)
    }

    fn close(self) {
        self.out.push(b'}');
    }
}

impl Slot<'_> {
    #[inline]
    fn str(self, s: &str) {
        push_json_str(self.0, s);
    }

    /// A place, formatted straight into the output (no string is made for it).
    #[inline]
    fn at(self, at: &crate::at::At) {
        // The place after the prefix has nothing to escape.
        at.with_parts(|prefix, tail| {
            push_json_str(self.0, prefix);
            if !tail.is_empty() {
                self.0.pop();
                self.0.extend_from_slice(tail.as_bytes());
                self.0.push(b'"');
            }
        });
    }

    /// One of the model's own names (a metric key, a kind): letters and underscores,
    /// nothing to escape (a test checks every one).
    #[inline]
    fn name(self, s: &'static str) {
        self.0.reserve(s.len() + 2);
        self.0.push(b'"');
        self.0.extend_from_slice(s.as_bytes());
        self.0.push(b'"');
    }

    #[inline]
    fn opt_str(self, s: &Option<String>) {
        match s {
            Some(s) => self.str(s),
            None => self.null(),
        }
    }

    fn null(self) {
        self.0.extend_from_slice(b"null");
    }

    fn uint(self, n: u64) {
        push_uint(self.0, n);
    }

    fn bool(self, b: bool) {
        self.0
            .extend_from_slice(if b { b"true" as &[u8] } else { b"false" });
    }

    /// A decimal as serde writes it: its text as a string.
    #[inline]
    fn decimal(self, d: &Decimal) {
        self.0.push(b'"');
        push_decimal(self.0, d);
        self.0.push(b'"');
    }

    fn opt_decimal(self, d: &Option<Decimal>) {
        match d {
            Some(d) => self.decimal(d),
            None => self.null(),
        }
    }

    /// A figure (untagged): a number as its decimal string, a text as itself.
    #[inline]
    fn figure(self, f: &Figure) {
        match f {
            Figure::Number(d) => self.decimal(d),
            Figure::Text(t) => self.str(t),
        }
    }

    fn list<T>(self, items: &[T], item: impl Fn(&T, &mut Vec<u8>)) {
        self.0.push(b'[');
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                self.0.push(b',');
            }
            item(x, self.0);
        }
        self.0.push(b']');
    }
}

fn usize_of(n: usize) -> u64 {
    // usize is at most 64 bits on every target Rust supports.
    n as u64
}

fn period_json(p: &Period, out: &mut Vec<u8>) {
    let Period {
        label,
        start,
        end,
        as_printed,
    } = p;
    let mut o = Object::open(out);
    o.key("label").str(label);
    // A date is serialized through its Display (`2022-06-01`; `+12345-01-01` past 9999).
    o.key("start").str(&start.to_string());
    o.key("end").str(&end.to_string());
    o.key("as_printed").str(as_printed);
    o.close();
}

/// The fields of a value, into an object already open (a headline's flattened value).
fn value_fields(v: &Value, o: &mut Object) {
    let Value {
        metric,
        value,
        as_printed,
        at,
    } = v;
    o.key("metric").name(metric.key());
    o.key("value").figure(value);
    o.key("as_printed").str(as_printed);
    o.key("at").at(at);
}

fn value_json(v: &Value, out: &mut Vec<u8>) {
    let mut o = Object::open(out);
    value_fields(v, &mut o);
    o.close();
}

fn headline_json(h: &Headline, out: &mut Vec<u8>) {
    let Headline { unit, value } = h;
    let mut o = Object::open(out);
    o.key("unit").str(unit);
    value_fields(value, &mut o);
    o.close();
}

fn table_json(t: &Table, out: &mut Vec<u8>) {
    let Table {
        index,
        title,
        kind,
        header,
        columns,
        rows,
        records,
        at,
        profile,
        checked,
        checks,
    } = t;
    let mut o = Object::open(out);
    o.key("index").uint(usize_of(*index));
    o.key("title").opt_str(title);
    o.key("kind").name(kind.key());
    o.key("header").list(header, |h, out| push_json_str(out, h));
    o.key("columns")
        .list(columns, |c, out| Slot(out).opt_str(c));
    o.key("rows").list(rows, row_json);
    o.key("records").uint(usize_of(*records));
    o.key("at").at(at);
    o.key("profile").opt_str(profile);
    o.key("checked").uint(usize_of(*checked));
    o.key("checks").list(checks, check_json);
    o.close();
}

fn row_json(r: &Row, out: &mut Vec<u8>) {
    let Row {
        index,
        group,
        unit,
        unit_raw,
        is_total,
        values,
        computed,
        at,
    } = r;
    let mut o = Object::open(out);
    o.key("index").uint(usize_of(*index));
    o.key("group").opt_str(group);
    o.key("unit").str(unit);
    o.key("unit_raw").str(unit_raw);
    o.key("is_total").bool(*is_total);
    o.key("values").list(values, value_json);
    if !computed.is_empty() {
        computed_json(computed, o.key("computed").0);
    }
    o.key("at").at(at);
    o.close();
}

fn computed_json(c: &Computed, out: &mut Vec<u8>) {
    let Computed { score, rank, grade } = c;
    let mut o = Object::open(out);
    if let Some(s) = score {
        o.key("score").decimal(s);
    }
    if let Some(r) = rank {
        o.key("rank").uint(u64::from(*r));
    }
    if let Some(g) = grade {
        o.key("grade").str(g);
    }
    o.close();
}

fn warning_json(w: &Warning, out: &mut Vec<u8>) {
    let Warning { at, message } = w;
    let mut o = Object::open(out);
    o.key("at").at(at);
    o.key("message").str(message);
    o.close();
}

fn check_json(c: &Check, out: &mut Vec<u8>) {
    let Check {
        check,
        group,
        unit,
        metric,
        reported,
        computed,
        delta,
        profile,
        at,
        detail,
        basis,
    } = c;
    let mut o = Object::open(out);
    o.key("check").name(check.key());
    o.key("group").opt_str(group);
    o.key("unit").str(unit);
    o.key("metric").name(metric.key());
    o.key("reported").figure(reported);
    o.key("computed").figure(computed);
    o.key("delta").opt_decimal(delta);
    o.key("profile").opt_str(profile);
    o.key("at").at(at);
    o.key("detail").str(detail);
    if let Some(b) = basis {
        basis_json(b, o.key("basis").0);
    }
    o.close();
}

fn decimals(o: &mut Object, fields: &[(&str, &Decimal)]) {
    for (k, d) in fields {
        o.key(k).decimal(d);
    }
}

/// A basis: internally tagged, its `kind` first.
fn basis_json(b: &Basis, out: &mut Vec<u8>) {
    let mut o = Object::open(out);
    match b {
        Basis::Score {
            formula,
            inputs,
            lo,
            hi,
        } => {
            o.key("kind").name("score");
            o.key("formula").str(formula);
            o.key("inputs").list(inputs, input_json);
            decimals(&mut o, &[("lo", lo), ("hi", hi)]);
        }
        Basis::Rank {
            by,
            within_group,
            lo,
            hi,
        } => {
            o.key("kind").name("rank");
            o.key("by").list(by, |m, out| Slot(out).name(m.key()));
            o.key("within_group").bool(*within_group);
            o.key("lo").uint(u64::from(*lo));
            o.key("hi").uint(u64::from(*hi));
        }
        Basis::Grade { score, possible } => {
            o.key("kind").name("grade");
            o.key("score").opt_decimal(score);
            o.key("possible")
                .list(possible, |p, out| push_json_str(out, p));
        }
        Basis::Sum { rows } => {
            o.key("kind").name("sum");
            o.key("rows").uint(usize_of(*rows));
        }
        Basis::Rate {
            numerator,
            denominator,
            num,
            den,
            exact,
        } => {
            o.key("kind").name("rate");
            o.key("numerator").name(numerator.key());
            o.key("denominator").name(denominator.key());
            decimals(&mut o, &[("num", num), ("den", den), ("exact", exact)]);
        }
        Basis::Share {
            count,
            total,
            exact,
            truncated,
        } => {
            o.key("kind").name("share");
            decimals(
                &mut o,
                &[("count", count), ("total", total), ("exact", exact)],
            );
            if let Some(t) = truncated {
                o.key("truncated").decimal(t);
            }
        }
        Basis::Parts { parts, sum, total } => {
            o.key("kind").name("parts");
            o.key("parts").list(parts, |d, out| Slot(out).decimal(d));
            decimals(&mut o, &[("sum", sum), ("total", total)]);
        }
        Basis::Ratio { num, den, exact } => {
            o.key("kind").name("ratio");
            decimals(&mut o, &[("num", num), ("den", den), ("exact", exact)]);
        }
        Basis::TextVsRow {
            text,
            table,
            table_at,
        } => {
            o.key("kind").name("text_vs_row");
            o.key("text").str(text);
            o.key("table").str(table);
            o.key("table_at").at(table_at);
        }
        Basis::TextVsTable {
            text,
            table,
            table_at,
        } => {
            o.key("kind").name("text_vs_table");
            o.key("text").str(text);
            o.key("table").str(table);
            o.key("table_at").at(table_at);
        }
    }
    o.close();
}

fn input_json(i: &Input, out: &mut Vec<u8>) {
    let Input {
        name,
        formula,
        value,
    } = i;
    let mut o = Object::open(out);
    o.key("name").str(name);
    o.key("formula").str(formula);
    o.key("value").decimal(value);
    o.close();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CheckKind, Metric, TableKind};

    proptest::proptest! {
        #[test]
        fn a_place_is_written_as_serde_writes_its_text(prefix in "[\"\\\\\n\u{1}a-z:#0-9 表]{0,12}") {
            let p: std::sync::Arc<str> = std::sync::Arc::from(prefix.as_str());
            for at in [
                crate::at::At::text(prefix.as_str()),
                crate::at::At::line(&p, 12),
                crate::at::At::cell(&p, 27, 7),
                crate::at::At::page(&p, 3, 5),
            ] {
                let mut out = Vec::new();
                Slot(&mut out).at(&at);
                proptest::prop_assert_eq!(
                    String::from_utf8(out).unwrap(),
                    serde_json::to_string(&at.to_string()).unwrap()
                );
            }
        }
    }

    fn same_as_serde(doc: &Document) {
        let mut out = Vec::new();
        document(doc, &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string(doc).unwrap()
        );
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn check(basis: Option<Basis>) -> Check {
        Check {
            check: CheckKind::TextVsTable,
            group: Some("组\"1\"".into()),
            unit: "合计".into(),
            metric: Metric::SatisfactionRate,
            reported: Figure::Number(d("-0.50")),
            computed: Figure::Text("A\\B".into()),
            delta: None,
            profile: None,
            at: "a.txt:3".into(),
            detail: "line\nbreak\ttab\u{1}".into(),
            basis,
        }
    }

    fn every_basis() -> Vec<Basis> {
        vec![
            Basis::Score {
                formula: "0.3*a + 0.7*b".into(),
                inputs: vec![Input {
                    name: "a".into(),
                    formula: "handled / due".into(),
                    value: d("99.123"),
                }],
                lo: d("1.0"),
                hi: d("2"),
            },
            Basis::Rank {
                by: vec![Metric::Score, Metric::OnTimeRate],
                within_group: true,
                lo: 3,
                hi: 4,
            },
            Basis::Grade {
                score: None,
                possible: vec!["A".into(), "B".into()],
            },
            Basis::Grade {
                score: Some(d("88.5")),
                possible: vec![],
            },
            Basis::Sum { rows: 12 },
            Basis::Rate {
                numerator: Metric::Closed,
                denominator: Metric::Received,
                num: d("3"),
                den: d("4"),
                exact: d("75.0000"),
            },
            Basis::Share {
                count: d("1"),
                total: d("3"),
                exact: d("33.3333"),
                truncated: None,
            },
            Basis::Share {
                count: d("1"),
                total: d("3"),
                exact: d("33.3333"),
                truncated: Some(d("33.3")),
            },
            Basis::Parts {
                parts: vec![d("1"), d("2.5")],
                sum: d("3.5"),
                total: d("4"),
            },
            Basis::Ratio {
                num: d("1"),
                den: d("8"),
                exact: d("12.5000"),
            },
            Basis::TextVsRow {
                text: "受理1件".into(),
                table: "2".into(),
                table_at: "a.txt:9".into(),
            },
            Basis::TextVsTable {
                text: "受理1件".into(),
                table: "2".into(),
                table_at: "a.txt:9".into(),
            },
        ]
    }

    fn value(metric: Metric, f: Figure) -> Value {
        Value {
            metric,
            value: f,
            as_printed: "98.5%".into(),
            at: "dir/a b.txt:4".into(),
        }
    }

    fn every_field() -> Document {
        let mut checks: Vec<Check> = every_basis().into_iter().map(Some).map(check).collect();
        checks.push(check(None));
        checks[0].delta = Some(d("-0.01"));
        checks[0].profile = Some("beijing".into());
        let row = |computed: Computed| Row {
            index: 1,
            group: None,
            unit: "东城区".into(),
            unit_raw: "东 城 区".into(),
            is_total: false,
            values: vec![
                value(Metric::Rank, Figure::Number(d("1"))),
                value(Metric::Grade, Figure::Text("A".into())),
            ],
            computed,
            at: "a.txt:5".into(),
        };
        Document {
            source: "dir/a \"b\".txt".into(),
            encoding: "GBK".into(),
            title: Some("标题".into()),
            jurisdiction: Some("甲市".into()),
            jurisdiction_code: Some("110000".into()),
            jurisdiction_level: Some("province".into()),
            jurisdiction_source: Some("title".into()),
            period: Some(Period {
                label: "2022-06".into(),
                start: chrono::NaiveDate::from_ymd_opt(2022, 6, 1).unwrap(),
                end: chrono::NaiveDate::from_ymd_opt(2022, 6, 30).unwrap(),
                as_printed: "2022年6月".into(),
            }),
            period_source: Some("text".into()),
            headline: vec![Headline {
                unit: "甲市".into(),
                value: value(Metric::Received, Figure::Number(d("12345"))),
            }],
            tables: vec![Table {
                index: 1,
                title: None,
                kind: TableKind::RankList,
                header: vec!["单位".into(), "排名".into()],
                columns: vec![None, Some("rank".into())],
                rows: vec![
                    row(Computed::default()),
                    row(Computed {
                        score: Some(d("90.10")),
                        rank: Some(2),
                        grade: Some("B".into()),
                    }),
                    row(Computed {
                        score: None,
                        rank: Some(7),
                        grade: None,
                    }),
                ],
                records: 3,
                at: "a.txt:4".into(),
                profile: Some("p".into()),
                checked: 9,
                checks: checks.clone(),
            }],
            warnings: vec![Warning {
                at: "a.txt".into(),
                message: "a \"warning\"".into(),
            }],
            checks,
        }
    }

    #[test]
    fn json_names_need_no_escape() {
        let names = Metric::ALL.iter().map(|m| m.key()).chain(
            [
                TableKind::Metrics,
                TableKind::Points,
                TableKind::RankList,
                TableKind::Records,
                TableKind::Unlabelled,
            ]
            .map(TableKind::key),
        );
        let checks = [
            CheckKind::Score,
            CheckKind::Rank,
            CheckKind::Grade,
            CheckKind::Sum,
            CheckKind::Share,
            CheckKind::Rate,
            CheckKind::TextVsTable,
        ]
        .map(CheckKind::key);
        for n in names.chain(checks) {
            assert!(
                n.bytes().all(|c| c.is_ascii_lowercase() || c == b'_'),
                "{n}"
            );
        }
    }

    #[test]
    fn json_of_every_field_is_serde_jsons() {
        same_as_serde(&every_field());
    }

    #[test]
    fn json_of_empty_and_absent_fields_is_serde_jsons() {
        let mut doc = every_field();
        doc.encoding.clear();
        doc.title = None;
        doc.jurisdiction = None;
        doc.jurisdiction_code = None;
        doc.jurisdiction_level = None;
        doc.jurisdiction_source = None;
        doc.period = None;
        doc.period_source = None;
        doc.headline.clear();
        doc.warnings.clear();
        doc.checks.clear();
        doc.tables[0].title = Some(String::new());
        same_as_serde(&doc);
        doc.tables.clear();
        same_as_serde(&doc);
    }

    #[test]
    fn json_of_a_date_past_9999_is_serde_jsons() {
        let mut doc = every_field();
        if let Some(p) = &mut doc.period {
            p.end = chrono::NaiveDate::from_ymd_opt(12345, 1, 1).unwrap();
        }
        same_as_serde(&doc);
    }
}
