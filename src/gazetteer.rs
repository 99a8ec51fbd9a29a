//! The PRC administrative divisions (GB/T 2260: provinces, prefectures, counties, with
//! earlier names and a few functional areas), compiled in from `data/gazetteer.tsv`
//! (written by `scripts/make_gazetteer.py`, which records its sources). Owns finding the
//! names of divisions in text and the relations between divisions; which mention is a
//! bulletin's issuing area is decided in `extract::jurisdiction`.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// The data file, one division a line (see the generator for the columns).
const DATA: &str = include_str!("../data/gazetteer.tsv");

/// The level of a division.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The whole country (全国).
    Country,
    /// Province, autonomous region, municipality, SAR.
    Province,
    /// Prefecture-level city, prefecture, league, autonomous prefecture.
    Prefecture,
    /// County, district, county-level city, banner.
    County,
    /// A functional area (高新区, 经开区, 示范区 …), which GB/T 2260 does not list.
    Functional,
}

impl Level {
    /// The word written in `jurisdiction_level`.
    pub fn key(self) -> &'static str {
        match self {
            Level::Country => "country",
            Level::Province => "province",
            Level::Prefecture => "prefecture",
            Level::County => "county",
            Level::Functional => "functional",
        }
    }
}

/// One division of the data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Division {
    /// The GB/T 2260 code; none for the country and for functional areas.
    pub code: Option<u32>,
    pub level: Level,
    /// The official name (a former name for a former division).
    pub name: &'static str,
    /// The code of the division it lies in.
    pub parent: Option<u32>,
    /// A name of an earlier revision (密云县), not the current one.
    pub former: bool,
    /// For a former name: the current division it became, where one can be told.
    pub successor: Option<u32>,
}

/// How a name was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Form {
    /// The official name (鞍山市, 长阳土家族自治县).
    Full,
    /// Another full form (乳源县, 昌吉州, 杨凌农业高新技术产业示范区).
    Alternate,
    /// A bare short name (盘锦, 乳源): a name only where one is expected.
    Short,
}

/// A name found in a text: its byte span and every division it may be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub form: Form,
    /// Indices of divisions (see [`Gazetteer::division`]), best-known first.
    pub candidates: Vec<usize>,
}

impl Mention {
    /// A two-character name ending in 区 (城区, 矿区, 郊区) is also an ordinary word: it
    /// names a place only next to its parent.
    pub fn is_weak(&self, text: &str) -> bool {
        let s = &text[self.start..self.end];
        s.chars().count() <= 2 && s.ends_with('区')
    }
}

/// The divisions and a matcher over their names.
pub struct Gazetteer {
    divisions: Vec<Division>,
    by_code: HashMap<u32, usize, Fx>,
    /// Every name → its pattern (an index into `patterns`).
    index: HashMap<&'static str, usize, Fx>,
    /// The first two characters of every name → the longest name (in characters) they
    /// start: a position of a text is tried only when a name can start there.
    prefixes: HashMap<(char, char), usize, Fx>,
    /// The first characters of every name, a bit per code point below [`FIRST_LIMIT`]
    /// (names start with a Han character): most positions of a text are passed over
    /// without a lookup.
    first: Vec<u64>,
    /// For each pattern: (division, form) pairs.
    patterns: Vec<std::ops::Range<usize>>,
    /// The (division, form) pairs of every pattern, a range of it each.
    flat: Vec<(usize, Form)>,
    /// Divisions by the pinyin of their short name, best-known first.
    romanized: HashMap<&'static str, Vec<usize>, Fx>,
}

/// Code points below this have a bit in [`Gazetteer::first`]; a name starting above it is
/// looked up all the same.
const FIRST_LIMIT: u32 = 0x1_0000;

/// A hasher for the short keys of the name tables (FxHash: a multiply and a rotate per
/// word): the default SipHash was most of the cost of finding names.
#[derive(Clone, Copy, Default)]
struct Fx;

impl std::hash::BuildHasher for Fx {
    type Hasher = FxHasher;
    fn build_hasher(&self) -> FxHasher {
        FxHasher(0)
    }
}

struct FxHasher(u64);

impl FxHasher {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| Gazetteer::parse(DATA));

/// The compiled-in gazetteer.
pub fn gazetteer() -> &'static Gazetteer {
    &GAZETTEER
}

fn level_of(letter: &str) -> Option<Level> {
    Some(match letter {
        "N" => Level::Country,
        "P" => Level::Province,
        "C" => Level::Prefecture,
        "X" => Level::County,
        "F" => Level::Functional,
        _ => return None,
    })
}

