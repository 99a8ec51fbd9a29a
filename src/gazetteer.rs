//! The PRC administrative divisions (GB/T 2260: provinces, prefectures, counties, with
//! earlier names and a few functional areas), compiled in from `data/gazetteer.tsv`
//! (written by `scripts/make_gazetteer.py`, which records its sources). Owns finding the
//! names of divisions in text and the relations between divisions; which mention is a
//! bulletin's issuing area is decided in `extract::jurisdiction`.
//!
//! `build.rs` (`build/gazetteer.rs`) lays the data out as static tables: the divisions,
//! open-addressing tables of the names, of their first two characters and of the codes.
//! A run neither parses the file nor fills a map (that was ~14 M instructions, a quarter
//! of a small bulletin's run).

use serde::{Deserialize, Serialize};

mod hash;

/// The tables `build.rs` wrote.
mod table {
    use super::{Division, Form, Level};
    include!(concat!(env!("OUT_DIR"), "/gazetteer_table.rs"));
}

/// The data file, one division a line (see the generator for the columns).
#[cfg(test)]
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

/// The divisions and a matcher over their names: the compiled-in tables.
pub struct Gazetteer {
    _tables: (),
}

/// Code points below this have a bit in the first-character set (`table::FIRST`); a name
/// starting above it is looked up all the same.
const FIRST_LIMIT: u32 = 0x1_0000;

/// The lowest byte that leads (in UTF-8) a character a name may start with: that of
/// U+4000 (the names start with Han characters of U+4E00 and above).
const NAME_LEAD_MIN: u8 = 0xE4;

static GAZETTEER: Gazetteer = Gazetteer { _tables: () };

/// The compiled-in gazetteer.
pub fn gazetteer() -> &'static Gazetteer {
    &GAZETTEER
}

impl Gazetteer {
    /// The pattern (an index of `table::PATTERNS`) whose text is `name`.
    fn pattern(&self, name: &str) -> Option<usize> {
        let mask = (1usize << table::INDEX_BITS) - 1;
        let names = table::NAMES.as_bytes();
        let mut at = hash::slot(hash::text_hash(name.as_bytes()), table::INDEX_BITS);
        loop {
            let p = table::INDEX[at] as usize;
            let (a, b, _, _) = *table::PATTERNS.get(p.checked_sub(1)?)?;
            if names.get(a as usize..b as usize) == Some(name.as_bytes()) {
                return Some(p - 1);
            }
            at = (at + 1) & mask;
        }
    }

