//! Small fixed text patterns (the period's dates, a masthead's date, a gloss, a category)
//! written as a tree of nodes and matched by backtracking, so a run compiles no automaton:
//! building the ~20 regexes these were took ~40% of a small bulletin's run (their Unicode
//! `\s` and `[^0-9]` classes compiled forward and in reverse).
//!
//! A [`Pattern`] gives what its regex (kept beside it) gives: leftmost-first matches,
//! greedy and lazy repeats, the span of each group (the last one a repeat took). Each
//! search has a budget of steps proportional to the text; a pattern that backtracks past
//! it (a pathological text, as long runs of spaces between ambiguous repeats) hands that
//! search to the regex, compiled then. The tests of each pattern compare its matches
//! with the regex's on random texts of the characters it names.

use std::cell::Cell;
use std::sync::OnceLock;

use regex::Regex;

/// A piece of a pattern.
pub(crate) enum Node {
    /// This exact text.
    Lit(&'static str),
    /// One character of this text.
    Any(&'static str),
    /// One character not in this text.
    NoneOf(&'static str),
    /// One character the function accepts.
    Class(fn(char) -> bool),
    /// The start of the text (`^`).
    Start,
    /// The end of the text (`$`).
    End,
    /// These in turn.
    Seq(&'static [Node]),
    /// The first of these that leads to a match (`a|b`).
    Alt(&'static [Node]),
    /// From `min` to `max` times, as many as may be (greedy) or as few.
    Rep(&'static Node, u32, u32, Greed),
    /// A group: its span is reported.
    Cap(usize, &'static Node),
}

/// How a repeat chooses.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Greed {
    Greedy,
    Lazy,
}

use Node::*;

/// `x?`
pub(crate) const fn opt(n: &'static Node) -> Node {
    Rep(n, 0, 1, Greed::Greedy)
}

/// `x*`
pub(crate) const fn star(n: &'static Node) -> Node {
    Rep(n, 0, u32::MAX, Greed::Greedy)
}

/// `x{min,max}`
pub(crate) const fn rep(n: &'static Node, min: u32, max: u32) -> Node {
    Rep(n, min, max, Greed::Greedy)
}

/// `x{min,max}?`
pub(crate) const fn lazy(n: &'static Node, min: u32, max: u32) -> Node {
    Rep(n, min, max, Greed::Lazy)
}

/// An ASCII digit (`[0-9]`).
pub(crate) fn digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// `\s` of a Unicode regex: the White_Space property, as `char::is_whitespace`.
pub(crate) fn space(c: char) -> bool {
    c.is_whitespace()
}

/// `\p{Han}`: the Han script, as the regex crate's Unicode tables give it (the tests
/// compare every code point).
pub(crate) fn han(c: char) -> bool {
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return true;
    }
    HAN.binary_search_by(|&(lo, hi)| {
        if hi < c {
            std::cmp::Ordering::Less
        } else if lo > c {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    })
    .is_ok()
}

/// The ranges of the Han script (regex-syntax 0.8's `script::HAN`).
const HAN: &[(char, char)] = &[
    ('\u{2E80}', '\u{2E99}'),
    ('\u{2E9B}', '\u{2EF3}'),
    ('\u{2F00}', '\u{2FD5}'),
    ('\u{3005}', '\u{3005}'),
    ('\u{3007}', '\u{3007}'),
    ('\u{3021}', '\u{3029}'),
    ('\u{3038}', '\u{303B}'),
    ('\u{3400}', '\u{4DBF}'),
    ('\u{4E00}', '\u{9FFF}'),
    ('\u{F900}', '\u{FA6D}'),
    ('\u{FA70}', '\u{FAD9}'),
    ('\u{16FE2}', '\u{16FE3}'),
    ('\u{16FF0}', '\u{16FF1}'),
    ('\u{20000}', '\u{2A6DF}'),
    ('\u{2A700}', '\u{2B739}'),
    ('\u{2B740}', '\u{2B81D}'),
    ('\u{2B820}', '\u{2CEA1}'),
    ('\u{2CEB0}', '\u{2EBE0}'),
    ('\u{2EBF0}', '\u{2EE5D}'),
    ('\u{2F800}', '\u{2FA1D}'),
    ('\u{30000}', '\u{3134A}'),
    ('\u{31350}', '\u{323AF}'),
];

/// Group spans, the whole match first; enough for the largest pattern.
const SLOTS: usize = 12;
type Spans = [Option<(usize, usize)>; SLOTS];

/// A pattern, the regex it stands for, a text every match contains, and where a match
/// may start.
pub(crate) struct Pattern {
    node: Node,
    regex: &'static str,
    needle: &'static str,
    /// For a pattern anchored at the end of the text (`…$`): a test the text's last
    /// character passes wherever there is a match.
    last: Option<fn(char) -> bool>,
    /// A test every text holding a match passes (what the match must hold: a number
    /// right before a word, …), made once a text.
    holds: Option<fn(&str) -> bool>,
    lead: Lead,
    fallback: OnceLock<Regex>,
}

/// Where a match may start: a quick test that spares most places of a text a try.
#[derive(Clone, Copy)]
pub(crate) enum Lead {
    /// Where a test of the first two characters allows.
    Chars(fn(char, Option<char>) -> bool),
    /// At the start of the text or one character before four ASCII digits (the pattern
    /// opens with `(?:^|[^0-9])[0-9]{4}`), or where the test allows: found by a scan of
    /// the bytes.
    Year(Option<fn(char, Option<char>) -> bool>),
    /// As `Year`, but only where the text after the four digits passes the first test
    /// (what the pattern must go on with after its year: `\s*年`, `[-./]`).
    YearThen(fn(&str) -> bool, Option<fn(char, Option<char>) -> bool>),
    /// Where four ASCII digits start (the pattern opens with `[0-9]{4}`).
    Digits,
    /// Where the test allows the first or the second character: what `Chars(|a, b|
    /// f(a) || b.is_some_and(f))` allows, found by one test of each character.
    Near(fn(char) -> bool),
    /// One character before this one (the pattern's second character is always it).
    Before(char),
}

/// A match may start anywhere.
pub(crate) const ANYWHERE: Lead = Lead::Chars(|_, _| true);

/// Whether `text` contains `needle`: its first character found by a byte search, then the
/// rest compared (a text searcher costs more to set up than most lines take to scan).
fn contains(text: &str, needle: &str) -> bool {
    let Some(c) = needle.chars().next() else {
        return true;
    };
    text.match_indices(c)
        .any(|(at, _)| text[at..].starts_with(needle))
}

/// The offset of the first ASCII digit of `b`, read eight bytes at a time (most bytes
/// of a line are no digit).
fn first_digit(b: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = b.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        // A digit is a byte that is below 10 once `0` is taken off by an xor; a word holds
        // a byte below 10 exactly when this borrow test says so.
        let x = u64::from_le_bytes(w) ^ (u64::from(b'0') * ONES);
        if x.wrapping_sub(10 * ONES) & !x & HIGH != 0 {
            if let Some(p) = chunk.iter().position(u8::is_ascii_digit) {
                return Some(base + p);
            }
        }
        base += 8;
    }
    let rest = chunks.remainder();
    rest.iter().position(u8::is_ascii_digit).map(|p| base + p)
}

/// Whether four ASCII digits start at `i`.
fn four_digits(b: &[u8], i: usize) -> bool {
    b.get(i..i + 4)
        .is_some_and(|w| w.iter().all(u8::is_ascii_digit))
}

/// The first place at or after `at` where four ASCII digits start: the bytes that are no
/// digit passed over by a tight scan, four tested only where a digit is.
fn next_digits(b: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    while i + 4 <= b.len() {
        i += first_digit(&b[i..b.len() - 3])?;
        if four_digits(b, i) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// [`next_digits`] as it was written before, testing four bytes at every place: the
/// reference the tests compare it with.
#[cfg(test)]
fn next_digits_by_step(b: &[u8], at: usize) -> Option<usize> {
    (at..b.len().saturating_sub(3)).find(|&i| four_digits(b, i))
}

/// The first place at or after `at` where `(?:^|[^0-9])[0-9]{4}` may start and the text
/// after the four digits passes `then`.
fn next_year_then(text: &str, mut at: usize, then: fn(&str) -> bool) -> Option<usize> {
    let b = text.as_bytes();
    loop {
        let s = next_year_start(b, at)?;
        // The digits start at `s` (the start of the text) or after the character there.
        let digits = if four_digits(b, s) {
            s
        } else {
            s + text[s..].chars().next().map_or(1, char::len_utf8)
        };
        if then(&text[digits + 4..]) {
            return Some(s);
        }
        at = s + 1;
    }
}

/// The first place at or after `at` where `f` allows the character there or the one
/// after it: the character before the first one `f` allows (if it lies at or after
/// `at`), or that one.
fn next_near(text: &str, at: usize, f: fn(char) -> bool) -> Option<usize> {
    let mut before = None;
    for (i, c) in text[at..].char_indices() {
        if f(c) {
            return Some(before.unwrap_or(at + i));
        }
        before = Some(at + i);
    }
    None
}

/// The first place at or after `at` one character before a `c`.
fn next_before(text: &str, at: usize, c: char) -> Option<usize> {
    let first = text[at..].chars().next()?;
    let from = at + first.len_utf8();
    let (i, _) = text[from..].match_indices(c).next()?;
    let i = from + i;
    text[..i].char_indices().next_back().map(|(s, _)| s)
}

/// The first place at or after `at` where `(?:^|[^0-9])[0-9]{4}` may start.
fn next_year_start(b: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    while i + 4 <= b.len() {
        // Most bytes are no digit: passed over by a scan of words, not a test of four.
        i += first_digit(&b[i..b.len() - 3])?;
        if four_digits(b, i) {
            if i == 0 {
                return Some(0);
            }
            let mut s = i - 1;
            while s > 0 && b[s] & 0xC0 == 0x80 {
                s -= 1;
            }
            if s >= at && !b[s].is_ascii_digit() {
                return Some(s);
            }
        }
        i += 1;
    }
    None
}

/// [`next_year_start`] as it was written before, testing four bytes at every place: the
/// reference the tests compare it with.
#[cfg(test)]
fn next_year_start_by_step(b: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    while i + 4 <= b.len() {
        if four_digits(b, i) {
            if i == 0 {
                return Some(0);
            }
            // The character before the digits (UTF-8: back over continuation bytes).
            let mut s = i - 1;
            while s > 0 && b[s] & 0xC0 == 0x80 {
                s -= 1;
            }
            if s >= at && !b[s].is_ascii_digit() {
                return Some(s);
            }
        }
        i += 1;
    }
    None
}

/// A match: its span in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Match<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Match<'t> {
    pub(crate) fn start(&self) -> usize {
        self.start
    }

    pub(crate) fn end(&self) -> usize {
        self.end
    }

    pub(crate) fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }
}

/// The groups of a match (0 is the whole match).
#[derive(Clone, Debug)]
pub(crate) struct Captures<'t> {
    text: &'t str,
    spans: Spans,
}

impl<'t> Captures<'t> {
    pub(crate) fn get(&self, i: usize) -> Option<Match<'t>> {
        let (start, end) = (*self.spans.get(i)?)?;
        Some(Match {
            text: self.text,
            start,
            end,
        })
    }
}

impl std::ops::Index<usize> for Captures<'_> {
    type Output = str;

    /// The text of a group that took part in the match (a bug otherwise, as with a regex).
    fn index(&self, i: usize) -> &str {
        let (a, b) = self.spans[i].unwrap_or_else(|| panic!("group {i} took no part"));
        &self.text[a..b]
    }
}

/// The steps a search from `start` may take.
fn budget(text: &str, start: usize) -> usize {
    STEPS_BASE + STEPS_PER_BYTE * (text.len() - start)
}

/// Steps a search may take per byte of text, beyond a fixed allowance.
const STEPS_PER_BYTE: usize = 64;
const STEPS_BASE: usize = 4096;

/// The outcome of one search (made once a search: its size costs nothing).
#[allow(clippy::large_enum_variant)]
enum Found {
    At(Spans),
    Nothing,
    /// The budget ran out: the regex decides.
    GaveUp,
}

impl Pattern {
    /// `regex` is the pattern as a regex (the same matches): `node` written out.
    /// `needle` is a text every match contains ("" for none), looked for first; `lead`
    /// says where a match may start.
    pub(crate) const fn new(
        regex: &'static str,
        needle: &'static str,
        lead: Lead,
        node: Node,
    ) -> Pattern {
        Pattern {
            node,
            regex,
            needle,
            last: None,
            holds: None,
            lead,
            fallback: OnceLock::new(),
        }
    }

    /// The pattern, with a test every text holding a match passes: a text that fails it
    /// is not searched.
    pub(crate) const fn holding(mut self, holds: fn(&str) -> bool) -> Pattern {
        self.holds = Some(holds);
        self
    }

    /// The pattern, for one anchored at the end of the text: a text whose last character
    /// fails `last` is not searched (no match can end there).
    pub(crate) const fn ending(mut self, last: fn(char) -> bool) -> Pattern {
        self.last = Some(last);
        self
    }

    /// The pattern as a regex.
    #[cfg(test)]
    pub(crate) fn regex(&self) -> &'static str {
        self.regex
    }

    /// The leftmost-first match at or after `start` and its groups.
    pub(crate) fn captures_at<'t>(&self, text: &'t str, start: usize) -> Option<Captures<'t>> {
        self.captures_budget(text, start, budget(text, start), false)
    }

    /// The search from `start` with a budget of steps; `checked`: the needle and the
    /// characters every match contains were found in the text already.
    fn captures_budget<'t>(
        &self,
        text: &'t str,
        start: usize,
        budget: usize,
        checked: bool,
    ) -> Option<Captures<'t>> {
        let rest = &text[start..];
        if let Some(last) = self.last {
            if !rest.chars().next_back().is_some_and(last) {
                return None;
            }
        }
        if !checked && !contains(rest, self.needle) {
            return None;
        }
        if !checked && self.holds.is_some_and(|holds| !holds(rest)) {
            return None;
        }
        let run = Run {
            text,
            steps: Cell::new(budget),
            year: Cell::new((usize::MAX, None)),
        };
        let spans = match run.search(&self.node, self.lead, start) {
            Found::At(spans) => spans,
            Found::Nothing => return None,
            Found::GaveUp => return self.regex_captures_at(text, start),
        };
        Some(Captures { text, spans })
    }

    /// The same search by the regex.
    fn regex_captures_at<'t>(&self, text: &'t str, start: usize) -> Option<Captures<'t>> {
        // The regex is a constant the tests compile and compare.
        let re = self
            .fallback
            .get_or_init(|| Regex::new(self.regex).expect("a pattern's regex is valid"));
        let c = re.captures_at(text, start)?;
        let mut spans: Spans = [None; SLOTS];
        for (slot, m) in spans.iter_mut().zip(c.iter()) {
            *slot = m.map(|m| (m.start(), m.end()));
        }
        Some(Captures { text, spans })
    }

    pub(crate) fn captures<'t>(&self, text: &'t str) -> Option<Captures<'t>> {
        self.captures_at(text, 0)
    }

    /// Every match, left to right, none overlapping.
    pub(crate) fn captures_iter<'p, 't>(
        &'p self,
        text: &'t str,
    ) -> impl Iterator<Item = Captures<'t>> + 'p
    where
        't: 'p,
    {
        let mut at = Some(0);
        let mut checked = false;
        std::iter::from_fn(move || {
            // The needle is looked for once, not again after each match.
            let from = at?;
            let c = self.captures_budget(text, from, budget(text, from), checked)?;
            checked = true;
            let (s, e) = c.spans[0].unwrap_or((text.len(), text.len()));
            // No pattern here matches the empty text; step past one if one did.
            at = if e > s {
                Some(e)
            } else {
                text[e..].chars().next().map(|ch| e + ch.len_utf8())
            };
            Some(c)
        })
    }

    pub(crate) fn find_iter<'p, 't>(&'p self, text: &'t str) -> impl Iterator<Item = Match<'t>> + 'p
    where
        't: 'p,
    {
        self.captures_iter(text).filter_map(|c| c.get(0))
    }

    pub(crate) fn find<'t>(&self, text: &'t str) -> Option<Match<'t>> {
        self.captures(text)?.get(0)
    }

    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.find(text).is_some()
    }
}

