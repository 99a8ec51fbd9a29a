//! Words found by their first character: the plain keywords of the prose ([`KEYWORDS`]),
//! at each character of a text the longest keyword that starts there, then on after it;
//! the statements' word lists (`statement/scan.rs`), every word at every character.
//!
//! That is what an Aho-Corasick automaton with leftmost-longest matching finds (the
//! automaton it replaces is kept in the tests, which compare the two): a keyword starts
//! with a character's first byte, so every match starts at a character; the first
//! character where some keyword starts is the leftmost match, the longest keyword there
//! the longest; the search goes on at its end. The keywords are distinct (a test of
//! `phrases.rs`), so no two of the same length start at one place.
//!
//! Most characters of a bulletin start no keyword: a table by code point says which do
//! and where their keywords are, so most characters cost a decoding, a load and a test,
//! where the automaton walked every byte through its states; building the table costs
//! less than building the automaton did.

use std::sync::OnceLock;

use crate::extract::phrases::KEYWORDS;

/// The keywords grouped by their first character, longest first in each group.
pub(super) struct Keywords<'w> {
    /// The words, in their table's order.
    words: Vec<&'w str>,
    /// For each character of the Basic Multilingual Plane, 1 + the index in `groups` of the
    /// keywords it starts, or 0.
    group_of: Vec<u16>,
    /// The first characters beyond that plane, with 1 + their group's index.
    astral: Vec<(char, u16)>,
    /// Each group's range in `order`.
    groups: Vec<(usize, usize)>,
    /// Indices into the words, by first character, then longest first.
    order: Vec<usize>,
}

