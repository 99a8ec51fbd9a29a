//! The same bulletin in several formats (its .txt, .docx, .xlsx and PDF exports): the same
//! jurisdiction, period and table values. Its later copies are kept, with a `note` naming
//! the first, so that an analyst does not count it twice.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::emit::Failure;
use crate::model::{Document, Figure};

/// What makes two documents the same bulletin: the jurisdiction, the period and every
/// table value (unit, metric, number), in any order and whatever the tables' titles or
/// cuts. `None` for a document without table values (two prose-only bulletins of a month
/// are not told apart by their values).
pub fn fingerprint(doc: &Document) -> Option<u64> {
    let mut values: Vec<(&str, &str, String)> = doc
        .tables
        .iter()
        .flat_map(|t| &t.rows)
        .flat_map(|r| {
            r.values.iter().map(move |v| {
                let value = match &v.value {
                    // 100.00 in a text and 100 in an .xls are the same number.
                    Figure::Number(d) => d.normalize().to_string(),
                    Figure::Text(t) => t.clone(),
                };
                (r.unit.as_str(), v.metric.key(), value)
            })
        })
        .collect();
    if values.is_empty() {
        return None;
    }
    values.sort();
    // SipHash with fixed keys: the same in every run of a binary, which is all it needs.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    doc.jurisdiction.hash(&mut h);
    doc.period.as_ref().map(|p| &p.label).hash(&mut h);
    values.hash(&mut h);
    Some(h.finish())
}

/// The first source of each bulletin seen so far.
#[derive(Debug, Default)]
pub struct SameBulletins {
    first: HashMap<u64, String>,
}

impl SameBulletins {
    /// Records a document; gives the source of the first copy when it is a later one.
    pub fn see(&mut self, fingerprint: Option<u64>, source: &str) -> Option<String> {
        let fp = fingerprint?;
        match self.first.get(&fp) {
            Some(first) if first != source => Some(first.clone()),
            Some(_) => None,
            None => {
                self.first.insert(fp, source.to_string());
                None
            }
        }
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