/// A continuation: what must match after a node, from a position.
type Then<'a> = &'a mut dyn FnMut(usize, &mut Spans) -> bool;

/// One search of a text.
struct Run<'t> {
    text: &'t str,
    steps: Cell<usize>,
    /// The last scan for a year: (from, the first place at or after it).
    year: Cell<(usize, Option<usize>)>,
}

impl Run<'_> {
    /// Takes a step; false once the budget is spent (every branch then fails).
    fn tick(&self) -> bool {
        let s = self.steps.get();
        self.steps.set(s.saturating_sub(1));
        s > 0
    }

    fn spent(&self) -> bool {
        self.steps.get() == 0
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.text[at..].chars().next()
    }

    /// The first place at or after `at` where a match may start (`None`: none).
    fn next_start(&self, lead: Lead, mut at: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let then = match lead {
            Lead::YearThen(then, _) => Some(then),
            _ => None,
        };
        // A scan is reused while its answer lies ahead (no text is scanned twice).
        let year = |at: usize| {
            let (from, found) = self.year.get();
            if from <= at && found.is_none_or(|y| y >= at) {
                return found;
            }
            let found = match then {
                Some(then) => next_year_then(self.text, at, then),
                None => next_year_start(bytes, at),
            };
            self.year.set((at, found));
            found
        };
        let f = match lead {
            Lead::Year(None) | Lead::YearThen(_, None) => return year(at),
            Lead::Digits => return next_digits(bytes, at),
            Lead::Before(c) => return next_before(self.text, at, c),
            Lead::Near(f) => return next_near(self.text, at, f),
            Lead::Year(Some(f)) | Lead::YearThen(_, Some(f)) | Lead::Chars(f) => f,
        };
        // Where a year may start, for a `Year` lead (found once, not at every character).
        let mut next_year = match lead {
            Lead::Year(_) | Lead::YearThen(..) => year(at),
            _ => None,
        };
        loop {
            if next_year == Some(at) {
                return Some(at);
            }
            let mut rest = self.text[at..].chars();
            let c = rest.next()?;
            if f(c, rest.next()) {
                return Some(at);
            }
            at += c.len_utf8();
            if next_year.is_some_and(|y| y < at) {
                next_year = year(at);
            }
        }
    }

    fn search(&self, node: &Node, lead: Lead, start: usize) -> Found {
        let anchored = matches!(node, Start) || matches!(node, Seq([Start, ..]));
        let mut at = start;
        loop {
            if !anchored {
                match self.next_start(lead, at) {
                    Some(next) => at = next,
                    // No place left but the end, which no pattern matches alone.
                    None if at < self.text.len() => at = self.text.len(),
                    None => {}
                }
            }
            let mut spans: Spans = [None; SLOTS];
            let mut end = at;
            if self.node(node, at, &mut spans, &mut |e, _| {
                end = e;
                true
            }) {
                spans[0] = Some((at, end));
                return Found::At(spans);
            }
            if self.spent() {
                return Found::GaveUp;
            }
            if anchored {
                return Found::Nothing;
            }
            match self.char_at(at) {
                Some(c) => at += c.len_utf8(),
                None => return Found::Nothing,
            }
        }
    }

    /// Whether `node` matches at `at` with `then` matching after it.
    fn node(&self, node: &Node, at: usize, spans: &mut Spans, then: Then) -> bool {
        if !self.tick() {
            return false;
        }
        match node {
            Lit(s) => {
                self.text.as_bytes()[at..].starts_with(s.as_bytes()) && then(at + s.len(), spans)
            }
            Start => at == 0 && then(at, spans),
            End => at == self.text.len() && then(at, spans),
            Seq(nodes) => self.seq(nodes, at, spans, then),
            Alt(nodes) => {
                for n in *nodes {
                    if self.node(n, at, spans, then) {
                        return true;
                    }
                }
                false
            }
            Rep(body, min, max, greed) => {
                if one_char(body) {
                    self.repeat_char(body, (*min, *max), *greed, at, spans, then)
                } else {
                    self.repeat(body, (*min, *max), *greed, 0, at, spans, then)
                }
            }
            Cap(i, body) => {
                let i = *i;
                self.node(body, at, spans, &mut |end, spans| {
                    let old = spans[i];
                    spans[i] = Some((at, end));
                    if then(end, spans) {
                        return true;
                    }
                    spans[i] = old;
                    false
                })
            }
            Any(_) | NoneOf(_) | Class(_) => match self.char_at(at) {
                Some(c) if accepts(node, c) => then(at + c.len_utf8(), spans),
                _ => false,
            },
        }
    }

    fn seq(&self, nodes: &[Node], at: usize, spans: &mut Spans, then: Then) -> bool {
        match nodes {
            [] => then(at, spans),
            [only] => self.node(only, at, spans, then),
            [first, rest @ ..] => self.node(first, at, spans, &mut |p, spans| {
                self.seq(rest, p, spans, then)
            }),
        }
    }

    /// A repeat of one character, in a loop (a long run of spaces costs no stack).
    fn repeat_char(
        &self,
        body: &Node,
        (min, max): (u32, u32),
        greed: Greed,
        at: usize,
        spans: &mut Spans,
        then: Then,
    ) -> bool {
        let next = |p: usize| {
            self.char_at(p)
                .filter(|&c| accepts(body, c))
                .map(|c| p + c.len_utf8())
        };
        let mut p = at;
        let mut n = 0;
        while n < min {
            match next(p) {
                Some(q) => (p, n) = (q, n + 1),
                None => return false,
            }
        }
        if greed == Greed::Lazy {
            loop {
                if then(p, spans) {
                    return true;
                }
                if n == max || !self.tick() {
                    return false;
                }
                match next(p) {
                    Some(q) => (p, n) = (q, n + 1),
                    None => return false,
                }
            }
        }
        while n < max {
            match next(p) {
                Some(q) => (p, n) = (q, n + 1),
                None => break,
            }
        }
        loop {
            if then(p, spans) {
                return true;
            }
            if n == min || !self.tick() {
                return false;
            }
            // The character before `p` was one of the repeat's.
            let back = self.text[..p].chars().next_back().map_or(1, char::len_utf8);
            (p, n) = (p - back, n - 1);
        }
    }

    /// A repeat of a longer piece (an optional group: the depth is the pattern's).
    #[allow(clippy::too_many_arguments)]
    fn repeat(
        &self,
        body: &Node,
        (min, max): (u32, u32),
        greed: Greed,
        count: u32,
        at: usize,
        spans: &mut Spans,
        then: Then,
    ) -> bool {
        let more = |spans: &mut Spans, then: Then| {
            count < max
                && self.node(body, at, spans, &mut |p, spans| {
                    // An empty turn would repeat for ever: it ends the repeat.
                    p != at && self.repeat(body, (min, max), greed, count + 1, p, spans, then)
                })
        };
        match greed {
            Greed::Greedy => more(spans, then) || count >= min && then(at, spans),
            Greed::Lazy => count >= min && then(at, spans) || more(spans, then),
        }
    }
}

