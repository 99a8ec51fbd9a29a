//! Headline figures in the prose: the jurisdiction's own counts, rates, changes, score,
//! grade and rank (`共受理…群众诉求17190件`, `响应率99.88%`, `环比上升9.51%`,
//! `综合成绩95.91 分，排名十六区第4位`), and figures of a named category
//! (`其中，疫情防控类工单4032件，占比23.46%`). The phrases are data, in `phrases.rs`.
//!
//! A figure is read only where its keyword and its number stand together in one clause,
//! the number after the keyword and carrying the unit the metric needs (件, %, 分, 天); a
//! clause whose number is missing yields nothing, and a number never moves to a
//! neighbouring keyword. Text in parentheses is an aside and is skipped. The first
//! statement of a figure wins.
//!
//! Whose figure it is follows from the clause's subject, the words before its first
//! keyword:
//! - after 其中 a clause speaks of a part, unless it goes straight on with a measure of
//!   the whole (`其中,接听电话…人次,登记交办…件`, `其中不满意6件`); parallel parts that repeat
//!   the same measures (`其中,协调办理…,办结率…;交办处理…,办结率…`) are parts all;
//! - a named category (`…类`), a topic (`…方面`), a group of units (`各县区…`, `市直部门…`),
//!   an earlier period (`上月…`), another area named in full, and, once the whole has been
//!   stated, a channel (`网络平台…`, `…专席`, `通过市长信箱…`) make the clause and those that
//!   go on from it speak of a part;
//! - a total that differs from the one already read means the text has moved to another
//!   subject: for a received total, the rest of the paragraph; for another count, the
//!   rest of the sentence; a separate stream of orders (`上级交办事项…件`) likewise.

use std::sync::{LazyLock, OnceLock};

use regex::Regex;
use rust_decimal::Decimal;

use crate::extract::number::{chinese_numeral, numbers_in, parse_change, parse_grade, Token};
use crate::extract::phrases::*;
use crate::model::{Figure, Headline, Metric, MetricKind, Value, Warning};
use crate::source::text::Line;

/// The longest clause read, in bytes; a real clause is a few dozen characters.
const MAX_CLAUSE: usize = 4096;

/// The longest gap (in bytes) between a keyword and its number.
const MAX_GAP: usize = 90;

// Compiled on first use; constants exercised by the tests.
static CATEGORY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:其中)?([\p{Han}、]{1,12}类)").expect("category pattern"));
static PATTERNS: LazyLock<Vec<(Regex, Key)>> = LazyLock::new(|| {
    KEYWORD_PATTERNS
        .iter()
        .map(|(p, k)| (Regex::new(p).expect("keyword pattern"), *k))
        .collect()
});

/// Characters before a 类 that make it no category's name (各类, 此类, 等类).
const NOT_CATEGORY_BEFORE: &str = "各此该等两几这那多";

/// A paragraph of prose joined from lines, with the line each byte came from.
struct Paragraph {
    text: String,
    starts: Vec<(usize, String)>,
}

impl Paragraph {
    fn line_at(&self, byte: usize) -> &str {
        let i = self.starts.partition_point(|(start, _)| *start <= byte);
        self.starts
            .get(i.saturating_sub(1))
            .map_or("", |s| s.1.as_str())
    }
}

/// Joins prose lines into paragraphs: a line that stops mid-sentence goes on on the next
/// non-blank line (PDF exports break sentences across blank lines).
fn paragraphs(lines: &[Line]) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut current: Option<Paragraph> = None;
    let mut blank_run = 0;
    for line in lines {
        let t = line.norm.trim();
        if t.is_empty() {
            blank_run += 1;
            continue;
        }
        let continues = current.as_ref().is_some_and(|p| {
            // Only the last line joined so far decides (the paragraph may be long).
            let last_start = p.starts.last().map_or(0, |s| s.0);
            let last = p.text[last_start..].trim_end();
            let open =
                !last.ends_with(['。', '!', '?', ';', ':', '.']) && last.chars().nth(19).is_some();
            // A heading is a paragraph of its own: it neither takes the next line nor is
            // taken by the line before.
            let heading_before =
                p.starts.len() == 1 && is_heading(last) && last.chars().count() <= 30;
            !heading_before && !is_heading(t) && (blank_run == 0 || open && blank_run <= 2)
        });
        if !continues {
            if let Some(p) = current.take() {
                out.push(p);
            }
            current = Some(Paragraph {
                text: String::new(),
                starts: Vec::new(),
            });
        }
        if let Some(p) = current.as_mut() {
            p.starts.push((p.text.len(), line.at.clone()));
            p.text.push_str(t);
        }
        blank_run = 0;
    }
    out.extend(current);
    out
}

