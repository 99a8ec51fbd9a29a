//! Lays `data/gazetteer.tsv` out as static tables (`src/gazetteer.rs` reads them), so no
//! run parses the file or fills a hash map: the divisions, the names grouped by text with
//! their (division, form) pairs best-known first, open-addressing tables of the names,
//! of their first two characters and of the codes, and the pinyin index.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use crate::hash::{number_hash, slot, text_hash};

/// The levels in the order of `gazetteer::Level` (its derived `Ord`).
const LEVELS: &[(&str, &str)] = &[
    ("N", "Country"),
    ("P", "Province"),
    ("C", "Prefecture"),
    ("X", "County"),
    ("F", "Functional"),
];

/// The forms in the order of `gazetteer::Form`.
const FORMS: &[&str] = &["Full", "Alternate", "Short"];

/// Code points below this have a bit in the first-character set (`gazetteer::FIRST_LIMIT`).
const FIRST_LIMIT: u32 = 0x1_0000;

struct Division<'a> {
    code: Option<u32>,
    level: usize,
    name: &'a str,
    parent: Option<u32>,
    former: bool,
    successor: Option<u32>,
}

/// The Rust source of the tables of `data`.
pub fn tables(data: &str) -> String {
    let mut divisions: Vec<Division> = Vec::new();
    // (name, division, form), in the order read.
    let mut names: Vec<(&str, usize, usize)> = Vec::new();
    let mut romanized: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for line in data
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        let [code, level, status, name, parent, successor, alternates, shorts, pinyin] = f[..]
        else {
            continue;
        };
        let Some(level) = LEVELS.iter().position(|(l, _)| *l == level) else {
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
        names.push((name, idx, 0));
        names.extend(
            alternates
                .split(',')
                .filter(|x| !x.is_empty())
                .map(|a| (a, idx, 1)),
        );
        names.extend(
            shorts
                .split(',')
                .filter(|x| !x.is_empty())
                .map(|s| (s, idx, 2)),
        );
        if !pinyin.is_empty() {
            romanized.entry(pinyin).or_default().push(idx);
        }
    }
    // A code's current division (the first), else its last former name.
    let mut by_code: HashMap<u32, usize> = HashMap::new();
    for (i, d) in divisions.iter().enumerate() {
        if let Some(c) = d.code {
            let keep = by_code.get(&c).is_some_and(|&j| !divisions[j].former);
            if !keep {
                by_code.insert(c, i);
            }
        }
    }
    // Names grouped by text in the order first read, each group best-known first.
    let mut pattern_of: HashMap<&str, usize> = HashMap::new();
    let mut texts: Vec<&str> = Vec::new();
    let mut groups: Vec<Vec<(usize, usize)>> = Vec::new();
    for (s, idx, form) in names {
        let p = *pattern_of.entry(s).or_insert_with(|| {
            texts.push(s);
            groups.push(Vec::new());
            texts.len() - 1
        });
        groups[p].push((idx, form));
    }
    for g in &mut groups {
        g.sort_by_key(|&(i, form)| (form, divisions[i].former, divisions[i].level));
    }
    let mut prefixes: BTreeMap<(char, char), usize> = BTreeMap::new();
    let mut first = vec![0u64; (FIRST_LIMIT / 64) as usize];
    for s in &texts {
        let mut cs = s.chars();
        if let (Some(a), Some(b)) = (cs.next(), cs.next()) {
            let e = prefixes.entry((a, b)).or_insert(0);
            *e = (*e).max(s.chars().count());
            if (a as u32) < FIRST_LIMIT {
                first[a as usize / 64] |= 1 << (a as u32 % 64);
            }
        }
    }
    for list in romanized.values_mut() {
        list.sort_by_key(|&i| (divisions[i].former, divisions[i].level));
    }

    let mut out = String::new();
    let mut names_blob = String::new();
    let mut put = |s: &str| {
        let a = names_blob.len();
        names_blob.push_str(s);
        (a, names_blob.len())
    };
    writeln!(out, "/// Every division, in the order of the data file.").unwrap();
    writeln!(out, "pub(super) static DIVISIONS: &[Division] = &[").unwrap();
    for d in &divisions {
        writeln!(
            out,
            "    Division {{ code: {:?}, level: Level::{}, name: {:?}, parent: {:?}, former: {}, successor: {:?} }},",
            d.code, LEVELS[d.level].1, d.name, d.parent, d.former, d.successor
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();
    let spans: Vec<(usize, usize)> = texts.iter().map(|s| put(s)).collect();
    let roman: Vec<(usize, usize)> = romanized.keys().map(|s| put(s)).collect();

    writeln!(
        out,
        "/// Each name's text (a span of NAMES) and its pairs (a span of FLAT)."
    )
    .unwrap();
    writeln!(
        out,
        "pub(super) static PATTERNS: &[(u32, u32, u32, u32)] = &["
    )
    .unwrap();
    let mut flat = Vec::new();
    for (g, (a, b)) in groups.iter().zip(&spans) {
        let from = flat.len();
        flat.extend(g.iter().copied());
        writeln!(out, "    ({a}, {b}, {from}, {}),", flat.len()).unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(out, "/// (division, form) pairs of every name.").unwrap();
    writeln!(out, "pub(super) static FLAT: &[(u16, Form)] = &[").unwrap();
    for (i, form) in &flat {
        writeln!(out, "    ({i}, Form::{}),", FORMS[*form]).unwrap();
    }
    writeln!(out, "];").unwrap();

    let table = |n: usize| {
        let bits = (2 * n).next_power_of_two().trailing_zeros().max(1);
        (bits, vec![0u32; 1 << bits])
    };
    let (bits, mut index) = table(texts.len());
    for (p, s) in texts.iter().enumerate() {
        let mut at = slot(text_hash(s.as_bytes()), bits);
        while index[at] != 0 {
            at = (at + 1) & ((1 << bits) - 1);
        }
        index[at] = p as u32 + 1;
    }
    write_slots(
        &mut out,
        "INDEX",
        "names (a pattern + 1; 0 is empty)",
        bits,
        &index,
    );

    let (pbits, mut slots) = table(prefixes.len());
    let mut longest = vec![(0u32, 0u32, 0usize); slots.len()];
    for (&(a, b), &n) in &prefixes {
        let key = (u64::from(a as u32) << 32) | u64::from(b as u32);
        let mut at = slot(number_hash(key), pbits);
        while slots[at] != 0 {
            at = (at + 1) & ((1 << pbits) - 1);
        }
        slots[at] = 1;
        longest[at] = (a as u32, b as u32, n);
    }
    writeln!(out, "pub(super) const PREFIX_BITS: u32 = {pbits};").unwrap();
    writeln!(
        out,
        "/// First two characters of the names → the longest name they start, in characters\n/// (open addressing; a first character 0 is empty)."
    )
    .unwrap();
    writeln!(out, "pub(super) static PREFIXES: &[(u32, u32, u32)] = &[").unwrap();
    for (a, b, n) in &longest {
        writeln!(out, "    ({a}, {b}, {n}),").unwrap();
    }
    writeln!(out, "];").unwrap();

    let (cbits, mut codes) = table(by_code.len());
    let mut code_of = vec![0u32; codes.len()];
    let mut sorted: Vec<(u32, usize)> = by_code.into_iter().collect();
    sorted.sort();
    for (c, i) in sorted {
        let mut at = slot(number_hash(u64::from(c)), cbits);
        while codes[at] != 0 {
            at = (at + 1) & ((1 << cbits) - 1);
        }
        codes[at] = i as u32 + 1;
        code_of[at] = c;
    }
    writeln!(out, "pub(super) const CODE_BITS: u32 = {cbits};").unwrap();
    writeln!(
        out,
        "/// Codes → (code, division + 1) (open addressing; 0 is empty)."
    )
    .unwrap();
    writeln!(out, "pub(super) static BY_CODE: &[(u32, u32)] = &[").unwrap();
    for (c, i) in code_of.iter().zip(&codes) {
        writeln!(out, "    ({c}, {i}),").unwrap();
    }
    writeln!(out, "];").unwrap();

    writeln!(
        out,
        "/// Pinyin of short names (a span of NAMES, sorted) → a span of ROMAN_FLAT."
    )
    .unwrap();
    writeln!(out, "pub(super) static ROMAN: &[(u32, u32, u32, u32)] = &[").unwrap();
    let mut roman_flat = Vec::new();
    for (list, (a, b)) in romanized.values().zip(&roman) {
        let from = roman_flat.len();
        roman_flat.extend(list.iter().copied());
        writeln!(out, "    ({a}, {b}, {from}, {}),", roman_flat.len()).unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(out, "/// Divisions by pinyin, best-known first.").unwrap();
    writeln!(out, "pub(super) static ROMAN_FLAT: &[usize] = &[").unwrap();
    for i in roman_flat {
        writeln!(out, "    {i},").unwrap();
    }
    writeln!(out, "];").unwrap();

    writeln!(
        out,
        "/// The first characters of the names (a bit per code point below FIRST_LIMIT)."
    )
    .unwrap();
    writeln!(out, "pub(super) static FIRST: &[u64] = &[").unwrap();
    for w in first {
        writeln!(out, "    {w:#x},").unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(
        out,
        "/// The names' texts and the pinyin keys, one after another."
    )
    .unwrap();
    writeln!(out, "pub(super) static NAMES: &str = {names_blob:?};").unwrap();
    out
}

/// Writes `NAME_BITS` and the slots of an open-addressing table.
fn write_slots(out: &mut String, name: &str, doc: &str, bits: u32, slots: &[u32]) {
    writeln!(out, "pub(super) const {name}_BITS: u32 = {bits};").unwrap();
    writeln!(out, "/// Open-addressing table of {doc}.").unwrap();
    writeln!(out, "pub(super) static {name}: &[u32] = &[").unwrap();
    for s in slots {
        writeln!(out, "    {s},").unwrap();
    }
    writeln!(out, "];").unwrap();
}
