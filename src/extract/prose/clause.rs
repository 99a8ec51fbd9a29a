//! The clauses of the prose reader: keyword hits (the phrase tables of `phrases.rs` and
//! their patterns), where a clause's body begins, and what a clause's subject names (a
//! category, a group of units, a breakdown of the whole, parallel parts).

use std::borrow::Cow;

use rust_decimal::Decimal;

use super::figures::first_count;
use super::keywords::Keywords;
use crate::extract::find::{occurs, WordSet};
use crate::extract::number::numbers_in;
use crate::extract::phrases::*;
use crate::model::{Metric, MetricKind};
use crate::pattern::Node::*;
use crate::pattern::{han, opt, rep, Pattern, ANYWHERE};

/// A category a clause's subject names (`其中咨询类…`); the tests compare the pattern with
/// its regex.
pub(super) static CATEGORY: Pattern = Pattern::new(
    r"^(?:其中)?([\p{Han}、]{1,12}类)",
    "类",
    ANYWHERE,
    Seq(&[
        Start,
        opt(&Lit("其中")),
        Cap(1, &Seq(&[rep(&Class(han_or_comma), 1, 12), Lit("类")])),
    ]),
);
/// The keyword patterns (`phrases::KEYWORD_PATTERNS`).
pub(super) static PATTERNS: &[(Pattern, Key)] = &KEYWORD_PATTERNS;

/// `[\p{Han}、]`
fn han_or_comma(c: char) -> bool {
    c == '、' || han(c)
}

/// Characters before a 类 that make it no category's name (各类, 此类, 等类).
pub(super) const NOT_CATEGORY_BEFORE: &str = "各此该等两几这那多";

/// A keyword found in a clause: its byte span (in the paragraph's text) and what it
/// introduces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Hit {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) key: Key,
}

/// A clause of a sentence, with where its body (past bullets, 其中 and labels) begins.
#[cfg_attr(test, derive(Debug, PartialEq))]
pub(super) struct Clause {
    pub(super) a: usize,
    pub(super) b: usize,
    pub(super) after_semicolon: bool,
}

/// Keyword hits in `text[a..b]`: the longest at each place, none inside another; a
/// pattern (`纳入解决率考核`) replaces the plain hits it covers.
pub(super) fn keyword_hits(text: &str, a: usize, b: usize) -> Vec<Hit> {
    let (plain, patterns) = matches(text, a, b);
    let mut hits = merged(&plain, &patterns);
    received_streams(text, &mut hits);
    hits
}

/// The plain keywords and the patterns found in `text[a..b]`, each as found.
fn matches(text: &str, a: usize, b: usize) -> (Vec<Hit>, Vec<Hit>) {
    let clause = &text[a..b];
    let plain: Vec<Hit> = Keywords::get()
        .find_all(clause)
        .map(|(start, end, k)| Hit {
            start: a + start,
            end: a + end,
            key: KEYWORDS[k].1,
        })
        .collect();
    let mut patterns = Vec::new();
    for (re, key) in PATTERNS.iter() {
        for m in re.find_iter(clause) {
            patterns.push(Hit {
                start: a + m.start(),
                end: a + m.end(),
                key: *key,
            });
        }
    }
    (plain, patterns)
}

/// The plain hits with the patterns' in their place, in order.
fn merged(plain: &[Hit], patterns: &[Hit]) -> Vec<Hit> {
    // Room for all: a pattern is pushed after the hits it replaces are gone.
    let mut hits = Vec::with_capacity(plain.len() + patterns.len());
    hits.extend_from_slice(plain);
    for p in patterns {
        let (s, e) = (p.start, p.end);
        // A pattern stands for the plain phrase it ends in when that is longer.
        if hits.iter().any(|h| h.start <= s && h.end >= e) {
            continue;
        }
        hits.retain(|h| h.end <= s || h.start >= e);
        hits.push(*p);
    }
    hits.sort_by_key(|h| h.start);
    hits
}