/// Headings (一、…, (二)…, 1. …) start a new paragraph.
fn is_heading(t: &str) -> bool {
    let first: String = t.chars().take(3).collect();
    first.starts_with('(') || first.contains('、') || t.starts_with('◆') || t.starts_with('【')
}

/// Blanks out asides in parentheses, keeping byte offsets.
fn blank_parens(text: &str) -> String {
    // One pass: every matched pair, nested or not, is blanked with what it holds.
    let mut open: Vec<usize> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (i, ch) in text.char_indices() {
        match ch {
            '(' => open.push(i),
            ')' => {
                if let Some(start) = open.pop() {
                    spans.push((start, i + 1));
                }
            }
            _ => {}
        }
    }
    // Outer pairs first; a pair inside one already blanked is skipped.
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    spans.sort_unstable();
    for (start, end) in spans {
        if start < last {
            continue;
        }
        out.push_str(&text[last..start]);
        out.extend(std::iter::repeat_n(' ', end - start));
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// Reads the headline figures of `lines` for `jurisdiction`. `elsewhere` tells whether a
/// text names another area than the jurisdiction (a clause about it is not the
/// jurisdiction's). Implausible figures are warnings, not values.
pub fn headline(
    lines: &[Line],
    jurisdiction: &str,
    elsewhere: &dyn Fn(&str) -> bool,
) -> (Vec<Headline>, Vec<Warning>) {
    let mut reader = Reader {
        jurisdiction,
        elsewhere,
        out: Vec::new(),
        warnings: Vec::new(),
    };
    for para in paragraphs(lines) {
        reader.paragraph(&para);
    }
    (reader.out, reader.warnings)
}

/// The figures each paragraph states of its own subject (the first of each metric), for
/// comparing the prose with the tables. Unlike [`headline`] this reads every paragraph on
/// its own, whatever its subject.
pub fn statements(lines: &[Line]) -> Vec<Vec<Value>> {
    paragraphs(lines)
        .iter()
        .filter_map(|para| {
            let mut reader = Reader {
                jurisdiction: "",
                elsewhere: &|_| false,
                out: Vec::new(),
                warnings: Vec::new(),
            };
            reader.paragraph(para);
            let own: Vec<Value> = reader
                .out
                .into_iter()
                .filter(|h| h.unit.is_empty())
                .map(|h| h.value)
                .collect();
            (!own.is_empty()).then_some(own)
        })
        .collect()
}

#[derive(Clone, Debug, PartialEq)]
enum Scope {
    /// The jurisdiction's own figures.
    Own,
    /// A named category's (`疫情防控类`): its count, share and changes.
    Named(String),
    /// A part of the whole: nothing is read. `carried` when the part's own clause had a
    /// keyword, so that the clauses after it go on about the part (`其中,紧急工单受理35件,
    /// 办结率100%`); an enumeration of bare parts (`其中电话举报…件,微信举报…件`) ends at
    /// the first clause that opens with a keyword.
    Part { carried: bool },
    /// Right after a bare `其中,`: the next clause decides.
    Pending,
}

/// A keyword found in a clause: its byte span (in the paragraph's text) and what it
/// introduces.
#[derive(Clone, Copy, Debug)]
struct Hit {
    start: usize,
    end: usize,
    key: Key,
}

/// A clause of a sentence, with where its body (past bullets, 其中 and labels) begins.
struct Clause {
    a: usize,
    b: usize,
    after_semicolon: bool,
}

/// What a clause gave: a figure of a metric, or the count of a separate stream.
enum Read {
    Value(Value),
    SubScope,
}

struct Reader<'a> {
    jurisdiction: &'a str,
    elsewhere: &'a dyn Fn(&str) -> bool,
    out: Vec<Headline>,
    warnings: Vec<Warning>,
}

fn keyword_automaton() -> &'static aho_corasick::AhoCorasick {
    static AC: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(KEYWORDS.iter().map(|(k, _)| k))
            // KEYWORDS is a small constant table; building its automaton cannot fail.
            .expect("keyword automaton")
    })
}

