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

use crate::extract::find::WordSet;
use crate::extract::number::{numbers_in, parse_grade};
use crate::extract::phrases::*;
use crate::model::{Figure, Headline, Metric, MetricKind, Value, Warning};
use crate::source::text::Line;

mod clause;
mod figures;
mod keywords;
pub mod statement;

use clause::*;
use figures::*;

/// The longest clause read, in bytes; a real clause is a few dozen characters.
const MAX_CLAUSE: usize = 4096;

/// A paragraph of prose joined from lines, with the line each byte came from.
struct Paragraph {
    text: String,
    starts: Vec<(usize, crate::at::At)>,
    /// The keywords of `text`, searched for on first use, once for every reader.
    found: std::cell::OnceCell<Matches>,
}

impl Paragraph {
    fn matches(&self) -> &Matches {
        self.found.get_or_init(|| Matches::of(&self.text))
    }

    /// Whether a line of the paragraph begins at `byte`.
    fn starts_line(&self, byte: usize) -> bool {
        self.starts.binary_search_by_key(&byte, |s| s.0).is_ok()
    }

    fn line_at(&self, byte: usize) -> &crate::at::At {
        let i = self.starts.partition_point(|(start, _)| *start <= byte);
        self.starts
            .get(i.saturating_sub(1))
            .map_or(crate::at::At::nowhere(), |s| &s.1)
    }
}

/// Joins prose lines into paragraphs: a line that stops mid-sentence goes on on the next
/// non-blank line (PDF exports break sentences across blank lines).
fn paragraphs<'a>(lines: impl IntoIterator<Item = &'a Line>) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    // The paragraph being joined, in buffers kept from one paragraph to the next: each
    // paragraph's text and line starts are then copied out once, at their size, not
    // grown line by line.
    let mut text = String::new();
    let mut starts: Vec<(usize, crate::at::At)> = Vec::new();
    let mut blank_run = 0;
    for line in lines {
        let t = line.norm.trim();
        if t.is_empty() {
            blank_run += 1;
            continue;
        }
        let continues = starts.last().is_some_and(|s| {
            // Only the last line joined so far decides (the paragraph may be long).
            let last = text[s.0..].trim_end();
            let open =
                !last.ends_with(['。', '!', '?', ';', ':', '.']) && last.chars().nth(19).is_some();
            // A heading is a paragraph of its own: it neither takes the next line nor is
            // taken by the line before.
            let heading_before =
                starts.len() == 1 && is_heading(last) && last.chars().count() <= 30;
            !heading_before && !is_heading(t) && (blank_run == 0 || open && blank_run <= 2)
        });
        if !continues {
            out.extend(paragraph_of(&mut text, &mut starts));
        }
        starts.push((text.len(), line.at.clone()));
        text.push_str(&rate_after_its_change(&respectively(t)));
        blank_run = 0;
    }
    out.extend(paragraph_of(&mut text, &mut starts));
    out
}

/// The paragraph joined in `text` and `starts`, if one is, copied out at its size; the
/// buffers are left empty for the next.
fn paragraph_of(text: &mut String, starts: &mut Vec<(usize, crate::at::At)>) -> Option<Paragraph> {
    if starts.is_empty() {
        return None;
    }
    let mut own_starts = Vec::with_capacity(starts.len());
    own_starts.append(starts);
    let para = Paragraph {
        text: text.as_str().to_owned(),
        starts: own_starts,
        found: std::cell::OnceCell::new(),
    };
    text.clear();
    Some(para)
}

/// Words that pair a list of measures with a list of figures in order
/// (`响应率、解决率、满意率分别为100%、93.21%、94.56%`).
const RESPECTIVELY: &[&str] = &["分别为", "分别是", "分别达到", "分别达", "依次为", "分别"];

