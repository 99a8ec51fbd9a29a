//! Traditional → simplified with OpenCC's dictionaries, compiled into the binary by
//! `build.rs` (a sorted table and a bit set of the characters a key can start with), so a
//! run neither parses nor builds a dictionary. Gives the same text as `hanconv::t2s`: at
//! each character the longest key wins, else the character is kept.

use std::borrow::Cow;
use std::sync::OnceLock;

// `MAX_PHRASE` is no longer needed: a first character's phrases are tried as a group.
#[allow(dead_code)]
mod table {
    include!(concat!(env!("OUT_DIR"), "/t2s_table.rs"));
}

/// Whether some dictionary key starts with `c` (always "maybe" outside the BMP).
fn may_start_key(c: char) -> bool {
    let code = c as u32;
    if code < 0x80 {
        return false;
    }
    if code >= 0x10000 {
        return true;
    }
    table::FIRST_BMP[code as usize / 64] & (1 << (code % 64)) != 0
}

/// For each entry of `table::PHRASE_FIRST`, the range of `table::PHRASES` its character
/// starts: the phrases are sorted as text, so those of one first character are together,
/// and in the order of the first characters.
fn phrase_groups() -> &'static [(usize, usize)] {
    static GROUPS: OnceLock<Vec<(usize, usize)>> = OnceLock::new();
    GROUPS.get_or_init(|| {
        let first = |k: &str| k.chars().next();
        table::PHRASE_FIRST
            .iter()
            .map(|&(c, _)| {
                let start = table::PHRASES.partition_point(|(k, _)| first(k) < Some(c));
                let end = table::PHRASES.partition_point(|(k, _)| first(k) <= Some(c));
                (start, end)
            })
            .collect()
    })
}

/// The longest key at the start of `rest` (which starts with `first`): its length in
/// bytes and its replacement.
fn longest_key(rest: &str, first: char) -> Option<(usize, &'static str)> {
    if let Ok(i) = table::PHRASE_FIRST.binary_search_by(|(c, _)| c.cmp(&first)) {
        // The longest of the phrases `first` starts that `rest` starts with (of two
        // prefixes of `rest`, the longer in bytes is the longer in characters).
        let (start, end) = phrase_groups()[i];
        let mut best: Option<(usize, &'static str)> = None;
        for &(key, value) in &table::PHRASES[start..end] {
            if key.len() > best.map_or(0, |(len, _)| len) && rest.starts_with(key) {
                best = Some((key.len(), value));
            }
        }
        if best.is_some() {
            return best;
        }
    }
    table::CHARS
        .binary_search_by(|(c, _)| c.cmp(&first))
        .ok()
        .map(|i| (first.len_utf8(), table::CHARS[i].1))
}

/// Converts `text`; borrows it back unchanged when nothing in it is traditional.
pub fn t2s(text: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut copied = 0; // bytes of `text` already in `out`
    let mut pos = 0;
    let bytes = text.as_bytes();
    while let Some(&lead) = bytes.get(pos) {
        // ASCII and the three-byte characters (all of the Han blocks but the
        // supplementary planes) are passed over from their bytes, without decoding.
        if lead < 0x80 {
            pos += 1;
            continue;
        }
        if let (0xE0..=0xEF, Some(&[b1, b2])) = (lead, bytes.get(pos + 1..pos + 3)) {
            let code =
                (u32::from(lead & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
            if table::FIRST_BMP[code as usize / 64] & (1 << (code % 64)) == 0 {
                pos += 3;
                continue;
            }
        }
        let Some(c) = text[pos..].chars().next() else {
            break;
        };
        if !may_start_key(c) {
            pos += c.len_utf8();
            continue;
        }
        match longest_key(&text[pos..], c) {
            Some((len, value)) => {
                let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
                buf.push_str(&text[copied..pos]);
                buf.push_str(value);
                pos += len;
                copied = pos;
            }
            None => pos += c.len_utf8(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t2s_converts_characters_and_phrases() {
        assert_eq!(t2s("綜合指標值 辦結率 滿意率"), "综合指标值 办结率 满意率");
        assert_eq!(t2s("市場監督管理局"), "市场监督管理局");
        assert!(matches!(t2s("全区受理工单2848件"), Cow::Borrowed(_)));
        assert_eq!(t2s(""), "");
    }

    proptest::proptest! {
        #[test]
        fn t2s_agrees_with_hanconv_on_mixtures(
            picks in proptest::collection::vec((0..table::PHRASES.len() + table::CHARS.len(), 0..4u8), 0..24)
        ) {
            // Keys, first characters of keys, ASCII and a simplified character, run together.
            let mut text = String::new();
            for (i, how) in picks {
                let key = match table::PHRASES.get(i) {
                    Some((phrase, _)) => phrase.to_string(),
                    None => table::CHARS[i - table::PHRASES.len()].0.to_string(),
                };
                match how {
                    0 => text.push_str(&key),
                    1 => text.extend(key.chars().take(1)),
                    2 => text.push_str("9.5%"),
                    _ => text.push('区'),
                }
            }
            proptest::prop_assert_eq!(t2s(&text).into_owned(), hanconv::t2s(&text));
        }
    }

    #[test]
    fn t2s_phrase_groups_hold_every_phrase_once() {
        let groups = phrase_groups();
        assert_eq!(groups.len(), table::PHRASE_FIRST.len());
        let mut next = 0;
        for (&(start, end), &(c, longest)) in groups.iter().zip(table::PHRASE_FIRST) {
            assert_eq!(start, next);
            assert!(end > start, "{c}");
            for (key, _) in &table::PHRASES[start..end] {
                assert!(key.starts_with(c));
                assert!(key.chars().count() <= longest);
            }
            next = end;
        }
        assert_eq!(next, table::PHRASES.len());
    }

    #[test]
    fn t2s_agrees_with_hanconv_on_the_fixtures() {
        for line in crate::source::testing::fixture_lines() {
            assert_eq!(t2s(&line), hanconv::t2s(&line), "{line:?}");
        }
    }

    #[test]
    fn t2s_agrees_with_hanconv_on_every_key() {
        let keys = table::CHARS.iter().map(|(c, _)| c.to_string());
        for key in keys.chain(table::PHRASES.iter().map(|(k, _)| k.to_string())) {
            for text in [key.to_string(), format!("一{key}二"), format!("{key}{key}")] {
                assert_eq!(t2s(&text), hanconv::t2s(&text), "{text}");
            }
        }
    }
}
