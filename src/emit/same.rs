//! The same bulletin in several formats (its .txt, .docx, .xlsx and PDF exports): the same
//! jurisdiction, period and table values. Its later copies are kept, with a `note` naming
//! the first, so that an analyst does not count it twice.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;

use rust_decimal::Decimal;

use crate::emit::first_seen::FirstSeen;
use crate::emit::name_log::NameLog;
use crate::emit::spill::{offset, slot};
use crate::emit::Failure;
use crate::model::{Document, Figure};

/// What makes two documents the same bulletin: the jurisdiction, the period and every
/// table value (unit, metric, number), in any order and whatever the tables' titles or
/// cuts. `None` for a document without table values (two prose-only bulletins of a month
/// are not told apart by their values).
///
/// The values are a multiset: each is hashed alone and the hashes are summed, so no list
/// of them is made, sorted or kept.
pub fn fingerprint(doc: &Document) -> Option<u64> {
    let mut count = 0u64;
    let mut sum = 0u64;
    for r in doc.tables.iter().flat_map(|t| &t.rows) {
        // SipHash with fixed keys: the same in every run of a binary, which is all it needs.
        let mut unit = DefaultHasher::new();
        r.unit.hash(&mut unit);
        for v in &r.values {
            let mut h = unit.clone();
            v.metric.key().hash(&mut h);
            hash_figure(&v.value, &mut h);
            sum = sum.wrapping_add(h.finish());
            count += 1;
        }
    }
    if count == 0 {
        return None;
    }
    let mut h = DefaultHasher::new();
    doc.jurisdiction.hash(&mut h);
    doc.period.as_ref().map(|p| &p.label).hash(&mut h);
    (count, sum).hash(&mut h);
    Some(h.finish())
}

/// Hashes a figure as the number it is: 100.00 in a text and 100 in an .xls are the same
/// number, and a text that is a number's plain form (`100`) is that number.
fn hash_figure(f: &Figure, h: &mut DefaultHasher) {
    let number = match f {
        Figure::Number(d) => d.normalize(),
        Figure::Text(t) => match t.parse::<Decimal>().map(|d| d.normalize()) {
            Ok(d) if d.to_string() == *t => d,
            _ => return (1u8, t).hash(h),
        },
    };
    (0u8, number.mantissa(), number.scale()).hash(h);
}

/// The first source of each bulletin seen so far: its fingerprint and the place of its
/// name in a [`NameLog`] (twelve bytes a bulletin, not its name again).
#[derive(Default)]
pub struct SameBulletins {
    first: FirstSeen<u64, u32>,
    names: NameLog,
}

impl SameBulletins {
    /// The names kept in an unnamed temporary file in `dir` (an output's working folder):
    /// memory does not grow with the batch.
    pub fn on_disk(dir: &Path) -> std::io::Result<SameBulletins> {
        Ok(SameBulletins {
            first: FirstSeen::default(),
            names: NameLog::on_disk(Some(dir))?,
        })
    }

    /// Room for `n` bulletins from the start (see [`FirstSeen::with_capacity`]); before
    /// the first is seen only.
    pub fn expect(&mut self, n: usize) {
        if self.first.is_empty() {
            self.first = FirstSeen::with_capacity(n);
        }
    }

    /// Records a document; gives the source of the first copy when it is a later one.
    pub fn try_see(
        &mut self,
        fingerprint: Option<u64>,
        source: &str,
    ) -> std::io::Result<Option<String>> {
        let Some(fp) = fingerprint else {
            return Ok(None);
        };
        match self.first.get(fp) {
            Some(at) => {
                let first = String::from_utf8_lossy(&self.names.get(offset(at))?).into_owned();
                Ok((first != source).then_some(first))
            }
            None => {
                let at = self.names.push(source.as_bytes())?;
                self.first.insert(fp, slot(at)?);
                Ok(None)
            }
        }
    }