/// Keyword hits in `text[a..b]`: the longest at each place, none inside another; a
/// pattern (`纳入解决率考核`) replaces the plain hits it covers.
fn keyword_hits(text: &str, a: usize, b: usize) -> Vec<Hit> {
    let clause = &text[a..b];
    let mut hits: Vec<Hit> = keyword_automaton()
        .find_iter(clause)
        .map(|m| Hit {
            start: a + m.start(),
            end: a + m.end(),
            key: KEYWORDS[m.pattern().as_usize()].1,
        })
        .collect();
    for (re, key) in PATTERNS.iter() {
        for m in re.find_iter(clause) {
            let (s, e) = (a + m.start(), a + m.end());
            // A pattern stands for the plain phrase it ends in when that is longer.
            if hits.iter().any(|h| h.start <= s && h.end >= e) {
                continue;
            }
            hits.retain(|h| h.end <= s || h.start >= e);
            hits.push(Hit {
                start: s,
                end: e,
                key: *key,
            });
        }
    }
    hits.sort_by_key(|h| h.start);
    // A stream received (`接收市级交办工单…件`) is what the area received: the stream's
    // phrase then names the orders, not a part.
    let mut k = 1;
    while k < hits.len() {
        let received_before = matches!(hits[k - 1].key, Key::M(Metric::Received))
            && hits[k].start - hits[k - 1].end <= 6
            && !text[hits[k - 1].end..hits[k].start]
                .chars()
                .any(|c| c.is_ascii_digit());
        if hits[k].key == Key::SubScope && received_before {
            hits.remove(k);
        } else {
            k += 1;
        }
    }
    hits
}

fn contains_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// Whether a clause's subject names a category or a topic (…类, …方面).
fn names_category(prefix: &str) -> bool {
    if prefix.contains("方面") {
        return true;
    }
    let chars: Vec<char> = prefix.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        c == '类' && i >= 2 && !NOT_CATEGORY_BEFORE.contains(chars[i - 1])
    })
}

/// Whether a clause's subject names a group of units as its subject (not as the object:
/// `向各成员单位转派`).
fn names_group(prefix: &str) -> bool {
    GROUP_WORDS.iter().any(|w| {
        prefix.match_indices(w).any(|(at, _)| {
            !OBJECT_MARKERS
                .iter()
                .any(|m| prefix[..at].ends_with(m))
        })
    })
}

