//! Test material for the differential tests of the readers' fast paths: every line of the
//! text fixtures (and of `../shared/realworld` when it is there), and random lines made of
//! what normalization and segmenting look at.

use std::path::Path;

use proptest::strategy::Strategy;

/// Every line of the text fixtures, `\r` kept (a reader sees them so).
pub(crate) fn fixture_lines() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        root.join("fixtures"),
        root.join("fixtures/layouts"),
        root.join("../shared/realworld/docs"),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut names: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        names.sort();
        files.extend(
            names
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "txt") && p.is_file()),
        );
    }
    assert!(files.len() >= 9, "the text fixtures are found");
    let mut lines = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).expect("a fixture is readable");
        let text = String::from_utf8_lossy(&bytes);
        lines.extend(text.split('\n').map(str::to_string));
    }
    lines
}

/// Pieces a line is made of: traditional characters and phrases, simplified ones,
/// full-width digits and signs, pinyin glosses, character references, debris, table
/// punctuation and every kind of space.
const PIECES: &[&str] = &[
    "區",
    "辦結率",
    "滿意率",
    "乾隆",
    "一目瞭然",
    "大",
    "酒",
    "於",
    "電",
    "区",
    "办结率",
    "满意率",
    "一",
    "甲镇",
    "１",
    "２",
    "０",
    "％",
    "．",
    "，",
    "（",
    "）",
    "｜",
    "［",
    "］",
    "\u{3000}",
    "\u{a0}",
    "(qū)",
    "(jié)",
    "(A)",
    "(",
    ")",
    "ḿ",
    "ǚ",
    "é",
    "&#32676;",
    "&#x7fa4;",
    "&ldquo;",
    "&amp;",
    "&nbsp;",
    "&",
    ";",
    "&#363;",
    "[bookmark: _GoBack]",
    "[image: x]",
    "[注]",
    "|",
    " | ",
    "\t",
    " ",
    "  ",
    "\r",
    "9",
    "99.5%",
    "a",
    "---",
    ":",
    "。",
    "𠀀",
    "𫝈",
    "㑮",
];

/// A random line of [`PIECES`].
pub(crate) fn line() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..16).prop_map(|v| v.concat())
}