/// Rewrites `A、B和C分别为a、b、c` as `Aa,Bb,Cc`, so that each figure stands after its own
/// keyword; a list whose two sides do not pair one to one is left as printed.
fn respectively(line: &str) -> std::borrow::Cow<'_, str> {
    static WORDS: WordSet = WordSet::new(RESPECTIVELY);
    // Every word starts with 分 or 依: a line with neither holds none.
    if !holds_fen_or_yi(line) {
        return std::borrow::Cow::Borrowed(line);
    }
    // The first word, the longest of those starting there.
    let Some((at, word)) = WORDS.first_in(line) else {
        return std::borrow::Cow::Borrowed(line);
    };
    let is_break = |c: char| matches!(c, ',' | ';' | '。' | ':' | '!' | '?');
    let left_start = line[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| is_break(*c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let names: Vec<&str> = line[left_start..at]
        .split(['、', ','])
        .flat_map(|x| x.split('和'))
        .flat_map(|x| x.split('及'))
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect();
    if names.len() < 2 {
        return std::borrow::Cow::Borrowed(line);
    }
    // As many figures as names, each up to the next 、 , 和 or 及.
    let mut figures: Vec<&str> = Vec::new();
    let mut pos = at + word.len();
    while figures.len() < names.len() {
        let rest = &line[pos..];
        let len = rest
            .find(['、', ',', '和', '及', ';', '。'])
            .unwrap_or(rest.len());
        let item = rest[..len].trim();
        if !item.starts_with(|c: char| c.is_ascii_digit()) {
            return std::borrow::Cow::Borrowed(line);
        }
        figures.push(item);
        pos += len;
        let sep = line[pos..].chars().next();
        if figures.len() < names.len() {
            match sep {
                Some(c @ ('、' | ',' | '和' | '及')) => pos += c.len_utf8(),
                _ => return std::borrow::Cow::Borrowed(line),
            }
        }
    }
    let pairs: Vec<String> = names
        .iter()
        .zip(&figures)
        .map(|(n, f)| format!("{n}{f}"))
        .collect();
    std::borrow::Cow::Owned(format!(
        "{}{}{}",
        &line[..left_start],
        pairs.join(","),
        &line[pos..]
    ))
}

/// Whether a text holds 分 (E5 88 86) or 依 (E4 BE 9D): their last bytes are looked for,
/// then the two before.
fn holds_fen_or_yi(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(0x86, 0x9D, b).any(|i| {
        i >= 2 && {
            let c = &b[i - 2..=i];
            c == "分".as_bytes() || c == "依".as_bytes()
        }
    })
}

/// Words that give a rate's level after its change in points (`满意率同比上升1.2个百分点,
/// 达到96.40%`).
const LEVEL_AFTER_CHANGE: &[&str] = &[
    "达到",
    "提高到",
    "提高至",
    "提升至",
    "上升至",
    "下降至",
    "升至",
    "降至",
    "达",
    "为",
];

/// Words that open the change of a rate (`满意率同比上升…`).
const CHANGE_OPENERS: &[&str] = &["同比", "环比", "较上", "较去年", "比上", "比去年"];

/// Rewrites `满意率同比上升1.2个百分点,达到96.40%` as `…个百分点,满意率达到96.40%`: the
/// level printed after a change in points is the rate's own figure.
fn rate_after_its_change(line: &str) -> std::borrow::Cow<'_, str> {
    const POINTS: &str = "个百分点,";
    let mut out = String::new();
    let mut last = 0;
    let mut from = 0;
    static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(POINTS));
    while let Some(k) = FINDER.find(&line.as_bytes()[from..]) {
        let after = from + k + POINTS.len();
        from = after;
        let rest = &line[after..];
        let level = LEVEL_AFTER_CHANGE.iter().any(|w| {
            rest.strip_prefix(*w)
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        });
        if !level {
            continue;
        }
        // The rate: the words right before the change opener in this clause.
        let clause_start = line[..after - POINTS.len()]
            .char_indices()
            .rev()
            .find(|(_, c)| matches!(c, ',' | ';' | '。' | ':'))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let clause = &line[clause_start..after - POINTS.len()];
        let Some(open) = CHANGE_OPENERS.iter().filter_map(|o| clause.find(o)).min() else {
            continue;
        };
        let before = &clause[..open];
        let rate_end = before.len();
        let rate_start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| !c.is_ascii_digit() && !c.is_whitespace())
            .last()
            .map_or(rate_end, |(i, _)| i);
        let rate = &before[rate_start..rate_end];
        if !(rate.ends_with('率') || rate.ends_with('度')) || rate.chars().count() > 10 {
            continue;
        }
        out.push_str(&line[last..after]);
        out.push_str(rate);
        last = after;
    }
    if last == 0 {
        return std::borrow::Cow::Borrowed(line);
    }
    out.push_str(&line[last..]);
    std::borrow::Cow::Owned(out)
}

