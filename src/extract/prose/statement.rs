//! Statements of the prose read as structures, for the checks of `check_prose.rs`: a total
//! and its parts (`共X件,其中A a件、B b件…`, `X件(热线a件,网络b件)`, a list of categories
//! with their counts and shares, the items of one category), a count closed and a count
//! still open (`已办理X件,已办结a件,待办理b件`), and a rate with the counts printed before
//! it (`办结a件,办结率r%`, `办结率r%(a/b)`).
//!
//! A paragraph is read once, left to right, into figures: each count (a number with a
//! count unit), percentage or bare number, with the words naming it (the text of its
//! clause before it), the words after it, the separator before it (`、` `,` `;` `:` or
//! a sentence's end) and the figure whose parentheses hold it (`42172件(热线42037件,…)`,
//! `43件(30.2%)`); parentheses holding no figure are words. The figures of a sentence
//! are then grouped: a part starts at each count named by more than a measure's keyword,
//! a count named by a keyword only is a measure of the part before it (`…20549件,办结
//! 14937件`), a share goes with the count before it unless it follows a run of counts
//! joined by `、` (`A…件、B…件、C…件,占…77%` is the share of all three).
//!
//! What the reader cannot be sure of it marks, and the checks leave alone: a list holding
//! a bare number, an approximate count, counts of several units, a part named by a
//! measure that is no part (`其中满意7件`), a list of the largest parts only.

use rust_decimal::Decimal;

use super::clause::{keyword_hits, Hit};
use super::{paragraphs, Paragraph};
use crate::extract::number::numbers_in;
use crate::extract::phrases::{Key, COUNT_UNITS};
use crate::model::{Metric, MetricKind};
use crate::source::text::Line;

mod words;
use words::*;

/// How many sentences back a total is looked for (`…X件。…。其中,…`).
const MAX_SENTENCES_BACK: usize = 4;

/// How many counts before a rate or a closed count are tried as its base.
const MAX_BASES: usize = 32;

/// The most figures a paragraph is read for: a bulletin's paragraph holds a few dozen; a
/// text of thousands (a table flattened into one line, a repeated phrase) is no statement,
/// and reading it would cost memory in proportion to its figures times their bases.
const MAX_FIGURES: usize = 4096;

/// A count as printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Count {
    /// Unique within a document: which count of the prose it is.
    pub id: usize,
    pub value: Decimal,
    /// Half the width of what the printed figure stands for: 0 for a whole count, 50 for
    /// `9.67万件`.
    pub half: Decimal,
    pub unit: &'static str,
    pub printed: String,
    pub at: String,
    /// The words naming it, cleaned (`景区投诉`).
    pub name: String,
    /// The measure its words name, if one has a key (`办结…件` is closed).
    pub metric: Option<Metric>,
    /// A count of return visits (the base of a satisfaction rate).
    pub visits: bool,
    /// Named as a total (`共受理…`, `合计…`).
    pub total: bool,
}

/// A percentage as printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Percent {
    pub value: Decimal,
    pub printed: String,
    pub at: String,
}

/// One part of a total: its count, its share, and the other measures printed of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub count: Count,
    pub share: Option<Percent>,
    /// Counts of other measures of the part (`…20549件,办结14937件`).
    pub measures: Vec<Count>,
    /// A part that is never handled (`无效诉求`): it has no closed orders.
    pub not_handled: bool,
    sep: Sep,
}

/// A list of parts, of a printed total or (a list of its own) of the document's whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Breakdown {
    /// The total the parts are of, then the other counts it may be (printed in the same
    /// clause run before the parts). Empty for a list of its own.
    pub totals: Vec<Count>,
    /// The other measures printed of the total (`共受理…件,办结38552件。其中…`).
    pub measures: Vec<Count>,
    pub parts: Vec<Part>,
    /// A catch-all part (`其他…`): the parts are all the parts.
    pub all_parts: bool,
    /// The parts may be some only: the largest (`前5位`), the main ones (`主要涉及`), those
    /// in parentheses.
    pub some_only: bool,
    /// Something the sums cannot be sure of: a bare number, an approximate count, counts
    /// of several units, a part named by a measure that is no part.
    pub uncertain: bool,
    /// Some part's name holds a measure's keyword (`…受理…件`): the list may be measures
    /// of one whole rather than its parts.
    pub keyworded: bool,
    /// The list speaks of another or a longer period (`累计…`, `上月…`).
    pub other_period: bool,
    /// The name of the total when it is itself a part (`住房保障类`), else empty.
    pub subject: String,
    /// The measure the words before the parts name (`办结量较多的是:…`), if one.
    pub measure: Option<Metric>,
}

/// A total, its closed orders and its open ones (`已办理X件,已办结a件,待办理b件`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub total: Count,
    pub closed: Count,
    pub open: Count,
}

/// A rate with the counts printed before it in its paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rate {
    pub metric: Metric,
    pub rate: Percent,
    /// The counts right before it in its sentence, nearest first (at most two).
    pub before: Vec<Count>,
    /// The counts of the paragraph before it that may be its base (those naming a
    /// measure), nearest last: ids into [`Structures::counts`].
    pub earlier: Vec<usize>,
    /// Its count and base printed in parentheses after it (`99.93%(11163/11171)`).
    pub explicit: Option<(Decimal, Decimal)>,
}

/// What the prose of a document states, as structures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Structures {
    pub breakdowns: Vec<Breakdown>,
    pub statuses: Vec<Status>,
    pub rates: Vec<Rate>,
    /// Every count printed (changes left out), in order (of their ids).
    pub counts: Vec<Count>,
}

impl Structures {
    /// The count of an id.
    pub fn count(&self, id: usize) -> Option<&Count> {
        self.counts
            .binary_search_by_key(&id, |c| c.id)
            .ok()
            .map(|i| &self.counts[i])
    }
}