impl Gazetteer {
    /// Reads the data; a malformed line is skipped (the data file is generated and
    /// checked by the tests, so none is).
    fn parse(data: &'static str) -> Gazetteer {
        // Sized for the data as it is (about 4 000 divisions, 8 000 names): no table grows
        // while it is filled.
        let lines = data.matches('\n').count();
        let mut divisions = Vec::with_capacity(lines);
        let mut names: Vec<(&'static str, usize, Form)> = Vec::with_capacity(2 * lines);
        let mut romanized: HashMap<&'static str, Vec<usize>, Fx> =
            HashMap::with_capacity_and_hasher(lines, Fx);
        for line in data
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let mut f = [""; 9];
            let mut n = 0;
            let mut fields = line.split('\t');
            for (slot, field) in f.iter_mut().zip(&mut fields) {
                *slot = field;
                n += 1;
            }
            if n != 9 || fields.next().is_some() {
                continue;
            }
            let [code, level, status, name, parent, successor, alternates, shorts, pinyin] = f;
            let Some(level) = level_of(level) else {
                continue;
            };
            let idx = divisions.len();
            divisions.push(Division {
                code: code.parse().ok(),
                level,
                name,
                parent: parent.parse().ok(),
                former: status == "f",
                successor: successor.parse().ok(),
            });
            names.push((name, idx, Form::Full));
            let list = |s: &'static str| s.split(',').filter(|x| !x.is_empty());
            names.extend(list(alternates).map(|a| (a, idx, Form::Alternate)));
            names.extend(list(shorts).map(|s| (s, idx, Form::Short)));
            if !pinyin.is_empty() {
                romanized.entry(pinyin).or_default().push(idx);
            }
        }
        let mut by_code: HashMap<u32, usize, Fx> =
            HashMap::with_capacity_and_hasher(divisions.len(), Fx);
        for (i, d) in divisions.iter().enumerate() {
            if let Some(c) = d.code {
                // A code's current name wins over its former names.
                let keep = by_code
                    .get(&c)
                    .is_some_and(|&j: &usize| !divisions[j].former);
                if !keep {
                    by_code.insert(c, i);
                }
            }
        }
        let mut index: HashMap<&'static str, usize, Fx> =
            HashMap::with_capacity_and_hasher(names.len(), Fx);
        let mut strings: Vec<&'static str> = Vec::with_capacity(names.len());
        // Every (pattern, division, form), grouped by pattern in the order read (a stable
        // sort), then each group best-known first: one table, not a list per name.
        let mut entries: Vec<(usize, usize, Form)> = Vec::with_capacity(names.len());
        for (s, idx, form) in names {
            let p = *index.entry(s).or_insert_with(|| {
                strings.push(s);
                strings.len() - 1
            });
            entries.push((p, idx, form));
        }
        entries.sort_by_key(|e| e.0);
        let mut flat: Vec<(usize, Form)> = entries.iter().map(|&(_, i, form)| (i, form)).collect();
        let mut patterns: Vec<std::ops::Range<usize>> = Vec::with_capacity(strings.len());
        let mut start = 0;
        for (k, e) in entries.iter().enumerate() {
            if entries.get(k + 1).is_none_or(|next| next.0 != e.0) {
                patterns.push(start..k + 1);
                start = k + 1;
            }
        }
        // Best-known first: current before former, a higher level before a lower one
        // (bare 岳阳 is the city before the county), a full name before a short one.
        for r in &patterns {
            flat[r.clone()]
                .sort_by_key(|&(i, form)| (form, divisions[i].former, divisions[i].level));
        }
        // A table of names and of their first two characters, not an automaton: it is
        // built in well under a millisecond at start-up (an Aho-Corasick automaton of these
        // names took ~30 ms, most of a small file's run).
        let mut prefixes: HashMap<(char, char), usize, Fx> =
            HashMap::with_capacity_and_hasher(strings.len(), Fx);
        let mut first = vec![0u64; (FIRST_LIMIT / 64) as usize];
        for s in &strings {
            let mut cs = s.chars();
            if let (Some(a), Some(b)) = (cs.next(), cs.next()) {
                let n = s.chars().count();
                let e = prefixes.entry((a, b)).or_insert(0);
                *e = (*e).max(n);
                if (a as u32) < FIRST_LIMIT {
                    first[a as usize / 64] |= 1 << (a as u32 % 64);
                }
            }
        }
        for list in romanized.values_mut() {
            list.sort_by_key(|&i| (divisions[i].former, divisions[i].level));
        }
        Gazetteer {
            divisions,
            by_code,
            index,
            prefixes,
            first,
            patterns,
            flat,
            romanized,
        }
    }

    /// Every division.
    pub fn divisions(&self) -> &[Division] {
        &self.divisions
    }

    /// One division by index.
    pub fn division(&self, idx: usize) -> &Division {
        &self.divisions[idx]
    }

    /// The division a code names (its current name where it has one).
    pub fn by_code(&self, code: u32) -> Option<usize> {
        self.by_code.get(&code).copied()
    }

    /// The division one lies in.
    pub fn parent(&self, idx: usize) -> Option<usize> {
        self.divisions[idx].parent.and_then(|c| self.by_code(c))
    }

    /// Whether `inner` lies in `outer` (a division does not lie in itself).
    pub fn lies_in(&self, inner: usize, outer: usize) -> bool {
        let mut at = self.parent(inner);
        let mut steps = 0;
        while let Some(p) = at {
            if p == outer || self.same_place(p, outer) {
                return true;
            }
            steps += 1;
            if steps > 4 {
                break;
            }
            at = self.parent(p);
        }
        false
    }