/// Whether a paragraph may give the headline reader anything: every figure it reads is
/// an ASCII number (`numbers_in`), a place after `第` (`第十六位`) or a grade's ASCII
/// letter; a paragraph with none of them (a heading, a sentence of words) is not read.
fn may_state_a_figure(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_alphanumeric()) || text.contains('第')
}

/// The sentences of a text: the spans between `。`, `!` and `?` (the last up to the
/// text's end, empty when the text ends with a mark), found as they are read.
fn sentences(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    // `None` once the last span is given.
    let mut start = Some(0);
    let mut i = 0;
    std::iter::from_fn(move || {
        let from = start?;
        // `。` is E3 80 82; `!` and `?` are ASCII (normalization folds the full-width forms).
        while let Some(k) = memchr::memchr3(b'!', b'?', 0xE3, &bytes[i..]) {
            let at = i + k;
            let len = match bytes[at] {
                b'!' | b'?' => 1,
                _ if bytes[at..].starts_with("。".as_bytes()) => "。".len(),
                _ => {
                    i = at + 1;
                    continue;
                }
            };
            start = Some(at + len);
            i = at + len;
            return Some((from, at));
        }
        start = None;
        Some((from, text.len()))
    })
}

/// The words naming an earlier period ([`EARLIER_WORDS`]), searched for together.
static EARLIER: WordSet = WordSet::new(EARLIER_WORDS);

/// Headings (一、…, (二)…, 1. …) start a new paragraph.
fn is_heading(t: &str) -> bool {
    // A 、 among the first three characters (`一、`, `十二、`); asked of every line.
    t.starts_with(['(', '◆', '【']) || t.chars().take(3).any(|c| c == '、')
}

/// Blanks out asides in parentheses, keeping byte offsets.
#[cfg(test)]
fn blank_parens(text: &str) -> String {
    blank_parens_spans(text).0.into_owned()
}

/// Blanks out asides in parentheses, keeping byte offsets; also gives the spans blanked,
/// in order. A text without an aside is given back as it is.
fn blank_parens_spans(text: &str) -> (std::borrow::Cow<'_, str>, Vec<(usize, usize)>) {
    // One pass: every matched pair, nested or not, is blanked with what it holds.
    let mut open: Vec<usize> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    // `(` and `)` are ASCII: a byte of theirs is never part of another character.
    for i in memchr::memchr2_iter(b'(', b')', text.as_bytes()) {
        if text.as_bytes()[i] == b'(' {
            open.push(i);
        } else if let Some(start) = open.pop() {
            spans.push((start, i + 1));
        }
    }
    if spans.is_empty() {
        return (std::borrow::Cow::Borrowed(text), spans);
    }
    // Outer pairs first; a pair inside one already blanked is skipped.
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    spans.sort_unstable();
    spans.retain(|&(start, end)| {
        if start < last {
            return false;
        }
        out.push_str(&text[last..start]);
        out.extend(std::iter::repeat_n(' ', end - start));
        last = end;
        true
    });
    out.push_str(&text[last..]);
    (std::borrow::Cow::Owned(out), spans)
}

/// Reads the headline figures of `lines` for `jurisdiction`. `elsewhere` tells whether a
/// text names another area than the jurisdiction (a clause about it is not the
/// jurisdiction's). Implausible figures are warnings, not values.
pub fn headline(
    lines: &[Line],
    jurisdiction: &str,
    elsewhere: &dyn Fn(&str) -> bool,
) -> (Vec<Headline>, Vec<Warning>) {
    headline_of(&Paragraphs::of(lines), jurisdiction, elsewhere)
}

/// The paragraphs of some prose, joined once for every reader of them.
pub struct Paragraphs(Vec<Paragraph>);

impl Paragraphs {
    pub fn of<'a>(lines: impl IntoIterator<Item = &'a Line>) -> Paragraphs {
        Paragraphs(paragraphs(lines))
    }
}