/// A stream received (`接收市级交办工单…件`) is what the area received: the stream's
/// phrase then names the orders, not a part.
fn received_streams(text: &str, hits: &mut Vec<Hit>) {
    let mut k = 1;
    while k < hits.len() {
        if names_received_orders(text, hits, k) {
            hits.remove(k);
        } else {
            k += 1;
        }
    }
}

/// Whether `hits[k]` (`k` > 0) is a stream's phrase right after a received count's: one
/// [`received_streams`] takes out.
fn names_received_orders(text: &str, hits: &[Hit], k: usize) -> bool {
    let (before, h) = (&hits[k - 1], &hits[k]);
    h.key == Key::SubScope
        && matches!(before.key, Key::M(Metric::Received))
        && h.start - before.end <= 6
        && !text[before.end..h.start]
            .bytes()
            .any(|c| c.is_ascii_digit())
}

/// The keywords of a sentence, found once for all its clauses.
///
/// A search of the whole text finds, inside a span, what a search of the span alone finds
/// as long as no match of the whole text crosses the span's ends: both searches take the
/// leftmost match (the longest, or the pattern's first) and go on after it, and which
/// plain hits a pattern replaces depends only on the hits it overlaps. Where a match does
/// cross an end, the span is searched on its own.
#[cfg_attr(test, derive(Debug, PartialEq))]
pub(super) struct TextHits {
    plain: Vec<Hit>,
    patterns: Vec<Hit>,
    merged: Vec<Hit>,
}

/// The plain keywords and the patterns of a whole paragraph as printed, each as found (the
/// plain ones in order; the patterns in order, one pattern after the other): found once
/// for the headline reader and the statements.
pub(super) struct Matches {
    plain: Vec<Hit>,
    patterns: Vec<Hit>,
}

impl Matches {
    pub(super) fn of(text: &str) -> Matches {
        let (plain, patterns) = matches(text, 0, text.len());
        Matches { plain, patterns }
    }

    /// [`keyword_hits`] of the whole `text` these are the matches of.
    pub(super) fn hits(&self, text: &str) -> Vec<Hit> {
        let mut hits = merged(&self.plain, &self.patterns);
        received_streams(text, &mut hits);
        hits
    }
}

impl TextHits {
    /// The keywords of `text[a..b]` (a sentence), searched for in the sentence alone: what
    /// [`TextHits::within`] replaces, kept to compare with.
    #[cfg(test)]
    pub(super) fn of(text: &str, a: usize, b: usize) -> TextHits {
        let (plain, patterns) = matches(text, a, b);
        let merged = merged(&plain, &patterns);
        TextHits {
            plain,
            patterns,
            merged,
        }
    }

    /// The keywords of the sentence `a..b` of a paragraph whose asides in parentheses are
    /// blanked (`blanked`: the blanked spans, in order, none inside another), from the
    /// matches of the paragraph as printed ([`Matches`]), without searching again.
    ///
    /// No keyword or pattern holds a parenthesis, a space or a sentence's end (a test
    /// checks the phrase tables), so no match of the printed paragraph crosses a blanked
    /// span's ends or the sentence's: the matches of the sentence of the blanked text are
    /// those of the printed paragraph inside the sentence and outside every blanked span
    /// (the argument of [`TextHits`], with the sentence and the pieces between blanked
    /// spans as the spans; blanks hold no match).
    pub(super) fn within(
        found: &Matches,
        blanked: &[(usize, usize)],
        a: usize,
        b: usize,
    ) -> TextHits {
        let keep = |h: &&Hit| {
            h.start >= a && h.end <= b && {
                // The first blanked span ending after the hit's start, if it starts before
                // the hit's end, overlaps it.
                let k = blanked.partition_point(|s| s.1 <= h.start);
                blanked.get(k).is_none_or(|s| s.0 >= h.end)
            }
        };
        let inside = |all: &[Hit]| -> Vec<Hit> {
            let from = all.partition_point(|h| h.start < a);
            all[from..]
                .iter()
                .take_while(|h| h.start < b)
                .filter(keep)
                .copied()
                .collect()
        };
        let plain = inside(&found.plain);
        let patterns: Vec<Hit> = found
            .patterns
            .iter()
            .filter(|h| h.start >= a && h.start < b)
            .filter(keep)
            .copied()
            .collect();
        let merged = merged(&plain, &patterns);
        TextHits {
            plain,
            patterns,
            merged,
        }
    }

