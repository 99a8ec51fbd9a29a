//! Traditional → simplified with OpenCC's dictionaries, compiled into the binary by
//! `build.rs` (a sorted table and a bit set of the characters a key can start with), so a
//! run neither parses nor builds a dictionary. Gives the same text as `hanconv::t2s`: at
//! each character the longest key wins, else the character is kept.

use std::borrow::Cow;

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

/// The longest key at the start of `rest` (which starts with `first`): its length in
/// bytes and its replacement.
fn longest_key(rest: &str, first: char) -> Option<(usize, &'static str)> {
    if let Ok(i) = table::PHRASE_FIRST.binary_search_by(|(c, _)| c.cmp(&first)) {
        let longest = table::PHRASE_FIRST[i].1;
        // Ends of the candidate phrases, 2 ..= `longest` characters, tried longest first.
        let mut ends = [0usize; table::MAX_PHRASE];
        let mut n = 0;
        for (at, ch) in rest.char_indices().skip(1).take(longest - 1) {
            ends[n] = at + ch.len_utf8();
            n += 1;
        }
        for &end in ends[..n].iter().rev() {
            let key = &rest[..end];
            if let Ok(j) = table::PHRASES.binary_search_by(|(k, _)| (*k).cmp(key)) {
                return Some((end, table::PHRASES[j].1));
            }
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
    while let Some(c) = text[pos..].chars().next() {
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
    fn t2s_agrees_with_hanconv_on_every_key() {
        let keys = table::CHARS.iter().map(|(c, _)| c.to_string());
        for key in keys.chain(table::PHRASES.iter().map(|(k, _)| k.to_string())) {
            for text in [key.to_string(), format!("一{key}二"), format!("{key}{key}")] {
                assert_eq!(t2s(&text), hanconv::t2s(&text), "{text}");
            }
        }
    }
}
