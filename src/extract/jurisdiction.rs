//! The issuing area of a bulletin, resolved against the gazetteer: the most specific
//! division that the title, the masthead (an issuer line such as `发布机构: …`, an office
//! signing with a date) or the opening of a sentence names as the subject (`X12345热线共受理`),
//! else what the document implies, in this order: the parent of the subdivisions it lists
//! (武陵区, 鼎城区, 汉寿县 → 常德市), a table's title, the file name, the area the units are
//! branches of (`电信X分公司`, `国网X供电公司`).
//!
//! A place the text compares itself with (`比甲市平均值`), receives orders from
//! (`甲市下派工单`, `甲市“民呼必应”平台交办`), names inside quotes, brackets or parentheses,
//! or only as a word fragment is not the issuer. Where nothing decides, the jurisdiction is
//! left empty rather than guessed; where a name is shared by several divisions (朝阳区) and
//! no parent or sibling nearby tells them apart, the name is kept without a code.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::gazetteer::{gazetteer, Form, Level};
use crate::source::normalize::compact;

mod masthead;
mod places;

use masthead::*;
pub use places::FUNCTIONAL_SUFFIXES;
use places::*;

/// Where the jurisdiction was read (`jurisdiction_source`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JurisdictionSource {
    /// The document's title.
    Title,
    /// An issuer line: 发布机构, 来源, 版权所有, an office signing with a date.
    Masthead,
    /// A sentence whose subject is the area's hotline (`X12345热线共受理…`).
    Text,
    /// A table's title.
    TableTitle,
    /// The parent of the subdivisions the document lists.
    Subdivisions,
    /// The input's file name.
    FileName,
    /// The area the document's units are branches of (`电信X分公司`, `X供电公司`).
    UnitNames,
}

impl JurisdictionSource {
    pub fn key(self) -> &'static str {
        match self {
            JurisdictionSource::Title => "title",
            JurisdictionSource::Masthead => "masthead",
            JurisdictionSource::Text => "text",
            JurisdictionSource::TableTitle => "table_title",
            JurisdictionSource::Subdivisions => "subdivisions",
            JurisdictionSource::FileName => "file_name",
            JurisdictionSource::UnitNames => "unit_names",
        }
    }
}

/// A resolved issuing area.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jurisdiction {
    /// Its official name (a former name as printed; a functional area as printed).
    pub name: String,
    /// GB/T 2260 code, where the gazetteer resolves it.
    pub code: Option<u32>,
    pub level: Option<Level>,
    pub source: JurisdictionSource,
    /// The gazetteer entry, where one was chosen.
    pub division: Option<usize>,
}

/// The texts of a document that may name its area.
#[derive(Clone, Debug, Default)]
pub struct DocText<'a> {
    /// The line found as the title.
    pub title: Option<&'a str>,
    /// Prose and the lines around tables, in order.
    pub lines: Vec<&'a str>,
    pub table_titles: Vec<&'a str>,
    /// The units of the tables' rows.
    pub units: Vec<&'a str>,
    /// The file name without its folder and extension.
    pub file_stem: &'a str,
}

// Phrase tables: data, not logic.

/// The shortest word of a file name read as a place in pinyin (`pinggu`, not `an`).
const MIN_PINYIN: usize = 4;

/// How many lines from the top (and from the end) a masthead is looked for in.
const HEAD_LINES: usize = 15;
const TAIL_LINES: usize = 5;

/// A candidate area of one class: a division (or a functional area) at a position.
#[derive(Clone, Debug)]
struct Candidate {
    /// Divisions the name may be.
    divisions: Vec<usize>,
    functional: Option<String>,
    form: Form,
}

fn candidate(f: &Found) -> Option<Candidate> {
    if f.weak {
        return None;
    }
    let divisions = f.mention.candidates.clone();
    (!divisions.is_empty()).then_some(Candidate {
        divisions,
        functional: f.functional.clone(),
        form: f.mention.form,
    })
}

/// Whether a mention names a place by itself: a full name, a functional area, or a short
/// name where a name is expected (`常熟12345热线`).
fn named_in_full(f: &Found) -> bool {
    f.mention.form != Form::Short || f.subject || f.functional.is_some()
}