impl Reader<'_> {
    /// Whether the whole has been stated: an own figure has been read.
    fn established(&self) -> bool {
        self.out.iter().any(|h| h.unit == self.jurisdiction)
    }

    /// Whether a clause's subject makes it speak of a part of the whole.
    fn part_prefix(&self, prefix: &str) -> Subject {
        let p = prefix.trim();
        if p.is_empty() {
            return Subject::Whole;
        }
        if self.established() && contains_any(p, CHANNEL_WORDS) {
            // A channel as the subject: the sentence goes on about it.
            return Subject::Channel;
        }
        let part = self.established() && VIA_WORDS.iter().any(|w| p.starts_with(w))
            || names_group(p)
            || contains_any(p, EARLIER_WORDS)
            || names_category(p)
            || (self.elsewhere)(p);
        if part {
            Subject::Part
        } else {
            Subject::Whole
        }
    }

    fn paragraph(&mut self, para: &Paragraph) {
        let text = blank_parens(&para.text);
        let mut state = ParagraphState::default();
        let mut sentence_start = 0;
        for (i, ch) in text
            .char_indices()
            .chain(std::iter::once((text.len(), '。')))
        {
            if matches!(ch, '。' | '!' | '?') {
                // Once a channel has been the subject, the paragraph goes on about it.
                if state.other_subject || state.channel {
                    return;
                }
                self.sentence(&text, (sentence_start, i), para, &mut state);
                sentence_start = i + ch.len_utf8().min(text.len() - i);
            }
        }
    }

    /// Cuts a sentence into clauses: at `,` and `;` (not a thousands comma), and at `、`
    /// after a number (`建议、表扬类:14件` is one clause).
    fn clauses(text: &str, (from, to): (usize, usize)) -> Vec<Clause> {
        let bytes = text.as_bytes();
        let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
        let mut out = Vec::new();
        let mut start = from;
        let mut after_semicolon = false;
        for (i, ch) in text[from..to].char_indices() {
            let at = from + i;
            let thousands = ch == ','
                && at > 0
                && digit(at - 1)
                && (1..=3).all(|k| digit(at + k))
                && !digit(at + 4);
            let enumeration = ch == '、' && !text[start..at].chars().any(|c| c.is_ascii_digit());
            let cut = match ch {
                ',' => !thousands,
                ';' => true,
                '、' => !enumeration,
                _ => false,
            };
            if cut {
                out.push(Clause {
                    a: start,
                    b: at,
                    after_semicolon,
                });
                after_semicolon = ch == ';';
                start = at + ch.len_utf8();
            }
        }
        out.push(Clause {
            a: start,
            b: to,
            after_semicolon,
        });
        out
    }

    fn sentence(
        &mut self,
        text: &str,
        span: (usize, usize),
        para: &Paragraph,
        state: &mut ParagraphState,
    ) {
        let clauses = Self::clauses(text, span);
        let parallel = parallel_parts(text, &clauses);
        let mut scope = Scope::Own;
        let mut in_qizhong = false;
        // Set once the sentence has moved to another subject: all after is a part.
        let mut moved = false;
        let mut pending_change: Option<(Metric, Scope)> = None;
        for clause in &clauses {
            let (a, b) = (clause.a, clause.b);
            if b - a > MAX_CLAUSE {
                continue; // not a sentence of a bulletin: no figure is read from it
            }
            let body = body_start(text, a, b);
            let rest_text = &text[body..b];
            let qizhong = rest_text.starts_with("其中");
            let rest = if qizhong {
                let r = &rest_text["其中".len()..];
                b - r.trim_start_matches([',', ':', ' ', '、']).len()
            } else {
                body
            };
            let hits = keyword_hits(text, rest, b);
            let prefix = &text[rest..hits.first().map_or(b, |h| h.start)];
            let change_size = hits.is_empty()
                && CHANGE_SIZE_WORDS.iter().any(|w| text[rest..b].starts_with(w));
            if clause.after_semicolon && moved {
                // A `;` starts a new statement after the one that moved away.
                moved = false;
                if !in_qizhong {
                    scope = Scope::Own;
                }
            }
            if moved {
                scope = Scope::Part { carried: true };
            } else if qizhong && rest == b {
                scope = Scope::Pending;
                in_qizhong = true;
                continue;
            } else if let Some(name) = category_at(text, rest, b, &hits) {
                scope = Scope::Named(name);
            } else if qizhong || scope == Scope::Pending || clause.after_semicolon && in_qizhong {
                in_qizhong = true;
                scope = if parallel {
                    Scope::Part { carried: true }
                } else if is_breakdown(prefix, &hits) && self.part_prefix(prefix) == Subject::Whole {
                    Scope::Own
                } else {
                    Scope::Part {
                        carried: !hits.is_empty(),
                    }
                };
            } else if change_size {
                // `增幅11.2%` gives the size of the change the clause before stated.
            } else {
                // A clause with no keyword names no subject (`比2018年同期缩短了0.42天`),
                // unless it opens a set (`…热线电话中,`).
                let mut channel = false;
                let mut own_path = |this: &Self| {
                    if hits.is_empty() {
                        return if prefix.trim_end().ends_with('中') {
                            Scope::Part { carried: true }
                        } else {
                            Scope::Own
                        };
                    }
                    match this.part_prefix(prefix) {
                        Subject::Whole => Scope::Own,
                        Subject::Part => Scope::Part { carried: true },
                        // A heading naming a channel (`话务渠道受理情况`) states no figure.
                        Subject::Channel if numbers_in(&text[rest..b]).is_empty() => Scope::Own,
                        Subject::Channel => {
                            channel = true;
                            Scope::Part { carried: true }
                        }
                    }
                };
                let fresh = !prefix.trim().is_empty()
                    && !CONTINUATION_WORDS.iter().any(|w| prefix.trim().starts_with(w));
                scope = match &scope {
                    Scope::Own => own_path(self),
                    Scope::Named(_) if fresh => own_path(self),
                    // After a list of bare parts, a clause opening with a measure that is
                    // no count goes back to the whole (`…网上举报…件,平均办结时间为24天`); a
                    // count is one more part (`直派诉求…件,转派诉求…件`).
                    Scope::Part { carried: false }
                        if prefix.trim().is_empty()
                            && hits.first().is_some_and(|h| {
                                matches!(h.key.filter_share(), Key::M(m) if m.kind() != MetricKind::Count)
                            }) =>
                    {
                        Scope::Own
                    }
                    Scope::Part { carried: true } if fresh && !in_qizhong && !hits.is_empty() => {
                        own_path(self)
                    }
                    other => other.clone(),
                };
                moved |= channel;
                state.channel |= channel;
            }
            if change_size {
                if let Some((metric, pscope)) = pending_change.take() {
                    if let Some(v) = change_size_value(metric, text, rest, b, para) {
                        self.emit(&pscope, v, state);
                    }
                }
                continue;
            }
            if scope == Scope::Pending {
                continue;
            }
            // A channel named between a count's keyword and its number (`受理非话务渠道
            // 诉求277件`) makes the clause, and those going on from it, a part.
            if scope == Scope::Own && self.established() && channel_in_gap(text, &hits, b) {
                scope = Scope::Part { carried: true };
                moved = true;
                state.channel = true;
            }
            pending_change = None;
            let reads = self.read_clause(text, rest, b, &hits, para, &scope);
            for (read, unanswered_change) in reads {
                if let Some(m) = unanswered_change {
                    pending_change = Some((m, scope.clone()));
                }
                match read {
                    Some(Read::Value(v)) => {
                        let mut verdict = self.verdict(&scope, &v);
                        if in_qizhong && matches!(verdict, Verdict::OtherParagraph) {
                            // A breakdown's count is smaller than the whole's: the
                            // breakdown goes on about that part.
                            verdict = Verdict::OtherSentence;
                        }
                        match verdict {
                            Verdict::Emit => self.emit(&scope, v, state),
                            Verdict::Skip => {}
                            Verdict::OtherSentence => {
                                scope = Scope::Part { carried: true };
                                moved = true;
                            }
                            Verdict::OtherParagraph => {
                                state.other_subject = true;
                                return;
                            }
                        }
                    }
                    Some(Read::SubScope) if scope == Scope::Own => {
                        if state.figures == 0 {
                            state.other_subject = true;
                            return;
                        }
                        scope = Scope::Part { carried: true };
                        moved = true;
                    }
                    _ => {}
                }
            }
        }
    }

    /// What to do with a figure read in a scope.
    fn verdict(&self, scope: &Scope, v: &Value) -> Verdict {
        let unit = match scope {
            Scope::Own => self.jurisdiction,
            Scope::Named(n) => n.as_str(),
            _ => return Verdict::Skip,
        };
        if *scope == Scope::Own && v.metric == Metric::Share {
            return Verdict::Skip; // a share of the whole is a part's share: its subject is not named
        }
        let same = self
            .out
            .iter()
            .find(|h| h.unit == unit && h.value.metric == v.metric);
        match same {
            None => Verdict::Emit,
            Some(h) if *scope == Scope::Own && v.metric.kind() == MetricKind::Count && h.value.value != v.value => {
                if v.metric == Metric::Received {
                    Verdict::OtherParagraph
                } else {
                    Verdict::OtherSentence
                }
            }
            Some(_) => Verdict::Skip,
        }
    }

    fn emit(&mut self, scope: &Scope, value: Value, state: &mut ParagraphState) {
        let unit = match scope {
            Scope::Own => self.jurisdiction.to_string(),
            Scope::Named(n) => n.clone(),
            _ => return,
        };
        if self
            .out
            .iter()
            .any(|h| h.unit == unit && h.value.metric == value.metric)
        {
            return;
        }
        state.figures += 1;
        self.out.push(Headline { unit, value });
    }

    /// The figures of one clause: each keyword's number, with the metric of a change
    /// keyword that found no percentage (its size may follow in the next clause).
    fn read_clause(
        &mut self,
        text: &str,
        a: usize,
        b: usize,
        hits: &[Hit],
        para: &Paragraph,
        scope: &Scope,
    ) -> Vec<(Option<Read>, Option<Metric>)> {
        let mut reads = Vec::new();
        if let Scope::Named(_) = scope {
            if let Some((d, at, printed)) = category_count(text, a, b) {
                reads.push((
                    Some(Read::Value(Value {
                        metric: Metric::Count,
                        value: Figure::Number(d),
                        as_printed: printed,
                        at: para.line_at(at).to_string(),
                    })),
                    None,
                ));
            }
        }
        for (k, hit) in hits.iter().enumerate() {
            let next = hits.get(k + 1).map_or(b, |h| h.start);
            let window = &text[hit.end..next];
            let metric = match hit.key {
                Key::M(m) => m,
                Key::SubScope => {
                    if first_count(window).is_some() {
                        reads.push((Some(Read::SubScope), None));
                    }
                    continue;
                }
                Key::NoKey => continue,
            };
            let before = &text[a..hit.start];
            if metric != Metric::AvgDays && NOT_OWN.iter().any(|w| before.ends_with(w)) {
                continue;
            }
            if matches!(scope, Scope::Named(_))
                && !matches!(metric, Metric::Share | Metric::MomChange | Metric::YoyChange)
            {
                continue; // only the category's own count (read above), share and changes
            }
            let word = &text[hit.start..hit.end];
            let tight_ok = !TIGHT.contains(&word)
                || window
                    .trim_start_matches(|c: char| c.is_whitespace() || "达为了".contains(c))
                    .starts_with(|c: char| c.is_ascii_digit());
            if !tight_ok {
                continue;
            }
            if metric.kind() == MetricKind::Change {
                // 较上月同比增长: two changes at once contradict each other.
                let adjacent = |h: &Hit| matches!(h.key, Key::M(m) if m.kind() == MetricKind::Change && m != metric);
                let before_adjacent = k > 0
                    && adjacent(&hits[k - 1])
                    && text[hits[k - 1].end..hit.start].trim().is_empty();
                let after_adjacent = hits.get(k + 1).is_some_and(|h| adjacent(h) && window.trim().is_empty());
                if before_adjacent || after_adjacent {
                    continue;
                }
            }
            match self.read_after(metric, window, para, hit.end) {
                Some((value, at_byte, printed)) => reads.push((
                    Some(Read::Value(Value {
                        metric,
                        value,
                        as_printed: printed,
                        at: para.line_at(hit.end + at_byte).to_string(),
                    })),
                    None,
                )),
                None if metric.kind() == MetricKind::Change => reads.push((None, Some(metric))),
                None => {}
            }
        }
        reads
    }

    /// Reads the number a keyword introduces from the text after it.
    fn read_after(
        &mut self,
        metric: Metric,
        window: &str,
        para: &Paragraph,
        offset: usize,
    ) -> Option<(Figure, usize, String)> {
        if window.contains('未') {
            return None; // 未达到 …: a threshold, not a figure
        }
        match metric {
            Metric::Rank => {
                let (place, start, printed) = match place_after(window) {
                    Ok(found) => found?,
                    Err(printed) => {
                        self.warnings.push(Warning {
                            at: para.line_at(offset).to_string(),
                            message: format!("implausible rank '{printed}' not read"),
                        });
                        return None;
                    }
                };
                Some((Figure::Number(place.into()), start, printed.to_string()))
            }
            Metric::Grade => {
                let t = window
                    .trim_start_matches(|c: char| c == '为' || c == ':' || c.is_whitespace());
                let letter: String = t.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
                if letter.is_empty() || letter.len() > 2 {
                    return None;
                }
                let printed: String = t.chars().take(letter.chars().count() + 1).collect();
                let g = parse_grade(&printed).or(Some(letter))?;
                Some((Figure::Text(g), window.len() - t.len(), printed))
            }
            _ => read_number(metric, window),
        }
    }
}

