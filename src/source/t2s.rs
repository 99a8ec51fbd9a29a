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

fn lookup(key: &str) -> Option<&'static str> {
    table::TABLE
        .binary_search_by(|(k, _)| (*k).cmp(key))
        .ok()
        .map(|i| table::TABLE[i].1)
}

/// Converts `text`; borrows it back unchanged when nothing in it is traditional.
pub fn t2s(text: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut copied = 0; // bytes of `text` already accounted for in `out`
    let mut pos = 0;
    while pos < text.len() {
        let rest = &text[pos..];
        let Some(c) = rest.chars().next() else { break };
        if !may_start_key(c) {
            pos += c.len_utf8();
            continue;
        }
        // Ends of the candidate keys: 1 ..= DEPTH characters from here, longest first.
        let mut ends = [0usize; table::DEPTH];
        let mut n = 0;
        for (i, ch) in rest.char_indices().take(table::DEPTH) {
            ends[n] = i + ch.len_utf8();
            n += 1;
        }
        let found = ends[..n]
            .iter()
            .rev()
            .find_map(|&end| lookup(&rest[..end]).map(|value| (end, value)));
        match found {
            Some((end, value)) => {
                let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
                buf.push_str(&text[copied..pos]);
                buf.push_str(value);
                pos += end;
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
            picks in proptest::collection::vec((0..table::TABLE.len(), 0..4u8), 0..24)
        ) {
            // Keys, first characters of keys, ASCII and a simplified character, run together.
            let mut text = String::new();
            for (i, how) in picks {
                let key = table::TABLE[i].0;
                match how {
                    0 => text.push_str(key),
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
        for (key, _) in table::TABLE {
            for text in [key.to_string(), format!("一{key}二"), format!("{key}{key}")] {
                assert_eq!(t2s(&text), hanconv::t2s(&text), "{text}");
            }
        }
    }
}