/// Resolves the issuing area of a document.
pub fn resolve(doc: &DocText) -> Option<Jurisdiction> {
    let found: Vec<Vec<Found>> = doc.lines.iter().map(|l| places_of(l)).collect();
    // Places named as a reference anywhere are nobody's issuer in the weaker classes.
    let referenced: BTreeSet<usize> = found
        .iter()
        .flatten()
        .filter(|f| f.reference)
        .flat_map(|f| f.mention.candidates.iter().copied())
        .collect();
    let not_referenced = |c: &Candidate| {
        !c.divisions
            .iter()
            .any(|d| referenced.iter().any(|r| gazetteer().same_place(*d, *r)))
    };
    let context = Context::new(&found, doc);

    // 1. The title, and title fields of a metadata block.
    let mut title_lines: Vec<String> = doc.title.map(compact).into_iter().collect();
    // A line is empty compacted when it is nothing but whitespace.
    let nonempty: Vec<usize> = (0..doc.lines.len())
        .filter(|&i| !is_blank(doc.lines[i]))
        .collect();
    let head: Vec<usize> = nonempty.iter().copied().take(HEAD_LINES).collect();
    let tail: Vec<usize> = nonempty
        .iter()
        .rev()
        .copied()
        .take(TAIL_LINES)
        .filter(|i| !head.contains(i))
        .collect();
    let mut masthead_texts: Vec<String> = Vec::new();
    for &i in head.iter().chain(&tail) {
        let line = doc.lines[i];
        // At the end, an office signs with a date (on its line or the next): a unit's
        // name closing a list is no signature.
        let signed = head.contains(&i)
            || DATE_AT_END.is_match(line.trim_end())
            || nonempty
                .iter()
                .find(|&&j| j > i)
                .is_some_and(|&j| is_date_line(doc.lines[j]));
        for (label, value) in fields(line) {
            if TITLE_LABELS.contains(&label) {
                title_lines.push(compact(&value));
            } else if ISSUER_LABELS.contains(&label) {
                masthead_texts.push(compact(&value));
            }
        }
        if let Some(name) = office_line(line.trim()).filter(|_| signed) {
            masthead_texts.push(compact(name));
        }
    }
    let country = |f: &Found| gazetteer().division(f.mention.candidates[0]).level == Level::Country;
    let pick = |texts: &[String], keep: &dyn Fn(&Found) -> bool| -> Vec<Candidate> {
        texts
            .iter()
            .flat_map(|l| places_in(l))
            .filter(|f| named_in_full(f) && !f.listed && keep(f))
            .filter_map(|f| candidate(&f))
            .collect()
    };
    let title_cands = pick(&title_lines, &|_| true);
    if let Some(j) = choose(&title_cands, &context, JurisdictionSource::Title) {
        return Some(j);
    }

    // 2. The masthead.
    let masthead_cands = pick(&masthead_texts, &|f| !country(f));
    if let Some(j) = choose(&masthead_cands, &context, JurisdictionSource::Masthead) {
        return Some(j);
    }

    // 3. A sentence whose subject is the area's hotline.
    let text_cands: Vec<Candidate> = found
        .iter()
        .flatten()
        .filter(|f| f.subject && !f.in_aside && !f.reference && !f.listed && !country(f))
        .filter_map(candidate)
        .collect();
    if let Some(j) = choose(&text_cands, &context, JurisdictionSource::Text) {
        return Some(j);
    }
    // 4. The parent of the subdivisions the document names.
    if let Some(j) = parent_of_subdivisions(&context).filter(|j| {
        j.division
            .is_none_or(|d| !referenced.iter().any(|r| gazetteer().same_place(d, *r)))
    }) {
        return Some(j);
    }

    // 5. A table's title.
    let titles: Vec<String> = doc.table_titles.iter().map(|t| compact(t)).collect();
    let table_cands: Vec<Candidate> = pick(&titles, &|f| !f.reference && !country(f))
        .into_iter()
        .filter(|c| not_referenced(c))
        .collect();
    if let Some(j) = choose(&table_cands, &context, JurisdictionSource::TableTitle) {
        return Some(j);
    }

    // 6. The file name.
    let file_cands = pick(&[compact(doc.file_stem)], &|f| !country(f));
    if let Some(j) = choose(&file_cands, &context, JurisdictionSource::FileName) {
        return Some(j);
    }

    // 7. The area the units are branches of.
    if let Some(j) = branch_area(&context, &not_referenced) {
        return Some(j);
    }

    // 8. A file name that spells in pinyin a place the document names in some form
    // (`pinggu-2022-06.xlsx` with units such as 平谷镇).
    pinyin_area(doc.file_stem, &context, &not_referenced)
}

