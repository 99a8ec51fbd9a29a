//! Text normalization for matching: Word/PDF debris, pinyin glosses, full-width forms,
//! traditional → simplified. Line structure is kept (one output line per input line) so
//! provenance stays `file:line`; the raw text is kept by the callers for `unit_raw` and
//! `as_printed`.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;

use crate::pattern::Node::*;
use crate::pattern::{han, rep, Lead, Pattern};

/// Markers that Word/PDF → text converters leave behind, dropped before matching.
const DEBRIS: &str = r"(?i)\[(?:bookmark|image|picture|figure|img|ole_link)[^\]]*\]";

fn debris_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // The pattern is a constant checked by the tests.
    RE.get_or_init(|| Regex::new(DEBRIS).expect("DEBRIS is a valid regex"))
}

/// A romanization in parentheses right after a Han character: `區(qū)`, `辦結(jié)率`.
static GLOSS: Pattern = Pattern::new(
    r"(\p{Han})\(([A-Za-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,8})\)",
    "(",
    Lead::Before('('),
    Seq(&[
        Cap(1, &Class(han)),
        Lit("("),
        Cap(2, &rep(&Class(gloss_letter), 1, 8)),
        Lit(")"),
    ]),
);

/// A letter of a romanization: `[A-Za-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]`.
fn gloss_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ".contains(c)
}

/// Normalizes one line for matching. Whitespace is kept (it carries table layout).
pub fn normalize_line(raw: &str) -> String {
    let unescaped = decode_entities(raw);
    let raw: &str = &unescaped;
    if raw.is_ascii() {
        return raw.to_string();
    }
    // Each step borrows its input back when it changes nothing: one copy in all.
    let text = fold_width(raw);
    let text = then(text, remove_debris);
    let text = then(text, remove_pinyin_glosses);
    then(text, to_simplified).into_owned()
}

/// Applies `step` to `text`, keeping `text` itself when the step changes nothing.
fn then<'a>(text: Cow<'a, str>, step: impl Fn(&str) -> Cow<'_, str>) -> Cow<'a, str> {
    let changed = match step(&text) {
        Cow::Owned(s) => Some(s),
        Cow::Borrowed(_) => None,
    };
    changed.map_or(text, Cow::Owned)
}

/// Drops converter debris such as `[bookmark: _GoBack]` and `[image: …]`.
pub fn remove_debris(text: &str) -> Cow<'_, str> {
    if !text.contains('[') {
        return Cow::Borrowed(text);
    }
    debris_re().replace_all(text, "")
}

/// Drops pinyin glosses: a tone-marked romanization in parentheses right after a Han
/// character (`區(qū)` → `區`). Parenthesized Chinese such as `(教育)` is left alone.
pub fn remove_pinyin_glosses(text: &str) -> Cow<'_, str> {
    // A gloss without a tone mark is kept as printed: without a letter that may carry
    // one, nothing changes.
    if !text.contains('(') || !may_hold_tone_letter(text) {
        return Cow::Borrowed(text);
    }
    let mut out: Option<String> = None;
    let mut copied = 0;
    for caps in GLOSS.captures_iter(text) {
        let (Some(whole), Some(han)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
        buf.push_str(&text[copied..whole.start()]);
        // No tone mark: ordinary Latin text such as `(A)`, kept.
        let kept = if caps[2].is_ascii() { whole } else { han };
        buf.push_str(kept.as_str());
        copied = whole.end();
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut buf) => {
            buf.push_str(&text[copied..]);
            Cow::Owned(buf)
        }
    }
}

/// Whether `text` may hold a tone-marked letter of [`gloss_letter`]: each is encoded with
/// a lead byte C3–C7 (à … ǹ) or E1 (ḿ). A byte test, so most lines are passed over
/// without decoding a character.
fn may_hold_tone_letter(text: &str) -> bool {
    // Two vector searches of three bytes each, not a test of every byte.
    let b = text.as_bytes();
    memchr::memchr3(0xC3, 0xC4, 0xC5, b).is_some() || memchr::memchr3(0xC6, 0xC7, 0xE1, b).is_some()
}

/// [`may_hold_tone_letter`] as it was, a test of every byte: the reference the tests
/// compare it with.
#[cfg(test)]
fn may_hold_tone_letter_by_bytes(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, 0xC3..=0xC7 | 0xE1))
}