/// Reads the structures of `lines`' prose.
pub fn structures(lines: &[Line]) -> Structures {
    structures_of(&paragraphs(lines))
}

/// Reads the structures of paragraphs already joined.
pub(super) fn structures_of(paras: &[Paragraph]) -> Structures {
    let mut out = Structures::default();
    for para in paras {
        // A paragraph without a digit states no figure.
        if !para.text.bytes().any(|b| b.is_ascii_digit()) {
            continue;
        }
        let (figs, blind) = scan(para, out.counts.len());
        group(&figs, &blind, &mut out);
        out.counts
            .extend(figs.into_iter().filter_map(|f| match f.kind {
                Kind::Count(c) if !f.change => Some(c),
                _ => None,
            }));
    }
    out
}

/// What separates a figure from the one before it, weakest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Sep {
    None,
    Pause,
    Comma,
    Colon,
    Semicolon,
    Sentence,
}

#[derive(Clone, Debug)]
enum Kind {
    Count(Count),
    Percent(Percent, Role),
    /// A whole number without a unit where a count would stand (`建议类140、`).
    Bare,
    /// `a/b` in parentheses.
    Ratio(Decimal, Decimal),
}

/// What a percentage is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Share,
    Rate(Metric),
    Other,
}

/// One figure of a paragraph.
#[derive(Clone, Debug)]
struct Fig {
    kind: Kind,
    /// The words after it, up to the next separator.
    tail: String,
    sep: Sep,
    sentence: usize,
    /// The figure whose parentheses hold it.
    owner: Option<usize>,
    /// `其中` or another opener of parts stands before it.
    opens: Option<Opener>,
    change: bool,
    earlier: bool,
    approx: bool,
    /// Its words are a measure's keyword and filler only.
    pure: bool,
    /// Its words name a measure that is no part.
    non_part: bool,
    /// Its words hold a measure's keyword.
    keyword: bool,
    /// Its words say the list holds the largest or main parts only.
    some_only: bool,
    /// The measure the figure-less clauses before it name.
    context_metric: Option<Metric>,
    /// The figure-less clauses before it speak of another period.
    context_earlier: bool,
    /// For a rate: the words right before its keyword that qualify it (`综合` of
    /// `综合办结率`).
    qualifier: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Opener {
    All,
    Some,
}

/// A number of the text and what it is.
struct Token {
    start: usize,
    /// Past its unit or `%`.
    end: usize,
    class: Class,
}

enum Class {
    Count {
        value: Decimal,
        half: Decimal,
        unit: &'static str,
        printed: String,
        approx: bool,
    },
    Percent {
        value: Decimal,
        printed: String,
    },
    Bare,
    /// A number that is words (a date, `12345热线`, a list number).
    Words,
}

fn is_separator(c: char) -> bool {
    matches!(c, ',' | ';' | '、' | ':' | '。' | '!' | '?')
}

/// The numbers of a paragraph's text and what each is; `line_starts` are where its lines
/// begin (a word on the next line is not the one after a count's unit).
fn tokens(text: &str, line_starts: &[usize]) -> Vec<Token> {
    let mut out = Vec::new();
    let all = numbers_in(text);
    for (k, t) in all.iter().enumerate() {
        let after = &text[t.end..];
        let trimmed = after.trim_start();
        let gap = after.len() - trimmed.len();
        let class = match t.value {
            None => Class::Words,
            Some(v) if trimmed.starts_with('%') => Class::Percent {
                value: v,
                printed: format!("{}%", t.printed),
            },
            Some(v) => match count_after(v, trimmed) {
                // `22个单位`, `9家`: a count of units, not of orders.
                Some((_, _, _, _, len))
                    if ORG_NOUNS.iter().any(|w| trimmed[len..].starts_with(w))
                        && line_starts.binary_search(&(t.end + gap + len)).is_err() =>
                {
                    Class::Words
                }
                Some((value, half, unit, approx, len)) => {
                    let end = t.end + gap + len;
                    out.push(Token {
                        start: t.start,
                        end,
                        class: Class::Count {
                            value,
                            half,
                            unit,
                            printed: text[t.start..end].trim().to_string(),
                            approx,
                        },
                    });
                    continue;
                }
                None => {
                    let before_han = text[..t.start]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c > '\u{2e80}' && !is_separator(c));
                    let after_sep = after
                        .chars()
                        .next()
                        .is_none_or(|c| matches!(c, '、' | ',' | ';' | '。'));
                    // `a/b`: words, read where parentheses hold it.
                    let ratio_part =
                        after.starts_with('/') || k > 0 && text[..t.start].ends_with('/');
                    if v.scale() == 0 && before_han && after_sep && !ratio_part {
                        Class::Bare
                    } else {
                        Class::Words
                    }
                }
            },
        };
        let end = match class {
            Class::Percent { .. } => t.end + gap + 1,
            _ => t.end,
        };
        out.push(Token {
            start: t.start,
            end,
            class,
        });
    }
    out
}

/// A count unit after a number: the value, half its printed width, the unit, whether it
/// is approximate (`2000余件`) and the length read.
fn count_after(v: Decimal, after: &str) -> Option<(Decimal, Decimal, &'static str, bool, usize)> {
    let mut a = after;
    let approx = a.starts_with(['余', '多']);
    if approx {
        a = &a[a.chars().next().map_or(0, char::len_utf8)..];
    }
    let wan = a.starts_with('万');
    if wan {
        a = a['万'.len_utf8()..].trim_start();
    }
    let unit = COUNT_UNITS.iter().find(|u| a.starts_with(*u))?;
    let (value, half) = if wan {
        let value = v.checked_mul(Decimal::from(10_000))?;
        // Half a unit of the last printed place, in orders: 9.67万 is 96650 to 96750.
        let half = Decimal::try_new(5, v.scale() + 1)
            .ok()?
            .checked_mul(Decimal::from(10_000))?;
        (value.normalize(), half.normalize())
    } else if v.scale() == 0 {
        (v, Decimal::ZERO)
    } else {
        return None;
    };
    if value.is_sign_negative() {
        return None;
    }
    Some((
        value,
        half,
        unit,
        approx,
        after.len() - a.len() + unit.len(),
    ))
}