/// Whose figures a clause's subject gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Subject {
    Whole,
    Part,
    Channel,
}

#[derive(Default)]
struct ParagraphState {
    /// Set once the paragraph has moved to another subject.
    other_subject: bool,
    /// Figures emitted from this paragraph.
    figures: usize,
    /// Set once a channel has been the subject of a clause.
    channel: bool,
}

enum Verdict {
    Emit,
    Skip,
    OtherSentence,
    OtherParagraph,
}

/// Where a clause's body begins: past spaces, bullets, quotes, a list number (`1.`, `2、`)
/// and a label before a colon that holds no figure (`工单分类:`, `1.基本数据:`).
fn body_start(text: &str, a: usize, b: usize) -> usize {
    let clause = &text[a..b];
    let trimmed = clause.trim_start_matches(|c: char| {
        c.is_whitespace() || "◆•●■□▪-—“”\"'‘’".contains(c)
    });
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
fn channel_in_gap(text: &str, hits: &[Hit], b: usize) -> bool {
    hits.iter().enumerate().any(|(k, h)| {
        let Key::M(m) = h.key else { return false };
        let next = hits.get(k + 1).map_or(b, |n| n.start);
        let window = &text[h.end..next];
        let gap = numbers_in(window)
            .first()
            .map_or(window, |t| &window[..t.start]);
        m.kind() == MetricKind::Count && contains_any(gap, CHANNEL_WORDS)
    })
}

/// Whether a clause after 其中 is a breakdown of the whole by its measures: it opens with
/// a metric's keyword, or with a modifier of at most two characters before one
/// (`网络转办…件`), not with a kind of orders (`紧急工单受理…件`) nor with a measure that has
/// no key (`有效回访…件`: what follows is about those).
fn is_breakdown(prefix: &str, hits: &[Hit]) -> bool {
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
    fn filter_share(self) -> Key {
        match self {
            Key::M(Metric::Share) => Key::NoKey,
            k => k,
        }
    }
}

/// Whether the 其中 of a sentence lists parallel parts: two `;`-separated segments of the
/// breakdown that state the same measure (`协调办理…,办结率…;交办处理…,办结率…`).
fn parallel_parts(text: &str, clauses: &[Clause]) -> bool {
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
        let hits = keyword_hits(text, c.a, c.b);
        // A segment about a channel or a named part is not one of the parallel parts.
        let prefix = &text[c.a..hits.first().map_or(c.b, |h| h.start)];
        if contains_any(prefix, CHANNEL_WORDS) {
            continue;
        }
        for (k, h) in hits.iter().enumerate() {
            let next = hits.get(k + 1).map_or(c.b, |n| n.start);
            if let Key::M(m) = h.key.filter_share() {
                if !numbers_in(&text[h.end..next]).is_empty() {
                    if let Some(seg) = segments.last_mut() {
                        seg.insert(m);
                    }
                }
            }
        }
    }
    segments.len() >= 2
        && segments
            .iter()
            .enumerate()
            .any(|(i, s)| segments[i + 1..].iter().any(|t| s.intersection(t).next().is_some()))
}

