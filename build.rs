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
    let depth = table.keys().map(|k| k.chars().count()).max().unwrap_or(1);
    let mut first_bmp = vec![0u64; 0x10000 / 64];
    let mut out = String::new();
    writeln!(out, "/// Longest key, in characters.").unwrap();
    writeln!(out, "pub const DEPTH: usize = {depth};").unwrap();
    writeln!(out, "/// (traditional, simplified), sorted by key.").unwrap();
    writeln!(out, "pub static TABLE: &[(&str, &str)] = &[").unwrap();
    for (key, value) in &table {
        writeln!(out, "    ({key:?}, {value:?}),").unwrap();
        let first = key.chars().next().expect("keys are not empty") as u32;
        if first < 0x10000 {
            first_bmp[first as usize / 64] |= 1 << (first % 64);
        }
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