    /// [`keyword_hits`] of `text[a..b]`, a span of the sentence: the sentence's own hits
    /// there, borrowed when none is left out.
    pub(super) fn span(&self, text: &str, a: usize, b: usize) -> Cow<'_, [Hit]> {
        let crosses = |h: &Hit| h.start < a && h.end > a || h.start < b && h.end > b;
        if self.plain.iter().chain(&self.patterns).any(crosses) {
            return Cow::Owned(keyword_hits(text, a, b));
        }
        // The merged hits are in order of their starts.
        let from = self.merged.partition_point(|h| h.start < a);
        let to = from + self.merged[from..].partition_point(|h| h.start < b);
        let run = &self.merged[from..to];
        if run.iter().all(|h| h.end <= b)
            && !(1..run.len()).any(|k| names_received_orders(text, run, k))
        {
            return Cow::Borrowed(run);
        }
        let mut hits: Vec<Hit> = run.iter().filter(|h| h.end <= b).copied().collect();
        received_streams(text, &mut hits);
        Cow::Owned(hits)
    }
}

pub(super) fn contains_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| holds(text, w))
}

/// [`contains_any`] as it was written, with [`occurs`]: kept to compare.
#[cfg(test)]
pub(super) fn contains_any_by_occurs(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| occurs(text, w))
}

/// The longest text [`holds`] scans itself; a longer one is searched by `str::contains`.
const SHORT: usize = 64;

/// Whether `needle` occurs in `hay`. In the few dozen bytes of a name or a gap a scan for
/// the needle's last byte, each one found checked back byte by byte, costs less than the
/// searcher `str::contains` (Two-Way) or `memmem` builds for every call.
pub(super) fn holds(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some((&last, init)) = n.split_last() else {
        return true;
    };
    if h.len() > SHORT {
        return hay.contains(needle);
    }
    (init.len()..h.len())
        .any(|i| h[i] == last && h[i - init.len()..i].iter().zip(init).all(|(a, b)| a == b))
}

/// The channel words ([`CHANNEL_WORDS`]), searched for together.
pub(super) static CHANNELS: WordSet = WordSet::new(CHANNEL_WORDS);

/// Whether a clause's subject names a category or a topic (…类, …方面): a 类 that is
/// the third character or later, after a character that is not one of
/// [`NOT_CATEGORY_BEFORE`].
pub(super) fn names_category(prefix: &str) -> bool {
    if occurs(prefix, "方面") {
        return true;
    }
    if !prefix.contains('类') {
        return false;
    }
    let mut before = None;
    for (i, c) in prefix.chars().enumerate() {
        if c == '类' && i >= 2 && before.is_some_and(|b| !NOT_CATEGORY_BEFORE.contains(b)) {
            return true;
        }
        before = Some(c);
    }
    false
}

/// [`names_category`] as it was written, over a list of the characters: kept to compare.
#[cfg(test)]
pub(super) fn names_category_by_list(prefix: &str) -> bool {
    if prefix.contains("方面") {
        return true;
    }
    let chars: Vec<char> = prefix.chars().collect();
    chars
        .iter()
        .enumerate()
        .any(|(i, &c)| c == '类' && i >= 2 && !NOT_CATEGORY_BEFORE.contains(chars[i - 1]))
}

/// Whether a clause's subject names a group of units as its subject (not as the object:
/// `向各成员单位转派`).
pub(super) fn names_group(prefix: &str) -> bool {
    static GROUPS: WordSet = WordSet::new(GROUP_WORDS);
    if !GROUPS.in_text(prefix) {
        return false;
    }
    GROUP_WORDS.iter().any(|w| {
        prefix
            .match_indices(w)
            .any(|(at, _)| !OBJECT_MARKERS.iter().any(|m| prefix[..at].ends_with(m)))
    })
}

