//! Reading a paragraph into figures, left to right: each number with what it is (a
//! count with its unit, a percentage, a bare number, a ratio in parentheses), the words
//! before and after it, the separator before it and the figure whose parentheses hold it;
//! and what those words say (a measure's keyword, an opener of parts, a change, another
//! period, a total, a share, a rate's qualifier).

use rust_decimal::Decimal;

use super::words::*;
use super::{Count, Fig, Kind, Opener, Percent, Role, Sep, MAX_FIGURES};
use crate::extract::number::numbers_in;
use crate::extract::phrases::{Key, COUNT_UNITS};
use crate::extract::prose::clause::Hit;
use crate::extract::prose::keywords::Keywords;
use crate::extract::prose::Paragraph;
use crate::model::{Metric, MetricKind};

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

/// The numbers of a paragraph's text and what each is; `starts_line` tells where its
/// lines begin (a word on the next line is not the one after a count's unit).
fn tokens(text: &str, starts_line: impl Fn(usize) -> bool) -> Vec<Token> {
    let mut out = Vec::new();
    for (k, t) in numbers_in(text).enumerate() {
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
                        && !starts_line(t.end + gap + len) =>
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
#[cfg_attr(test, derive(Debug, PartialEq))]
struct Paren {
    close: usize,
    holds_figure: bool,
}

/// The matched parentheses of a text, by the byte of their `(`, in order.
struct Parens(Vec<(usize, Paren)>);

impl Parens {
    fn get(&self, open: usize) -> Option<&Paren> {
        self.0
            .binary_search_by_key(&open, |p| p.0)
            .ok()
            .map(|k| &self.0[k].1)
    }
}

/// The matched parentheses of a text. `(` and `)` are ASCII: only their bytes are looked
/// at.
fn parens(text: &str, toks: &[Token]) -> Parens {
    let figure_starts: Vec<usize> = toks
        .iter()
        .filter(|t| matches!(t.class, Class::Count { .. } | Class::Percent { .. }))
        .map(|t| t.start)
        .collect();
    let mut out = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for i in memchr::memchr2_iter(b'(', b')', text.as_bytes()) {
        if text.as_bytes()[i] == b'(' {
            open.push(i);
        } else if let Some(a) = open.pop() {
            let k = figure_starts.partition_point(|s| *s <= a);
            let holds_figure = figure_starts.get(k).is_some_and(|s| *s < i);
            out.push((
                a,
                Paren {
                    close: i,
                    holds_figure,
                },
            ));
        }
    }
    out.sort_unstable_by_key(|p| p.0);
    Parens(out)
}

/// [`parens`] as it was written, in a hash map: kept to compare with.
#[cfg(test)]
fn parens_by_map(text: &str, toks: &[Token]) -> std::collections::HashMap<usize, Paren> {
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

/// The matched parentheses found both ways are the same, for every `(` of `text`.
#[cfg(test)]
pub(super) fn parens_agree(text: &str) {
    let toks = tokens(text, |b| b == 0);
    let (new, old) = (parens(text, &toks), parens_by_map(text, &toks));
    assert_eq!(new.0.len(), old.len(), "{text:?}");
    for (i, _) in text.match_indices('(') {
        assert_eq!(new.get(i), old.get(&i), "{text:?}");
    }
}

/// `a/b` as the whole of a parenthesis's text.
fn ratio(inner: &str) -> Option<(Decimal, Decimal)> {
    let (a, b) = inner.split_once('/')?;
    let read = |s: &str| -> Option<Decimal> {
        let s = s.trim();
        let mut toks = numbers_in(s);
        match (toks.next(), toks.next()) {
            (Some(t), None) if t.start == 0 && t.end == s.len() => t.value,
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
pub(super) fn scan(para: &Paragraph, first_id: usize) -> (Vec<Fig<'_>>, Vec<bool>) {
    scan_with(para, first_id, true)
}

/// [`scan`] with or without passing over, by a byte test, the characters that do nothing
/// (without: character by character, as it was written; kept to compare with).
#[cfg(test)]
pub(super) fn scan_agrees(para: &Paragraph) {
    let (new, old) = (scan_with(para, 0, true), scan_with(para, 0, false));
    assert_eq!(format!("{new:?}"), format!("{old:?}"), "{:?}", para.text);
}

/// The bytes of the characters the scan acts on: `(` `)` and the ASCII separators, and
/// the last byte of `、` `。` and of each [`BLIND_UNITS`] character. A character none of
/// whose bytes is here does nothing in the scan (a test checks the lists).
const STOP_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let stops: &[u8] = b"(),;:!?";
    let mut k = 0;
    while k < stops.len() {
        t[stops[k] as usize] = true;
        k += 1;
    }
    // 、 E3 80 81, 。 E3 80 82, 件 E4 BB B6, 封 E5 B0 81, 宗 E5 AE 97.
    t[0x81] = true;
    t[0x82] = true;
    t[0xB6] = true;
    t[0x97] = true;
    t
};

/// The first character boundary at or after `from` and before `limit` (a boundary) that
/// may be a character the scan acts on, else `limit`: the start of the character holding
/// the first byte of [`STOP_BYTES`].
fn quiet_until(bytes: &[u8], from: usize, limit: usize) -> usize {
    let limit = limit.min(bytes.len());
    let Some(j) = bytes
        .get(from..limit)
        .and_then(|b| b.iter().position(|b| STOP_BYTES[usize::from(*b)]))
    else {
        return limit;
    };
    let mut s = from + j;
    while s > from && bytes[s] & 0xC0 == 0x80 {
        s -= 1;
    }
    s
}

/// The characters whose bytes [`STOP_BYTES`] holds are all those the scan acts on.
#[cfg(test)]
pub(super) fn stop_bytes_cover_the_scan() {
    let acts = |c: char| matches!(c, '(' | ')') || is_separator(c) || BLIND_UNITS.contains(&c);
    for c in (0..=0x10FFFFu32)
        .filter_map(char::from_u32)
        .filter(|c| acts(*c))
    {
        let mut buf = [0; 4];
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        assert!(bytes.iter().any(|b| STOP_BYTES[usize::from(*b)]), "{c:?}");
    }
}

fn scan_with(para: &Paragraph, first_id: usize, skip: bool) -> (Vec<Fig<'_>>, Vec<bool>) {
    let text = para.text.as_str();
    let mut toks = tokens(text, |b| para.starts_line(b));
    let figures = toks
        .iter()
        .filter(|t| matches!(t.class, Class::Count { .. } | Class::Percent { .. }))
        .count();
    if figures > MAX_FIGURES {
        return (Vec::new(), Vec::new());
    }
    let pairs = parens(text, &toks);
    // A figure for each token that is no words, and one for each ratio.
    let mut figs: Vec<Fig> = Vec::with_capacity(toks.len());
    let mut blind: Vec<bool> = Vec::new();
    let mut next_id = first_id;
    // The start of the current clause's words, and the figure that owns the words after it.
    let mut clause_start = 0;
    let mut clause_owner: Option<usize> = None;
    // Where the figure-less clauses before the next figure begin.
    let mut context_from: Option<usize> = Some(0);
    // The keywords of the whole paragraph, found once; each figure takes those of its words.
    let hits = para.matches().hits(text);
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
        if let Some(t) = toks.get_mut(k).filter(|t| t.start == i) {
            k += 1;
            let owner = stack.iter().rev().find_map(|o| match o {
                Open::Attached { owner, .. } => Some(*owner),
                Open::Through => None,
            });
            // Each token is read once: its printed text is moved into its figure.
            let kind = match &mut t.class {
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
                        printed: std::mem::take(printed),
                        at: para.line_at(t.start).clone(),
                        name: String::new(),
                        metric: None,
                        visits: false,
                        total: false,
                    })
                }
                Class::Percent { value, printed } => Kind::Percent(
                    Percent {
                        value: *value,
                        printed: std::mem::take(printed),
                        at: para.line_at(t.start).clone(),
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
                if let Some(p) = pairs.get(i) {
                    let tail = &text[clause_start..i];
                    if !p.holds_figure {
                        // Words: the parentheses of a name, or a ratio after a rate.
                        let inner = &text[i + len..p.close];
                        if let (Some(owner), Some((a, b))) = (clause_owner, ratio(inner)) {
                            if tail.trim().is_empty() {
                                figs.push(Fig {
                                    kind: Kind::Ratio(a, b),
                                    tail: "",
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
                                    sums_up: false,
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
                                f.tail = tail.trim();
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
        if skip {
            // Pass over the characters that do nothing, up to the next figure or line.
            while line_starts.peek().is_some_and(|s| *s < i) {
                line_starts.next();
            }
            let limit = toks.get(k).map_or(text.len(), |t| t.start);
            let limit = line_starts
                .peek()
                .filter(|s| text.is_char_boundary(**s))
                .map_or(limit, |s| limit.min(*s));
            if limit > i {
                i = quiet_until(text.as_bytes(), i, limit);
            }
        }
    }
    (figs, blind)
}

/// Ends a clause: its words after a figure are that figure's tail.
fn end_clause<'a>(figs: &mut [Fig<'a>], owner: Option<usize>, words: &'a str) {
    if let Some(f) = owner.and_then(|o| figs.get_mut(o)) {
        if f.tail.is_empty() {
            f.tail = words.trim();
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
fn figure<'a>(
    text: &'a str,
    all_hits: &[Hit],
    mut kind: Kind,
    label: (usize, usize),
    context: (usize, usize),
    sep: Sep,
    sentence: usize,
    owner: Option<usize>,
    approx_after: bool,
) -> Fig<'a> {
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
    let opening = words.trim_start_matches(|c: char| c.is_whitespace() || NAME_TRIM.contains(&c));
    let sums_up = SUM_WORDS.iter().any(|w| opening.starts_with(w))
        && !CATCH_ALL.iter().any(|w| words.contains(w));
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
        tail: "",
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
        sums_up,
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
    // Most names hold no parenthesis: then nothing is dropped and nothing copied.
    if memchr::memchr2(b'(', b')', words.as_bytes()).is_none() {
        trim_name(words)
    } else {
        trim_name(&outside_parentheses(words))
    }
}

/// `words` without what stands inside parentheses (and without the parentheses).
fn outside_parentheses(words: &str) -> String {
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
    out
}

/// A name without surrounding quotes and marks, list numbers, openers and tails, trimmed
/// until nothing more comes off.
fn trim_name(mut name: &str) -> String {
    loop {
        let before = name.len();
        name = name.trim_matches(|c: char| NAME_TRIM.contains(&c) || c.is_whitespace());
        // A list number (`1.`, `2、`).
        let digits = name.len() - name.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if (1..=2).contains(&digits) {
            if let Some(rest) = name[digits..].strip_prefix(['.', '、']) {
                name = rest;
            }
        }
        for w in PARTS_OPENERS.iter().chain(SOME_PARTS_OPENERS) {
            name = without_prefix(name, w);
        }
        for w in NAME_TAIL {
            name = without_suffix(name, w);
        }
        // Each step only takes off: an unchanged length is an unchanged name.
        if name.len() == before {
            break;
        }
    }
    name.to_string()
}

/// `s` without `w` at its start, if there. Byte by byte: the words are short, and most
/// differ at their first byte, where a call to `memcmp` would cost more.
fn without_prefix<'a>(s: &'a str, w: &str) -> &'a str {
    let (sb, wb) = (s.as_bytes(), w.as_bytes());
    if sb.len() >= wb.len() && sb.iter().zip(wb).all(|(a, b)| a == b) {
        &s[wb.len()..]
    } else {
        s
    }
}

/// `s` without `w` at its end, if there (as [`without_prefix`]).
fn without_suffix<'a>(s: &'a str, w: &str) -> &'a str {
    let (sb, wb) = (s.as_bytes(), w.as_bytes());
    if sb.len() >= wb.len() && sb.iter().rev().zip(wb.iter().rev()).all(|(a, b)| a == b) {
        &s[..sb.len() - wb.len()]
    } else {
        s
    }
}

/// [`trim_name`] as it was written (`strip_prefix`, `strip_suffix`, the names compared):
/// kept to compare with.
#[cfg(test)]
fn trim_name_old(mut name: &str) -> String {
    loop {
        let before = name;
        name = name.trim_matches(|c: char| NAME_TRIM.contains(&c) || c.is_whitespace());
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

/// [`clean_name`] as it was written (always copying the text out of parentheses): kept
/// to compare with.
#[cfg(test)]
pub(super) fn clean_name_old(words: &str) -> String {
    trim_name_old(&outside_parentheses(words))
}

/// [`clean_name`] gives what [`clean_name_old`] gives.
#[cfg(test)]
pub(super) fn clean_name_agrees(words: &str) {
    assert_eq!(clean_name(words), clean_name_old(words), "{words:?}");
    assert_eq!(trim_name(words), trim_name_old(words), "{words:?}");
}

/// [`Found::in_text`] gives what [`Found::in_text_by_automaton`] gives, on `text` and on
/// each of its suffixes.
#[cfg(test)]
pub(super) fn found_agrees(text: &str) {
    for (i, _) in text.char_indices() {
        let t = &text[i..];
        assert_eq!(Found::in_text(t), Found::in_text_by_automaton(t), "{t:?}");
    }
    assert_eq!(Found::in_text(""), Found::in_text_by_automaton(""));
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

    /// The words of the lists, each once, and the lists each is in.
    fn words() -> (Vec<&'static str>, Vec<u32>) {
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
        (words, flags)
    }

    /// The lists `text` holds a word of. A total's word inside a word that is no total
    /// (`公共`) does not count; `前` before a numeral is a top-N.
    fn in_text(text: &str) -> Found {
        static WORDS: std::sync::OnceLock<(Keywords<'static>, Vec<u32>)> =
            std::sync::OnceLock::new();
        if text.is_empty() {
            return Found::default();
        }
        let (words, flags) = WORDS.get_or_init(|| {
            let (words, flags) = Found::words();
            (Keywords::new(&words), flags)
        });
        let mut found = 0;
        let mut not_total_ends: Vec<usize> = Vec::new();
        let mut total_ends: Vec<usize> = Vec::new();
        words.for_each_in(text, |_, end, k| {
            let f = flags[k];
            if f & Found::NOT_TOTAL != 0 {
                not_total_ends.push(end);
            }
            if f & Found::TOTAL != 0 {
                total_ends.push(end);
            }
            found |= f & !(Found::TOTAL | Found::NOT_TOTAL);
        });
        Found(found | Found::after_words(text, &total_ends, &not_total_ends))
    }

    /// What the ends of the words found add: a total's word not inside a word that is no
    /// total, a top-N.
    fn after_words(text: &str, total_ends: &[usize], not_total_ends: &[usize]) -> u32 {
        let mut found = 0;
        if total_ends.iter().any(|e| !not_total_ends.contains(e)) {
            found |= Found::TOTAL;
        }
        let top_n = text
            .match_indices(TOP_WORD)
            .any(|(i, w)| text[i + w.len()..].starts_with(|c: char| TOP_NUMERALS.contains(&c)));
        if top_n {
            found |= Found::SOME_ONLY;
        }
        found
    }

    /// [`Found::in_text`] as it was written, with an overlapping Aho-Corasick automaton:
    /// kept to compare.
    #[cfg(test)]
    pub(super) fn in_text_by_automaton(text: &str) -> Found {
        static AC: std::sync::OnceLock<(aho_corasick::AhoCorasick, Vec<u32>)> =
            std::sync::OnceLock::new();
        let (ac, flags) = AC.get_or_init(|| {
            let (words, flags) = Found::words();
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
        Found(found | Found::after_words(text, &total_ends, &not_total_ends))
    }
}