    /// Whether two entries are one place (a former name and the division it became).
    pub fn same_place(&self, a: usize, b: usize) -> bool {
        a == b || self.current_code(a).is_some() && self.current_code(a) == self.current_code(b)
    }

    /// The code to report for a division: its own, or for a former name the code of the
    /// current division it became (so a series of bulletins keeps one code).
    pub fn current_code(&self, idx: usize) -> Option<u32> {
        let d = &self.divisions[idx];
        if d.former {
            d.successor.or(d.code)
        } else {
            d.code
        }
    }

    /// The divisions whose short name is spelt so in pinyin (`miyun`), best-known first.
    pub fn by_pinyin(&self, word: &str) -> &[usize] {
        self.romanized.get(word).map_or(&[], Vec::as_slice)
    }

    /// Whether a name may start with `c`.
    fn may_start(&self, c: char) -> bool {
        let n = c as u32;
        n >= FIRST_LIMIT || self.first[n as usize / 64] & (1 << (n % 64)) != 0
    }

    /// Every name of a division in `text`, leftmost-longest, none overlapping.
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        let mut out = Vec::new();
        // Most lines name no place: the character table is made only for a line where a
        // name may start.
        let Some(from) = text.char_indices().position(|(_, c)| self.may_start(c)) else {
            return out;
        };
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let at = |k: usize| chars.get(k).map_or(text.len(), |c| c.0);
        let mut i = from;
        'text: while i + 1 < chars.len() {
            if !self.may_start(chars[i].1) {
                i += 1;
                continue;
            }
            if let Some(&longest) = self.prefixes.get(&(chars[i].1, chars[i + 1].1)) {
                for len in (2..=longest.min(chars.len() - i)).rev() {
                    let (start, end) = (chars[i].0, at(i + len));
                    if let Some(&p) = self.index.get(&text[start..end]) {
                        let list = &self.flat[self.patterns[p].clone()];
                        let form = list.iter().map(|p| p.1).min().unwrap_or(Form::Short);
                        out.push(Mention {
                            start,
                            end,
                            form,
                            candidates: list.iter().filter(|p| p.1 == form).map(|p| p.0).collect(),
                        });
                        i += len;
                        continue 'text;
                    }
                }
            }
            i += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(&str, Form, Vec<&'static str>)> {
        let g = gazetteer();
        g.mentions(text)
            .into_iter()
            .map(|m| {
                (
                    &text[m.start..m.end],
                    m.form,
                    m.candidates.iter().map(|&i| g.division(i).name).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn gazetteer_data_is_well_formed() {
        let g = gazetteer();
        let lines = DATA
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .count();
        assert_eq!(g.divisions().len(), lines, "every line is a division");
        assert!(g.divisions().len() > 3000);
        for (i, d) in g.divisions().iter().enumerate() {
            assert!(!d.name.is_empty());
            if d.level == Level::Province || d.level == Level::Country {
                assert!(d.parent.is_none(), "{}", d.name);
            } else {
                let p = g
                    .parent(i)
                    .unwrap_or_else(|| panic!("{} has a parent", d.name));
                assert!(g.division(p).level < d.level || d.level == Level::Functional);
            }
        }
    }

    #[test]
    fn gazetteer_finds_full_and_short_names() {
        let found = names("关于鞍山市12345热线平台");
        assert_eq!(found[0].0, "鞍山市");
        assert_eq!(found[0].1, Form::Full);
        let found = names("张家港12345热线");
        assert_eq!((found[0].0, found[0].1), ("张家港", Form::Short));
        assert_eq!(found[0].2, vec!["张家港市"]);
    }

    #[test]
    fn gazetteer_knows_names_in_pinyin() {
        let g = gazetteer();
        let found: Vec<&str> = g
            .by_pinyin("miyun")
            .iter()
            .map(|&i| g.division(i).name)
            .collect();
        assert_eq!(found[0], "密云区");
        assert!(g.by_pinyin("nowhere").is_empty());
    }

    #[test]
    fn gazetteer_keeps_former_names_with_their_successor() {
        let g = gazetteer();
        let m = &g.mentions("密云县")[0];
        let d = g.division(m.candidates[0]);
        assert!(d.former);
        assert_eq!(g.current_code(m.candidates[0]), Some(110118));
        let now = g.by_code(110118).unwrap();
        assert!(g.same_place(m.candidates[0], now));
    }

    #[test]
    fn gazetteer_lists_every_division_an_ambiguous_name_may_be() {
        let g = gazetteer();
        let m = &g.mentions("朝阳区")[0];
        assert!(m.candidates.len() >= 2);
        let beijing = g.by_code(110000).unwrap();
        assert!(m.candidates.iter().any(|&c| g.lies_in(c, beijing)));
        assert!(m.candidates.iter().any(|&c| !g.lies_in(c, beijing)));
    }
}