/// A pair of parentheses: where it closes and whether it holds a figure.
struct Paren {
    close: usize,
    holds_figure: bool,
}

/// The matched parentheses of a text, by the byte of their `(`.
fn parens(text: &str, toks: &[Token]) -> std::collections::HashMap<usize, Paren> {
    let figure_starts: Vec<usize> = toks
        .iter()
        .filter(|t| matches!(t.class, Class::Count { .. } | Class::Percent { .. }))
        .map(|t| t.start)
        .collect();
    let mut out = std::collections::HashMap::new();
    let mut open: Vec<usize> = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '(' => open.push(i),
            ')' => {
                if let Some(a) = open.pop() {
                    let k = figure_starts.partition_point(|s| *s <= a);
                    let holds_figure = figure_starts.get(k).is_some_and(|s| *s < i);
                    out.insert(
                        a,
                        Paren {
                            close: i,
                            holds_figure,
                        },
                    );
                }
            }
            _ => {}
        }
    }
    out
}

/// `a/b` as the whole of a parenthesis's text.
fn ratio(inner: &str) -> Option<(Decimal, Decimal)> {
    let (a, b) = inner.split_once('/')?;
    let read = |s: &str| -> Option<Decimal> {
        let s = s.trim();
        let toks = numbers_in(s);
        match toks.as_slice() {
            [t] if t.start == 0 && t.end == s.len() => t.value,
            _ => None,
        }
    };
    Some((read(a)?, read(b)?))
}

enum Open {
    /// Parentheses after a figure: what they hold is of it.
    Attached { owner: usize, pending: Sep },
    /// Parentheses that are part of a name (`住房保障类(793件,…)`).
    Through,
}

/// Reads a paragraph's figures, left to right. `first_id` numbers its counts. Also tells,
/// for each sentence, whether it names a count it prints no number for (`共回退工单件`).
fn scan(para: &Paragraph, first_id: usize) -> (Vec<Fig>, Vec<bool>) {
    let text = para.text.as_str();
    let starts: Vec<usize> = para.starts.iter().map(|s| s.0).collect();
    let toks = tokens(text, &starts);
    let figures = toks
        .iter()
        .filter(|t| matches!(t.class, Class::Count { .. } | Class::Percent { .. }))
        .count();
    if figures > MAX_FIGURES {
        return (Vec::new(), Vec::new());
    }
    let pairs = parens(text, &toks);
    let mut figs: Vec<Fig> = Vec::new();
    let mut blind: Vec<bool> = Vec::new();
    let mut next_id = first_id;
    // The start of the current clause's words, and the figure that owns the words after it.
    let mut clause_start = 0;
    let mut clause_owner: Option<usize> = None;
    // Where the figure-less clauses before the next figure begin.
    let mut context_from: Option<usize> = Some(0);
    // The keywords of the whole paragraph, found once; each figure takes those of its words.
    let hits = keyword_hits(text, 0, text.len());
    let mut pending = Sep::Sentence;
    let mut sentence = 0;
    let mut stack: Vec<Open> = Vec::new();
    let mut line_starts = para.starts.iter().map(|s| s.0).skip(1).peekable();
    let mut k = 0;
    let mut i = 0;
    while i < text.len() {
        // A line that ends with a figure ends its clause (lines of a list).
        while line_starts.peek().is_some_and(|s| *s < i) {
            line_starts.next();
        }
        if line_starts.peek() == Some(&i) && clause_owner.is_some() {
            let words = text[clause_start..i].trim();
            if words.chars().count() <= 4 {
                end_clause(&mut figs, clause_owner, &text[clause_start..i]);
                context_from = Some(i);
                clause_start = i;
                clause_owner = None;
                pending = pending.max(Sep::Comma);
            }
        }
        // Numbers inside words skipped over (parentheses holding no figure) are words.
        while toks.get(k).is_some_and(|t| t.start < i) {
            k += 1;
        }
        if let Some(t) = toks.get(k).filter(|t| t.start == i) {
            k += 1;
            let owner = stack.iter().rev().find_map(|o| match o {
                Open::Attached { owner, .. } => Some(*owner),
                Open::Through => None,
            });
            let kind = match &t.class {
                Class::Words => {
                    i = t.end;
                    continue;
                }
                Class::Bare => Kind::Bare,
                Class::Count {
                    value,
                    half,
                    unit,
                    printed,
                    approx: _,
                } => {
                    next_id += 1;
                    Kind::Count(Count {
                        id: next_id,
                        value: *value,
                        half: *half,
                        unit,
                        printed: printed.clone(),
                        at: para.line_at(t.start).to_string(),
                        name: String::new(),
                        metric: None,
                        visits: false,
                        total: false,
                    })
                }
                Class::Percent { value, printed } => Kind::Percent(
                    Percent {
                        value: *value,
                        printed: printed.clone(),
                        at: para.line_at(t.start).to_string(),
                    },
                    Role::Other,
                ),
            };
            let approx_after = matches!(t.class, Class::Count { approx: true, .. });
            let context = (
                context_from.unwrap_or(clause_start).min(clause_start),
                clause_start,
            );
            let fig = figure(
                text,
                &hits,
                kind,
                (clause_start, t.start),
                context,
                pending,
                sentence,
                owner,
                approx_after,
            );
            figs.push(fig);
            context_from = None;
            clause_owner = Some(figs.len() - 1);
            clause_start = t.end;
            pending = Sep::None;
            i = t.end;
            continue;
        }
        let Some(ch) = text[i..].chars().next() else {
            break;
        };
        let len = ch.len_utf8();
        match ch {
            '(' => {
                if let Some(p) = pairs.get(&i) {
                    let tail = &text[clause_start..i];
                    if !p.holds_figure {
                        // Words: the parentheses of a name, or a ratio after a rate.
                        let inner = &text[i + len..p.close];
                        if let (Some(owner), Some((a, b))) = (clause_owner, ratio(inner)) {
                            if tail.trim().is_empty() {
                                figs.push(Fig {
                                    kind: Kind::Ratio(a, b),
                                    tail: String::new(),
                                    sep: Sep::None,
                                    sentence,
                                    owner: Some(owner),
                                    opens: None,
                                    change: false,
                                    earlier: false,
                                    approx: false,
                                    pure: false,
                                    non_part: false,
                                    keyword: false,
                                    some_only: false,
                                    context_metric: None,
                                    context_earlier: false,
                                    qualifier: String::new(),
                                });
                                clause_start = p.close + ')'.len_utf8();
                            }
                        }
                        i = p.close + ')'.len_utf8();
                        continue;
                    }
                    match clause_owner {
                        Some(owner) if tail.trim().chars().count() <= 8 => {
                            if let Some(f) = figs.get_mut(owner) {
                                f.tail = tail.trim().to_string();
                            }
                            stack.push(Open::Attached { owner, pending });
                            context_from = Some(i + len);
                            clause_start = i + len;
                            clause_owner = None;
                            pending = Sep::None;
                        }
                        _ => stack.push(Open::Through),
                    }
                }
            }
            ')' => match stack.pop() {
                Some(Open::Attached { owner, pending: p }) => {
                    end_clause(&mut figs, clause_owner, &text[clause_start..i]);
                    context_from = Some(i + len);
                    clause_start = i + len;
                    clause_owner = Some(owner);
                    pending = p;
                }
                Some(Open::Through) | None => {}
            },
            c if is_separator(c) => {
                end_clause(&mut figs, clause_owner, &text[clause_start..i]);
                // After a figure's clause, the words before the next figure start anew.
                if clause_owner.is_some() || context_from.is_none() {
                    context_from = Some(i + len);
                }
                clause_start = i + len;
                clause_owner = None;
                let sep = match c {
                    '、' => Sep::Pause,
                    ',' => Sep::Comma,
                    ':' => Sep::Colon,
                    ';' => Sep::Semicolon,
                    _ => Sep::Sentence,
                };
                if sep == Sep::Sentence {
                    sentence += 1;
                    stack.clear();
                    context_from = Some(i + len);
                }
                pending = pending.max(sep);
            }
            c if BLIND_UNITS.contains(&c) => {
                // A count unit outside any figure: a count whose number is not printed.
                if blind.len() <= sentence {
                    blind.resize(sentence + 1, false);
                }
                blind[sentence] = true;
            }
            _ => {}
        }
        i += len;
    }
    (figs, blind)
}