/// A named category at the start of a clause (`疫情防控类工单4032件`): its name, when a
/// count follows.
fn category_at(text: &str, a: usize, b: usize, hits: &[Hit]) -> Option<String> {
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

/// The count of a named category: the first number after its name, with a count unit.
fn category_count(text: &str, a: usize, b: usize) -> Option<(Decimal, usize, String)> {
    let body = &text[a..b];
    let m = CATEGORY.captures(body)?.get(0)?;
    let rest = &body[m.end()..];
    let (d, at, printed) = first_count(rest)?;
    Some((d, a + m.end() + at, printed))
}

/// The first number of a text when it is a count (it carries a count unit).
fn first_count(text: &str) -> Option<(Decimal, usize, String)> {
    let t = numbers_in(text).into_iter().next()?;
    count_of(&t, &text[t.end..]).map(|(d, printed)| (d, t.start, printed))
}

/// A count: a number followed by a count unit, maybe with 余/多 and 万 (with or without a
/// space) between (`9.67万件`, `150.25 万件`, `2000余件`).
fn count_of(t: &Token, after: &str) -> Option<(Decimal, String)> {
    let a = after.trim_start();
    let a = a.strip_prefix(['余', '多']).unwrap_or(a);
    let (wan, a) = match a.strip_prefix('万') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, a),
    };
    let unit = COUNT_UNITS.iter().find(|u| a.starts_with(*u))?;
    let v = t.value?;
    let d = if wan {
        v.checked_mul(Decimal::from(10_000))?.normalize()
    } else if v.scale() == 0 {
        v
    } else {
        return None; // a bare count is whole
    };
    if d.is_sign_negative() {
        return None;
    }
    Some((d, format!("{}{}{unit}", t.printed, if wan { "万" } else { "" })))
}