/// Whether a node stands for one character.
fn one_char(node: &Node) -> bool {
    matches!(node, Any(_) | NoneOf(_) | Class(_))
}

/// Whether a one-character node takes `c`.
fn accepts(node: &Node, c: char) -> bool {
    match node {
        Any(set) => set.contains(c),
        NoneOf(set) => !set.contains(c),
        Class(f) => f(c),
        _ => false,
    }
}

/// Test helpers: a pattern against its regex.
#[cfg(test)]
pub(crate) mod check {
    use super::*;

    /// The spans of a match's groups.
    pub(crate) type Groups = Vec<Option<(usize, usize)>>;

    /// Every match (all group spans) of the pattern and of its regex in `text`.
    pub(crate) fn both(p: &Pattern, text: &str) -> (Vec<Groups>, Vec<Groups>) {
        let re = Regex::new(p.regex()).expect("valid regex");
        let groups = re.captures_len();
        let ours = p
            .captures_iter(text)
            .map(|c| c.spans[..groups].to_vec())
            .collect();
        let theirs = re
            .captures_iter(text)
            .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
            .collect();
        (ours, theirs)
    }

    /// Asserts the pattern and its regex agree on `text`, also when the regex decides.
    pub(crate) fn agrees(p: &Pattern, text: &str) {
        let (ours, theirs) = both(p, text);
        assert_eq!(ours, theirs, "{:?} on {text:?}", p.regex());
        let forced: Vec<_> = std::iter::successors(p.captures_budget(text, 0, 0, false), |c| {
            let e = c.spans[0]?.1;
            p.captures_budget(text, e, 0, false)
        })
        .map(|c| c.spans[0])
        .collect();
        let whole: Vec<_> = theirs.iter().map(|g| g[0]).collect();
        assert_eq!(forced, whole, "fallback of {:?} on {text:?}", p.regex());
    }