    /// [`SameBulletins::try_see`] for the names kept in memory (`default()`), which
    /// cannot fail.
    pub fn see(&mut self, fingerprint: Option<u64>, source: &str) -> Option<String> {
        self.try_see(fingerprint, source).unwrap_or(None)
    }
}

/// The errors.csv note of a later copy.
pub fn note(source: &str, first: &str) -> Failure {
    Failure {
        source: source.to_string(),
        message: format!(
            "the same bulletin as {first} in another format (same jurisdiction, period and table values): count it once"
        ),
        note: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Metric, Row, Table, TableKind, Value};

    fn doc(values: &[(&str, Metric, Figure)]) -> Document {
        let rows = values
            .iter()
            .enumerate()
            .map(|(i, (unit, metric, f))| Row {
                index: i + 1,
                group: None,
                unit: unit.to_string(),
                unit_raw: unit.to_string(),
                is_total: false,
                values: vec![Value {
                    metric: *metric,
                    value: f.clone(),
                    as_printed: String::new(),
                    at: format!("x:{i}").into(),
                }],
                computed: Default::default(),
                at: Default::default(),
            })
            .collect();
        Document {
            source: "a.txt".into(),
            encoding: String::new(),
            title: None,
            jurisdiction: Some("甲市".into()),
            jurisdiction_code: None,
            jurisdiction_level: None,
            jurisdiction_source: None,
            period: None,
            period_source: None,
            headline: vec![],
            tables: vec![Table {
                index: 1,
                title: Some("表".into()),
                kind: TableKind::Metrics,
                header: vec![],
                columns: vec![],
                rows,
                records: 0,
                at: Default::default(),
                profile: None,
                checked: 0,
                checks: vec![],
            }],
            warnings: vec![],
            checks: vec![],
        }
    }

    fn n(s: &str) -> Figure {
        Figure::Number(s.parse().unwrap())
    }

    #[test]
    fn fingerprint_ignores_order_and_printed_precision() {
        let a = doc(&[
            ("东城区", Metric::Received, n("100.00")),
            ("西城区", Metric::Grade, Figure::Text("A".into())),
        ]);
        let b = doc(&[
            ("西城区", Metric::Grade, Figure::Text("A".into())),
            ("东城区", Metric::Received, n("100")),
        ]);
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert!(fingerprint(&a).is_some());
    }

    #[test]
    fn fingerprint_tells_apart_values_units_metrics_and_counts() {
        let base = doc(&[("东城区", Metric::Received, n("100"))]);
        for other in [
            doc(&[("东城区", Metric::Received, n("100.01"))]),
            doc(&[("西城区", Metric::Received, n("100"))]),
            doc(&[("东城区", Metric::Handled, n("100"))]),
            doc(&[("东城区", Metric::Received, n("-100"))]),
            doc(&[
                ("东城区", Metric::Received, n("100")),
                ("东城区", Metric::Received, n("100")),
            ]),
        ] {
            assert_ne!(fingerprint(&base), fingerprint(&other));
        }
        let mut elsewhere = base.clone();
        elsewhere.jurisdiction = Some("上海市".into());
        assert_ne!(fingerprint(&base), fingerprint(&elsewhere));
    }

    #[test]
    fn fingerprint_takes_a_numbers_plain_text_for_the_number() {
        let number = doc(&[("东城区", Metric::Grade, n("100.0"))]);
        let text = doc(&[("东城区", Metric::Grade, Figure::Text("100".into()))]);
        let other = doc(&[("东城区", Metric::Grade, Figure::Text("100.0".into()))]);
        assert_eq!(fingerprint(&number), fingerprint(&text));
        assert_ne!(fingerprint(&number), fingerprint(&other));
    }

    #[test]
    fn fingerprint_is_none_without_table_values() {
        let mut d = doc(&[]);
        assert_eq!(fingerprint(&d), None);
        d.tables.clear();
        assert_eq!(fingerprint(&d), None);
    }
}