/// Full-width ASCII forms (０-９ ％ ． ， （ ） ｜ …) and the ideographic space to ASCII.
pub fn fold_width(text: &str) -> Cow<'_, str> {
    // Found by their UTF-8 lead bytes (EF for U+FF01–U+FF5E, E3 for U+3000, C2 for
    // U+00A0; a lead byte is never a continuation byte) rather than by decoding every
    // character; the runs between them are copied whole.
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    for at in memchr::memchr3_iter(0xEF, 0xE3, 0xC2, bytes) {
        let folded = match (bytes[at], bytes.get(at + 1), bytes.get(at + 2)) {
            (0xC2, Some(0xA0), _) => Some((2, ' ')),
            (0xE3, Some(0x80), Some(0x80)) => Some((3, ' ')),
            (0xEF, Some(0xBC), Some(&b)) if (0x81..=0xBF).contains(&b) => {
                Some((3, char::from(b - 0x81 + 0x21)))
            }
            (0xEF, Some(0xBD), Some(&b)) if (0x80..=0x9E).contains(&b) => {
                Some((3, char::from(b - 0x80 + 0x60)))
            }
            _ => None,
        };
        if let Some((len, ascii)) = folded {
            let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
            buf.push_str(&text[copied..at]);
            buf.push(ascii);
            copied = at + len;
        }
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut buf) => {
            buf.push_str(&text[copied..]);
            Cow::Owned(buf)
        }
    }
}

/// Named character references that mirror sites leave in copied text.
const ENTITIES: &[(&str, char)] = &[
    ("nbsp", ' '),
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("hellip", '…'),
    ("middot", '·'),
    ("times", '×'),
    ("ensp", ' '),
    ("emsp", ' '),
    ("thinsp", ' '),
];

/// HTML character references left in copied text (`&#32676;` → 群, `&#x7fa4;` → 群,
/// `&ldquo;` → “): a mirror site that could not encode a character wrote it so.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let name = &after[..semi];
            let c = if let Some(num) = name.strip_prefix('#') {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse::<u32>().ok(),
                };
                code.and_then(char::from_u32).filter(|c| !c.is_control())
            } else {
                ENTITIES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
            };
            c.map(|c| (c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
                changed = true;
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// Traditional → simplified with OpenCC's dictionaries (compiled in; see [`super::t2s`]).
pub fn to_simplified(text: &str) -> Cow<'_, str> {
    super::t2s::t2s(text)
}

/// [`compact`], borrowing a text that holds no whitespace (nothing copied or allocated:
/// the jurisdiction compacts every line that may name a place, most of them holding
/// none).
pub fn compacted(text: &str) -> Cow<'_, str> {
    let Some((mut at, mut len)) = next_space(text, 0) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    loop {
        out.push_str(&text[copied..at]);
        copied = at + len;
        match next_space(text, copied) {
            Some(next) => (at, len) = next,
            None => break,
        }
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The byte offset and the length of the first whitespace character at or after `from`
/// (a character's start), read by bytes as [`compact`] reads.
fn next_space(text: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        let (len, space) = match bytes[i] {
            b'\t'..=b'\r' | b' ' => (1, true),
            0..=0x7F => (1, false),
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                let c = text[i..].chars().next()?;
                (c.len_utf8(), c.is_whitespace())
            }
            0xC0..=0xDF => (2, false),
            0xE0..=0xEF => (3, false),
            _ => (4, false),
        };
        if space {
            return Some((i, len));
        }
        i += len;
    }
    None
}

