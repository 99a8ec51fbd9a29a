//! Turns OpenCC's traditional → simplified dictionaries (as shipped by `hanconv`) into a
//! sorted table compiled into the binary, so no run builds them again
//! (`src/source/t2s.rs` reads the table).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use hanconv::RawDictionary;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // The order hanconv's own T2S converter uses: a later entry for the same key wins.
    let mut table: BTreeMap<&str, &str> = BTreeMap::new();
    for dict in [RawDictionary::TSPhrases, RawDictionary::TSCharacters] {
        for (key, value) in dict.iter() {
            table.insert(key, value);
        }
    }
    // Single characters by code point (a cheap comparison); phrases sorted as text, with
    // the longest phrase (in characters) each first character starts.
    let mut chars: Vec<(char, &str)> = Vec::new();
    let mut phrases: Vec<(&str, &str)> = Vec::new();
    let mut longest: BTreeMap<char, usize> = BTreeMap::new();
    let mut first_bmp = vec![0u64; 0x10000 / 64];
    for (key, value) in &table {
        let mut it = key.chars();
        let first = it.next().expect("keys are not empty");
        if (first as u32) < 0x10000 {
            first_bmp[first as usize / 64] |= 1 << (first as u32 % 64);
        }
        if it.next().is_none() {
            chars.push((first, value));
        } else {
            phrases.push((key, value));
            let len = key.chars().count();
            let max = longest.entry(first).or_insert(0);
            *max = (*max).max(len);
        }
    }
    chars.sort();
    let mut out = String::new();
    let max_phrase = longest.values().copied().max().unwrap_or(1);
    writeln!(out, "/// The longest phrase, in characters.").unwrap();
    writeln!(out, "pub const MAX_PHRASE: usize = {max_phrase};").unwrap();
    writeln!(
        out,
        "/// (traditional character, simplified), sorted by character."
    )
    .unwrap();
    writeln!(out, "pub static CHARS: &[(char, &str)] = &[").unwrap();
    for (c, v) in &chars {
        writeln!(out, "    ({c:?}, {v:?}),").unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(
        out,
        "/// (traditional phrase, simplified), sorted by phrase."
    )
    .unwrap();
    writeln!(out, "pub static PHRASES: &[(&str, &str)] = &[").unwrap();
    for (k, v) in &phrases {
        writeln!(out, "    ({k:?}, {v:?}),").unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(
        out,
        "/// (first character, longest phrase it starts in characters), sorted."
    )
    .unwrap();
    writeln!(out, "pub static PHRASE_FIRST: &[(char, usize)] = &[").unwrap();
    for (c, n) in &longest {
        writeln!(out, "    ({c:?}, {n}),").unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(
        out,
        "/// Bit set of the Basic Multilingual Plane characters some key starts with."
    )
    .unwrap();
    writeln!(out, "pub static FIRST_BMP: [u64; {}] = [", first_bmp.len()).unwrap();
    for chunk in first_bmp.chunks(8) {
        let words: Vec<String> = chunk.iter().map(|w| format!("{w:#x}")).collect();
        writeln!(out, "    {},", words.join(", ")).unwrap();
    }
    writeln!(out, "];").unwrap();
    let path =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("t2s_table.rs");
    std::fs::write(path, out).expect("OUT_DIR is writable");
}
