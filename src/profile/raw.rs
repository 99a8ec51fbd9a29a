//! The TOML form of a scoring profile, as written: every field optional where a default
//! exists, unknown keys refused. `profile/mod.rs` validates it into a [`super::Profile`].

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfile {
    pub name: Spanned<String>,
    pub description: Option<String>,
    /// Where the profile's formula was derived from (documentation).
    pub derived_from: Option<String>,
    #[serde(rename = "match")]
    pub matches: RawMatch,
    #[serde(default)]
    pub inputs: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub constants: BTreeMap<String, Spanned<RawConstant>>,
    pub score: Option<RawScore>,
    pub rank: Option<RawRank>,
    #[serde(default)]
    pub grades: Vec<RawGrade>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMatch {
    /// Metric keys a table must have.
    pub metrics: Spanned<Vec<String>>,
    /// Any of these phrases in the document (normalized, simplified).
    #[serde(default)]
    pub text: Vec<String>,
    /// Any of these phrases in the table's title.
    #[serde(default)]
    pub title: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConstant {
    /// A fixed value.
    pub value: Option<RawNumber>,
    /// A regex over the document text whose first group is the value.
    pub text: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScore {
    pub formula: Spanned<String>,
    pub decimals: u32,
    /// `half_up` (default) or `truncate`.
    pub rounding: Option<Spanned<String>>,
    /// Recompute only rows whose metrics have these values; the others are taken as printed.
    #[serde(default)]
    pub only_when: BTreeMap<String, RawNumber>,
    /// Said of the rows the formula does not cover.
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRank {
    pub by: Vec<RawRankKey>,
    /// `group` (default: each group ranked on its own) or `table`.
    pub within: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRankKey {
    pub metric: Spanned<String>,
    /// `desc` (default) or `asc`.
    pub order: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrade {
    pub grade: String,
    pub min: RawNumber,
}

/// A number written as a TOML integer, float or string; read exactly.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawNumber {
    Int(i64),
    Float(f64),
    Text(String),
}

impl RawNumber {
    /// The exact decimal. A float goes through its shortest round-trip text, so `4.32`
    /// is 4.32 and not 4.3200000000000002842.
    pub fn to_decimal(&self) -> Option<rust_decimal::Decimal> {
        use std::str::FromStr;
        match self {
            RawNumber::Int(i) => Some((*i).into()),
            RawNumber::Float(f) => rust_decimal::Decimal::from_str(&f.to_string()).ok(),
            RawNumber::Text(s) => rust_decimal::Decimal::from_str(s.trim()).ok(),
        }
    }
}