/// Where a clause's body begins: past spaces, bullets, quotes, a list number (`1.`, `2、`)
/// and a label before a colon that holds no figure (`工单分类:`, `1.基本数据:`).
pub(super) fn body_start(text: &str, a: usize, b: usize) -> usize {
    let clause = &text[a..b];
    let trimmed =
        clause.trim_start_matches(|c: char| c.is_whitespace() || "◆•●■□▪-—“”\"'‘’".contains(c));
    let mut at = a + clause.len() - trimmed.len();
    // A list number: one or two digits then `.` or `、`, not followed by a digit.
    let t = &text[at..b];
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if (1..=2).contains(&digits) {
        if let Some(r) = t[digits..].strip_prefix(['.', '、']) {
            if !r.starts_with(|c: char| c.is_ascii_digit()) {
                at = b - r.trim_start().len();
            }
        }
    }
    // A label: text before a colon with no keyword and no digit, and no figure right
    // after it (`投诉类工单:1136件` is a category and its count).
    let t = &text[at..b];
    if let Some(colon) = t.find(':') {
        let label = &t[..colon];
        let figure_follows = t[colon + 1..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit());
        if !label.is_empty()
            && !figure_follows
            && label.chars().count() <= 12
            && !label.chars().any(|c| c.is_ascii_digit())
            && keyword_hits(text, at, at + colon)
                .iter()
                .all(|h| !matches!(h.key, Key::M(_)))
        {
            at += colon + 1;
        }
    }
    at
}

/// Whether a count keyword of a clause has a channel word before its number.
pub(super) fn channel_in_gap(text: &str, hits: &[Hit], b: usize) -> bool {
    hits.iter().enumerate().any(|(k, h)| {
        let Key::M(m) = h.key else { return false };
        if m.kind() != MetricKind::Count {
            return false;
        }
        let next = hits.get(k + 1).map_or(b, |n| n.start);
        let window = &text[h.end..next];
        let gap = numbers_in(window)
            .next()
            .map_or(window, |t| &window[..t.start]);
        CHANNELS.in_text(gap)
    })
}

/// Whether a clause after 其中 is a breakdown of the whole by its measures: it opens with
/// a metric's keyword, or with a modifier of at most two characters before one
/// (`网络转办…件`), not with a kind of orders (`紧急工单受理…件`) nor with a measure that has
/// no key (`有效回访…件`: what follows is about those).
pub(super) fn is_breakdown(prefix: &str, hits: &[Hit]) -> bool {
    if !hits.first().is_some_and(|h| matches!(h.key, Key::M(_))) {
        return false;
    }
    let p = prefix.trim();
    p.is_empty()
        || p.chars().count() <= 2
            && !p.chars().any(|c| c.is_ascii_alphanumeric())
            && !contains_any(p, ORDER_NOUNS)
}

impl Key {
    /// The key, unless it is a share (every part has one: it makes no two parts alike).
    pub(super) fn filter_share(self) -> Key {
        match self {
            Key::M(Metric::Share) => Key::NoKey,
            k => k,
        }
    }
}