/// The division a word of the file name spells in pinyin, when one is the best known
/// under that spelling (a prefecture before a district of the same spelling; 宿州市 and 苏州市 tie: none) and the document
/// names it or an area it lies in.
fn pinyin_area(
    stem: &str,
    context: &Context,
    allowed: &dyn Fn(&Candidate) -> bool,
) -> Option<Jurisdiction> {
    let g = gazetteer();
    let lower = stem.to_ascii_lowercase();
    for word in lower.split(|c: char| !c.is_ascii_alphabetic()) {
        if word.len() < MIN_PINYIN {
            continue;
        }
        let found = g.by_pinyin(word);
        let Some(&first) = found.first() else {
            continue;
        };
        let key = |i: usize| (g.division(i).former, g.division(i).level);
        // Pinyin is no proof by itself (`fenxi` is 分析 before it is 汾西县): the document
        // must name the place or an area it lies in, in any form.
        let named = |d: usize| {
            context
                .any
                .iter()
                .any(|&o| g.same_place(o, d) || g.lies_in(d, o))
        };
        let best: Vec<usize> = found
            .iter()
            .copied()
            .filter(|&i| key(i) == key(first) && named(i))
            .collect();
        if best.is_empty() {
            continue;
        }
        let c = Candidate {
            divisions: best,
            functional: None,
            form: Form::Full,
        };
        if !allowed(&c) {
            continue;
        }
        if let Some(j) = choose(
            std::slice::from_ref(&c),
            context,
            JurisdictionSource::FileName,
        ) {
            if j.division.is_some() || g.division(first).level == Level::Country {
                return Some(j);
            }
        }
    }
    None
}

/// Whether a text names, in full, an area other than the jurisdiction and the areas it
/// lies in (a clause about another county is not the jurisdiction's). With no resolved
/// jurisdiction nothing is known to be elsewhere.
pub fn names_another_area(text: &str, own: Option<&Jurisdiction>) -> bool {
    let Some(own) = own.and_then(|j| j.division) else {
        return false;
    };
    let g = gazetteer();
    places_of(text).iter().any(|f| {
        f.mention.form != Form::Short
            && !f.weak
            && f.mention.candidates.iter().all(|&c| {
                g.division(c).level != Level::Country && !g.same_place(c, own) && !g.lies_in(own, c)
            })
    })
}

/// Every place the document names, for telling ambiguous names apart and for the
/// weaker classes.
struct Context {
    /// Divisions named in full anywhere (text, table titles, units), with their names.
    named: Vec<(usize, String)>,
    /// Branch names of units: (candidates, functional?).
    branches: Vec<Candidate>,
    /// Every division named in any form, for disambiguation.
    any: BTreeSet<usize>,
}

impl Context {
    fn new(found: &[Vec<Found>], doc: &DocText) -> Context {
        let mut named = Vec::new();
        let mut branches = Vec::new();
        let mut any = BTreeSet::new();
        let extra: Vec<Vec<Found>> = doc
            .units
            .iter()
            .chain(&doc.table_titles)
            .map(|u| places_of(u))
            .collect();
        for f in found.iter().flatten().chain(extra.iter().flatten()) {
            let cands = &f.mention.candidates;
            if f.weak {
                continue;
            }
            any.extend(cands.iter().copied());
            let level = gazetteer().division(cands[0]).level;
            if level == Level::Country {
                continue;
            }
            if f.mention.form != Form::Short && !f.reference {
                for &c in cands {
                    named.push((c, f.functional.clone().unwrap_or_else(|| f.printed.clone())));
                }
            }
            if f.unit_branch && !f.reference {
                branches.extend(candidate(f).map(|mut c| {
                    c.divisions.truncate(1);
                    c
                }));
            }
        }
        Context {
            named,
            branches,
            any,
        }
    }

    /// How well the rest of the document fits a reading of a name as `division`: its
    /// ancestors and siblings named anywhere.
    fn fit(&self, division: usize) -> usize {
        let g = gazetteer();
        let parent = g.parent(division);
        self.any
            .iter()
            .filter(|&&o| {
                !g.same_place(o, division)
                    && (g.lies_in(division, o)
                        || parent.is_some()
                            && g.parent(o) == parent
                            && g.division(o).level == g.division(division).level)
            })
            .count()
    }
}