/// Ends a clause: its words after a figure are that figure's tail.
fn end_clause(figs: &mut [Fig], owner: Option<usize>, words: &str) {
    if let Some(f) = owner.and_then(|o| figs.get_mut(o)) {
        if f.tail.is_empty() {
            f.tail = words.trim().to_string();
        }
    }
}

/// The keywords of `hits` (sorted, none inside another) within `text[a..b]`.
fn hits_in(hits: &[Hit], (a, b): (usize, usize)) -> &[Hit] {
    let from = hits.partition_point(|h| h.start < a);
    let to = from + hits[from..].partition_point(|h| h.end <= b);
    &hits[from..to]
}

/// A figure with what its words say of it.
#[allow(clippy::too_many_arguments)]
fn figure(
    text: &str,
    all_hits: &[Hit],
    mut kind: Kind,
    label: (usize, usize),
    context: (usize, usize),
    sep: Sep,
    sentence: usize,
    owner: Option<usize>,
    approx_after: bool,
) -> Fig {
    let words = &text[label.0..label.1];
    let hits = hits_in(all_hits, label);
    let context_hits = hits_in(all_hits, context);
    let context = &text[context.0..context.1];
    let last_metric = hits.iter().rev().find_map(|h| match h.key {
        Key::M(m) => Some(m),
        _ => None,
    });
    let keyword = hits.iter().any(|h| matches!(h.key, Key::M(_) | Key::NoKey));
    let (wf, cf) = (Found::in_text(words), Found::in_text(context));
    let opener_in = |f: Found| -> Option<Opener> {
        if f.has(Found::OPENS_ALL) {
            Some(Opener::All)
        } else if f.has(Found::OPENS_SOME) {
            Some(Opener::Some)
        } else {
            None
        }
    };
    let opens = opener_in(cf).or_else(|| opener_in(wf));
    let change = wf.has(Found::COMPARISON) && wf.has(Found::DIRECTION);
    let earlier = wf.has(Found::OTHER_PERIOD);
    let context_earlier = cf.has(Found::OTHER_PERIOD);
    let trimmed = words.trim_end();
    let approx = approx_after || APPROX_BEFORE.iter().any(|w| trimmed.ends_with(w));
    let some_only = cf.has(Found::SOME_ONLY) || wf.has(Found::SOME_ONLY);
    let context_metric = context_hits.iter().rev().find_map(|h| match h.key {
        Key::M(m) if m.kind() == MetricKind::Count => Some(m),
        _ => None,
    });
    let mut pure = false;
    let mut non_part = false;
    let mut qualifier = String::new();
    match &mut kind {
        Kind::Count(c) => {
            c.name = clean_name(words);
            c.metric = last_metric.filter(|m| m.kind() == MetricKind::Count);
            c.visits = wf.has(Found::VISIT);
            c.total = wf.has(Found::TOTAL);
            pure = keyword && is_pure(text, label, hits);
            non_part = c.metric.is_some_and(|m| NON_PART_METRICS.contains(&m))
                || c.visits
                || trimmed.ends_with(PART_OF_END);
        }
        Kind::Percent(_, role) => {
            let is_change = wf.has(Found::CHANGE_PERCENT);
            *role = match last_metric {
                _ if is_change => Role::Other,
                Some(Metric::Share) => Role::Share,
                Some(m) if m.kind() == MetricKind::Rate => Role::Rate(m),
                _ if wf.has(Found::SHARE) => Role::Share,
                // `43件(30.2%)`: a bare percentage in the parentheses of a count.
                _ if owner.is_some() && words.trim().is_empty() => Role::Share,
                _ => Role::Other,
            };
            if let (Role::Rate(_), Some(h)) = (
                *role,
                hits.iter().rev().find(|h| matches!(h.key, Key::M(_))),
            ) {
                qualifier = rate_qualifier(&text[label.0..h.start]);
            }
        }
        Kind::Bare | Kind::Ratio(..) => {}
    }
    Fig {
        kind,
        tail: String::new(),
        sep,
        sentence,
        owner,
        opens,
        change,
        earlier,
        approx,
        pure,
        non_part,
        keyword,
        some_only,
        context_metric,
        context_earlier,
        qualifier,
    }
}