/// Reads the number a count, rate, change, score or days keyword introduces.
fn read_number(metric: Metric, window: &str) -> Option<(Figure, usize, String)> {
    for t in numbers_in(window) {
        if t.start > MAX_GAP {
            return None;
        }
        let gap = &window[..t.start];
        let after = &window[t.end..];
        let after_t = after.trim_start();
        // A threshold (低于70%, 90%以下的单位) or a figure shared by several (均为100%) is
        // nobody's own figure; a number that does not read as one gives nothing.
        if contains_any(gap, THRESHOLD_BEFORE)
            || SHARED_BEFORE.iter().any(|w| gap.trim_end().ends_with(w))
        {
            return None;
        }
        // `…工单中1件`: a count of a part of what the gap names.
        if gap.trim_end().ends_with('中') {
            return None;
        }
        match metric.kind() {
            MetricKind::Count => {
                let Some((d, printed)) = count_of(&t, after) else {
                    if t.value.is_none() && count_unit_follows(after) {
                        return None;
                    }
                    continue;
                };
                return Some((Figure::Number(d), t.start, printed));
            }
            MetricKind::Rate => {
                if !after_t.starts_with('%') {
                    continue;
                }
                let past = after_t.trim_start_matches('%').trim_start();
                if THRESHOLD_AFTER.iter().any(|w| past.starts_with(w)) {
                    return None;
                }
                let d = t.value?;
                return Some((Figure::Number(d), t.start, format!("{}%", t.printed)));
            }
            MetricKind::Change => {
                if !after_t.starts_with('%') {
                    continue;
                }
                // The sign comes from the last change word before the number.
                let word = crate::extract::number::CHANGE_WORDS
                    .iter()
                    .filter_map(|(w, _)| gap.rfind(w).map(|at| (at, *w)))
                    .max_by_key(|(at, _)| *at)
                    .map(|(_, w)| w)?;
                let printed = format!("{word}{}%", t.printed);
                let d = parse_change(&format!("{word}{}%", t.value?))?;
                return Some((Figure::Number(d), t.start, printed));
            }
            _ => {
                let unit_ok = after_t.is_empty()
                    || after_t.starts_with(['分', ',', ';', ' '])
                    || metric == Metric::AvgDays && after_t.starts_with('天');
                let days_ok = metric != Metric::AvgDays || after_t.starts_with('天');
                if !unit_ok || !days_ok || after_t.starts_with('%') {
                    continue;
                }
                let d = t.value?;
                let unit: String = after_t
                    .chars()
                    .take(1)
                    .filter(|c| matches!(c, '分' | '天'))
                    .collect();
                return Some((Figure::Number(d), t.start, format!("{}{unit}", t.printed)));
            }
        }
    }
    None
}

