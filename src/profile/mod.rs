//! Scoring profiles: what a jurisdiction computes, as data. A profile says which tables it
//! applies to, the formula of the composite score (over printed rates or rates recomputed
//! from counts), its rounding, the rank rule and grade thresholds. Built-in profiles are the
//! TOML files in `profiles/`, embedded in the binary; `--profile FILE` adds or overrides one.

pub mod formula;
pub mod raw;

use std::str::FromStr;

use regex::Regex;
use rust_decimal::Decimal;

use crate::model::Metric;
use formula::Expr;
use raw::RawProfile;

/// The built-in profiles: (name, TOML).
pub const BUILTIN: &[(&str, &str)] = &[
    ("beijing", include_str!("../../profiles/beijing.toml")),
    ("yueyang", include_str!("../../profiles/yueyang.toml")),
    ("points", include_str!("../../profiles/points.toml")),
    ("efficiency", include_str!("../../profiles/efficiency.toml")),
];

/// A profile that does not load: where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct ProfileError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    HalfUp,
    Truncate,
}

impl Rounding {
    pub fn apply(self, d: Decimal, decimals: u32) -> Decimal {
        let strategy = match self {
            Rounding::HalfUp => rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            Rounding::Truncate => rust_decimal::RoundingStrategy::ToZero,
        };
        d.round_dp_with_strategy(decimals, strategy)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Desc,
    Asc,
}

/// Where a constant's value comes from.
#[derive(Clone, Debug)]
pub enum Constant {
    Value(Decimal),
    Text(Regex),
}

#[derive(Clone, Debug)]
pub struct ScoreRule {
    pub formula: Expr,
    pub formula_text: String,
    pub decimals: u32,
    pub rounding: Rounding,
    pub only_when: Vec<(Metric, Decimal)>,
    pub note: Option<String>,
}

/// A validated profile.
#[derive(Clone, Debug)]
pub struct Profile {
    pub name: String,
    pub description: String,
    /// `builtin` or the file it was read from.
    pub origin: String,
    /// The TOML it was read from.
    pub toml: String,
    pub metrics: Vec<Metric>,
    pub text_any: Vec<String>,
    pub title_any: Vec<String>,
    pub inputs: Vec<(String, Expr)>,
    pub constants: Vec<(String, Constant)>,
    pub score: Option<ScoreRule>,
    pub rank_keys: Vec<(Metric, Order)>,
    pub rank_within_groups: bool,
    /// Highest threshold first.
    pub grades: Vec<(String, Decimal)>,
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

impl Profile {
    /// Reads and validates a profile's TOML. `file` names it in errors.
    pub fn parse(text: &str, file: &str, origin: &str) -> Result<Profile, ProfileError> {
        let err = |span: Option<std::ops::Range<usize>>, message: String| ProfileError {
            file: file.to_string(),
            line: span.map_or(1, |s| line_of(text, s.start)),
            message,
        };
        let raw: RawProfile =
            toml::from_str(text).map_err(|e| err(e.span(), e.message().to_string()))?;
        let metric = |name: &toml::Spanned<String>| {
            Metric::from_key(name.get_ref()).ok_or_else(|| {
                err(
                    Some(name.span()),
                    format!("unknown metric key {:?}", name.get_ref()),
                )
            })
        };

        let required = raw.matches.metrics.get_ref();
        let metrics = required
            .iter()
            .map(|m| {
                Metric::from_key(m).ok_or_else(|| {
                    err(
                        Some(raw.matches.metrics.span()),
                        format!("unknown metric key {m:?}"),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;

        let mut known: Vec<String> = Metric::ALL.iter().map(|m| m.key().to_string()).collect();
        let mut constants = Vec::new();
        for (name, c) in &raw.constants {
            let value = match (&c.get_ref().value, &c.get_ref().text) {
                (Some(v), None) => Constant::Value(v.to_decimal().ok_or_else(|| {
                    err(Some(c.span()), format!("constant {name}: not a number"))
                })?),
                (None, Some(pattern)) => Constant::Text(Regex::new(pattern).map_err(|e| {
                    err(Some(c.span()), format!("constant {name}: bad regex: {e}"))
                })?),
                _ => {
                    return Err(err(
                        Some(c.span()),
                        format!("constant {name}: give exactly one of value or text"),
                    ))
                }
            };
            constants.push((name.clone(), value));
            known.push(name.clone());
        }
        let check_vars = |e: &Expr, span: std::ops::Range<usize>, known: &[String]| {
            for v in e.variables() {
                if !known.contains(&v) {
                    return Err(err(
                        Some(span.clone()),
                        format!("unknown name {v:?} in formula"),
                    ));
                }
            }
            Ok(())
        };
        let mut inputs = Vec::new();
        for (name, f) in &raw.inputs {
            let e = Expr::parse(f.get_ref())
                .map_err(|e| err(Some(f.span()), format!("input {name}: {e}")))?;
            check_vars(&e, f.span(), &known)?;
            inputs.push((name.clone(), e));
            known.push(name.clone());
        }
        let score = match &raw.score {
            None => None,
            Some(s) => {
                let formula = Expr::parse(s.formula.get_ref())
                    .map_err(|e| err(Some(s.formula.span()), e.to_string()))?;
                check_vars(&formula, s.formula.span(), &known)?;
                let rounding = match s
                    .rounding
                    .as_ref()
                    .map(|r| (r.get_ref().as_str(), r.span()))
                {
                    None | Some(("half_up", _)) => Rounding::HalfUp,
                    Some(("truncate", _)) => Rounding::Truncate,
                    Some((other, span)) => {
                        return Err(err(
                            Some(span),
                            format!("rounding {other:?}: use half_up or truncate"),
                        ))
                    }
                };
                let mut only_when = Vec::new();
                for (k, v) in &s.only_when {
                    let m = Metric::from_key(k)
                        .ok_or_else(|| err(None, format!("only_when: unknown metric key {k:?}")))?;
                    let d = v
                        .to_decimal()
                        .ok_or_else(|| err(None, format!("only_when.{k}: not a number")))?;
                    only_when.push((m, d));
                }
                if s.decimals > 10 {
                    return Err(err(Some(s.formula.span()), "decimals: at most 10".into()));
                }
                Some(ScoreRule {
                    formula,
                    formula_text: s.formula.get_ref().clone(),
                    decimals: s.decimals,
                    rounding,
                    only_when,
                    note: s.note.clone(),
                })
            }
        };
        let (rank_keys, rank_within_groups) = match &raw.rank {
            None => (vec![(Metric::Score, Order::Desc)], true),
            Some(r) => {
                let mut keys = Vec::new();
                for k in &r.by {
                    let m = metric(&k.metric)?;
                    let order = match k.order.as_ref().map(|o| (o.get_ref().as_str(), o.span())) {
                        None | Some(("desc", _)) => Order::Desc,
                        Some(("asc", _)) => Order::Asc,
                        Some((other, span)) => {
                            return Err(err(
                                Some(span),
                                format!("order {other:?}: use desc or asc"),
                            ))
                        }
                    };
                    keys.push((m, order));
                }
                let within = match r.within.as_ref().map(|w| (w.get_ref().as_str(), w.span())) {
                    None | Some(("group", _)) => true,
                    Some(("table", _)) => false,
                    Some((other, span)) => {
                        return Err(err(
                            Some(span),
                            format!("within {other:?}: use group or table"),
                        ))
                    }
                };
                (keys, within)
            }
        };
        let mut grades = Vec::new();
        for g in &raw.grades {
            let min = g
                .min
                .to_decimal()
                .ok_or_else(|| err(None, format!("grade {}: min is not a number", g.grade)))?;
            grades.push((g.grade.clone(), min));
        }
        grades.sort_by_key(|g| std::cmp::Reverse(g.1));
        Ok(Profile {
            name: raw.name.get_ref().clone(),
            description: raw.description.clone().unwrap_or_default(),
            origin: origin.to_string(),
            toml: text.to_string(),
            metrics,
            text_any: raw.matches.text.clone(),
            title_any: raw.matches.title.clone(),
            inputs,
            constants,
            score,
            rank_keys,
            rank_within_groups,
            grades,
        })
    }

    /// The grade a score earns, if a threshold covers it.
    pub fn grade_of(&self, score: Decimal) -> Option<&str> {
        self.grades
            .iter()
            .find(|(_, min)| score >= *min)
            .map(|(g, _)| g.as_str())
    }
}

/// The profiles in force: the built-ins, then those given with `--profile` (a later one
/// with the same name replaces an earlier one).
#[derive(Clone, Debug, Default)]
pub struct Profiles {
    pub list: Vec<Profile>,
}

impl Profiles {
    /// The built-in profiles.
    pub fn builtin() -> Profiles {
        let list = BUILTIN
            .iter()
            .map(|(name, text)| {
                // Built-ins are validated by the tests; a broken one is a build defect.
                Profile::parse(text, &format!("profiles/{name}.toml"), "builtin")
                    .unwrap_or_else(|e| panic!("built-in profile {name} is invalid: {e}"))
            })
            .collect();
        Profiles { list }
    }

    /// Adds a user profile, replacing a profile of the same name.
    pub fn add(&mut self, p: Profile) {
        self.list.retain(|q| q.name != p.name);
        self.list.insert(0, p);
    }

    /// Reads the built-ins and then each file.
    pub fn load(files: &[std::path::PathBuf]) -> Result<Profiles, ProfileError> {
        let mut all = Profiles::builtin();
        for f in files {
            let name = f.display().to_string();
            let text = std::fs::read_to_string(f).map_err(|e| ProfileError {
                file: name.clone(),
                line: 1,
                message: format!("cannot read: {e}"),
            })?;
            all.add(Profile::parse(&text, &name, &name)?);
        }
        Ok(all)
    }

    pub fn get(&self, name: &str) -> Option<&Profile> {
        self.list.iter().find(|p| p.name == name)
    }
}

/// Runs `rexian profiles` (a list) and `rexian profiles show NAME` (one profile's TOML).
pub fn list_cmd(
    args: &crate::cli::ProfilesArgs,
) -> Result<std::process::ExitCode, crate::error::FatalError> {
    use std::io::Write;
    let profiles = Profiles::load(&args.profile)?;
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    match &args.action {
        None => {
            for p in &profiles.list {
                let keys: Vec<&str> = p.metrics.iter().map(|m| m.key()).collect();
                writeln!(
                    w,
                    "{:<10} {}  [{}; needs {}]",
                    p.name,
                    p.description,
                    p.origin,
                    keys.join(", ")
                )?;
            }
        }
        Some(crate::cli::ProfilesAction::Show { name }) => {
            let p = profiles
                .get(name)
                .ok_or_else(|| crate::error::FatalError::UnknownProfile(name.clone()))?;
            w.write_all(p.toml.as_bytes())?;
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// Parses a decimal written in a profile test or table.
pub fn decimal(s: &str) -> Option<Decimal> {
    Decimal::from_str(s).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_builtins_all_load() {
        let p = Profiles::builtin();
        assert_eq!(p.list.len(), BUILTIN.len());
        for (name, _) in BUILTIN {
            assert!(p.get(name).is_some(), "{name}");
        }
    }

    #[test]
    fn profile_unknown_key_names_file_and_line() {
        let text = "name = \"x\"\n[match]\nmetrics = [\"score\"]\ncolour = 3\n";
        let e = Profile::parse(text, "my.toml", "my.toml").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("my.toml", 4));
        assert!(e.message.contains("colour"), "{}", e.message);
    }

    #[test]
    fn profile_bad_formula_names_file_and_line() {
        let text = "name = \"x\"\n[match]\nmetrics = [\"score\"]\n[score]\ndecimals = 2\nformula = \"response_rate * \"\n";
        let e = Profile::parse(text, "my.toml", "my.toml").unwrap_err();
        assert_eq!(e.line, 6);
        let text = "name = \"x\"\n[match]\nmetrics = [\"score\"]\n[score]\ndecimals = 2\nformula = \"speed * 2\"\n";
        let e = Profile::parse(text, "my.toml", "my.toml").unwrap_err();
        assert_eq!(e.line, 6);
        assert!(e.message.contains("speed"));
    }

    #[test]
    fn profile_unknown_metric_is_refused() {
        let text = "name = \"x\"\n[match]\nmetrics = [\"scroe\"]\n";
        let e = Profile::parse(text, "my.toml", "my.toml").unwrap_err();
        assert_eq!(e.line, 3);
    }
}