/// The words qualifying a rate's keyword: the last Han characters before it, past
/// filler (`综合` of `…,综合办结率`); empty when none.
fn rate_qualifier(before: &str) -> String {
    let run: Vec<char> = before
        .chars()
        .rev()
        .take_while(|c| *c > '\u{2e80}' && !is_separator(*c))
        .collect();
    let mut q: String = run.into_iter().rev().collect();
    for w in RATE_NEUTRAL {
        q = q.replace(w, "");
    }
    q.chars()
        .rev()
        .take(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect()
}

/// Whether a count's words are a measure's keyword and filler only (`办结`, `已办结`,
/// `在线办结数`, `登记交办`).
fn is_pure(text: &str, label: (usize, usize), hits: &[Hit]) -> bool {
    let mut at = label.0;
    for h in hits {
        if h.start >= at && h.end <= label.1 {
            if !only_filler(&text[at..h.start]) {
                return false;
            }
            at = h.end;
        }
    }
    only_filler(&text[at.min(label.1)..label.1])
}

/// Whether a text is filler only: spaces, marks, the words of `MEASURE_FILLER` and the
/// openers of parts.
fn only_filler(mut t: &str) -> bool {
    loop {
        t = t.trim_start_matches(|c: char| c.is_whitespace() || NAME_TRIM.contains(&c));
        if t.is_empty() {
            return true;
        }
        let word = MEASURE_FILLER
            .iter()
            .chain(PARTS_OPENERS)
            .chain(SOME_PARTS_OPENERS)
            .find(|w| t.starts_with(*w));
        match word {
            Some(w) => t = &t[w.len()..],
            None => return false,
        }
    }
}

/// A part's name from its words: no parentheses, quotes, list numbers, openers.
fn clean_name(words: &str) -> String {
    let mut out = String::with_capacity(words.len());
    let mut depth = 0usize;
    for c in words.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let mut name = out.as_str();
    loop {
        let before = name;
        name = name.trim_matches(|c: char| NAME_TRIM.contains(&c) || c.is_whitespace());
        // A list number (`1.`, `2、`).
        let digits = name.len() - name.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if (1..=2).contains(&digits) {
            if let Some(rest) = name[digits..].strip_prefix(['.', '、']) {
                name = rest;
            }
        }
        for w in PARTS_OPENERS.iter().chain(SOME_PARTS_OPENERS) {
            name = name.strip_prefix(w).unwrap_or(name);
        }
        for w in NAME_TAIL {
            name = name.strip_suffix(w).unwrap_or(name);
        }
        if name == before {
            break;
        }
    }
    name.to_string()
}

/// Which of the reader's word lists a text holds, found in one pass.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Found(u32);

impl Found {
    const OPENS_ALL: u32 = 1;
    const OPENS_SOME: u32 = 1 << 1;
    const COMPARISON: u32 = 1 << 2;
    const DIRECTION: u32 = 1 << 3;
    const OTHER_PERIOD: u32 = 1 << 4;
    const SOME_ONLY: u32 = 1 << 5;
    const VISIT: u32 = 1 << 6;
    const TOTAL: u32 = 1 << 7;
    const CHANGE_PERCENT: u32 = 1 << 8;
    const SHARE: u32 = 1 << 9;
    /// Internal: a word holding a total's word that is no total (`公共`).
    const NOT_TOTAL: u32 = 1 << 10;

    const LISTS: &'static [(&'static [&'static str], u32)] = &[
        (PARTS_OPENERS, Found::OPENS_ALL),
        (SOME_PARTS_OPENERS, Found::OPENS_SOME),
        (COMPARISON_WORDS, Found::COMPARISON),
        (DIRECTION_WORDS, Found::DIRECTION),
        (OTHER_PERIOD, Found::OTHER_PERIOD),
        (SOME_ONLY, Found::SOME_ONLY),
        (VISIT_WORDS, Found::VISIT),
        (TOTAL_WORDS, Found::TOTAL),
        (CHANGE_PERCENT_WORDS, Found::CHANGE_PERCENT),
        (SHARE_WORDS, Found::SHARE),
        (NOT_TOTAL, Found::NOT_TOTAL),
    ];

    fn has(self, flag: u32) -> bool {
        self.0 & flag != 0
    }

    /// The lists `text` holds a word of. A total's word inside a word that is no total
    /// (`公共`) does not count; `前` before a numeral is a top-N.
    fn in_text(text: &str) -> Found {
        static AC: std::sync::OnceLock<(aho_corasick::AhoCorasick, Vec<u32>)> =
            std::sync::OnceLock::new();
        let (ac, flags) = AC.get_or_init(|| {
            let mut words: Vec<&str> = Vec::new();
            let mut flags: Vec<u32> = Vec::new();
            for (list, flag) in Found::LISTS {
                for w in *list {
                    match words.iter().position(|x| x == w) {
                        Some(i) => flags[i] |= flag,
                        None => {
                            words.push(w);
                            flags.push(*flag);
                        }
                    }
                }
            }
            // The lists are small constant tables; their automaton cannot fail to build.
            let ac = aho_corasick::AhoCorasick::new(&words).expect("word automaton");
            (ac, flags)
        });
        if text.is_empty() {
            return Found::default();
        }
        let mut found = 0;
        let mut not_total_ends: Vec<usize> = Vec::new();
        let mut total_ends: Vec<usize> = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let f = flags[m.pattern().as_usize()];
            if f & Found::NOT_TOTAL != 0 {
                not_total_ends.push(m.end());
            }
            if f & Found::TOTAL != 0 {
                total_ends.push(m.end());
            }
            found |= f & !(Found::TOTAL | Found::NOT_TOTAL);
        }
        if total_ends.iter().any(|e| !not_total_ends.contains(e)) {
            found |= Found::TOTAL;
        }
        let top_n = text
            .match_indices(TOP_WORD)
            .any(|(i, w)| text[i + w.len()..].starts_with(|c: char| TOP_NUMERALS.contains(&c)));
        if top_n {
            found |= Found::SOME_ONLY;
        }
        Found(found)
    }
}