fn count_unit_follows(after: &str) -> bool {
    let a = after.trim_start().trim_start_matches(['余', '多', '万']).trim_start();
    COUNT_UNITS.iter().any(|u| a.starts_with(u))
}

/// The size of a change stated in the clause after it (`增幅11.2%`, `降幅3%`).
fn change_size_value(
    metric: Metric,
    text: &str,
    a: usize,
    b: usize,
    para: &Paragraph,
) -> Option<Value> {
    let clause = &text[a..b];
    let word = CHANGE_SIZE_WORDS.iter().find(|w| clause.starts_with(*w))?;
    let negative = crate::extract::number::CHANGE_WORDS
        .iter()
        .chain(&[("增幅", false), ("涨幅", false), ("降幅", true)])
        .find(|(w, _)| w == word)
        .is_some_and(|(_, neg)| *neg);
    let t = numbers_in(clause).into_iter().next()?;
    if !clause[t.end..].trim_start().starts_with('%') || t.start > word.len() + 6 {
        return None;
    }
    let v = t.value?;
    let d = if negative { -v } else { v };
    Some(Value {
        metric,
        value: Figure::Number(d),
        as_printed: format!("{word}{}%", t.printed),
        at: para.line_at(a + t.start).to_string(),
    })
}

/// A place `第N位` / `第N名` / `第N` within the 40 characters after a keyword, not past a
/// clause mark: the place, where its number starts, and the text from `第` on. A place
/// too large to be one is an error carrying its text.
fn place_after(window: &str) -> Result<Option<(u32, usize, &str)>, &str> {
    for (n, (at, c)) in window.char_indices().enumerate() {
        if n > 40 || matches!(c, ',' | '。' | ';') {
            return Ok(None);
        }
        if c != '第' {
            continue;
        }
        let after = &window[at + c.len_utf8()..];
        let digits = after.trim_start();
        let start = window.len() - digits.len();
        let arabic = digits.len()
            - digits
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
        let len = if arabic > 0 {
            arabic
        } else {
            digits.len()
                - digits
                    .trim_start_matches(|c: char| "一二三四五六七八九十".contains(c))
                    .len()
        };
        if len == 0 {
            continue;
        }
        let number = &digits[..len];
        let rest = &digits[len..];
        if rest.starts_with(['季', '周', '期']) {
            continue; // 第一季度, 第28周, 第9期: a period or an issue, not a place
        }
        let unit = rest.trim_start();
        let end = match unit.chars().next() {
            Some(u @ ('位' | '名')) => window.len() - unit.len() + u.len_utf8(),
            _ => window.len() - rest.len(),
        };
        let place = number
            .parse::<u32>()
            .ok()
            .or_else(|| chinese_numeral(number));
        match place {
            Some(p) if (1..=MAX_RANK).contains(&p) => return Ok(Some((p, start, &window[at..end]))),
            _ if arabic > 0 => return Err(&window[at..end]),
            _ => continue,
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests;
