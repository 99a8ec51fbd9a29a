//! Finding words in text cheaply: the readers test many short texts (a clause's subject, the
//! words after a place name) for a few words each, where building a searcher per call
//! costs more than the search.

use std::sync::OnceLock;

/// Whether `needle` occurs in `hay`. A clause's subject is a few dozen bytes: there a
/// Rabin-Karp scan costs less than the Two-Way searcher `str::contains` builds for every
/// call (which was most of the cost of the word tests of the prose reader).
pub(crate) fn occurs(hay: &str, needle: &str) -> bool {
    const SHORT: usize = 64;
    if hay.len() < SHORT {
        memchr::memmem::find(hay.as_bytes(), needle.as_bytes()).is_some()
    } else {
        hay.contains(needle)
    }
}

/// A list of words searched for together: any of them in a text, in one pass of an
/// automaton built on first use.
pub(crate) struct WordSet {
    words: &'static [&'static str],
    automaton: OnceLock<aho_corasick::AhoCorasick>,
}

impl WordSet {
    pub(crate) const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet {
            words,
            automaton: OnceLock::new(),
        }
    }

    fn automaton(&self) -> &aho_corasick::AhoCorasick {
        self.automaton.get_or_init(|| {
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(self.words)
                // A constant list of words: building its automaton cannot fail.
                .expect("word automaton")
        })
    }

    /// Whether any of the words occurs in `text`.
    pub(crate) fn in_text(&self, text: &str) -> bool {
        self.automaton().is_match(text)
    }

    /// The first word in `text` (the longest of those starting there) and where it starts.
    pub(crate) fn first_in(&self, text: &str) -> Option<(usize, &'static str)> {
        self.automaton()
            .find(text)
            .map(|m| (m.start(), self.words[m.pattern().as_usize()]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_occurs_in_short_and_long_text() {
        assert!(occurs("各县区共受理", "县区"));
        assert!(!occurs("各县区共受理", "市直"));
        let long = "一".repeat(40) + "网络平台";
        assert!(occurs(&long, "网络平台"));
        assert!(!occurs(&long, "热线"));
        assert!(occurs("abc", ""));
    }

    #[test]
    fn find_word_set_gives_the_first_and_longest_word() {
        static WORDS: WordSet = WordSet::new(&["分别", "分别为", "依次为"]);
        assert_eq!(
            WORDS.first_in("甲、乙依次为1、2,分别为"),
            Some((9, "依次为"))
        );
        assert_eq!(WORDS.first_in("甲乙分别为1、2"), Some((6, "分别为")));
        assert!(WORDS.in_text("分别"));
        assert_eq!(WORDS.first_in("无"), None);
    }
}