/// Whether the 其中 of a sentence lists parallel parts: two `;`-separated segments of the
/// breakdown that state the same measure (`协调办理…,办结率…;交办处理…,办结率…`).
pub(super) fn parallel_parts(text: &str, hits_of: &TextHits, clauses: &[Clause]) -> bool {
    // A clause's body is inside the sentence: a sentence without 其中 has no such clause.
    let sentence = match (clauses.first(), clauses.last()) {
        (Some(first), Some(last)) => &text[first.a..last.b],
        _ => return false,
    };
    if !occurs(sentence, "其中") {
        return false;
    }
    let Some(first) = clauses
        .iter()
        .position(|c| text[body_start(text, c.a, c.b)..c.b].starts_with("其中"))
    else {
        return false;
    };
    let mut segments: Vec<std::collections::BTreeSet<Metric>> = vec![Default::default()];
    for c in &clauses[first..] {
        if c.after_semicolon {
            segments.push(Default::default());
        }
        let hits = hits_of.span(text, c.a, c.b);
        // A segment about a channel or a named part is not one of the parallel parts.
        let prefix = &text[c.a..hits.first().map_or(c.b, |h| h.start)];
        if CHANNELS.in_text(prefix) {
            continue;
        }
        for (k, h) in hits.iter().enumerate() {
            let next = hits.get(k + 1).map_or(c.b, |n| n.start);
            if let Key::M(m) = h.key.filter_share() {
                if numbers_in(&text[h.end..next]).next().is_some() {
                    if let Some(seg) = segments.last_mut() {
                        seg.insert(m);
                    }
                }
            }
        }
    }
    segments.len() >= 2
        && segments.iter().enumerate().any(|(i, s)| {
            segments[i + 1..]
                .iter()
                .any(|t| s.intersection(t).next().is_some())
        })
}

/// A named category at the start of a clause (`疫情防控类工单4032件`): its name, when a
/// count follows.
pub(super) fn category_at(text: &str, a: usize, b: usize, hits: &[Hit]) -> Option<String> {
    let body = &text[a..b];
    // The pattern ends in 类: a clause without one near its start is no category (and
    // costs no search).
    if !lei_near_start(body) {
        return None;
    }
    category_matched(text, a, b, hits)
}

/// [`category_at`] past its cheap test: the [`CATEGORY`] pattern and what must hold of the
/// name it gives.
fn category_matched(text: &str, a: usize, b: usize, hits: &[Hit]) -> Option<String> {
    let body = &text[a..b];
    let c = CATEGORY.captures(body)?;
    let m = c.get(1)?;
    let name = m.as_str().trim_start_matches("其中");
    let before_lei = name.trim_end_matches('类').chars().next_back()?;
    let inside_keyword = hits.iter().any(|h| h.start < a + m.end());
    let ok = name.chars().count() >= 3
        && !NOT_CATEGORY_BEFORE.contains(before_lei)
        && !inside_keyword
        && !body[m.end()..].starts_with(['别', '型'])
        && category_count(text, a, b).is_some();
    ok.then(|| name.to_string())
}

/// How far into a clause a [`CATEGORY`] match can end, in bytes: 其中, then at most 12
/// characters of at most 4 bytes, then 类.
const CATEGORY_REACH: usize = 2 * 3 + 12 * 4 + 3;

/// Whether a 类 ends within [`CATEGORY_REACH`] bytes of the start of `body`: where every
/// [`CATEGORY`] match of it ends. A byte scan of that much, not the whole clause.
fn lei_near_start(body: &str) -> bool {
    const LEI: [u8; 3] = [0xE7, 0xB1, 0xBB];
    let head = &body.as_bytes()[..body.len().min(CATEGORY_REACH)];
    head.windows(3).any(|w| w == LEI)
}

/// [`category_at`] as it was written (a 类 looked for in the whole clause): kept to
/// compare.
#[cfg(test)]
pub(super) fn category_at_old(text: &str, a: usize, b: usize, hits: &[Hit]) -> Option<String> {
    let body = &text[a..b];
    if !body.contains('类') {
        return None;
    }
    category_matched(text, a, b, hits)
}

/// The count of a named category: the first number after its name, with a count unit.
pub(super) fn category_count(text: &str, a: usize, b: usize) -> Option<(Decimal, usize, String)> {
    let body = &text[a..b];
    let m = CATEGORY.captures(body)?.get(0)?;
    let rest = &body[m.end()..];
    let (d, at, printed) = first_count(rest)?;
    Some((d, a + m.end() + at, printed))
}

#[cfg(test)]
mod pattern_tests {
    use super::*;

    #[test]
    fn clause_lei_is_the_bytes_of_lei() {
        assert_eq!("类".as_bytes(), [0xE7, 0xB1, 0xBB]);
    }