fn count_of(f: &Fig) -> Option<&Count> {
    match &f.kind {
        Kind::Count(c) if !f.change => Some(c),
        _ => None,
    }
}

/// Groups a paragraph's figures into structures.
fn group(figs: &[Fig], blind: &[bool], out: &mut Structures) {
    let Some(last) = figs.last() else {
        return;
    };
    // What the parentheses after each figure hold.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); figs.len()];
    for (i, f) in figs.iter().enumerate() {
        if let Some(o) = f.owner {
            children[o].push(i);
        }
    }
    let children = children.as_slice();
    // Parentheses after a figure: its parts (`42172件(热线42037件,多媒体135件)`).
    for (o, owner) in figs.iter().enumerate() {
        let inner = &children[o];
        let Some(total) = usable(owner) else {
            continue;
        };
        if inner
            .iter()
            .filter(|i| count_of(&figs[**i]).is_some())
            .count()
            < 2
        {
            continue;
        }
        let mut b = parts_of(figs, children, inner, vec![total.clone()], Vec::new());
        // A sum in parentheses is all the parts only when it says so (`…其他…`).
        b.some_only |= !b.all_parts || inner.iter().any(|i| figs[*i].opens.is_some());
        push_breakdown(out, b, figs, inner);
    }
    // Sentence by sentence, the figures outside parentheses.
    let mut sentences: Vec<Vec<usize>> = vec![Vec::new(); last.sentence + 1];
    for (i, f) in figs.iter().enumerate().filter(|(_, f)| f.owner.is_none()) {
        sentences[f.sentence].push(i);
    }
    for (s, top) in sentences.iter().enumerate() {
        if top.is_empty() {
            continue;
        }
        lists(figs, children, &sentences, blind, s, out);
        statuses(figs, top, s, out);
        rates(figs, children, top, out);
    }
}

/// The lists of parts of sentence `s`: after an opener (`其中`), of the total before it;
/// else a list of its own.
fn lists(
    figs: &[Fig],
    children: &[Vec<usize>],
    sentences: &[Vec<usize>],
    blind: &[bool],
    s: usize,
    out: &mut Structures,
) {
    let top = &sentences[s];
    match top.iter().position(|i| figs[*i].opens.is_some()) {
        Some(q) => {
            let before: Vec<&Fig> = top[..q]
                .iter()
                .map(|i| &figs[*i])
                .filter(|f| usable(f).is_some())
                .collect();
            let (totals, measures, subject) =
                if let Some(t) = before.last().and_then(|f| usable(f)).cloned() {
                    let mut totals = vec![t];
                    totals.extend(
                        before[..before.len() - 1]
                            .iter()
                            .rev()
                            .filter_map(|f| usable(f).cloned()),
                    );
                    totals.extend(list_sum(&before));
                    (totals, Vec::new(), String::new())
                } else {
                    // `…。其中,…`: the total is the first count of the last sentence before
                    // that printed one; the measures after it are its other measures. A
                    // sentence naming a count without its number (`共回退工单件。其中…`) is
                    // where the total was: it is not printed, nothing is checked.
                    let mut prev = None;
                    for p in (s.saturating_sub(MAX_SENTENCES_BACK)..s).rev() {
                        if sentences[p].iter().any(|i| usable(&figs[*i]).is_some()) {
                            prev = Some(&sentences[p]);
                            break;
                        }
                        if blind.get(p).copied().unwrap_or(false) {
                            return;
                        }
                    }
                    let Some(prev) = prev else {
                        return;
                    };
                    let counts: Vec<&Fig> = prev
                        .iter()
                        .map(|i| &figs[*i])
                        .filter(|f| usable(f).is_some())
                        .collect();
                    let Some(first) = counts.first().and_then(|f| usable(f)).cloned() else {
                        return;
                    };
                    let measures: Vec<Count> = counts[1..]
                        .iter()
                        .filter(|f| f.pure)
                        .filter_map(|f| usable(f).cloned())
                        .collect();
                    let subject = if counts.len() == 1 && !counts[0].keyword {
                        first.name.clone()
                    } else {
                        String::new()
                    };
                    let mut totals = vec![first];
                    totals.extend(counts[1..].iter().filter_map(|f| usable(f).cloned()));
                    totals.extend(list_sum(&counts));
                    (totals, measures, subject)
                };
            // The parts run to the next opener (a list inside a part is its own).
            let end = top[q + 1..]
                .iter()
                .position(|i| figs[*i].opens.is_some())
                .map_or(top.len(), |p| q + 1 + p);
            let run = &top[q..end];
            let some = figs[run[0]].opens == Some(Opener::Some);
            for mut b in dimensions(figs, children, run, totals.clone(), measures.clone()) {
                b.some_only |= some;
                b.subject = subject.clone();
                push_breakdown(out, b, figs, run);
            }
        }
        None => {
            for b in dimensions(figs, children, top, Vec::new(), Vec::new()) {
                if b.parts.len() >= 2 {
                    push_breakdown(out, b, figs, top);
                }
            }
        }
    }
}