/// The one area a class of candidates names: each name's reading that fits the document
/// best, then the most specific (a descendant wins over its ancestor).
fn choose(
    cands: &[Candidate],
    context: &Context,
    source: JurisdictionSource,
) -> Option<Jurisdiction> {
    let g = gazetteer();
    let mut resolved: Vec<(Option<usize>, &Candidate)> = Vec::new();
    for c in cands {
        let best = c.divisions.iter().map(|&d| (context.fit(d), d)).max()?;
        let tied = c
            .divisions
            .iter()
            .filter(|&&d| context.fit(d) == best.0 && !g.same_place(d, best.1))
            .count();
        // A bare short name reads as the best-known division of that name (岳阳 is the
        // city, not the county) unless the document says otherwise.
        let chosen = if tied == 0 {
            Some(best.1)
        } else if c.form == Form::Short {
            c.divisions
                .iter()
                .copied()
                .find(|&d| context.fit(d) == best.0)
        } else {
            None
        };
        resolved.push((chosen, c));
    }
    // The country is the area only when nothing more specific is named with it.
    let is_country = |d: &Option<usize>| d.is_some_and(|d| g.division(d).level == Level::Country);
    if resolved.iter().any(|(d, _)| !is_country(d)) {
        resolved.retain(|(d, _)| !is_country(d));
    }
    if resolved.is_empty() {
        return None;
    }
    // The most specific: one that lies in no other named is dropped in favour of one that
    // lies in it; otherwise the first.
    let mut pick = 0;
    for (k, (d, c)) in resolved.iter().enumerate() {
        let (pd, pc) = resolved[pick];
        let deeper = match (d, pd) {
            (Some(d), Some(pd)) => {
                g.lies_in(*d, pd)
                    || (c.functional.is_some() && g.same_place(*d, pd) && pc.functional.is_none())
            }
            _ => false,
        };
        if deeper {
            pick = k;
        }
    }
    let (division, c) = resolved[pick];
    Some(make(division, c, source))
}

fn make(division: Option<usize>, c: &Candidate, source: JurisdictionSource) -> Jurisdiction {
    let g = gazetteer();
    if let Some(f) = &c.functional {
        return Jurisdiction {
            name: f.clone(),
            code: None,
            level: Some(Level::Functional),
            source,
            division: None,
        };
    }
    match division {
        Some(d) => {
            let div = g.division(d);
            Jurisdiction {
                name: div.name.to_string(),
                code: g.current_code(d),
                level: Some(div.level),
                source,
                division: Some(d),
            }
        }
        None => {
            // An ambiguous name: kept as printed, without a code.
            let first = g.division(c.divisions[0]);
            let same_level = c
                .divisions
                .iter()
                .all(|&d| g.division(d).level == first.level);
            Jurisdiction {
                name: first.name.to_string(),
                code: None,
                level: same_level.then_some(first.level),
                source,
                division: None,
            }
        }
    }
}

/// The division at least two distinct subdivisions named in the document lie in directly,
/// when one has more than any other.
fn parent_of_subdivisions(context: &Context) -> Option<Jurisdiction> {
    let g = gazetteer();
    let mut votes: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
    for (d, name) in &context.named {
        if let Some(p) = g.parent(*d) {
            votes.entry(p).or_default().insert(name);
        }
    }
    let best = votes.values().map(BTreeSet::len).max()?;
    let winners: Vec<usize> = votes
        .iter()
        .filter(|(_, v)| v.len() == best)
        .map(|(p, _)| *p)
        .collect();
    if best < 2 || winners.len() != 1 {
        return None;
    }
    let d = winners[0];
    Some(make(
        Some(d),
        &Candidate {
            divisions: vec![d],
            functional: None,
            form: Form::Full,
        },
        JurisdictionSource::Subdivisions,
    ))
}

/// The area most of the units' branch names carry, when one carries more than any other.
fn branch_area(context: &Context, allowed: &dyn Fn(&Candidate) -> bool) -> Option<Jurisdiction> {
    let g = gazetteer();
    let mut votes: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
    for c in context.branches.iter().filter(|c| allowed(c)) {
        let d = c.divisions[0];
        // A functional area named after a place votes for the place.
        let key = g.current_code(d).unwrap_or(u32::MAX);
        let e = votes.entry(key).or_insert((0, d));
        e.0 += 1;
    }
    let best = votes.values().map(|v| v.0).max()?;
    let winners: Vec<usize> = votes
        .values()
        .filter(|v| v.0 == best)
        .map(|v| v.1)
        .collect();
    if winners.len() != 1 {
        return None;
    }
    let d = winners[0];
    Some(make(
        Some(d),
        &Candidate {
            divisions: vec![d],
            functional: None,
            form: Form::Full,
        },
        JurisdictionSource::UnitNames,
    ))
}

#[cfg(test)]
mod tests;
