//! Turns OpenCC's traditional → simplified dictionaries (as shipped by `hanconv`) into a
//! sorted table compiled into the binary, so no run builds them again
//! (`src/source/t2s.rs` reads the table); and lays the gazetteer out as static tables
//! (`build/gazetteer.rs`; `src/gazetteer.rs` reads them).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use hanconv::RawDictionary;

#[path = "build/gazetteer.rs"]
mod gazetteer;
#[path = "src/gazetteer/hash.rs"]
mod hash;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build/gazetteer.rs");
    println!("cargo:rerun-if-changed=src/gazetteer/hash.rs");
    println!("cargo:rerun-if-changed=data/gazetteer.tsv");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let data =
        std::fs::read_to_string("data/gazetteer.tsv").expect("data/gazetteer.tsv is readable");
    std::fs::write(out_dir.join("gazetteer_table.rs"), gazetteer::tables(&data))
        .expect("OUT_DIR is writable");
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
    let max_phrase = longest.values().copied().max().unwrap_or(1);
    let mut out = format!(
        "/// The longest phrase, in characters.\npub const MAX_PHRASE: usize = {max_phrase};\n"
    );
    static_array(
        &mut out,
        "(traditional character, simplified), sorted by character.",
        "CHARS: &[(char, &str)]",
        chars.iter().map(|(c, v)| format!("({c:?}, {v:?})")),
    );
    static_array(
        &mut out,
        "(traditional phrase, simplified), sorted by phrase.",
        "PHRASES: &[(&str, &str)]",
        phrases.iter().map(|(k, v)| format!("({k:?}, {v:?})")),
    );
    static_array(
        &mut out,
        "(first character, longest phrase it starts in characters), sorted.",
        "PHRASE_FIRST: &[(char, usize)]",
        longest.iter().map(|(c, n)| format!("({c:?}, {n})")),
    );
    static_array(
        &mut out,
        "Bit set of the Basic Multilingual Plane characters some key starts with.",
        "FIRST_BMP: &[u64]",
        first_bmp.iter().map(|w| format!("{w:#x}")),
    );
    let path =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("t2s_table.rs");
    std::fs::write(path, out).expect("OUT_DIR is writable");
}

/// Appends `/// doc` and `pub static DECL = [item, …];` to `out`.
fn static_array(out: &mut String, doc: &str, decl: &str, items: impl Iterator<Item = String>) {
    writeln!(out, "/// {doc}\npub static {decl} = &[").expect("a String takes writes");
    for item in items {
        writeln!(out, "    {item},").expect("a String takes writes");
    }
    writeln!(out, "];").expect("a String takes writes");
}