/// The sum of a sentence's named counts when it lists several (`受理A…24件、B…9件、
/// C…8件。其中:…`): the parts after it may be of them all.
fn list_sum(counts: &[&Fig]) -> Option<Count> {
    let named: Vec<Count> = counts
        .iter()
        .filter(|f| !f.pure)
        .filter_map(|f| usable(f).cloned())
        .collect();
    let first = named.first()?;
    if named.len() < 2
        || named
            .iter()
            .any(|c| c.unit != first.unit || !c.half.is_zero())
    {
        return None;
    }
    let mut value = Decimal::ZERO;
    for c in &named {
        value = value.checked_add(c.value)?;
    }
    Some(Count {
        id: usize::MAX,
        value,
        printed: value.to_string(),
        name: String::new(),
        metric: None,
        visits: false,
        total: false,
        ..first.clone()
    })
}

/// A count that can be a total or a part: not a change, not approximate, not of another
/// period.
fn usable(f: &Fig) -> Option<&Count> {
    count_of(f).filter(|_| !f.approx && !f.earlier)
}

fn push_breakdown(out: &mut Structures, mut b: Breakdown, figs: &[Fig], run: &[usize]) {
    for i in run {
        let f = &figs[*i];
        b.other_period |= f.context_earlier;
        b.some_only |= f.some_only;
        b.measure = b.measure.or(f.context_metric);
    }
    if !b.parts.is_empty() {
        out.breakdowns.push(b);
    }
}

/// The parts of a run of figures; a run whose `;`-segments are each a list of two or more
/// parts (`按类别分,A…,B…;按渠道分,C…,D…`) is one list per segment.
fn dimensions(
    figs: &[Fig],
    children: &[Vec<usize>],
    run: &[usize],
    totals: Vec<Count>,
    measures: Vec<Count>,
) -> Vec<Breakdown> {
    let mut whole = parts_of(figs, children, run, totals, measures);
    // Where each `;`-segment starts.
    let mut starts: Vec<usize> = vec![0];
    for (i, p) in whole.parts.iter().enumerate().skip(1) {
        if p.sep >= Sep::Semicolon {
            starts.push(i);
        }
    }
    starts.push(whole.parts.len());
    let lists = starts.windows(2).filter(|w| w[1] - w[0] >= 2).count();
    if lists < 2 {
        return vec![whole];
    }
    let parts = std::mem::take(&mut whole.parts);
    starts
        .windows(2)
        .map(|w| {
            let parts = parts[w[0]..w[1]].to_vec();
            Breakdown {
                all_parts: parts.iter().any(|p| is_catch_all(&p.name)),
                parts,
                ..whole.clone()
            }
        })
        .collect()
}

fn is_catch_all(name: &str) -> bool {
    CATCH_ALL.iter().any(|w| name.contains(w))
}

/// Builds the parts of a run of figures.
fn parts_of(
    figs: &[Fig],
    children: &[Vec<usize>],
    run: &[usize],
    totals: Vec<Count>,
    measures: Vec<Count>,
) -> Breakdown {
    let mut b = Breakdown {
        totals,
        measures,
        parts: Vec::new(),
        all_parts: false,
        some_only: false,
        uncertain: false,
        keyworded: false,
        other_period: false,
        subject: String::new(),
        measure: None,
    };
    // Whether the part before was named by a keyword only (`交办工单230件`): then a pure
    // count after it is another part, not its measure.
    let mut current_pure = false;
    for i in run {
        let f = &figs[*i];
        match &f.kind {
            Kind::Count(_) if f.change => {}
            Kind::Count(c) => {
                b.uncertain |= f.approx;
                if f.pure && !b.parts.is_empty() && !current_pure {
                    if f.sep > Sep::Comma {
                        // After named parts, a measure past a `;` is the whole's again
                        // (`其中,A…件;B…件;已办结…件`): the parts have ended.
                        break;
                    }
                    if let Some(p) = b.parts.last_mut() {
                        p.measures.push(c.clone());
                    }
                    continue;
                }
                if f.non_part {
                    b.uncertain = true;
                    continue;
                }
                // A part named as a total, or not named at all, may be no part; a tag across
                // the parts (`涉企…`) counts some orders twice.
                b.keyworded |= f.keyword || c.total;
                b.uncertain |= c.name.is_empty()
                    || CROSS_CUTTING.iter().any(|w| c.name.contains(w))
                    || CROSS_CUTTING_OPENERS.iter().any(|w| c.name.starts_with(w));
                b.other_period |= f.earlier;
                current_pure = f.pure;
                let mut part = Part {
                    name: c.name.clone(),
                    count: c.clone(),
                    share: None,
                    measures: Vec::new(),
                    not_handled: NOT_HANDLED_PARTS.iter().any(|w| c.name.contains(w)),
                    sep: f.sep,
                };
                // A share in the parentheses of the count (`43件(30.2%)`).
                if let [g] = children[*i].as_slice() {
                    if let Kind::Percent(p, Role::Share) = &figs[*g].kind {
                        part.share = Some(p.clone());
                    }
                }
                b.parts.push(part);
            }
            Kind::Percent(p, Role::Share) => {
                let n = b.parts.len();
                // After `A…件、B…件、C…件,` a share is of all three.
                let of_a_run = n >= 2
                    && b.parts[n - 1].sep == Sep::Pause
                    && b.parts[n - 2].share.is_none()
                    && f.sep >= Sep::Comma;
                match b.parts.last_mut() {
                    Some(part) if part.share.is_none() && f.sep <= Sep::Comma && !of_a_run => {
                        part.share = Some(p.clone());
                    }
                    _ => {}
                }
            }
            Kind::Bare => b.uncertain = true,
            Kind::Percent(..) | Kind::Ratio(..) => {}
        }
    }
    b.all_parts = b.parts.iter().any(|p| is_catch_all(&p.name));
    b
}