/// [`headline`] of prose already joined into paragraphs.
pub fn headline_of(
    paras: &Paragraphs,
    jurisdiction: &str,
    elsewhere: &dyn Fn(&str) -> bool,
) -> (Vec<Headline>, Vec<Warning>) {
    let mut reader = Reader {
        jurisdiction,
        elsewhere,
        out: Vec::new(),
        warnings: Vec::new(),
    };
    for para in &paras.0 {
        reader.paragraph(para);
    }
    (reader.out, reader.warnings)
}

/// The figures each paragraph states of its own subject (the first of each metric), for
/// comparing the prose with the tables. Unlike [`headline`] this reads every paragraph on
/// its own, whatever its subject.
pub fn statements(lines: &[Line]) -> Vec<Vec<Value>> {
    statements_of(&paragraphs(lines))
}

/// The paragraphs' own figures ([`statements`]) when `want` says so, and their structures
/// ([`statement::structures`]), the paragraphs joined once for both.
pub fn statements_and_structures(
    paras: &Paragraphs,
    want: bool,
) -> (Vec<Vec<Value>>, statement::Structures) {
    let own = if want {
        statements_of(&paras.0)
    } else {
        Vec::new()
    };
    (own, statement::structures_of(&paras.0))
}

fn statements_of(paras: &[Paragraph]) -> Vec<Vec<Value>> {
    paras
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
        if self.established() && CHANNELS.in_text(p) {
            // A channel as the subject: the sentence goes on about it.
            return Subject::Channel;
        }
        let part = self.established() && VIA_WORDS.iter().any(|w| p.starts_with(w))
            || names_group(p)
            || EARLIER.in_text(p)
            || names_category(p)
            || (self.elsewhere)(p);
        if part {
            Subject::Part
        } else {
            Subject::Whole
        }
    }

    fn paragraph(&mut self, para: &Paragraph) {
        if may_state_a_figure(&para.text) {
            self.read_paragraph(para);
        }
    }

    fn read_paragraph(&mut self, para: &Paragraph) {
        let (text, blanked) = blank_parens_spans(&para.text);
        let mut state = ParagraphState::default();
        // The clauses of a sentence and what they read, in buffers kept for the next.
        let mut scratch = Scratch::default();
        for span in sentences(&text) {
            // Once a channel has been the subject, the paragraph goes on about it.
            if state.other_subject || state.channel {
                return;
            }
            self.sentence(&text, &blanked, span, para, &mut state, &mut scratch);
        }
    }

    /// [`Reader::clauses_into`] a list of their own.
    #[cfg(test)]
    fn clauses(text: &str, span: (usize, usize)) -> Vec<Clause> {
        let mut out = Vec::new();
        Self::clauses_into(text, span, &mut out);
        out
    }

    /// Cuts a sentence into clauses, into `out` (emptied first): at `,` and `;` (not a
    /// thousands comma), and at `、` after a number (`建议、表扬类:14件` is one clause).
    fn clauses_into(text: &str, (from, to): (usize, usize), out: &mut Vec<Clause>) {
        let bytes = text.as_bytes();
        let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
        out.clear();
        let mut start = from;
        let mut after_semicolon = false;
        // The marks that may cut are `,`, `;` and `、` (E3 80 81): only where one of their
        // first bytes stands is a character looked at.
        let mut i = from;
        while let Some(k) = memchr::memchr3(b',', b';', 0xE3, &bytes[i..to]) {
            let at = i + k;
            let (cut, len) = match bytes[at] {
                b',' => {
                    let thousands =
                        at > 0 && digit(at - 1) && (1..=3).all(|k| digit(at + k)) && !digit(at + 4);
                    (!thousands, 1)
                }
                b';' => (true, 1),
                _ if bytes[at..to].starts_with("、".as_bytes()) => {
                    // An ASCII digit is one byte, never part of another character.
                    let enumeration = !bytes[start..at].iter().any(u8::is_ascii_digit);
                    (!enumeration, "、".len())
                }
                _ => (false, 1),
            };
            if cut {
                out.push(Clause {
                    a: start,
                    b: at,
                    after_semicolon,
                });
                after_semicolon = bytes[at] == b';';
                start = at + len;
            }
            i = at + len;
        }
        out.push(Clause {
            a: start,
            b: to,
            after_semicolon,
        });
    }

    /// [`Reader::clauses`] as it was written, char by char: kept to compare with.
    #[cfg(test)]
    fn clauses_by_char(text: &str, (from, to): (usize, usize)) -> Vec<Clause> {
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
        blanked: &[(usize, usize)],
        span: (usize, usize),
        para: &Paragraph,
        state: &mut ParagraphState,
        scratch: &mut Scratch,
    ) {
        Self::clauses_into(text, span, &mut scratch.clauses);
        let clauses = &scratch.clauses;
        let hits_of = TextHits::within(para.matches(), blanked, span.0, span.1);
        let parallel = parallel_parts(text, &hits_of, clauses);
        let mut scope = Scope::Own;
        let mut in_qizhong = false;
        // Set once the sentence has moved to another subject: all after is a part.
        let mut moved = false;
        let mut pending_change: Option<(Metric, Scope)> = None;
        for clause in clauses {
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
            let hits = hits_of.span(text, rest, b);
            let prefix = &text[rest..hits.first().map_or(b, |h| h.start)];
            let change_size = hits.is_empty()
                && CHANGE_SIZE_WORDS
                    .iter()
                    .any(|w| text[rest..b].starts_with(w));
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
                } else if is_breakdown(prefix, &hits) && self.part_prefix(prefix) == Subject::Whole
                {
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
                        Subject::Channel if numbers_in(&text[rest..b]).next().is_none() => {
                            Scope::Own
                        }
                        Subject::Channel => {
                            channel = true;
                            Scope::Part { carried: true }
                        }
                    }
                };
                let trimmed = prefix.trim();
                let fresh = !trimmed.is_empty()
                    && !CONTINUATION_WORDS.iter().any(|w| trimmed.starts_with(w));
                scope = match &scope {
                    Scope::Own => own_path(self),
                    Scope::Named(_) if fresh => own_path(self),
                    // After a list of bare parts, a clause opening with a measure that is
                    // no count goes back to the whole (`…网上举报…件,平均办结时间为24天`); a
                    // count is one more part (`直派诉求…件,转派诉求…件`).
                    Scope::Part { carried: false }
                        if trimmed.is_empty()
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
            self.read_clause(text, rest, b, &hits, para, &scope, &mut scratch.reads);
            for (read, unanswered_change) in scratch.reads.drain(..) {
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
            Some(h)
                if *scope == Scope::Own
                    && v.metric.kind() == MetricKind::Count
                    && h.value.value != v.value =>
            {
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
    /// keyword that found no percentage (its size may follow in the next clause); into
    /// `reads`, emptied first (a buffer kept from one clause to the next).
    #[allow(clippy::too_many_arguments)]
    fn read_clause(
        &mut self,
        text: &str,
        a: usize,
        b: usize,
        hits: &[Hit],
        para: &Paragraph,
        scope: &Scope,
        reads: &mut Vec<(Option<Read>, Option<Metric>)>,
    ) {
        reads.clear();
        if let Scope::Named(_) = scope {
            if let Some((d, at, printed)) = category_count(text, a, b) {
                reads.push((
                    Some(Read::Value(Value {
                        metric: Metric::Count,
                        value: Figure::Number(d),
                        as_printed: printed,
                        at: para.line_at(at).clone(),
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
                && !matches!(
                    metric,
                    Metric::Share | Metric::MomChange | Metric::YoyChange
                )
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
                let after_adjacent = hits
                    .get(k + 1)
                    .is_some_and(|h| adjacent(h) && window.trim().is_empty());
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
                        at: para.line_at(hit.end + at_byte).clone(),
                    })),
                    None,
                )),
                None if metric.kind() == MetricKind::Change => reads.push((None, Some(metric))),
                None => {}
            }
        }
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
                            at: para.line_at(offset).clone(),
                            message: format!("implausible rank '{printed}' not read"),
                        });
                        return None;
                    }
                };
                Some((Figure::Number(place.into()), start, printed.to_string()))
            }
            Metric::Grade => {
                let t =
                    window.trim_start_matches(|c: char| c == '为' || c == ':' || c.is_whitespace());
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

/// Buffers of the headline reader kept from one sentence to the next.
#[derive(Default)]
struct Scratch {
    /// The clauses of the sentence.
    clauses: Vec<Clause>,
    /// What a clause read.
    reads: Vec<(Option<Read>, Option<Metric>)>,
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

#[cfg(test)]
mod tests;