/// Removes every whitespace character: `教  委` → `教委`, `纳入\n考评` → `纳入考评`.
pub fn compact(text: &str) -> String {
    // Copied a run at a time into a string of the right size (it is made for every line
    // the jurisdiction and the headers are looked up in). Read by bytes: a character is
    // decoded only when its lead byte may start a whitespace character (U+0085, U+00A0:
    // C2; U+1680: E1; U+2000–U+205F: E2; U+3000: E3).
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (len, space) = match b {
            b'\t'..=b'\r' | b' ' => (1, true),
            0..=0x7F => (1, false),
            0xC2 | 0xE1 | 0xE2 | 0xE3 => match text[i..].chars().next() {
                Some(c) => (c.len_utf8(), c.is_whitespace()),
                None => break,
            },
            0xC0..=0xDF => (2, false),
            0xE0..=0xEF => (3, false),
            _ => (4, false),
        };
        if space {
            out.push_str(&text[copied..i]);
            copied = i + len;
        }
        i += len;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `fold_width` as it was: every character decoded and mapped.
    fn fold_width_by_chars(text: &str) -> String {
        text.chars()
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                '\u{3000}' | '\u{00A0}' => ' ',
                _ => c,
            })
            .collect()
    }

    /// `remove_pinyin_glosses` as it was: every line with a `(` searched.
    fn remove_glosses_by_search(text: &str) -> String {
        let mut out = String::new();
        let mut copied = 0;
        for caps in GLOSS.captures_iter(text) {
            let (Some(whole), Some(han)) = (caps.get(0), caps.get(1)) else {
                continue;
            };
            out.push_str(&text[copied..whole.start()]);
            let kept = if caps[2].is_ascii() { whole } else { han };
            out.push_str(kept.as_str());
            copied = whole.end();
        }
        out.push_str(&text[copied..]);
        out
    }

    /// `normalize_line` as it was, step by step with the old steps.
    fn normalize_line_by_steps(raw: &str) -> String {
        let text = decode_entities(raw).into_owned();
        if text.is_ascii() {
            return text;
        }
        let text = fold_width_by_chars(&text);
        let text = remove_debris(&text).into_owned();
        let text = remove_glosses_by_search(&text);
        hanconv::t2s(&text)
    }

    #[test]
    fn normalize_fast_steps_are_the_old_steps_on_the_fixtures() {
        let mut every_char = String::new();
        for c in [
            '\u{FEFF}', '\u{FF00}', '\u{FF5F}', '\u{3001}', '\u{A1}', '\u{9F}',
        ] {
            every_char.push(c);
        }
        for c in '\u{FF01}'..='\u{FF5E}' {
            every_char.push(c);
        }
        let mut lines = crate::source::testing::fixture_lines();
        lines.push(every_char);
        lines.push("區(qū)(A)辦(jié)ḿ(ḿ)".to_string());
        for line in &lines {
            assert_eq!(fold_width(line), fold_width_by_chars(line), "{line:?}");
            assert_eq!(
                remove_pinyin_glosses(line),
                remove_glosses_by_search(line),
                "{line:?}"
            );
            assert_eq!(
                normalize_line(line),
                normalize_line_by_steps(line),
                "{line:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn normalize_fast_steps_agree_with_the_old_steps(line in crate::source::testing::line()) {
            proptest::prop_assert_eq!(fold_width(&line).into_owned(), fold_width_by_chars(&line));
            proptest::prop_assert_eq!(
                remove_pinyin_glosses(&line).into_owned(),
                remove_glosses_by_search(&line)
            );
            proptest::prop_assert_eq!(normalize_line(&line), normalize_line_by_steps(&line));
        }

        #[test]
        fn normalize_fold_width_agrees_on_any_text(line in "\\PC{0,24}") {
            proptest::prop_assert_eq!(fold_width(&line).into_owned(), fold_width_by_chars(&line));
        }
    }

    #[test]
    fn normalize_tone_letters_have_the_lead_bytes_tested() {
        for c in "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ".chars() {
            assert!(gloss_letter(c));
            assert!(may_hold_tone_letter(&c.to_string()), "{c}");
        }
        assert!(!may_hold_tone_letter("區(qu)辦结率１００％"));
    }

    #[test]
    fn normalize_converts_traditional_to_simplified() {
        assert_eq!(
            to_simplified("綜合指標值 辦結率 滿意率"),
            "综合指标值 办结率 满意率"
        );
        assert_eq!(to_simplified("市場監督管理局"), "市场监督管理局");
    }

    #[test]
    fn normalize_folds_full_width_digits_and_signs() {
        assert_eq!(fold_width("９９．８８％，（含）｜"), "99.88%,(含)|");
        assert_eq!(fold_width("教\u{3000}委"), "教 委");
    }

    #[test]
    fn normalize_removes_pinyin_glosses() {
        assert_eq!(remove_pinyin_glosses("乙山區(qū)"), "乙山區");
        assert_eq!(remove_pinyin_glosses("辦結(jié)率"), "辦結率");
        assert_eq!(remove_pinyin_glosses("廣興洲鎮(zhèn)"), "廣興洲鎮");
        // Not glosses: Chinese in parentheses, untoned Latin.
        assert_eq!(
            remove_pinyin_glosses("教育体育局(教育)"),
            "教育体育局(教育)"
        );
        assert_eq!(remove_pinyin_glosses("等级(A)"), "等级(A)");
    }

    #[test]
    fn normalize_gloss_pattern_matches_as_its_regex() {
        for t in [
            "區(qū)",
            "(qū)",
            "辦結(jié)率區(qū)",
            "區(A)",
            "區(abcdefgh)",
            "區(abcdefghi)",
            "區()",
            "a(qū)",
            "區區(ǚǜ)(ü)",
            "𠀀(ḿ)",
        ] {
            crate::pattern::check::agrees(&GLOSS, t);
        }
    }

    proptest::proptest! {
        #[test]
        fn normalize_gloss_pattern_agrees_with_its_regex_on_any_text(
            t in crate::pattern::check::texts(&[
                "區", "(", ")", "q", "ū", "A", "ǹ", "ḿ", "1", " ", "a", "é", "𠀀", "、",
            ])
        ) {
            crate::pattern::check::agrees(&GLOSS, &t);
        }
    }

    #[test]
    fn normalize_removes_word_debris() {
        assert_eq!(remove_debris("[bookmark: _GoBack]人力资源局"), "人力资源局");
        assert_eq!(remove_debris("[image: b3bb9270a6]高岭镇"), "高岭镇");
        assert_eq!(remove_debris("[注]"), "[注]");
    }

    #[test]
    fn normalize_line_applies_every_step() {
        assert_eq!(
            normalize_line("\t[bookmark: _GoBack]區(qū)辦結(jié)率１００％"),
            "\t区办结率100%"
        );
    }

    #[test]
    fn normalize_decodes_character_references() {
        assert_eq!(decode_entities("&#32676;眾滿意率"), "群眾滿意率");
        assert_eq!(decode_entities("區(q&#363;)"), "區(qū)");
        assert_eq!(
            decode_entities("&ldquo;12345&rdquo; &amp; &#x7fa4;"),
            "“12345” & 群"
        );
        assert_eq!(decode_entities("A&B &#;&nosuch; &"), "A&B &#;&nosuch; &");
        assert_eq!(normalize_line("乙山區(q&#363;)"), "乙山区");
    }

    /// `compact` as it was: every character decoded and tested.
    fn compact_by_chars(text: &str) -> String {
        text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    #[test]
    fn normalize_compact_drops_exactly_the_whitespace_characters() {
        // Every character alone and between two others.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let t = format!("a{c}區");
            assert_eq!(compact(&t), compact_by_chars(&t), "{:X}", c as u32);
            assert_eq!(compacted(&t), compact_by_chars(&t), "{:X}", c as u32);
            assert_eq!(
                may_hold_tone_letter(&t),
                may_hold_tone_letter_by_bytes(&t),
                "{:X}",
                c as u32
            );
        }
        for line in crate::source::testing::fixture_lines() {
            assert_eq!(compact(&line), compact_by_chars(&line), "{line:?}");
            assert_eq!(compacted(&line), compact_by_chars(&line), "{line:?}");
            assert_eq!(
                may_hold_tone_letter(&line),
                may_hold_tone_letter_by_bytes(&line),
                "{line:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn normalize_compact_agrees_with_the_char_filter(line in crate::source::testing::line()) {
            proptest::prop_assert_eq!(compact(&line), compact_by_chars(&line));
            proptest::prop_assert_eq!(compacted(&line), compact_by_chars(&line));
            proptest::prop_assert_eq!(
                may_hold_tone_letter(&line),
                may_hold_tone_letter_by_bytes(&line)
            );
        }

        #[test]
        fn normalize_compact_agrees_on_any_text(line in "\\PC{0,24}|[\\s\\x00-\\x7f\u{85}\u{2000}-\u{2030}\u{3000}]{0,12}") {
            proptest::prop_assert_eq!(compact(&line), compact_by_chars(&line));
            proptest::prop_assert_eq!(compacted(&line), compact_by_chars(&line));
        }
    }

    #[test]
    fn normalize_compacts_names() {
        assert_eq!(compact("教  委"), "教委");
        assert_eq!(compact("纳入\n考评"), "纳入考评");
        for t in ["", " ", "a b\u{3000}c\t", "\u{a0}教 委\r\n", "无空白"] {
            let by_char: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(compact(t), by_char, "{t:?}");
            assert_eq!(compacted(t), by_char, "{t:?}");
        }
    }
}