    /// A random text of these pieces (characters or short words).
    pub(crate) fn texts(
        pieces: &'static [&'static str],
    ) -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        proptest::collection::vec(proptest::sample::select(pieces), 0..24).prop_map(|v| v.concat())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `han`, `space` and `digit` are the regex's classes, code point by code point.
    #[test]
    fn pattern_classes_are_the_regex_classes() {
        type Class = (&'static str, fn(char) -> bool);
        let classes: [Class; 3] = [(r"^\p{Han}$", han), (r"^\s$", space), (r"^[0-9]$", digit)];
        for (re, f) in classes {
            let re = Regex::new(re).expect("valid regex");
            let mut buf = [0u8; 4];
            for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
                assert_eq!(f(c), re.is_match(c.encode_utf8(&mut buf)), "{re} {c:?}");
            }
        }
    }

    /// A digit is the first character or the second (`(?:^|[^0-9])[0-9]…`).
    fn digit_near(a: char, b: Option<char>) -> bool {
        digit(a) || b.is_some_and(digit)
    }

    static DIGITS_THEN_WORD: Pattern = Pattern::new(
        r"(?:^|[^0-9])([0-9]{1,2})\s*(月)?(\s*x)?",
        "",
        Lead::Chars(digit_near),
        Seq(&[
            Alt(&[Start, NoneOf("0123456789")]),
            Cap(1, &rep(&Class(digit), 1, 2)),
            star(&Class(space)),
            opt(&Cap(2, &Lit("月"))),
            opt(&Cap(3, &Seq(&[star(&Class(space)), Lit("x")]))),
        ]),
    );

    static LAZY: Pattern = Pattern::new(
        r"a\p{Han}{0,3}?(?:b|c)",
        "a",
        ANYWHERE,
        Seq(&[
            Lit("a"),
            lazy(&Class(han), 0, 3),
            Alt(&[Lit("b"), Lit("c")]),
        ]),
    );

    #[test]
    fn pattern_matches_as_its_regex() {
        for t in [
            "",
            "12月",
            "a12 月 x3",
            "123月",
            "x1 x",
            "9  \u{3000} x月",
            "１2月",
            "a一二b",
            "a一二三四b",
            "ab",
            "a一c a二二二c",
        ] {
            check::agrees(&DIGITS_THEN_WORD, t);
            check::agrees(&LAZY, t);
        }
    }

    #[test]
    fn pattern_gives_up_to_the_regex_on_a_pathological_text() {
        // Two ambiguous repeats of spaces: quadratic backtracking past the budget.
        static SPACES: Pattern = Pattern::new(
            r"1\s*\s*\s*2",
            "",
            ANYWHERE,
            Seq(&[
                Lit("1"),
                star(&Class(space)),
                star(&Class(space)),
                star(&Class(space)),
                Lit("2"),
            ]),
        );
        let text = format!("1{}3 1 2", " ".repeat(3000));
        let m = SPACES.find(&text).map(|m| (m.start(), m.end()));
        assert_eq!(m, Some((text.len() - 3, text.len())));
        assert!(SPACES.fallback.get().is_some(), "the regex decided");
    }

    /// The year scan from every place of a text, as the step-by-step scan finds; the
    /// first digit from there, as a test of each byte finds.
    fn year_scans_agree(text: &str) {
        let b = text.as_bytes();
        for at in 0..=b.len() {
            assert_eq!(
                first_digit(&b[at..]),
                b[at..].iter().position(u8::is_ascii_digit),
                "{text:?} from {at}"
            );
        }
        for at in 0..=b.len() {
            assert_eq!(
                next_year_start(b, at),
                next_year_start_by_step(b, at),
                "{text:?} from {at}"
            );
        }
    }

    #[test]
    fn pattern_year_scan_is_the_step_by_step_scan_on_the_sample_lines() {
        for line in crate::extract::sample_lines::sample_lines() {
            year_scans_agree(&line);
        }
        for t in ["", "2022", "12022年", "a2022", "年2022", "20221", "1 2345"] {
            year_scans_agree(t);
        }
        // Every byte value at every place of a word and of the rest after words, and
        // every two byte values side by side (a borrow from one to the next).
        for byte in 0..=255u8 {
            for at in 0..19 {
                let mut b = vec![b'a'; 19];
                b[at] = byte;
                assert_eq!(
                    first_digit(&b),
                    b.iter().position(u8::is_ascii_digit),
                    "{byte:#x} at {at}"
                );
            }
            for next in 0..=255u8 {
                let b = [b'a', b'a', b'a', byte, next, b'a', b'a', b'a'];
                assert_eq!(
                    first_digit(&b),
                    b.iter().position(u8::is_ascii_digit),
                    "{byte:#x} {next:#x}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn pattern_year_scan_is_the_step_by_step_scan_on_any_text(
            t in check::texts(&["0", "1", "2", "9", "2022", "年", "a", " ", "é", "😀"])
        ) {
            year_scans_agree(&t);
        }
    }

    /// A test of the characters `Near` leads are given in the tests.
    fn numeral(c: char) -> bool {
        digit(c) || matches!(c, '一' | '十')
    }

    /// The place `lead` finds from `at` in `text`.
    fn start_of(lead: Lead, text: &str, at: usize) -> Option<usize> {
        let run = Run {
            text,
            steps: Cell::new(usize::MAX),
            year: Cell::new((usize::MAX, None)),
        };
        run.next_start(lead, at)
    }

    /// The digit scan and the `Near` lead from every place of a text, as the scans they
    /// replace find (four bytes tested at every place; two characters tested at each).
    fn lead_scans_agree(text: &str) {
        let b = text.as_bytes();
        for at in 0..=b.len() {
            assert_eq!(
                next_digits(b, at),
                next_digits_by_step(b, at),
                "{text:?} from {at}"
            );
        }
        let by_chars = Lead::Chars(|a, b| numeral(a) || b.is_some_and(numeral));
        for (at, _) in text.char_indices() {
            assert_eq!(
                start_of(Lead::Near(numeral), text, at),
                start_of(by_chars, text, at),
                "{text:?} from {at}"
            );
        }
    }

    #[test]
    fn pattern_lead_scans_are_the_step_by_step_scans_on_the_sample_lines() {
        for line in crate::extract::sample_lines::sample_lines() {
            lead_scans_agree(&line);
        }
        for t in ["", "1", "一", "a1", "a一", "1234", "x12345", "ab一c", "😀1"] {
            lead_scans_agree(t);
        }
    }

    proptest::proptest! {
        #[test]
        fn pattern_lead_scans_are_the_step_by_step_scans_on_any_text(
            t in check::texts(&["0", "1", "2022", "年", "一", "十", "a", " ", "é", "😀"])
        ) {
            lead_scans_agree(&t);
        }
    }

    /// The text after the digits is `年` after spaces (the test of a `YearThen` lead).
    fn nian(rest: &str) -> bool {
        rest.trim_start_matches(space).starts_with('年')
    }

    static YEAR_NIAN: Pattern = Pattern::new(
        r"(?:^|[^0-9])([0-9]{4})\s*年|第",
        "",
        Lead::YearThen(nian, Some(|a, _| a == '第')),
        Alt(&[
            Seq(&[
                Alt(&[Start, NoneOf("0123456789")]),
                Cap(1, &rep(&Class(digit), 4, 4)),
                star(&Class(space)),
                Lit("年"),
            ]),
            Lit("第"),
        ]),
    );

    static ENDING: Pattern = Pattern::new(
        r"[0-9]{2}\s*$",
        "",
        Lead::Chars(|a, _| digit(a)),
        Seq(&[rep(&Class(digit), 2, 2), star(&Class(space)), End]),
    )
    .ending(|c| digit(c) || space(c));

    proptest::proptest! {
        #[test]
        fn pattern_year_then_and_ending_agree_with_their_regexes_on_any_text(
            t in check::texts(&["0", "1", "2022", "年", "第", "a", " ", "\u{3000}", "é"])
        ) {
            check::agrees(&YEAR_NIAN, &t);
            check::agrees(&ENDING, &t);
        }
    }
}