    /// The (division, form) pairs of a pattern, best-known first.
    fn pairs(&self, p: usize) -> &'static [(u16, Form)] {
        let (_, _, from, to) = table::PATTERNS[p];
        &table::FLAT[from as usize..to as usize]
    }

    /// The length in characters of the longest name starting with `a`, `b`.
    fn longest_from(&self, a: char, b: char) -> Option<usize> {
        let mask = (1usize << table::PREFIX_BITS) - 1;
        let key = (u64::from(a as u32) << 32) | u64::from(b as u32);
        let mut at = hash::slot(hash::number_hash(key), table::PREFIX_BITS);
        loop {
            let (x, y, n) = table::PREFIXES[at];
            if x == 0 {
                return None;
            }
            if (x, y) == (a as u32, b as u32) {
                return Some(n as usize);
            }
            at = (at + 1) & mask;
        }
    }

    /// Every division.
    pub fn divisions(&self) -> &[Division] {
        table::DIVISIONS
    }

    /// One division by index.
    pub fn division(&self, idx: usize) -> &Division {
        &table::DIVISIONS[idx]
    }

    /// The division a code names (its current name where it has one).
    pub fn by_code(&self, code: u32) -> Option<usize> {
        let mask = (1usize << table::CODE_BITS) - 1;
        let mut at = hash::slot(hash::number_hash(u64::from(code)), table::CODE_BITS);
        loop {
            let (c, i) = table::BY_CODE[at];
            if i == 0 {
                return None;
            }
            if c == code {
                return Some(i as usize - 1);
            }
            at = (at + 1) & mask;
        }
    }

    /// The division one lies in.
    pub fn parent(&self, idx: usize) -> Option<usize> {
        table::DIVISIONS[idx].parent.and_then(|c| self.by_code(c))
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
        let d = &table::DIVISIONS[idx];
        if d.former {
            d.successor.or(d.code)
        } else {
            d.code
        }
    }

    /// The divisions whose short name is spelt so in pinyin (`miyun`), best-known first.
    pub fn by_pinyin(&self, word: &str) -> &[usize] {
        let names = table::NAMES.as_bytes();
        let found = table::ROMAN
            .binary_search_by(|&(a, b, _, _)| names[a as usize..b as usize].cmp(word.as_bytes()));
        found.map_or(&[], |k| {
            let (_, _, from, to) = table::ROMAN[k];
            &table::ROMAN_FLAT[from as usize..to as usize]
        })
    }

    /// Whether a name may start with `c`.
    fn may_start(&self, c: char) -> bool {
        let n = c as u32;
        n >= FIRST_LIMIT || table::FIRST[n as usize / 64] & (1 << (n % 64)) != 0
    }

    /// Whether `text` may name a division: it holds a byte that leads a character a name
    /// may start with (every name starts with a character of U+4000 or above, led by a
    /// byte of at least [`NAME_LEAD_MIN`]: a test checks the tables). A text of ASCII,
    /// punctuation and spaces (most rows of figures) names none, and is neither
    /// compacted nor read for names.
    pub fn may_name(&self, text: &str) -> bool {
        text.bytes().any(|b| b >= NAME_LEAD_MIN)
    }

    /// Every name of a division in `text`, leftmost-longest, none overlapping.
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        let mut out = Vec::new();
        // The ends of the characters from a position, found only where a name may start
        // (most positions of a line are passed over without decoding what follows).
        let mut ends: Vec<usize> = Vec::new();
        let mut i = 0;
        'text: while let Some(c) = text[i..].chars().next() {
            let next = i + c.len_utf8();
            if !self.may_start(c) {
                i = next;
                continue;
            }
            let Some(c2) = text[next..].chars().next() else {
                break;
            };
            if let Some(longest) = self.longest_from(c, c2) {
                ends.clear();
                ends.extend(
                    text[i..]
                        .char_indices()
                        .take(longest)
                        .map(|(o, ch)| i + o + ch.len_utf8()),
                );
                for len in (2..=ends.len()).rev() {
                    let end = ends[len - 1];
                    if let Some(p) = self.pattern(&text[i..end]) {
                        out.push(self.mention(p, i, end));
                        i = end;
                        continue 'text;
                    }
                }
            }
            i = next;
        }
        out
    }

    /// The mention of the names of pattern `p` printed at `start..end`.
    fn mention(&self, p: usize, start: usize, end: usize) -> Mention {
        let list = self.pairs(p);
        let form = list.iter().map(|p| p.1).min().unwrap_or(Form::Short);
        Mention {
            start,
            end,
            form,
            candidates: list
                .iter()
                .filter(|p| p.1 == form)
                .map(|p| usize::from(p.0))
                .collect(),
        }
    }

    /// [`Gazetteer::mentions`] as it was written before, over a table of the line's
    /// characters: the reference the tests compare it with.
    #[cfg(test)]
    fn mentions_by_chars(&self, text: &str) -> Vec<Mention> {
        let mut out = Vec::new();
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
            if let Some(longest) = self.longest_from(chars[i].1, chars[i + 1].1) {
                for len in (2..=longest.min(chars.len() - i)).rev() {
                    let (start, end) = (chars[i].0, at(i + len));
                    if let Some(p) = self.pattern(&text[start..end]) {
                        out.push(self.mention(p, start, end));
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
    use std::collections::HashMap;

    // The data as the gazetteer read it before it was compiled in (a reference: the
    // compiled tables must say the same).
    /// The divisions and a matcher over their names.
    struct Reference {
        divisions: Vec<Division>,
        by_code: HashMap<u32, usize>,
        /// Every name → its pattern (an index into `patterns`).
        index: HashMap<&'static str, usize>,
        /// The first two characters of every name → the longest name (in characters) they
        /// start: a position of a text is tried only when a name can start there.
        prefixes: HashMap<(char, char), usize>,
        /// The first characters of every name, a bit per code point below [`FIRST_LIMIT`]
        /// (names start with a Han character): most positions of a text are passed over
        /// without a lookup.
        first: Vec<u64>,
        /// For each pattern: (division, form) pairs.
        patterns: Vec<std::ops::Range<usize>>,
        /// The (division, form) pairs of every pattern, a range of it each.
        flat: Vec<(usize, Form)>,
        /// Divisions by the pinyin of their short name, best-known first.
        romanized: HashMap<&'static str, Vec<usize>>,
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

    impl Reference {
        /// Reads the data; a malformed line is skipped (the data file is generated and
        /// checked by the tests, so none is).
        fn parse(data: &'static str) -> Reference {
            // Sized for the data as it is (about 4 000 divisions, 8 000 names): no table grows
            // while it is filled.
            let lines = data.matches('\n').count();
            let mut divisions = Vec::with_capacity(lines);
            let mut names: Vec<(&'static str, usize, Form)> = Vec::with_capacity(2 * lines);
            let mut romanized: HashMap<&'static str, Vec<usize>> = HashMap::with_capacity(lines);
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
            let mut by_code: HashMap<u32, usize> = HashMap::with_capacity(divisions.len());
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
            let mut index: HashMap<&'static str, usize> = HashMap::with_capacity(names.len());
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
            let mut flat: Vec<(usize, Form)> =
                entries.iter().map(|&(_, i, form)| (i, form)).collect();
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
            let mut prefixes: HashMap<(char, char), usize> = HashMap::with_capacity(strings.len());
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
            Reference {
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
    }

    #[test]
    fn gazetteer_tables_say_what_the_data_says() {
        let r = Reference::parse(DATA);
        let g = gazetteer();
        assert_eq!(g.divisions(), &r.divisions[..]);
        for (name, &p) in &r.index {
            let ours: Vec<(usize, Form)> = g
                .pairs(g.pattern(name).expect("every name is found"))
                .iter()
                .map(|&(i, f)| (usize::from(i), f))
                .collect();
            assert_eq!(ours, r.flat[r.patterns[p].clone()], "{name}");
        }
        for (&(a, b), &n) in &r.prefixes {
            assert_eq!(g.longest_from(a, b), Some(n), "{a}{b}");
        }
        assert_eq!(g.longest_from('甲', '乙'), None);
        assert_eq!(g.pattern("甲乙丙"), None);
        assert_eq!(table::FIRST, &r.first[..]);
        for d in &r.divisions {
            if let Some(c) = d.code {
                assert_eq!(g.by_code(c), r.by_code.get(&c).copied(), "{c}");
            }
        }
        assert_eq!(g.by_code(999_999), None);
        assert_eq!(
            table::BY_CODE.iter().filter(|e| e.1 != 0).count(),
            r.by_code.len()
        );
        for (word, list) in &r.romanized {
            assert_eq!(g.by_pinyin(word), &list[..], "{word}");
        }
        assert_eq!(table::ROMAN.len(), r.romanized.len());
    }

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
    fn gazetteer_names_start_with_characters_led_by_a_high_byte() {
        let g = gazetteer();
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if g.may_start(c) {
                assert!(
                    c.encode_utf8(&mut buf).as_bytes()[0] >= NAME_LEAD_MIN,
                    "{c:?}"
                );
            }
        }
        for d in g.divisions() {
            assert!(d.name.as_bytes()[0] >= NAME_LEAD_MIN, "{}", d.name);
        }
    }

    #[test]
    fn gazetteer_may_name_every_text_it_finds_a_name_in_on_the_sample_lines() {
        let g = gazetteer();
        for line in crate::extract::sample_lines::sample_lines() {
            if !g.may_name(&line) {
                assert!(g.mentions(&line).is_empty(), "{line:?}");
            }
        }
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

    /// The names' characters and what surrounds names in a line, for random texts.
    fn name_pieces() -> Vec<String> {
        let g = gazetteer();
        let mut pieces: Vec<String> = ["、", "(", ")", " ", "12345", "热线", "x", "，"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for i in (0..table::DIVISIONS.len()).step_by(97) {
            let name = g.division(i).name;
            pieces.push(name.to_string());
            pieces.extend(name.chars().map(String::from));
        }
        pieces
    }

    #[test]
    fn gazetteer_mentions_as_read_over_a_table_of_characters_on_the_sample_lines() {
        let g = gazetteer();
        let mut named = 0;
        for line in crate::extract::sample_lines::sample_lines() {
            let found = g.mentions(&line);
            assert_eq!(found, g.mentions_by_chars(&line), "{line}");
            named += found.len();
        }
        assert!(named > 100, "the sample names places ({named})");
    }

    proptest::proptest! {
        #[test]
        fn gazetteer_mentions_as_read_over_a_table_of_characters_on_any_text(
            picks in proptest::collection::vec(0usize..10_000, 0..24)
        ) {
            let pieces = name_pieces();
            let text: String = picks.iter().map(|&k| pieces[k % pieces.len()].as_str()).collect();
            let g = gazetteer();
            proptest::prop_assert_eq!(g.mentions(&text), g.mentions_by_chars(&text));
        }
    }
}