    /// [`category_at`] and [`holds`] give what the functions they replace give, at every
    /// start of a clause of `text`.
    fn clause_tests_agree(text: &str) {
        let hits = keyword_hits(text, 0, text.len());
        for (a, _) in text.char_indices() {
            for b in [text.len(), text.len().min(a + 30)] {
                if !text.is_char_boundary(b) {
                    continue;
                }
                let after: Vec<Hit> = hits.iter().filter(|h| h.start >= a).copied().collect();
                for hs in [&hits[..], &after[..]] {
                    assert_eq!(
                        category_at(text, a, b, hs),
                        category_at_old(text, a, b, hs),
                        "{:?}",
                        &text[a..b]
                    );
                }
            }
            let t = &text[a..];
            for words in [THRESHOLD_BEFORE, ORDER_NOUNS] {
                assert_eq!(
                    contains_any(t, words),
                    contains_any_by_occurs(t, words),
                    "{t:?}"
                );
            }
        }
    }

    #[test]
    fn clause_category_and_word_tests_agree_with_the_old_ones() {
        for t in [
            "其中咨询类工单4032件",
            "其中一二三四五六七八九十一二类工单5件",
            "其中𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀类工单5件",
            "𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀𠀀类工单5件",
            "疫情防控类工单4032件,占比23.46%",
            "各类工单12件",
        ] {
            clause_tests_agree(t);
        }
        for p in super::super::tests::sample_paragraphs() {
            // The clauses of a long paragraph: enough to meet every kind, in bounded time.
            let end = (0..=p.text.len().min(600))
                .rev()
                .find(|&e| p.text.is_char_boundary(e))
                .unwrap_or(0);
            clause_tests_agree(&p.text[..end]);
        }
    }

    #[test]
    fn clause_gap_words_are_not_empty() {
        // `read_number` passes over an empty gap: it holds none of these words.
        for w in THRESHOLD_BEFORE.iter().chain(SHARED_BEFORE) {
            assert!(!w.is_empty());
        }
    }

    #[test]
    fn clause_holds_as_str_contains() {
        for (h, n) in [
            ("", ""),
            ("", "a"),
            ("a", ""),
            ("abc", "bc"),
            ("abc", "ca"),
            ("以上以下", "以下"),
        ] {
            assert_eq!(holds(h, n), h.contains(n));
        }
    }

    proptest::proptest! {
        #[test]
        fn clause_holds_as_str_contains_on_any_text(
            h in crate::pattern::check::texts(&["低于", "以", "上", "下", "a", "ab", "b", "𠀀", "、"]),
            n in crate::pattern::check::texts(&["低于", "以", "上", "下", "a", "b", "𠀀"]),
        ) {
            proptest::prop_assert_eq!(holds(&h, &n), h.contains(n.as_str()));
        }

        #[test]
        fn clause_category_and_word_tests_agree_on_any_text(
            t in crate::pattern::check::texts(&[
                "其中", "类", "咨询", "、", "工单", "12", "件", "𠀀", "各", "别", "型", "低于",
                "受理", "以上", ",",
            ])
        ) {
            clause_tests_agree(&t);
        }
    }

    #[test]
    fn clause_category_pattern_matches_as_its_regex() {
        for t in [
            "其中咨询类工单4032件",
            "疫情防控类工单",
            "其中、类",
            "类",
            "一二三四五六七八九十一二类",
            "一二三四五六七八九十一二三类",
            "咨询类投诉类建议类",
            "其中类",
            "其中其中类",
            "a类",
            " 咨询类",
            "𠀀类",
        ] {
            crate::pattern::check::agrees(&CATEGORY, t);
        }
    }

    proptest::proptest! {
        #[test]
        fn clause_category_pattern_agrees_with_its_regex_on_any_text(
            t in crate::pattern::check::texts(&[
                "其中", "其", "中", "类", "、", "咨", "询", "a", "1", " ", "𠀀", "，",
            ])
        ) {
            crate::pattern::check::agrees(&CATEGORY, &t);
        }
    }
}