impl<'w> Keywords<'w> {
    /// The search of `words`, none of which is empty (an automaton matches an empty word
    /// everywhere) and no two of which are equal.
    pub(super) fn new(words: &[&'w str]) -> Keywords<'w> {
        let first = |k: usize| words[k].chars().next().unwrap_or_default();
        let mut order: Vec<usize> = (0..words.len()).filter(|&k| !words[k].is_empty()).collect();
        // By first character, longest first.
        order.sort_by(|&x, &y| {
            first(x)
                .cmp(&first(y))
                .then(words[y].len().cmp(&words[x].len()))
        });
        let mut group_of = vec![0u16; 0x1_0000];
        let mut astral = Vec::new();
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut last = None;
        for (i, &k) in order.iter().enumerate() {
            let c = first(k);
            if last == Some(c) {
                if let Some(g) = groups.last_mut() {
                    g.1 = i + 1;
                }
                continue;
            }
            last = Some(c);
            groups.push((i, i + 1));
            // More first characters than a u16 counts cannot be: a group per character of
            // a small table.
            let id = u16::try_from(groups.len()).unwrap_or(u16::MAX);
            match usize::try_from(u32::from(c)) {
                Ok(at) if at < group_of.len() => group_of[at] = id,
                _ => astral.push((c, id)),
            }
        }
        Keywords {
            words: words.to_vec(),
            group_of,
            astral,
            groups,
            order,
        }
    }

    /// The keywords of [`KEYWORDS`], built on first use.
    pub(super) fn get() -> &'static Keywords<'static> {
        static KW: OnceLock<Keywords<'static>> = OnceLock::new();
        KW.get_or_init(|| {
            let words: Vec<&str> = KEYWORDS.iter().map(|(k, _)| *k).collect();
            Keywords::new(&words)
        })
    }

    /// The longest keyword of group `g` (1 + its index) that `rest` starts with, its first
    /// character (`width` bytes) known to be theirs.
    #[inline(always)]
    fn longest_in(&self, g: u16, rest: &[u8], width: usize) -> Option<usize> {
        let (from, to) = *self.groups.get(usize::from(g).checked_sub(1)?)?;
        self.order[from..to]
            .iter()
            .copied()
            .find(|&k| starts_with_after(rest, self.words[k].as_bytes(), width))
    }

    /// The group (1 + its index, or 0) of the character at byte `i` of `text` (a
    /// character's start), and the character's length in bytes.
    #[inline(always)]
    fn group_at(&self, text: &str, i: usize) -> (u16, usize) {
        let bytes = text.as_bytes();
        let Some(&b0) = bytes.get(i) else {
            return (0, 1);
        };
        // Decoded from its bytes (the text is UTF-8).
        let cont = |k: usize| u32::from(bytes.get(i + k).copied().unwrap_or(0) & 0x3F);
        let (cp, width) = match b0 {
            0..=0x7F => (u32::from(b0), 1),
            0x80..=0xDF => ((u32::from(b0 & 0x1F) << 6) | cont(1), 2),
            0xE0..=0xEF => ((u32::from(b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3),
            _ => return (self.astral_group(&text[i..]), 4),
        };
        (self.group_of[cp as usize], width)
    }

    /// Every keyword of `text`, leftmost-longest and not overlapping, as (start, end,
    /// index into the words).
    pub(super) fn find_all<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 't {
        let bytes = text.as_bytes();
        let mut i = 0;
        std::iter::from_fn(move || {
            while i < bytes.len() {
                // `i` is always at a character's start.
                let (g, width) = self.group_at(text, i);
                if g != 0 {
                    if let Some(k) = self.longest_in(g, &bytes[i..], width) {
                        let start = i;
                        i += self.words[k].len();
                        return Some((start, i, k));
                    }
                }
                i += width;
            }
            None
        })
    }

    /// Every occurrence of every word in `text`, overlapping ones too, as (start, end,
    /// index into the words): what an automaton's overlapping search finds (in another
    /// order: here by start, then longest first).
    pub(super) fn for_each_in(&self, text: &str, mut found: impl FnMut(usize, usize, usize)) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let (g, width) = self.group_at(text, i);
            if let Some(&(from, to)) = usize::from(g)
                .checked_sub(1)
                .and_then(|g| self.groups.get(g))
            {
                for &k in &self.order[from..to] {
                    if starts_with_after(&bytes[i..], self.words[k].as_bytes(), width) {
                        found(i, i + self.words[k].len(), k);
                    }
                }
            }
            i += width;
        }
    }

    /// The group (1 + its index) of the character beyond the Basic Multilingual Plane that
    /// `rest` starts with, or 0.
    fn astral_group(&self, rest: &str) -> u16 {
        let c = rest.chars().next();
        self.astral
            .iter()
            .find(|a| Some(a.0) == c)
            .map_or(0, |a| a.1)
    }
}

/// Whether `rest` starts with `word`, whose first `known` bytes it is known to share.
/// Byte by byte: the words are short, a call to `memcmp` costs more.
#[inline(always)]
fn starts_with_after(rest: &[u8], word: &[u8], known: usize) -> bool {
    word.len() <= rest.len()
        && word.len() >= known
        && word[known..]
            .iter()
            .zip(&rest[known..])
            .all(|(a, b)| a == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The leftmost-longest automaton the first-character search replaces.
    fn by_automaton(words: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(words)
            .unwrap()
            .find_iter(text)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect()
    }

    /// Every occurrence, by an overlapping automaton, sorted.
    fn every_by_automaton(words: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
        let mut all: Vec<_> = aho_corasick::AhoCorasick::new(words)
            .unwrap()
            .find_overlapping_iter(text)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        all.sort();
        all
    }

    fn agree(words: &[&str], text: &str) {
        let kw = Keywords::new(words);
        let found: Vec<_> = kw.find_all(text).collect();
        assert_eq!(found, by_automaton(words, text), "{text:?}");
        let mut every = Vec::new();
        kw.for_each_in(text, |s, e, k| every.push((s, e, k)));
        every.sort();
        assert_eq!(every, every_by_automaton(words, text), "{text:?}");
    }

    #[test]
    fn keywords_found_by_first_character_as_by_the_automaton() {
        let words: Vec<&str> = KEYWORDS.iter().map(|(k, _)| *k).collect();
        let words = &words;
        for t in [
            "",
            "受理",
            "共受理群众诉求17190件,按期办结率99%,办结率98%",
            "按期办结率按期办结按期",
            "不满意率不满意满意率满意度",
            "占比占占道",
            "a受理b。接受办理",
            "𠀀受理𠀀",
            "受",
        ] {
            agree(words, t);
        }
        for p in super::super::tests::sample_paragraphs() {
            agree(words, &p.text);
        }
    }

    #[test]
    fn keywords_of_other_tables_found_as_by_the_automaton() {
        let words = [
            "a", "ab", "abc", "b", "é", "éa", "𠀀x", "x", "受", "受理", "理",
        ];
        for t in ["", "abcab", "ééa𠀀x𠀀", "受理理受", "xaxb", "aé受"] {
            agree(&words, t);
        }
    }

    proptest::proptest! {
        #[test]
        fn keywords_found_by_first_character_as_by_the_automaton_on_any_text(
            t in crate::pattern::check::texts(&[
                "受理", "受", "理", "办结", "按期", "率", "满意", "不", "占", "比", "接", "收",
                "交办", "上级", "a", "1", " ", "。", "𠀀", "é", "期内", "超期", "未办",
            ])
        ) {
            let words: Vec<&str> = KEYWORDS.iter().map(|(k, _)| *k).collect();
            agree(&words, &t);
        }

        #[test]
        fn keywords_of_other_tables_found_as_by_the_automaton_on_any_text(
            t in crate::pattern::check::texts(&["a", "b", "ab", "é", "𠀀", "x", "受", "理", " "])
        ) {
            agree(&["a", "ab", "abc", "b", "é", "éa", "𠀀x", "x", "受", "受理", "理"], &t);
        }
    }
}