/// Closed and open orders of a total in one sentence (`已办理4070件,已办结4068件,待办理
/// 0件`; `有320件已完成,55件正在推进中`).
fn statuses(figs: &[Fig], top: &[usize], s: usize, out: &mut Structures) {
    let counts: Vec<usize> = top
        .iter()
        .copied()
        .filter(|i| count_of(&figs[*i]).is_some())
        .collect();
    let is_open = |f: &Fig, c: &Count| {
        OPEN_WORDS
            .iter()
            .any(|w| c.name.contains(w) || f.tail.contains(w))
    };
    for w in 0..counts.len().saturating_sub(1) {
        let (cf, of) = (&figs[counts[w]], &figs[counts[w + 1]]);
        let (Some(closed), Some(open)) = (usable(cf), usable(of)) else {
            continue;
        };
        let named_closed = closed.metric == Some(Metric::Closed)
            || !cf.tail.is_empty() && CLOSED_AFTER.iter().any(|w| cf.tail.contains(w));
        if !named_closed || closed.unit != open.unit || is_open(cf, closed) || !is_open(of, open) {
            continue;
        }
        // Another count right after (`…,未办结40件,退回10件`): more than two statuses.
        if counts
            .get(w + 2)
            .is_some_and(|i| !figs[*i].pure && usable(&figs[*i]).is_some())
        {
            continue;
        }
        // The total: the count right before in the sentence, else the earlier count the
        // closed count's subject names (`转交办理…件。转交办理事项已办结…件`).
        let right_before = w
            .checked_sub(1)
            .and_then(|p| usable(&figs[counts[p]]))
            .filter(|t| {
                t.unit == closed.unit
                    && t.value >= closed.value
                    && !OPEN_WORDS.iter().any(|w| t.name.contains(w))
            });
        let total = right_before.or_else(|| {
            let subject = closed_subject(&closed.name);
            if subject.chars().count() < 2 {
                return None;
            }
            figs.iter()
                .rev()
                .filter(|f| f.sentence < s && f.owner.is_none())
                .take(MAX_BASES)
                .filter_map(usable)
                .find(|t| {
                    t.name.chars().count() >= 2
                        && subject.starts_with(t.name.as_str())
                        && t.unit == closed.unit
                        && t.value >= closed.value
                })
        });
        if let Some(total) = total {
            out.statuses.push(Status {
                total: total.clone(),
                closed: closed.clone(),
                open: open.clone(),
            });
        }
    }
}

/// The words of a closed count before its keyword (`转交办理事项` of `转交办理事项已办结`).
fn closed_subject(name: &str) -> &str {
    CLOSED_KEYWORDS
        .iter()
        .find_map(|k| name.find(k).map(|at| &name[..at]))
        .unwrap_or("")
}

/// Each rate of a sentence with the counts before it.
fn rates(figs: &[Fig], children: &[Vec<usize>], top: &[usize], out: &mut Structures) {
    for (k, &me) in top.iter().enumerate() {
        let Kind::Percent(p, Role::Rate(metric)) = &figs[me].kind else {
            continue;
        };
        let qualifier = figs[me].qualifier.as_str();
        let explicit = children[me].iter().find_map(|g| match figs[*g].kind {
            Kind::Ratio(a, b) => Some((a, b)),
            _ => None,
        });
        let before: Vec<Count> = top[..k]
            .iter()
            .rev()
            .filter_map(|i| usable(&figs[*i]))
            .take(2)
            .cloned()
            .map(|mut c| {
                // `基本满意…件` is no count of the satisfied; `快速办结率` is not of the
                // plain `办结…件`.
                if NOT_NUMERATOR_BEFORE.iter().any(|w| c.name.contains(w))
                    || !c.name.contains(qualifier)
                {
                    c.metric = None;
                }
                c
            })
            .collect();
        // The bases a rate can have are printed near it: the last counts before it.
        let mut earlier: Vec<usize> = figs[..me]
            .iter()
            .rev()
            .filter(|g| g.owner.is_none())
            .filter_map(usable)
            .filter(|c| c.metric.is_some() || c.visits)
            .take(MAX_BASES)
            .map(|c| c.id)
            .collect();
        earlier.reverse();
        out.rates.push(Rate {
            metric: *metric,
            rate: p.clone(),
            before,
            earlier,
            explicit,
        });
    }
}

#[cfg(test)]
mod tests;
